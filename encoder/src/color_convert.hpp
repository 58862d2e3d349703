// BGRX -> NV12 (planar Y, interleaved UV, 4:2:0) colour conversion for the AVC420 encoder.
//
// Why these numbers: MS-RDPEGFX 3.3.8.3.1 says AVC420 colour conversion is full-range
// BT.709, and RDP clients turn the decoded YUV back into RGB with fixed formulas, ignoring
// the stream's VUI. FreeRDP 3 (prim_internal.h, YUV2R/G/B) decodes with
//   R = Y + 403/256 (V-128),  G = Y - 48/256 (U-128) - 120/256 (V-128),  B = Y + 475/256 (U-128)
// which is full-range BT.709 (Kr = 0.2126, Kb = 0.0722) in 8-bit fixed point. We encode with
// the same matrix at 15-bit precision and round to nearest (FreeRDP's own encoder truncates
// 8-bit coefficients, so white becomes Y = 254). Chroma is the mean of each 2x2 block, which
// is what a decoder that repeats each chroma sample over its 2x2 block (FreeRDP) needs.
//
// Why NV12: x264 keeps 4:2:0 pictures as NV12 internally, so an NV12 input is a plain copy
// into its frame while I420 is interleaved on the way in.
#pragma once

#include <cstdint>

#include "frame.hpp"

namespace wrd::encoder {

// Where the converted picture goes. Not owned. `width` x `height` is the coded size: at least
// the frame's size rounded up to even numbers (the AVC420 encoder uses multiples of 16); the
// part beyond the frame is padding, filled by replicating the last column and row so no
// foreign colour bleeds into the edge macroblocks. `uv` has height / 2 rows of width bytes
// (U, V, U, V, ...).
struct Nv12Planes {
    uint8_t* y = nullptr;
    int32_t y_stride = 0;
    uint8_t* uv = nullptr;
    int32_t uv_stride = 0;
    int32_t width = 0;
    int32_t height = 0;
};

enum class ConvertImpl { portable, avx2 };

// Whether this CPU runs the AVX2 variant; the fastest variant this CPU runs.
bool avx2_supported();
ConvertImpl best_convert_impl();

// Converts `region` of `frame` into `dst`. The region is clipped to the frame and widened to
// even coordinates (a chroma sample covers 2x2 pixels). When it reaches the frame's right or
// bottom edge, the padding next to it is refreshed too, so converting only damaged regions
// keeps the whole picture consistent. Both variants give identical bytes. Any thread; the
// caller serialises access to `dst`.
void bgrx_to_nv12(const FrameView& frame, const Nv12Planes& dst, const Rect& region, ConvertImpl impl);
inline void bgrx_to_nv12(const FrameView& frame, const Nv12Planes& dst, const Rect& region) {
    bgrx_to_nv12(frame, dst, region, best_convert_impl());
}

namespace detail {

// Full-range BT.709 at 15 fractional bits. Each row sums to 32768 (Y) or 0 (U, V), so grey
// stays grey exactly. All fit in int16 for _mm256_madd_epi16.
inline constexpr int32_t kYR = 6966, kYG = 23436, kYB = 2366;
inline constexpr int32_t kUR = -3754, kUG = -12630, kUB = 16384;
inline constexpr int32_t kVR = 16384, kVG = -14882, kVB = -1502;
inline constexpr int32_t kYRound = 1 << 14;
// Chroma works on the sum of 4 pixels (2 more bits), with the +128 offset folded in.
inline constexpr int32_t kUVBias = (128 << 17) + (1 << 16);

// Converts `pairs` horizontal pixel pairs of two source rows (BGRX) into two Y rows and one
// interleaved UV row. `row1` may equal `row0` (an odd last row).
using RowPairKernel = void (*)(const uint8_t* row0, const uint8_t* row1, uint8_t* y0, uint8_t* y1, uint8_t* uv,
                               int32_t pairs);
void row_pair_portable(const uint8_t* row0, const uint8_t* row1, uint8_t* y0, uint8_t* y1, uint8_t* uv, int32_t pairs);
void row_pair_avx2(const uint8_t* row0, const uint8_t* row1, uint8_t* y0, uint8_t* y1, uint8_t* uv, int32_t pairs);

}  // namespace detail

}  // namespace wrd::encoder
