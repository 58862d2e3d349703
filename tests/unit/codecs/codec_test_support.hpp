// Shared pieces of the codec tests: test images, pixel comparisons, FreeRDP's decoders with RAII,
// and timing. The tests include FreeRDP directly: its own decoders are the reference a client uses.
#pragma once

// clang-format off
#include <freerdp/codec/color.h>
#include <freerdp/codec/interleaved.h>
#include <freerdp/codec/planar.h>
#include <freerdp/codec/progressive.h>
#include <freerdp/codec/region.h>
#include <freerdp/codec/rfx.h>
// clang-format on

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "frame.hpp"
#include "rect.hpp"

namespace wrd::encoder::test {

// A BGRX image that owns its pixels. The stride is padded past the row on purpose, so that the
// encoders are seen to honour it.
struct Image {
    int32_t width = 0;
    int32_t height = 0;
    int32_t stride = 0;
    std::vector<uint8_t> pixels;

    Image(int32_t w, int32_t h, uint32_t fill = 0);
    FrameView view() const { return {pixels.data(), width, height, stride}; }
    uint8_t* at(int32_t x, int32_t y) { return pixels.data() + int64_t{y} * stride + int64_t{x} * 4; }
    const uint8_t* at(int32_t x, int32_t y) const { return pixels.data() + int64_t{y} * stride + int64_t{x} * 4; }
};

// Desktop-like content: a smooth background gradient, flat window panels with title bars, and
// lines of thin dark "glyph" strokes with soft edges, as text looks after anti-aliasing.
// Deterministic for a given seed.
Image natural_image(int32_t width, int32_t height, uint32_t seed = 1);

// Every channel random: the worst case for the run-length codecs.
Image noise_image(int32_t width, int32_t height, uint32_t seed = 7);

// The fill value the decoded canvases start with, to see which pixels a decoder touched.
inline constexpr uint32_t kSentinel = 0x00563412;  // bytes 12 34 56 00

// PSNR in dB over the R, G and B bytes of the pixels of `rects`; +inf when identical.
double psnr(const Image& a, const Image& b, std::span<const Rect> rects);

// Pixels outside `rects` whose four bytes differ from the sentinel.
int64_t touched_outside(const Image& canvas, std::span<const Rect> rects);

// Pixels inside `rects` whose R, G or B differs between `a` and `b`.
int64_t differing_inside(const Image& a, const Image& b, std::span<const Rect> rects);

// `rects` clipped to the image.
std::vector<Rect> clipped(const Image& img, std::span<const Rect> rects);

// Milliseconds per call of `fn`: the fastest of `runs` runs.
double best_ms(int runs, const std::function<void()>& fn);

// FreeRDP decoders, freed on scope exit.
struct RfxFree {
    void operator()(RFX_CONTEXT* c) const noexcept { rfx_context_free(c); }
};
struct ProgressiveFree {
    void operator()(PROGRESSIVE_CONTEXT* c) const noexcept { progressive_context_free(c); }
};
struct PlanarFree {
    void operator()(BITMAP_PLANAR_CONTEXT* c) const noexcept { freerdp_bitmap_planar_context_free(c); }
};
struct InterleavedFree {
    void operator()(BITMAP_INTERLEAVED_CONTEXT* c) const noexcept { bitmap_interleaved_context_free(c); }
};
using RfxDecoder = std::unique_ptr<RFX_CONTEXT, RfxFree>;
using ProgressiveDecoder = std::unique_ptr<PROGRESSIVE_CONTEXT, ProgressiveFree>;
using PlanarDecoder = std::unique_ptr<BITMAP_PLANAR_CONTEXT, PlanarFree>;
using InterleavedDecoder = std::unique_ptr<BITMAP_INTERLEAVED_CONTEXT, InterleavedFree>;

RfxDecoder make_rfx_decoder();

// Decodes one RemoteFX message onto `canvas` at the origin, as a FreeRDP client does for
// WireToSurface1 with destRect at (0, 0) and for surface bits. False when FreeRDP rejects it.
bool rfx_decode(RFX_CONTEXT* decoder, std::span<const uint8_t> message, Image& canvas);

}  // namespace wrd::encoder::test
