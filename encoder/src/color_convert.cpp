#include "color_convert.hpp"

#include <algorithm>
#include <cstring>

namespace wrd::encoder {

namespace detail {

namespace {

uint8_t luma(const uint8_t* p) {
    return uint8_t((kYB * p[0] + kYG * p[1] + kYR * p[2] + kYRound) >> 15);
}

// `sb`, `sg`, `sr`: sums over a 2x2 block. U and V can round up to 256 at the extremes.
uint8_t chroma(int32_t cb, int32_t cg, int32_t cr, int32_t sb, int32_t sg, int32_t sr) {
    return uint8_t(std::min((cb * sb + cg * sg + cr * sr + kUVBias) >> 17, 255));
}

}  // namespace

void row_pair_portable(const uint8_t* row0, const uint8_t* row1, uint8_t* y0, uint8_t* y1, uint8_t* uv, int32_t pairs) {
    for (int32_t i = 0; i < pairs; ++i) {
        const uint8_t* a = row0 + 8 * i;
        const uint8_t* b = row1 + 8 * i;
        y0[2 * i] = luma(a);
        y0[2 * i + 1] = luma(a + 4);
        y1[2 * i] = luma(b);
        y1[2 * i + 1] = luma(b + 4);
        const int32_t sb = a[0] + a[4] + b[0] + b[4];
        const int32_t sg = a[1] + a[5] + b[1] + b[5];
        const int32_t sr = a[2] + a[6] + b[2] + b[6];
        uv[2 * i] = chroma(kUB, kUG, kUR, sb, sg, sr);
        uv[2 * i + 1] = chroma(kVB, kVG, kVR, sb, sg, sr);
    }
}

}  // namespace detail

namespace {

struct Span {
    int32_t begin, end;
};

int32_t round_up_even(int32_t v) {
    return (v + 1) & ~1;
}

// The last pixel pair of a row of odd width: its right pixel is padding, a copy of the left.
void odd_last_pair(const uint8_t* p0, const uint8_t* p1, uint8_t* y0, uint8_t* y1, uint8_t* uv) {
    uint8_t a[8], b[8];
    std::memcpy(a, p0, 4);
    std::memcpy(a + 4, p0, 4);
    std::memcpy(b, p1, 4);
    std::memcpy(b + 4, p1, 4);
    detail::row_pair_portable(a, b, y0, y1, uv, 1);
}

// Rows [rows.begin, rows.end) (even, may pass the frame's last row by one when its height is
// odd), columns [cols.begin, cols.end) (even, same rule for the width).
void convert_rows(const FrameView& f, const Nv12Planes& d, Span rows, Span cols, detail::RowPairKernel kernel) {
    const int32_t kernel_end = std::min(cols.end, f.width & ~1);
    const int32_t pairs = std::max(0, kernel_end - cols.begin) / 2;
    for (int32_t y = rows.begin; y < rows.end; y += 2) {
        const uint8_t* row0 = f.pixel(0, y);
        const uint8_t* row1 = f.pixel(0, std::min(y + 1, f.height - 1));
        uint8_t* y0 = d.y + int64_t{y} * d.y_stride;
        uint8_t* y1 = y0 + d.y_stride;
        uint8_t* uv = d.uv + int64_t{y / 2} * d.uv_stride;
        const int32_t x = cols.begin;
        if (pairs > 0) kernel(row0 + 4 * x, row1 + 4 * x, y0 + x, y1 + x, uv + x, pairs);
        if (cols.end > kernel_end) {
            const int32_t last = f.width - 1;
            odd_last_pair(row0 + 4 * last, row1 + 4 * last, y0 + last, y1 + last, uv + last);
        }
    }
}

// Columns right of the frame repeat its last column: Y per pixel, UV per 2-pixel pair.
void pad_right(const FrameView& f, const Nv12Planes& d, Span rows) {
    const int32_t w = f.width, uv_w = round_up_even(w);
    for (int32_t y = rows.begin; y < rows.end; ++y) {
        uint8_t* row = d.y + int64_t{y} * d.y_stride;
        std::memset(row + w, row[w - 1], size_t(d.width - w));
    }
    for (int32_t cy = rows.begin / 2; cy < rows.end / 2; ++cy) {
        uint8_t* row = d.uv + int64_t{cy} * d.uv_stride;
        for (int32_t x = uv_w; x < d.width; x += 2) std::memcpy(row + x, row + uv_w - 2, 2);
    }
}

// Rows below the frame repeat its last row, over columns [cols.begin, cols.end).
void pad_bottom(const FrameView& f, const Nv12Planes& d, Span cols) {
    const size_t bytes = size_t(cols.end - cols.begin);
    const uint8_t* last = d.y + int64_t{f.height - 1} * d.y_stride + cols.begin;
    for (int32_t y = f.height; y < d.height; ++y) std::memcpy(d.y + int64_t{y} * d.y_stride + cols.begin, last, bytes);
    const int32_t uv_rows = round_up_even(f.height) / 2;
    const uint8_t* last_uv = d.uv + int64_t{uv_rows - 1} * d.uv_stride + cols.begin;
    for (int32_t cy = uv_rows; cy < d.height / 2; ++cy)
        std::memcpy(d.uv + int64_t{cy} * d.uv_stride + cols.begin, last_uv, bytes);
}

}  // namespace

bool avx2_supported() {
    static const bool supported = __builtin_cpu_supports("avx2");
    return supported;
}

ConvertImpl best_convert_impl() {
    return avx2_supported() ? ConvertImpl::avx2 : ConvertImpl::portable;
}

void bgrx_to_nv12(const FrameView& frame, const Nv12Planes& dst, const Rect& region, ConvertImpl impl) {
    const Rect r = region.intersect(frame.bounds());
    const bool fits = dst.width % 2 == 0 && dst.height % 2 == 0 && dst.width >= round_up_even(frame.width) &&
                      dst.height >= round_up_even(frame.height);
    if (r.empty() || !fits) return;
    const auto kernel =
        impl == ConvertImpl::avx2 && avx2_supported() ? detail::row_pair_avx2 : detail::row_pair_portable;
    const Span rows{r.y & ~1, round_up_even(r.bottom())};
    Span cols{r.x & ~1, round_up_even(r.right())};
    convert_rows(frame, dst, rows, cols, kernel);
    if (r.right() == frame.width) {
        pad_right(frame, dst, rows);
        cols.end = dst.width;
    }
    if (r.bottom() == frame.height) pad_bottom(frame, dst, cols);
}

}  // namespace wrd::encoder
