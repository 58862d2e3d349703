// FrameEncoder: turns one output's frames into EncodedFrames with one codec, keeping that
// codec's state (reference pictures, tile history). Lives on the encoder thread only.
#pragma once

#include <expected>
#include <memory>
#include <span>
#include <string>

#include "encoded_frame.hpp"
#include "source_frame.hpp"

namespace wrd::rdp {

struct EncoderSettings {
    int avc_crf = 23;
    int avc_max_bitrate_kbps = 0;
    uint16_t surface_id = 0;              // progressive keeps per-surface state
    uint32_t bitmap_color_depth = 32;     // Bitmaps: the client's colour depth
    bool bitmap_planar = true;            // Bitmaps: RDP 6.0 planar allowed (32 bpp)
    size_t max_surface_message = 0x3F0000;  // SurfaceBitsRfx: the client's multifragment size
};

class FrameEncoder {
public:
    virtual ~FrameEncoder() = default;
    // `damage` is what changed since the previous call (already refined to 64x64 tiles, and
    // the whole output when `full`); `full` also asks for a fresh start (an H.264 IDR).
    virtual std::expected<EncodedFrame, std::string> encode(const SourceFrame& frame, std::span<const Rect> damage,
                                                            bool full) = 0;
};

// An encoder for `codec` at `width` x `height`; the error says why none can be made (for
// example libx264 missing).
std::expected<std::unique_ptr<FrameEncoder>, std::string> make_frame_encoder(FrameCodec codec, int32_t width,
                                                                             int32_t height,
                                                                             const EncoderSettings& settings);

}  // namespace wrd::rdp
