// Shared pieces of the encoder unit tests: owned BGRX images with synthetic desktop content,
// FreeRDP's own YUV420 -> RGB primitive (what an RDP client runs), libavcodec's H.264 decoder
// and PSNR. Test thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "frame.hpp"

namespace wrd::encoder::test {

// A BGRX image that owns its pixels; `stride` may exceed 4 * width to catch stride bugs.
struct Image {
    int32_t width = 0;
    int32_t height = 0;
    int32_t stride = 0;
    std::vector<uint8_t> pixels;

    Image(int32_t w, int32_t h, int32_t extra_stride = 0);
    FrameView view() const { return {pixels.data(), width, height, stride}; }
    uint8_t* at(int32_t x, int32_t y) { return pixels.data() + int64_t{y} * stride + int64_t{x} * 4; }
    const uint8_t* at(int32_t x, int32_t y) const { return pixels.data() + int64_t{y} * stride + int64_t{x} * 4; }
    void set(int32_t x, int32_t y, uint8_t r, uint8_t g, uint8_t b);
    void fill(const Rect& r, uint8_t red, uint8_t green, uint8_t blue);
};

// Smooth diagonal gradients in all three channels (no edges).
Image gradient_image(int32_t w, int32_t h, int32_t extra_stride = 0);
// Every byte random, the X byte included.
Image random_image(int32_t w, int32_t h, std::mt19937& rng, int32_t extra_stride = 0);
// A desktop-like picture: gradient wallpaper, two "windows" with title bars and borders, and
// many rows of text-like high-contrast strokes (dark glyph-sized marks on light ground).
Image desktop_image(int32_t w, int32_t h);
// Draws a block of text-like strokes into `area` with the given seed.
void draw_text(Image& img, const Rect& area, uint32_t seed);

// Planar I420 planes, tightly packed, e.g. from a decoder.
struct I420 {
    int32_t width = 0;
    int32_t height = 0;
    std::vector<uint8_t> y, u, v;
    int32_t y_stride = 0, uv_stride = 0;
};

// NV12 -> I420 (de-interleaves UV).
I420 nv12_to_i420(const uint8_t* y, int32_t y_stride, const uint8_t* uv, int32_t uv_stride, int32_t w, int32_t h);

enum class Primitives { best, generic };
// What an RDP client (FreeRDP) shows for these planes: its YUV420ToRGB_8u_P3AC4R primitive
// into BGRX, for the top-left w x h pixels.
Image freerdp_yuv420_to_bgrx(const I420& planes, int32_t w, int32_t h, Primitives which = Primitives::best);

struct ChannelError {
    int max_abs = 0;
    double mean_abs = 0;
};
// Per-pixel error between the R, G and B channels of two images over `a`'s size.
ChannelError compare(const Image& a, const Image& b);
// PSNR in dB over the R, G and B channels of `a`'s size.
double psnr(const Image& a, const Image& b);

// libavcodec's H.264 decoder, single-threaded so every picture comes out of the call that
// received its packet (as an RDP client needs). Owns its state.
class H264Decoder {
public:
    H264Decoder();
    ~H264Decoder();
    H264Decoder(const H264Decoder&) = delete;
    H264Decoder& operator=(const H264Decoder&) = delete;

    // The picture decoded from one access unit, or an error text (also when the decoder
    // held the picture back).
    std::optional<I420> decode(std::span<const uint8_t> access_unit, std::string& error);

    // Stream properties after the first decode.
    int profile() const;
    bool full_range() const;
    bool bt709() const;
    bool chroma_centred() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The NAL unit types of an Annex-B stream, in order.
std::vector<int> nal_types(std::span<const uint8_t> annex_b);

}  // namespace wrd::encoder::test
