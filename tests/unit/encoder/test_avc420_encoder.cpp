// Avc420Encoder against real libx264, decoded by libavcodec's H.264 decoder and turned back
// into RGB with FreeRDP's YUV420 primitive: the path an RDP client takes.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "av.hpp"
#include "avc420_encoder.hpp"
#include "color_convert.hpp"
#include "test_support.hpp"

namespace wrd::encoder {
namespace {

using test::Image;

constexpr int kNalSps = 7, kNalPps = 8, kNalIdr = 5, kNalSlice = 1;

Avc420Encoder make_encoder(int w, int h, Avc420Settings settings = {}) {
    auto enc = Avc420Encoder::create(w, h, settings);
    if (!enc) ADD_FAILURE() << enc.error();
    return std::move(*enc);
}

Avc420Frame encode(Avc420Encoder& enc, const Image& img, std::vector<Rect> damage, bool idr = false) {
    auto frame = enc.encode(img.view(), damage, idr);
    if (!frame) ADD_FAILURE() << frame.error();
    return frame ? std::move(*frame) : Avc420Frame{};
}

// What the client shows after decoding `frame`: the decoded picture's real area in RGB.
Image client_view(test::H264Decoder& dec, const Avc420Frame& frame, int w, int h) {
    std::string error;
    auto picture = dec.decode(frame.bitstream, error);
    if (!picture) {
        ADD_FAILURE() << error;
        return Image(w, h);
    }
    EXPECT_EQ(picture->width, (w + 15) & ~15);
    EXPECT_EQ(picture->height, (h + 15) & ~15);
    return test::freerdp_yuv420_to_bgrx(*picture, w, h);
}

std::vector<Rect> whole(const Image& img) {
    return {Rect{0, 0, img.width, img.height}};
}

TEST(Avc420Encoder, Available) {
    ASSERT_TRUE(Avc420Encoder::available());
}

TEST(Avc420Encoder, DesktopFrameDecodesAt35dB) {
    const Image img = test::desktop_image(1920, 1080);
    Avc420Encoder enc = make_encoder(1920, 1080);
    EXPECT_EQ(enc.coded_width(), 1920);
    EXPECT_EQ(enc.coded_height(), 1088);
    const Avc420Frame frame = encode(enc, img, whole(img));
    test::H264Decoder dec;
    const double db = test::psnr(img, client_view(dec, frame, 1920, 1080));
    EXPECT_GE(db, 35.0);
    RecordProperty("psnr_db", std::to_string(db));
    // The stream says what the planes hold, and is the profile every client decodes.
    EXPECT_TRUE(dec.full_range());
    EXPECT_TRUE(dec.bt709());
    EXPECT_TRUE(dec.chroma_centred());
    EXPECT_EQ(dec.profile(), AV_PROFILE_H264_CONSTRAINED_BASELINE);
}

TEST(Avc420Encoder, FirstFrameIsAnIdrStartingWithSps) {
    const Image img = test::desktop_image(640, 480);
    Avc420Encoder enc = make_encoder(640, 480);
    const Avc420Frame frame = encode(enc, img, {});
    EXPECT_TRUE(frame.idr);
    const std::vector<int> nals = test::nal_types(frame.bitstream);
    ASSERT_GE(nals.size(), 3u);
    EXPECT_EQ(nals[0], kNalSps);
    EXPECT_EQ(nals[1], kNalPps);
    EXPECT_NE(std::find(nals.begin(), nals.end(), kNalIdr), nals.end());
    ASSERT_GE(frame.bitstream.size(), 5u);
    EXPECT_EQ(frame.bitstream[0], 0);
    EXPECT_EQ(frame.bitstream[1], 0);
    // An IDR refreshes the whole frame, whatever the damage said.
    ASSERT_EQ(frame.regions.size(), 1u);
    EXPECT_EQ(frame.regions[0].rect, (Rect{0, 0, 640, 480}));
    EXPECT_LE(frame.regions[0].qp, 51);
    EXPECT_LE(frame.regions[0].quality, 100);
    EXPECT_GT(frame.regions[0].qp, 0);
}

TEST(Avc420Encoder, ForcedAndRequestedIdrMidStream) {
    Image img = test::desktop_image(800, 600);
    Avc420Encoder enc = make_encoder(800, 600);
    encode(enc, img, whole(img));
    for (int i = 0; i < 3; ++i) {
        img.fill({100 + 10 * i, 100, 10, 10}, 255, 0, 0);
        const Avc420Frame p = encode(enc, img, {{100 + 10 * i, 100, 10, 10}});
        EXPECT_FALSE(p.idr);
        EXPECT_EQ(test::nal_types(p.bitstream), std::vector<int>(test::nal_types(p.bitstream).size(), kNalSlice));
    }
    img.fill({300, 300, 50, 50}, 0, 0, 255);
    const Avc420Frame forced = encode(enc, img, {{300, 300, 50, 50}}, true);
    EXPECT_TRUE(forced.idr);
    EXPECT_EQ(test::nal_types(forced.bitstream).front(), kNalSps);
    // A client that joins here (a fresh decoder) decodes it alone.
    test::H264Decoder fresh;
    EXPECT_GE(test::psnr(img, client_view(fresh, forced, 800, 600)), 35.0);
    EXPECT_FALSE(encode(enc, img, {}).idr);

    enc.request_idr();
    const Avc420Frame requested = encode(enc, img, {});
    EXPECT_TRUE(requested.idr);
    test::H264Decoder another;
    EXPECT_GE(test::psnr(img, client_view(another, requested, 800, 600)), 35.0);
}

TEST(Avc420Encoder, SmallChangeGivesASmallPFrameThatDecodes) {
    Image img = test::desktop_image(1920, 1080);
    Avc420Encoder enc = make_encoder(1920, 1080);
    test::H264Decoder dec;
    const Avc420Frame idr = encode(enc, img, whole(img));
    client_view(dec, idr, 1920, 1080);
    // A caret-sized change and a line of new text.
    img.fill({500, 400, 2, 16}, 0, 0, 0);
    test::draw_text(img, {600, 420, 300, 20}, 99);
    const std::vector<Rect> damage = {{500, 400, 2, 16}, {600, 420, 300, 20}};
    const Avc420Frame p = encode(enc, img, damage);
    EXPECT_FALSE(p.idr);
    EXPECT_LT(p.bitstream.size() * 20, idr.bitstream.size())
        << "P " << p.bitstream.size() << " IDR " << idr.bitstream.size();
    ASSERT_EQ(p.regions.size(), 2u);
    EXPECT_EQ(p.regions[0].rect, damage[0]);
    EXPECT_EQ(p.regions[1].rect, damage[1]);
    EXPECT_GE(test::psnr(img, client_view(dec, p, 1920, 1080)), 35.0);
}

// Every picture gets the same QP, the configured one: updates right after a connect must look
// as good as later ones (x264's defaults gave the IDR a lower QP and the first P-frames after
// it a much higher one). Also under a cap too high to matter, which switches to CRF.
TEST(Avc420Encoder, EveryPictureGetsTheConfiguredQp) {
    for (Avc420Settings settings :
         {Avc420Settings{.qp = 18}, Avc420Settings{.qp = 30}, Avc420Settings{.qp = 23, .max_bitrate_kbps = 200'000}}) {
        SCOPED_TRACE("qp " + std::to_string(settings.qp) + " cap " + std::to_string(settings.max_bitrate_kbps));
        Image img = test::desktop_image(1280, 720);
        Avc420Encoder enc = make_encoder(1280, 720, settings);
        EXPECT_EQ(encode(enc, img, {}).regions.at(0).qp, settings.qp);
        for (int i = 0; i < 6; ++i) {
            const Rect r{100 + 150 * i, 200 + 40 * i, 140, 40};
            img.fill(r, 250, 250, 250);
            test::draw_text(img, r, uint32_t(i));
            const Avc420Frame p = encode(enc, img, {r});
            ASSERT_EQ(p.regions.size(), 1u);
            EXPECT_EQ(p.regions[0].qp, settings.qp) << "picture " << i + 1;
        }
    }
}

TEST(Avc420Encoder, DamageIsClippedToTheFrame) {
    Image img = test::desktop_image(320, 240);
    Avc420Encoder enc = make_encoder(320, 240);
    encode(enc, img, {});
    img.fill({300, 200, 20, 40}, 10, 200, 10);
    const Avc420Frame p = encode(enc, img, {{300, 200, 100, 100}, {-50, -50, 10, 10}, {0, 0, 0, 5}});
    ASSERT_EQ(p.regions.size(), 1u);
    EXPECT_EQ(p.regions[0].rect, (Rect{300, 200, 20, 40}));
}

// Only the damage is converted, so undamaged areas keep the previous picture and the damaged
// ones the new one: a sequence of small updates stays faithful to the source.
TEST(Avc420Encoder, DamageOnlyUpdatesStayFaithful) {
    Image img = test::desktop_image(1366, 768);
    Avc420Encoder enc = make_encoder(1366, 768);
    test::H264Decoder dec;
    Image shown = client_view(dec, encode(enc, img, {}), 1366, 768);
    for (int i = 0; i < 8; ++i) {
        const Rect r{1300 - 37 * i, 700 - 41 * i, 66, 68};  // reaches the right and bottom edges first
        img.fill(r, uint8_t(30 * i), 200, uint8_t(255 - 30 * i));
        shown = client_view(dec, encode(enc, img, {r}), 1366, 768);
    }
    EXPECT_GE(test::psnr(img, shown), 35.0);
}

// What 4:2:0 alone leaves of `img` on the client: our conversion, then FreeRDP's primitive.
// Small pictures full of coloured edges lose much to chroma subsampling; comparing with this
// measures what the codec itself loses.
Image reference_420(const Image& img) {
    const int32_t cw = (img.width + 15) & ~15, ch = (img.height + 15) & ~15;
    std::vector<uint8_t> y(size_t(cw) * size_t(ch)), uv(y.size() / 2);
    bgrx_to_nv12(img.view(), {y.data(), cw, uv.data(), cw, cw, ch}, {0, 0, img.width, img.height});
    return test::freerdp_yuv420_to_bgrx(test::nv12_to_i420(y.data(), cw, uv.data(), cw, cw, ch), img.width, img.height);
}

TEST(Avc420Encoder, OddSizes) {
    const std::pair<int, int> sizes[] = {{1366, 768}, {800, 601}, {64, 64}, {2, 2}, {17, 1}};
    for (auto [w, h] : sizes) {
        SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
        Image img = test::desktop_image(w, h);
        Avc420Encoder enc = make_encoder(w, h);
        test::H264Decoder dec;
        EXPECT_GE(test::psnr(reference_420(img), client_view(dec, encode(enc, img, {}), w, h)), 35.0);
        img.fill({w / 2, h / 2, std::max(1, w / 4), std::max(1, h / 4)}, 250, 20, 20);
        const Image shown = client_view(dec, encode(enc, img, whole(img)), w, h);
        EXPECT_GE(test::psnr(reference_420(img), shown), 35.0);
        if (w * h >= 800 * 600) {
            EXPECT_GE(test::psnr(img, shown), 35.0);
        }
    }
}

TEST(Avc420Encoder, BadSizesAndSettingsAreErrors) {
    for (auto [w, h] : {std::pair{0, 0}, std::pair{-1, 10}, std::pair{10, 0}, std::pair{10, -5}, std::pair{8193, 10}})
        EXPECT_FALSE(Avc420Encoder::create(w, h, {}).has_value()) << w << "x" << h;
    EXPECT_FALSE(Avc420Encoder::create(64, 64, {.qp = 52}).has_value());
    EXPECT_FALSE(Avc420Encoder::create(64, 64, {.max_bitrate_kbps = -1}).has_value());
    EXPECT_FALSE(Avc420Encoder::create(64, 64, {.frame_rate = 0}).has_value());

    Avc420Encoder enc = make_encoder(64, 64);
    const Image wrong = test::gradient_image(65, 64);
    auto result = enc.encode(wrong.view(), {}, false);
    ASSERT_FALSE(result.has_value());
    EXPECT_NE(result.error().find("65x64"), std::string::npos) << result.error();
    EXPECT_FALSE(enc.encode(FrameView{}, {}, false).has_value());
    // A failed call leaves the encoder usable; the next picture is a whole-frame IDR.
    const Image right = test::gradient_image(64, 64);
    auto ok = enc.encode(right.view(), {}, false);
    ASSERT_TRUE(ok.has_value()) << ok.error();
    EXPECT_TRUE(ok->idr);
}

TEST(Avc420Encoder, BitrateCapShrinksTheIdr) {
    const Image img = test::desktop_image(1920, 1080);
    Avc420Encoder free_rate = make_encoder(1920, 1080);
    Avc420Encoder capped = make_encoder(1920, 1080, {.max_bitrate_kbps = 2000});
    const Avc420Frame a = encode(free_rate, img, {});
    const Avc420Frame b = encode(capped, img, {});
    // 2000 kb/s with a 250 ms buffer: 62.5 kB for the burst.
    EXPECT_LT(b.bitstream.size(), a.bitstream.size());
    EXPECT_LE(b.bitstream.size(), 2 * 62'500u);
    EXPECT_GT(b.regions[0].qp, a.regions[0].qp);
}

TEST(Avc420Encoder, MovesKeepTheStream) {
    Avc420Encoder a = make_encoder(64, 64);
    Avc420Encoder b = std::move(a);
    const Image img = test::gradient_image(64, 64);
    test::H264Decoder dec;
    EXPECT_GE(test::psnr(img, client_view(dec, encode(b, img, {}), 64, 64)), 35.0);
    EXPECT_EQ(b.width(), 64);
}

}  // namespace
}  // namespace wrd::encoder
