// BitmapEncoder (legacy bitmap updates) and its planar and interleaved RLE encoders, decoded the
// way FreeRDP's client decodes TS_BITMAP_DATA (gdi_Bitmap_Decompress): planar_decompress with a
// vertical flip, interleaved_decompress, or a flipped copy of the raw rows.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>

#include "bitmap_encoder.hpp"
#include "codec_test_support.hpp"
#include "interleaved_rle.hpp"
#include "rdp6_planar.hpp"

namespace wrd::encoder::test {
namespace {

// The pixel format a FreeRDP client reads uncompressed bitmap data in (gdi_get_pixel_format).
UINT32 raw_format(uint32_t bpp) {
    switch (bpp) {
        case 32:
            return PIXEL_FORMAT_BGRA32;
        case 24:
            return PIXEL_FORMAT_BGR24;
        case 16:
            return PIXEL_FORMAT_RGB16;
        default:
            return PIXEL_FORMAT_RGB15;
    }
}

// What a client shows for `src` at `bpp`: 15 and 16 bpp keep the top bits of each channel
// (the encoder truncates), which FreeRDP then widens back to 8 bits its own way.
Image quantised(const Image& src, uint32_t bpp) {
    if (bpp >= 24) return src;
    Image out = src;
    for (int32_t y = 0; y < src.height; ++y) {
        for (int32_t x = 0; x < src.width; ++x) {
            uint8_t* p = out.at(x, y);
            const UINT32 packed = bpp == 16 ? ((p[2] >> 3) << 11) | ((p[1] >> 2) << 5) | (p[0] >> 3)
                                            : ((p[2] >> 3) << 10) | ((p[1] >> 3) << 5) | (p[0] >> 3);
            FreeRDPSplitColor(packed, raw_format(bpp), &p[2], &p[1], &p[0], nullptr, nullptr);
        }
    }
    return out;
}

class Client {
public:
    Client()
        : planar_(freerdp_bitmap_planar_context_new(0, 64, 64)), interleaved_(bitmap_interleaved_context_new(FALSE)) {}

    // Decodes `tile` and paints its dest rectangle onto `canvas`.
    bool paint(const BitmapTile& tile, Image& canvas) {
        std::vector<uint8_t> pixels(size_t(tile.width) * tile.height * 4);
        const UINT32 step = UINT32(tile.width) * 4;
        BOOL ok = FALSE;
        if (!tile.compressed) {
            if (tile.bytes.size() != size_t(tile.width) * tile.height * FreeRDPGetBytesPerPixel(raw_format(tile.bpp)))
                return false;
            ok = freerdp_image_copy_no_overlap(pixels.data(), PIXEL_FORMAT_BGRX32, step, 0, 0, tile.width, tile.height,
                                               tile.bytes.data(), raw_format(tile.bpp), 0, 0, 0, nullptr,
                                               FREERDP_FLIP_VERTICAL);
        } else if (tile.bpp == 32) {
            ok = freerdp_bitmap_decompress_planar(planar_.get(), tile.bytes.data(), UINT32(tile.bytes.size()), tile.width, tile.height,
                                   pixels.data(), PIXEL_FORMAT_BGRX32, step, 0, 0, tile.width, tile.height, TRUE);
        } else {
            ok = interleaved_decompress(interleaved_.get(), tile.bytes.data(), UINT32(tile.bytes.size()), tile.width,
                                        tile.height, tile.bpp, pixels.data(), PIXEL_FORMAT_BGRX32, step, 0, 0,
                                        tile.width, tile.height, nullptr);
        }
        if (!ok) return false;
        for (int32_t y = 0; y < tile.dest.height; ++y) {
            std::memcpy(canvas.at(tile.dest.x, tile.dest.y + y), pixels.data() + size_t(y) * step,
                        size_t(tile.dest.width) * 4);
        }
        return true;
    }

private:
    PlanarDecoder planar_;
    InterleavedDecoder interleaved_;
};

// Tile shapes as MS-RDPBCGR wants them, and every damaged pixel in exactly one tile.
void expect_tiling(const Image& src, const std::vector<BitmapTile>& tiles, std::span<const Rect> rects) {
    std::vector<int> cover(size_t(src.width) * size_t(src.height), 0);
    for (const BitmapTile& t : tiles) {
        EXPECT_LE(t.dest.width, 64);
        EXPECT_LE(t.dest.height, 64);
        EXPECT_EQ(t.width % 4, 0);
        EXPECT_GE(t.width, t.dest.width);
        EXPECT_LT(t.width - t.dest.width, 4);
        EXPECT_EQ(t.height, t.dest.height);
        for (int32_t y = t.dest.y; y < t.dest.bottom(); ++y) {
            for (int32_t x = t.dest.x; x < t.dest.right(); ++x) ++cover[size_t(y) * size_t(src.width) + size_t(x)];
        }
    }
    Image wanted(src.width, src.height, 0);
    for (const Rect& r : clipped(src, rects)) {
        for (int32_t y = r.y; y < r.bottom(); ++y) {
            for (int32_t x = r.x; x < r.right(); ++x) wanted.at(x, y)[0] = 1;
        }
    }
    int64_t wrong = 0;
    for (int32_t y = 0; y < src.height; ++y) {
        for (int32_t x = 0; x < src.width; ++x)
            wrong += cover[size_t(y) * size_t(src.width) + size_t(x)] != wanted.at(x, y)[0];
    }
    EXPECT_EQ(wrong, 0) << "pixels covered by no tile, by two tiles, or outside the damage";
}

struct Mode {
    BitmapOptions options;
    const char* name;
    bool compresses;  // on full frames of natural content most tiles shrink
};

const Mode kModes[] = {
    {{32, true, true}, "32 bpp planar", true},       {{32, true, false}, "32 bpp no planar", false},
    {{24, true, false}, "24 bpp interleaved", true}, {{16, true, false}, "16 bpp interleaved", true},
    {{15, true, false}, "15 bpp interleaved", true}, {{32, false, true}, "32 bpp raw", false},
    {{24, false, false}, "24 bpp raw", false},       {{16, false, false}, "16 bpp raw", false},
    {{15, false, false}, "15 bpp raw", false},
};

// Encodes, checks the tiling, decodes every tile and compares with the source exactly.
void round_trip(const Image& src, std::span<const Rect> rects, const Mode& mode, bool expect_compressed = false) {
    auto enc = BitmapEncoder::create();
    ASSERT_TRUE(enc.has_value()) << enc.error();
    auto tiles = enc->encode(src.view(), rects, mode.options);
    ASSERT_TRUE(tiles.has_value()) << tiles.error();
    expect_tiling(src, *tiles, rects);
    Client client;
    Image canvas(src.width, src.height, kSentinel);
    size_t compressed = 0, bytes = 0;
    for (const BitmapTile& t : *tiles) {
        ASSERT_EQ(t.bpp, mode.options.color_depth);
        ASSERT_TRUE(client.paint(t, canvas)) << mode.name << " tile at " << t.dest.x << "," << t.dest.y;
        if (t.compressed && t.bpp == 32) {
            EXPECT_EQ(t.bytes.front(), 0x10) << "rdesktop accepts only this header";
        }
        compressed += t.compressed;
        bytes += t.bytes.size();
    }
    if (!mode.options.compression || (mode.options.color_depth == 32 && !mode.options.planar)) {
        EXPECT_EQ(compressed, 0u) << mode.name;
    }
    if (expect_compressed && mode.compresses) {
        EXPECT_GT(compressed * 2, tiles->size()) << mode.name;
    }
    std::printf("[bitmap] %s %dx%d: %zu tiles (%zu compressed), %zu bytes\n", mode.name, src.width, src.height,
                tiles->size(), compressed, bytes);
    const Image want = quantised(src, mode.options.color_depth);
    EXPECT_EQ(differing_inside(want, canvas, rects), 0) << mode.name;
    EXPECT_EQ(touched_outside(canvas, rects), 0) << mode.name;
}

TEST(BitmapEncoder, FullFramesDecodeExactly) {
    for (auto [w, h] : {std::pair{1920, 1080}, {1366, 768}, {100, 37}}) {
        const Image src = natural_image(w, h, 31);
        const Rect all{0, 0, w, h};
        for (const Mode& mode : kModes) round_trip(src, {&all, 1}, mode, true);
    }
}

TEST(BitmapEncoder, RaggedRectsDecodeExactly) {
    for (auto [w, h] : {std::pair{1366, 768}, {100, 37}}) {
        const Image src = natural_image(w, h, 32);
        const std::vector<Rect> rects{{w / 7, h / 5, w / 3 + 1, h / 4 + 2},
                                      {w / 5, h / 4, w / 4 + 3, h / 2},
                                      {w - 3, h - 2, 9, 9},
                                      {0, 0, 1, 1},
                                      {2, h / 2, 2, 1}};
        for (const Mode& mode : kModes) round_trip(src, rects, mode);
    }
}

// Random pixels defeat RLE: tiles fall back to raw where the codec would not shrink them, and
// whatever is sent must still decode exactly.
TEST(BitmapEncoder, NoiseDecodesExactly) {
    const Image src = noise_image(203, 97);
    const Rect all{0, 0, 203, 97};
    for (const Mode& mode : kModes) round_trip(src, {&all, 1}, mode);
}

TEST(BitmapEncoder, BadInputIsAnErrorOrClippedNeverACrash) {
    auto enc = BitmapEncoder::create();
    ASSERT_TRUE(enc.has_value());
    const Image src = natural_image(64, 64);
    const Rect all{0, 0, 64, 64};
    EXPECT_FALSE(enc->encode(src.view(), {&all, 1}, {8, true, false}).has_value());
    EXPECT_FALSE(enc->encode(src.view(), {&all, 1}, {0, false, false}).has_value());
    EXPECT_FALSE(enc->encode({src.pixels.data(), 0, 64, src.stride}, {&all, 1}, {}).has_value());
    EXPECT_FALSE(enc->encode({nullptr, 64, 64, src.stride}, {&all, 1}, {}).has_value());
    const Rect outside[] = {{64, 0, 4, 4}, {-4, -4, 4, 4}, {5, 5, 0, 3}};
    auto none = enc->encode(src.view(), outside, {24, true, false});
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
    const Rect huge{-100, -100, 1 << 24, 1 << 24};
    round_trip(src, {&huge, 1}, kModes[0]);
}

// The planar encoder's top-down order (RDPGFX_CODECID_PLANAR) and its run-length corner cases:
// flat rows (runs past 47), a 4-pixel-wide image, and rows that fall and wrap around.
TEST(Rdp6Planar, TopDownAndRunsDecodeExactly) {
    Image flat(64, 8, 0xFF336699);
    Image narrow = natural_image(4, 50, 33);
    Image ramps(61, 64);
    for (int32_t y = 0; y < ramps.height; ++y) {
        for (int32_t x = 0; x < ramps.width; ++x) {
            uint8_t* p = ramps.at(x, y);
            p[0] = uint8_t(250 - 4 * y);
            p[1] = uint8_t(x * 37 + y * 91);
            p[2] = uint8_t(y < 32 ? 0 : 255);
        }
    }
    for (const Image* img : {&flat, &narrow, &ramps}) {
        for (bool top_down : {true, false}) {
            const auto bytes = encode_rdp6_planar(img->pixels.data(), img->width, img->height, img->stride,
                                                  top_down ? ScanlineOrder::top_down : ScanlineOrder::bottom_up);
            Image out(img->width, img->height, kSentinel);
            PlanarDecoder decoder(freerdp_bitmap_planar_context_new(0, 64, 64));
            ASSERT_TRUE(freerdp_bitmap_decompress_planar(decoder.get(), bytes.data(), UINT32(bytes.size()), UINT32(img->width),
                                          UINT32(img->height), out.pixels.data(), PIXEL_FORMAT_BGRX32,
                                          UINT32(out.stride), 0, 0, UINT32(img->width), UINT32(img->height),
                                          top_down ? FALSE : TRUE));
            const Rect all{0, 0, img->width, img->height};
            EXPECT_EQ(differing_inside(*img, out, {&all, 1}), 0) << img->width << "x" << img->height;
        }
    }
}

// The interleaved RLE encoder's order forms: counts that need the extra count byte (32..287) and
// the 16-bit MEGA_MEGA form (288+), background runs on the first scanline (black) and right after
// other runs, and a picture too big for one tile, at every depth it supports.
TEST(InterleavedRle, OrderFormsDecodeExactly) {
    Image stripes(400, 200);
    for (int32_t y = 0; y < stripes.height; ++y) {
        for (int32_t x = 0; x < stripes.width; ++x) {
            uint8_t* p = stripes.at(x, y);
            const bool band = (y / 3) % 4 == 0;
            p[0] = uint8_t(band ? 0 : x / 50);
            p[1] = uint8_t(band ? 0 : (x < 300 ? 200 : x));
            p[2] = uint8_t(band ? 0 : y / 7);
        }
    }
    const Image black(64, 64, 0);
    const Image natural = natural_image(300, 180, 35);
    InterleavedDecoder decoder(bitmap_interleaved_context_new(FALSE));
    for (const Image* img : std::initializer_list<const Image*>{&stripes, &black, &natural}) {
        for (uint32_t bpp : {24u, 16u, 15u}) {
            const auto bytes = encode_interleaved_rle(img->pixels.data(), img->width, img->height, img->stride, bpp);
            Image out(img->width, img->height, kSentinel);
            ASSERT_TRUE(interleaved_decompress(decoder.get(), bytes.data(), UINT32(bytes.size()), UINT32(img->width),
                                               UINT32(img->height), bpp, out.pixels.data(), PIXEL_FORMAT_BGRX32,
                                               UINT32(out.stride), 0, 0, UINT32(img->width), UINT32(img->height),
                                               nullptr));
            const Rect all{0, 0, img->width, img->height};
            EXPECT_EQ(differing_inside(quantised(*img, bpp), out, {&all, 1}), 0)
                << img->width << "x" << img->height << " at " << bpp << " bpp";
        }
    }
}

TEST(BitmapEncoder, TimePerFullHdFrame) {
    const Image src = natural_image(1920, 1080, 34);
    const Rect all{0, 0, 1920, 1080};
    auto enc = BitmapEncoder::create();
    ASSERT_TRUE(enc.has_value());
    for (const Mode& mode : kModes) {
        size_t bytes = 0;
        const double ms = best_ms(3, [&] {
            auto tiles = enc->encode(src.view(), {&all, 1}, mode.options);
            ASSERT_TRUE(tiles.has_value());
            bytes = 0;
            for (const BitmapTile& t : *tiles) bytes += t.bytes.size();
        });
        std::printf("[timing] bitmap %s 1920x1080 full frame: %.1f ms (%zu bytes)\n", mode.name, ms, bytes);
        EXPECT_GT(bytes, 0u);
    }
}

}  // namespace
}  // namespace wrd::encoder::test
