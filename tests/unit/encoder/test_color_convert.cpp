// BGRX -> NV12: the round trip through FreeRDP's own YUV420 -> RGB primitive (what RDP clients
// run), the edge padding, damage-only conversion, and AVX2 == portable.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "color_convert.hpp"
#include "test_support.hpp"

namespace wrd::encoder {
namespace {

using test::Image;

int32_t align16(int32_t v) {
    return (v + 15) & ~15;
}

// An NV12 picture at a coded size, filled with a marker so unwritten bytes show.
struct Nv12 {
    int32_t width, height;
    std::vector<uint8_t> y, uv;

    Nv12(int32_t w, int32_t h)
        : width(w), height(h), y(size_t(w) * size_t(h), 0xAB), uv(size_t(w) * size_t(h / 2), 0xCD) {}
    Nv12Planes planes() { return {y.data(), width, uv.data(), width, width, height}; }
    test::I420 i420(int32_t w, int32_t h) const { return test::nv12_to_i420(y.data(), width, uv.data(), width, w, h); }
    bool operator==(const Nv12&) const = default;
};

Nv12 convert_whole(const Image& img, ConvertImpl impl, int32_t coded_w, int32_t coded_h) {
    Nv12 out(coded_w, coded_h);
    bgrx_to_nv12(img.view(), out.planes(), {0, 0, img.width, img.height}, impl);
    return out;
}

void expect_round_trip(const Image& img, test::Primitives which, int max_abs, double mean_abs) {
    const Nv12 nv12 = convert_whole(img, ConvertImpl::portable, align16(img.width), align16(img.height));
    const Image back = test::freerdp_yuv420_to_bgrx(nv12.i420(img.width, img.height), img.width, img.height, which);
    const test::ChannelError e = test::compare(img, back);
    EXPECT_LE(e.max_abs, max_abs) << img.width << "x" << img.height;
    EXPECT_LT(e.mean_abs, mean_abs) << img.width << "x" << img.height;
}

// A w x h window into a smooth full-HD gradient (at most about one level per pixel).
Image smooth_crop(int32_t x0, int32_t y0, int32_t w, int32_t h) {
    static const Image big = test::gradient_image(1920, 1080);
    Image img(w, h, 8);
    for (int32_t y = 0; y < h; ++y) std::copy_n(big.at(x0, y0 + y), 4 * w, img.at(0, y));
    return img;
}

TEST(ColorConvert, RoundTripThroughFreeRdpPrimitiveOnSmoothContent) {
    for (auto which : {test::Primitives::best, test::Primitives::generic}) {
        expect_round_trip(test::gradient_image(1920, 1080), which, 3, 1.0);
        expect_round_trip(smooth_crop(501, 333, 257, 31), which, 3, 1.0);
        expect_round_trip(smooth_crop(0, 0, 1, 1), which, 3, 1.0);
    }
}

TEST(ColorConvert, FlatColoursSurviveTheRoundTrip) {
    // Solid colours on 2x2-aligned blocks: only the matrix and rounding can err.
    const uint8_t colours[][3] = {{0, 0, 0},       {255, 255, 255}, {255, 0, 0},   {0, 255, 0},   {0, 0, 255},
                                  {128, 128, 128}, {255, 255, 0},   {0, 255, 255}, {40, 90, 200}, {246, 246, 242}};
    Image img(2 * 10, 2);
    for (int i = 0; i < 10; ++i) img.fill({2 * i, 0, 2, 2}, colours[i][0], colours[i][1], colours[i][2]);
    const Nv12 nv12 = convert_whole(img, ConvertImpl::portable, 32, 16);
    const Image back = test::freerdp_yuv420_to_bgrx(nv12.i420(img.width, 2), img.width, 2, test::Primitives::generic);
    EXPECT_LE(test::compare(img, back).max_abs, 2);
    // Greys map to Y = grey and neutral chroma exactly; white is 255, not FreeRDP's 254.
    EXPECT_EQ(nv12.y[0], 0);
    EXPECT_EQ(nv12.y[2], 255);
    EXPECT_EQ(nv12.y[10], 128);
    EXPECT_EQ(nv12.uv[2], 128);
    EXPECT_EQ(nv12.uv[3], 128);
}

TEST(ColorConvert, PaddingReplicatesTheLastColumnAndRow) {
    for (auto [w, h] : {std::pair{33, 17}, std::pair{34, 18}, std::pair{1, 1}, std::pair{2, 2}}) {
        std::mt19937 rng(uint32_t(w * 100 + h));
        const Image img = test::random_image(w, h, rng);
        const Nv12 nv = convert_whole(img, ConvertImpl::portable, align16(w), align16(h));
        for (int32_t y = 0; y < nv.height; ++y)
            for (int32_t x = 0; x < nv.width; ++x) {
                const int32_t sx = std::min(x, w - 1), sy = std::min(y, h - 1);
                ASSERT_EQ(nv.y[size_t(y * nv.width + x)], nv.y[size_t(sy * nv.width + sx)]) << x << "," << y;
            }
        const int32_t cw = (w + 1) / 2, ch = (h + 1) / 2;
        for (int32_t cy = 0; cy < nv.height / 2; ++cy)
            for (int32_t cx = 0; cx < nv.width / 2; ++cx) {
                const size_t at = size_t(cy * nv.width + 2 * cx);
                const size_t src = size_t(std::min(cy, ch - 1) * nv.width + 2 * std::min(cx, cw - 1));
                ASSERT_EQ(nv.uv[at], nv.uv[src]);
                ASSERT_EQ(nv.uv[at + 1], nv.uv[src + 1]);
            }
    }
}

// Converting only the damaged region of a changed frame must give the same picture as
// converting the whole changed frame, padding included.
TEST(ColorConvert, RegionConversionEqualsWholeConversion) {
    std::mt19937 rng(11);
    const int32_t w = 203, h = 117;
    Image img = test::random_image(w, h, rng, 4);
    for (ConvertImpl impl : {ConvertImpl::portable, best_convert_impl()}) {
        Nv12 incremental = convert_whole(img, impl, align16(w), align16(h));
        const Rect regions[] = {{5, 7, 30, 11}, {190, 100, 13, 17}, {0, 116, 1, 1}, {202, 0, 1, 1}, {77, 3, 1, 90}};
        for (const Rect& r : regions) {
            Image changed = img;
            for (int32_t y = r.y; y < r.bottom(); ++y)
                for (int32_t x = r.x; x < r.right(); ++x)
                    changed.set(x, y, uint8_t(rng()), uint8_t(rng()), uint8_t(rng()));
            bgrx_to_nv12(changed.view(), incremental.planes(), r, impl);
            EXPECT_TRUE(incremental == convert_whole(changed, impl, align16(w), align16(h)))
                << "region " << r.x << "," << r.y << " " << r.width << "x" << r.height;
            img = changed;
        }
    }
}

TEST(ColorConvert, Avx2GivesTheSameBytesAsPortable) {
    if (!avx2_supported()) GTEST_SKIP() << "this CPU has no AVX2; only the portable variant can run";
    std::mt19937 rng(5);
    const std::pair<int32_t, int32_t> sizes[] = {{1920, 1080}, {1366, 768}, {17, 9},  {15, 15},  {1, 1},
                                                 {2, 3},       {31, 2},     {33, 33}, {800, 601}};
    for (auto [w, h] : sizes) {
        const Image img = test::random_image(w, h, rng, 12);
        EXPECT_TRUE(convert_whole(img, ConvertImpl::avx2, align16(w), align16(h)) ==
                    convert_whole(img, ConvertImpl::portable, align16(w), align16(h)))
            << w << "x" << h;
    }
    // Odd region origins put the AVX2 steps at every alignment.
    const Image img = test::random_image(301, 64, rng);
    for (int32_t x = 0; x < 20; ++x) {
        Nv12 a(align16(301), 64), b(align16(301), 64);
        bgrx_to_nv12(img.view(), a.planes(), {x, 1, 250 - x, 60}, ConvertImpl::avx2);
        bgrx_to_nv12(img.view(), b.planes(), {x, 1, 250 - x, 60}, ConvertImpl::portable);
        EXPECT_TRUE(a == b) << "x " << x;
    }
}

TEST(ColorConvert, TooSmallDestinationIsLeftAlone) {
    const Image img = test::gradient_image(20, 20);
    Nv12 small(16, 16);
    const Nv12 untouched = small;
    bgrx_to_nv12(img.view(), small.planes(), {0, 0, 20, 20});
    EXPECT_TRUE(small == untouched);
}

}  // namespace
}  // namespace wrd::encoder
