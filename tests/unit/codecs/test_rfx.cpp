// RfxEncoder against FreeRDP's RemoteFX decoder (rfx_process_message), as a client runs it.
#include <gtest/gtest.h>

#include <cstdio>

#include "codec_test_support.hpp"
#include "rfx_encoder.hpp"

namespace wrd::encoder::test {
namespace {

constexpr double kMinPsnr = 35.0;

// Damage that is not tile aligned: it starts and ends inside tiles, overlaps itself and pokes
// out of the frame on two sides.
std::vector<Rect> ragged_rects(int32_t w, int32_t h) {
    return {{w / 7, h / 9, w / 3 + 5, h / 4 + 3},
            {w / 5, h / 6, w / 4, h / 3},
            {w - w / 6, h - h / 5, w / 3, h / 3},
            {-10, h / 2, w / 8 + 13, 9},
            {w / 2 + 1, 1, 1, h - 2}};
}

struct Decoded {
    Image canvas;
    size_t bytes = 0;
};

Decoded decode_gfx(RfxEncoder& enc, const Image& src, std::span<const Rect> rects) {
    auto message = enc.encode_gfx(src.view(), rects);
    EXPECT_TRUE(message.has_value()) << message.error();
    Decoded out{Image(src.width, src.height, kSentinel)};
    if (!message || message->empty()) return out;
    auto decoder = make_rfx_decoder();
    EXPECT_TRUE(rfx_decode(decoder.get(), *message, out.canvas));
    out.bytes = message->size();
    return out;
}

void expect_close(const Image& src, const Decoded& d, std::span<const Rect> rects, const char* what) {
    const double db = psnr(src, d.canvas, rects);
    std::printf("[rfx] %s %dx%d: %zu bytes, PSNR %.2f dB\n", what, src.width, src.height, d.bytes, db);
    EXPECT_GE(db, kMinPsnr) << what;
    EXPECT_EQ(touched_outside(d.canvas, rects), 0) << what;
}

TEST(RfxEncoder, GfxFullFrameDecodesCloseToSource) {
    for (auto [w, h] : {std::pair{1920, 1080}, {1366, 768}, {100, 37}}) {
        const Image src = natural_image(w, h);
        auto enc = RfxEncoder::create(w, h);
        ASSERT_TRUE(enc.has_value()) << enc.error();
        const Rect all{0, 0, w, h};
        expect_close(src, decode_gfx(*enc, src, {&all, 1}), {&all, 1}, "gfx full frame");
    }
}

TEST(RfxEncoder, GfxPartialRectsPaintOnlyTheDamage) {
    for (auto [w, h] : {std::pair{1920, 1080}, {1366, 768}, {100, 37}}) {
        const Image src = natural_image(w, h, 3);
        auto enc = RfxEncoder::create(w, h);
        ASSERT_TRUE(enc.has_value());
        const auto rects = ragged_rects(w, h);
        expect_close(src, decode_gfx(*enc, src, rects), rects, "gfx ragged rects");
    }
}

TEST(RfxEncoder, Rlgr1AlsoDecodes) {
    const Image src = natural_image(1366, 768, 5);
    auto enc = RfxEncoder::create(1366, 768, RlgrMode::rlgr1);
    ASSERT_TRUE(enc.has_value());
    const auto rects = ragged_rects(1366, 768);
    expect_close(src, decode_gfx(*enc, src, rects), rects, "gfx rlgr1");
}

TEST(RfxEncoder, EveryMessageCarriesHeadersSoOneDecoderFollowsSizeChanges) {
    auto enc = RfxEncoder::create(100, 37);
    ASSERT_TRUE(enc.has_value());
    auto decoder = make_rfx_decoder();
    for (auto [w, h] : {std::pair{100, 37}, {1366, 768}, {100, 37}, {640, 480}}) {
        const Image src = natural_image(w, h, uint32_t(w));
        const Rect all{0, 0, w, h};
        auto message = enc->encode_gfx(src.view(), {&all, 1});
        ASSERT_TRUE(message.has_value()) << message.error();
        EXPECT_EQ(enc->width(), w);
        EXPECT_EQ(enc->height(), h);
        Image canvas(w, h, kSentinel);
        ASSERT_TRUE(rfx_decode(decoder.get(), *message, canvas)) << w << "x" << h;
        EXPECT_GE(psnr(src, canvas, {&all, 1}), kMinPsnr);
    }
}

TEST(RfxEncoder, SurfaceBitsFitsInOneMessageWhenTheBudgetAllows) {
    const Image src = natural_image(1366, 768, 9);
    auto enc = RfxEncoder::create(1366, 768);
    ASSERT_TRUE(enc.has_value());
    const auto rects = ragged_rects(1366, 768);
    auto messages = enc->encode_surface_bits(src.view(), rects, 0x3F0000);
    ASSERT_TRUE(messages.has_value()) << messages.error();
    ASSERT_EQ(messages->size(), 1u);
    Decoded d{Image(src.width, src.height, kSentinel), messages->front().size()};
    auto decoder = make_rfx_decoder();
    ASSERT_TRUE(rfx_decode(decoder.get(), messages->front(), d.canvas));
    expect_close(src, d, rects, "surface bits, one message");
}

// A split must give exactly the pixels of the unsplit message, never paint outside the damage,
// and keep every message within the budget, each decodable by a fresh decoder.
TEST(RfxEncoder, SurfaceBitsSplitRespectsTheBudget) {
    const Image src = natural_image(1920, 1080, 11);
    auto enc = RfxEncoder::create(1920, 1080);
    ASSERT_TRUE(enc.has_value());
    const auto rects = ragged_rects(1920, 1080);
    const Decoded whole = decode_gfx(*enc, src, rects);
    for (size_t budget : {size_t{60000}, size_t{16384}}) {
        auto messages = enc->encode_surface_bits(src.view(), rects, budget);
        ASSERT_TRUE(messages.has_value()) << messages.error();
        EXPECT_GT(messages->size(), 1u);
        Image canvas(src.width, src.height, kSentinel);
        for (const auto& m : *messages) {
            EXPECT_LE(m.size(), budget);
            auto decoder = make_rfx_decoder();
            ASSERT_TRUE(rfx_decode(decoder.get(), m, canvas));
        }
        std::printf("[rfx] surface bits 1920x1080 ragged, budget %zu: %zu messages\n", budget, messages->size());
        EXPECT_EQ(differing_inside(whole.canvas, canvas, rects), 0);
        EXPECT_EQ(touched_outside(canvas, rects), 0);
    }
}

TEST(RfxEncoder, SurfaceBitsBudgetBelowOneTileIsAnError) {
    const Image src = natural_image(200, 100);
    auto enc = RfxEncoder::create(200, 100);
    ASSERT_TRUE(enc.has_value());
    const Rect all{0, 0, 200, 100};
    EXPECT_FALSE(enc->encode_surface_bits(src.view(), {&all, 1}, 300).has_value());
    EXPECT_FALSE(enc->encode_surface_bits(src.view(), {&all, 1}, 0).has_value());
}

TEST(RfxEncoder, BadInputIsAnErrorOrClippedNeverACrash) {
    EXPECT_FALSE(RfxEncoder::create(0, 10).has_value());
    EXPECT_FALSE(RfxEncoder::create(10, -1).has_value());
    auto enc = RfxEncoder::create(64, 64);
    ASSERT_TRUE(enc.has_value());
    const Image src = natural_image(64, 64);
    const Rect all{0, 0, 64, 64};
    EXPECT_FALSE(enc->encode_gfx({src.pixels.data(), 0, 64, src.stride}, {&all, 1}).has_value());
    EXPECT_FALSE(enc->encode_gfx({nullptr, 64, 64, src.stride}, {&all, 1}).has_value());
    EXPECT_FALSE(enc->encode_gfx({src.pixels.data(), 64, 64, 100}, {&all, 1}).has_value());
    EXPECT_FALSE(enc->encode_surface_bits({src.pixels.data(), 64, 0, src.stride}, {&all, 1}, 100000).has_value());

    const Rect outside[] = {{64, 0, 10, 10}, {-20, -20, 10, 10}, {10, 10, 0, 5}, {10, 10, -5, 5}};
    auto none = enc->encode_gfx(src.view(), outside);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
    auto no_messages = enc->encode_surface_bits(src.view(), outside, 100000);
    ASSERT_TRUE(no_messages.has_value());
    EXPECT_TRUE(no_messages->empty());

    const Rect huge{-1000, -1000, 1 << 30, 1 << 30};
    expect_close(src, decode_gfx(*enc, src, {&huge, 1}), {&all, 1}, "gfx huge rect clipped");
}

// Past 4096 rectangles the damage becomes its bounding box (FreeRDP counts rectangles in 16 bits
// and aborts on overflow): still decodable, still covering every damaged pixel.
TEST(RfxEncoder, ThousandsOfRectsFallBackToTheirBoundingBox) {
    const Image src = natural_image(640, 480, 15);
    auto enc = RfxEncoder::create(640, 480);
    ASSERT_TRUE(enc.has_value());
    std::vector<Rect> dots;
    for (int32_t i = 0; i < 5000; ++i) dots.push_back({20 + (i * 37) % 600, 10 + (i * 53) % 400, 1, 1});
    const Decoded d = decode_gfx(*enc, src, dots);
    EXPECT_GE(psnr(src, d.canvas, dots), kMinPsnr);
    const Rect box{20, 10, 600, 400};
    EXPECT_EQ(touched_outside(d.canvas, {&box, 1}), 0);
}

TEST(RfxEncoder, TimePerFullHdFrame) {
    const Image src = natural_image(1920, 1080, 13);
    auto enc = RfxEncoder::create(1920, 1080);
    ASSERT_TRUE(enc.has_value());
    const Rect all{0, 0, 1920, 1080};
    size_t gfx_bytes = 0, bits_messages = 0;
    const double gfx = best_ms(5, [&] {
        auto m = enc->encode_gfx(src.view(), {&all, 1});
        ASSERT_TRUE(m.has_value());
        gfx_bytes = m->size();
    });
    const double bits = best_ms(5, [&] {
        auto m = enc->encode_surface_bits(src.view(), {&all, 1}, 0x3F0000 - 1024);
        ASSERT_TRUE(m.has_value());
        bits_messages = m->size();
    });
    std::printf(
        "[timing] RemoteFX 1920x1080 full frame: gfx %.1f ms (%zu bytes), surface bits %.1f ms (%zu messages)\n", gfx,
        gfx_bytes, bits, bits_messages);
    EXPECT_GT(gfx_bytes, 0u);
}

}  // namespace
}  // namespace wrd::encoder::test
