// CF_DIB / CF_DIBV5 <-> image/png (rdp/src/clipboard/image_codec.hpp). Reference PNGs are
// written with libpng directly, DIBs byte by byte, both independently of the code under test.
#include <gtest/gtest.h>
#include <png.h>

#include <chrono>
#include <csetjmp>
#include <cstdio>

#include "clipboard/image_codec.hpp"

namespace wrd::rdp {
namespace {

void put32(Bytes& b, size_t at, uint32_t v) {
    if (b.size() < at + 4) b.resize(at + 4);
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void put16(Bytes& b, size_t at, uint16_t v) {
    if (b.size() < at + 2) b.resize(at + 2);
    b[at] = static_cast<uint8_t>(v), b[at + 1] = static_cast<uint8_t>(v >> 8);
}

// A BITMAPINFOHEADER-style header of `size` bytes (40, 108 or 124).
Bytes dib_header(uint32_t size, int32_t width, int32_t height, uint16_t bpp, uint32_t compression) {
    Bytes b(size, 0);
    put32(b, 0, size);
    put32(b, 4, static_cast<uint32_t>(width));
    put32(b, 8, static_cast<uint32_t>(height));
    put16(b, 12, 1);
    put16(b, 14, bpp);
    put32(b, 16, compression);
    return b;
}

void append(Bytes& b, std::initializer_list<uint8_t> bytes) { b.insert(b.end(), bytes); }

// A test image with every channel varying and, if asked, a varying alpha.
RgbaImage make_image(uint32_t w, uint32_t h, bool alpha) {
    RgbaImage image{w, h, Bytes(size_t{w} * h * 4)};
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            uint8_t* p = &image.rgba[(size_t{y} * w + x) * 4];
            p[0] = static_cast<uint8_t>(x * 7 + y);
            p[1] = static_cast<uint8_t>(y * 3);
            p[2] = static_cast<uint8_t>(x ^ y);
            p[3] = alpha ? static_cast<uint8_t>(x + 2 * y) : 255;
        }
    return image;
}

std::array<uint8_t, 4> pixel(const RgbaImage& image, uint32_t x, uint32_t y) {
    const uint8_t* p = &image.rgba[(size_t{y} * image.width + x) * 4];
    return {p[0], p[1], p[2], p[3]};
}
using Px = std::array<uint8_t, 4>;

// --- reference PNG writer (libpng directly) ---
struct RefPng {
    Bytes out;
};
void ref_write(png_structp png, png_bytep data, size_t n) {
    auto* ref = static_cast<RefPng*>(png_get_io_ptr(png));
    ref->out.insert(ref->out.end(), data, data + n);
}
void ref_flush(png_structp) {}

bool ref_encode(png_structp png, png_infop info, uint32_t w, uint32_t h, int type, int depth, bool interlace,
                png_colorp palette, int palette_size, png_bytep trns, int trns_count, png_bytepp rows) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_set_IHDR(png, info, w, h, depth, type, interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (palette_size) png_set_PLTE(png, info, palette, palette_size);
    if (trns_count) png_set_tRNS(png, info, trns, trns_count, nullptr);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, info);
    return true;
}

// `raw` holds the rows exactly as the PNG stores them (16-bit samples big-endian).
Bytes reference_png(uint32_t w, uint32_t h, int type, int depth, Bytes raw, std::vector<png_color> palette = {},
                    std::vector<uint8_t> trns = {}, bool interlace = false) {
    RefPng ref;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    png_set_write_fn(png, &ref, ref_write, ref_flush);
    std::vector<png_bytep> rows(h);
    size_t stride = raw.size() / h;
    for (uint32_t y = 0; y < h; ++y) rows[y] = raw.data() + y * stride;
    bool ok = ref_encode(png, info, w, h, type, depth, interlace, palette.data(), int(palette.size()), trns.data(),
                         int(trns.size()), rows.data());
    png_destroy_write_struct(&png, &info);
    EXPECT_TRUE(ok);
    return ref.out;
}

TEST(ImageCodec, PngRoundTripKeepsAlpha) {
    RgbaImage image = make_image(37, 23, true);
    auto png = encode_png(image);
    ASSERT_TRUE(png) << png.error();
    EXPECT_EQ((*png)[25], PNG_COLOR_TYPE_RGB_ALPHA);
    auto back = decode_png(*png);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->width, 37u);
    EXPECT_EQ(back->height, 23u);
    EXPECT_EQ(back->rgba, image.rgba);
}

TEST(ImageCodec, OpaqueImagesBecomeRgbPngs) {
    RgbaImage image = make_image(16, 9, false);
    auto png = encode_png(image);
    ASSERT_TRUE(png);
    EXPECT_EQ((*png)[25], PNG_COLOR_TYPE_RGB);
    EXPECT_EQ(decode_png(*png)->rgba, image.rgba);
}

TEST(ImageCodec, DecodesPaletteGrayAndSixteenBitPngs) {
    auto pal =
        decode_png(reference_png(2, 1, PNG_COLOR_TYPE_PALETTE, 8, {1, 0}, {{255, 0, 0}, {0, 0, 255}}, {255, 128}));
    ASSERT_TRUE(pal) << pal.error();
    EXPECT_EQ(pixel(*pal, 0, 0), (Px{0, 0, 255, 128}));
    EXPECT_EQ(pixel(*pal, 1, 0), (Px{255, 0, 0, 255}));

    auto gray = decode_png(reference_png(2, 1, PNG_COLOR_TYPE_GRAY, 16, {0x00, 0x00, 0xFF, 0xFF}));
    ASSERT_TRUE(gray) << gray.error();
    EXPECT_EQ(pixel(*gray, 0, 0), (Px{0, 0, 0, 255}));
    EXPECT_EQ(pixel(*gray, 1, 0), (Px{255, 255, 255, 255}));

    auto low = decode_png(reference_png(4, 1, PNG_COLOR_TYPE_GRAY, 2, {0b00011011}));
    ASSERT_TRUE(low) << low.error();
    EXPECT_EQ(pixel(*low, 1, 0), (Px{85, 85, 85, 255}));
    EXPECT_EQ(pixel(*low, 3, 0), (Px{255, 255, 255, 255}));

    auto rgba16 =
        decode_png(reference_png(1, 1, PNG_COLOR_TYPE_RGB_ALPHA, 16, {0xFF, 0xFF, 0x80, 0x00, 0, 0, 0x40, 0}));
    ASSERT_TRUE(rgba16) << rgba16.error();
    EXPECT_EQ(pixel(*rgba16, 0, 0), (Px{255, 128, 0, 64}));
}

TEST(ImageCodec, DecodesInterlacedPng) {
    RgbaImage image = make_image(19, 11, true);
    auto back = decode_png(reference_png(19, 11, PNG_COLOR_TYPE_RGB_ALPHA, 8, image.rgba, {}, {}, true));
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->rgba, image.rgba);
}

TEST(ImageCodec, BrokenPngsAreErrors) {
    EXPECT_FALSE(decode_png(as_bytes("not a png at all")));
    Bytes png = *encode_png(make_image(40, 40, true));
    Bytes cut(png.begin(), png.begin() + static_cast<long>(png.size() / 2));
    auto r = decode_png(cut);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().find("cut off"), std::string::npos) << r.error();
    Bytes corrupt = png;
    corrupt[40] ^= 0xFF;  // inside IDAT: the CRC no longer matches
    EXPECT_FALSE(decode_png(corrupt));
}

TEST(ImageCodec, DibV5RoundTripKeepsAlpha) {
    RgbaImage image = make_image(33, 17, true);
    Bytes dib = encode_dibv5(image);
    ASSERT_EQ(dib.size(), 124u + 33 * 17 * 4);
    auto back = decode_dib(dib);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->rgba, image.rgba);
}

TEST(ImageCodec, DibV3IsTwentyFourBitsWithPaddedRows) {
    RgbaImage image = make_image(5, 3, false);  // 15 bytes per row, padded to 16
    Bytes dib = encode_dib(image);
    ASSERT_EQ(dib.size(), 40u + 16 * 3);
    EXPECT_EQ(dib[14], 24);
    auto back = decode_dib(dib);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(back->rgba, image.rgba);
    // Bottom-up: the first stored row is the image's last, as BGR.
    EXPECT_EQ(dib[40], image.rgba[(2 * 5) * 4 + 2]);
    EXPECT_EQ(dib[42], image.rgba[(2 * 5) * 4 + 0]);
}

TEST(ImageCodec, DibV3FlattensTransparencyOntoWhite) {
    RgbaImage image{2, 1, {255, 0, 0, 0, 0, 0, 255, 128}};
    auto back = decode_dib(encode_dib(image));
    ASSERT_TRUE(back);
    EXPECT_EQ(pixel(*back, 0, 0), (Px{255, 255, 255, 255}));
    EXPECT_EQ(pixel(*back, 1, 0), (Px{127, 127, 255, 255}));
}

TEST(ImageCodec, Dib24BottomUpAndTopDown) {
    // 3x2, rows of 9 bytes padded to 12; stored rows are BGR.
    Bytes rows = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 0, 0, 0};
    Bytes up = dib_header(40, 3, 2, 24, 0);
    up.insert(up.end(), rows.begin(), rows.end());
    auto a = decode_dib(up);
    ASSERT_TRUE(a) << a.error();
    EXPECT_EQ(pixel(*a, 0, 0), (Px{13, 12, 11, 255}));  // top row is the second stored row
    EXPECT_EQ(pixel(*a, 2, 1), (Px{9, 8, 7, 255}));

    Bytes down = dib_header(40, 3, -2, 24, 0);
    down.insert(down.end(), rows.begin(), rows.end());
    auto b = decode_dib(down);
    ASSERT_TRUE(b) << b.error();
    EXPECT_EQ(pixel(*b, 0, 0), (Px{3, 2, 1, 255}));
    EXPECT_EQ(pixel(*b, 2, 1), (Px{19, 18, 17, 255}));
}

TEST(ImageCodec, Dib32RgbAlphaHeuristic) {
    Bytes zero = dib_header(40, 2, 1, 32, 0);
    append(zero, {10, 20, 30, 0, 40, 50, 60, 0});
    EXPECT_EQ(pixel(*decode_dib(zero), 1, 0), (Px{60, 50, 40, 255}));

    Bytes alpha = dib_header(40, 2, 1, 32, 0);
    append(alpha, {10, 20, 30, 0, 40, 50, 60, 200});
    auto image = decode_dib(alpha);
    EXPECT_EQ(pixel(*image, 0, 0), (Px{30, 20, 10, 0}));
    EXPECT_EQ(pixel(*image, 1, 0), (Px{60, 50, 40, 200}));
}

TEST(ImageCodec, DibBitfieldsAfterInfoHeader) {
    Bytes dib = dib_header(40, 1, 1, 32, 3);
    put32(dib, 40, 0x000000FF);  // red in the lowest byte: RGBA order
    put32(dib, 44, 0x0000FF00);
    put32(dib, 48, 0x00FF0000);
    append(dib, {1, 2, 3, 4});
    auto image = decode_dib(dib);
    ASSERT_TRUE(image) << image.error();
    EXPECT_EQ(pixel(*image, 0, 0), (Px{1, 2, 3, 255}));  // no alpha mask: opaque

    Bytes with_alpha = dib_header(40, 1, 1, 32, 6);  // BI_ALPHABITFIELDS: four masks
    put32(with_alpha, 40, 0x000000FF);
    put32(with_alpha, 44, 0x0000FF00);
    put32(with_alpha, 48, 0x00FF0000);
    put32(with_alpha, 52, 0xFF000000);
    append(with_alpha, {1, 2, 3, 4});
    EXPECT_EQ(pixel(*decode_dib(with_alpha), 0, 0), (Px{1, 2, 3, 4}));
}

TEST(ImageCodec, Dib16Bits) {
    Bytes dib = dib_header(40, 4, 1, 16, 3);
    put32(dib, 40, 0xF800);
    put32(dib, 44, 0x07E0);
    put32(dib, 48, 0x001F);
    for (uint16_t v : {0xF800, 0x07E0, 0x001F, 0x8410}) put16(dib, dib.size(), v);
    auto image = decode_dib(dib);
    ASSERT_TRUE(image) << image.error();
    EXPECT_EQ(pixel(*image, 0, 0), (Px{255, 0, 0, 255}));
    EXPECT_EQ(pixel(*image, 1, 0), (Px{0, 255, 0, 255}));
    EXPECT_EQ(pixel(*image, 2, 0), (Px{0, 0, 255, 255}));
    EXPECT_EQ(pixel(*image, 3, 0), (Px{131, 129, 131, 255}));

    Bytes rgb555 = dib_header(40, 2, 1, 16, 0);  // BI_RGB: 5-5-5
    for (uint16_t v : {0x7C00, 0x03E0}) put16(rgb555, rgb555.size(), v);
    EXPECT_EQ(pixel(*decode_dib(rgb555), 0, 0), (Px{255, 0, 0, 255}));
    EXPECT_EQ(pixel(*decode_dib(rgb555), 1, 0), (Px{0, 255, 0, 255}));
}

TEST(ImageCodec, V5WithRepeatedMasksAndColourTable) {
    RgbaImage image = make_image(3, 2, true);
    Bytes v5 = encode_dibv5(image);
    Bytes repeated(v5.begin(), v5.begin() + 124);
    for (uint32_t m : {0x00FF0000u, 0x0000FF00u, 0x000000FFu}) put32(repeated, repeated.size(), m);
    repeated.insert(repeated.end(), v5.begin() + 124, v5.end());
    EXPECT_EQ(decode_dib(repeated)->rgba, image.rgba);

    Bytes table(v5.begin(), v5.begin() + 124);
    put32(table, 32, 2);  // biClrUsed: two entries to skip
    put32(table, 124, 0xDEADBEEF);
    put32(table, 128, 0xDEADBEEF);
    table.insert(table.end(), v5.begin() + 124, v5.end());
    EXPECT_EQ(decode_dib(table)->rgba, image.rgba);
}

TEST(ImageCodec, BadDibsAreErrors) {
    Bytes good = encode_dibv5(make_image(4, 4, true));
    EXPECT_FALSE(decode_dib(Bytes(good.begin(), good.end() - 1)));                 // cut off
    EXPECT_FALSE(decode_dib(Bytes(good.begin(), good.begin() + 30)));              // no header
    EXPECT_FALSE(decode_dib(dib_header(12, 1, 1, 24, 0)));                          // BITMAPCOREHEADER
    EXPECT_FALSE(decode_dib(dib_header(40, 0, 1, 24, 0)));                          // width 0
    EXPECT_FALSE(decode_dib(dib_header(40, 1, 0, 24, 0)));                          // height 0
    auto eight = decode_dib(dib_header(40, 1, 1, 8, 0));
    ASSERT_FALSE(eight);
    EXPECT_NE(eight.error().find("8 bits"), std::string::npos);
    EXPECT_FALSE(decode_dib(dib_header(40, 1, 1, 24, 4)));                          // BI_JPEG
    EXPECT_FALSE(decode_dib(dib_header(40, 1, 1, 24, 3)));                          // bit fields, 24 bits
    auto huge = decode_dib(dib_header(40, 100000, -100000, 32, 0));
    ASSERT_FALSE(huge);
    EXPECT_NE(huge.error().find("too large"), std::string::npos);
}

TEST(ImageCodec, EmbeddedPngPassesThrough) {
    Bytes png = *encode_png(make_image(3, 3, true));
    Bytes dib = dib_header(40, 3, 3, 0, 5);
    dib.insert(dib.end(), png.begin(), png.end());
    auto out = png_from_dib(dib);
    ASSERT_TRUE(out);
    EXPECT_EQ(*out, png);
}

TEST(ImageCodec, UltraHdBothWays) {
    RgbaImage image = make_image(3840, 2160, true);
    auto t0 = std::chrono::steady_clock::now();
    auto png = encode_png(image);
    ASSERT_TRUE(png);
    auto t1 = std::chrono::steady_clock::now();
    auto v5 = dib_from_png(*png, DibVersion::v5);
    auto v3 = dib_from_png(*png, DibVersion::v3);
    ASSERT_TRUE(v5 && v3);
    auto t2 = std::chrono::steady_clock::now();
    auto png_again = png_from_dib(*v5);
    ASSERT_TRUE(png_again);
    auto t3 = std::chrono::steady_clock::now();
    EXPECT_EQ(decode_png(*png_again)->rgba, image.rgba);
    EXPECT_EQ(v3->size(), 40u + 3840 * 3 * 2160);
    using ms = std::chrono::milliseconds;
    std::printf("3840x2160: PNG encode %lld ms (%zu bytes), PNG to both DIBs %lld ms, DIBv5 to PNG %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<ms>(t1 - t0).count()), png->size(),
                static_cast<long long>(std::chrono::duration_cast<ms>(t2 - t1).count()),
                static_cast<long long>(std::chrono::duration_cast<ms>(t3 - t2).count()));
}

}  // namespace
}  // namespace wrd::rdp
