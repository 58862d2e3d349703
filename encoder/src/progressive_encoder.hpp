// ProgressiveEncoder: the RemoteFX Progressive codec (RDPGFX_CODECID_CAPROGRESSIVE) through FreeRDP.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "frame.hpp"
#include "rect.hpp"

// FreeRDP's opaque context (typedef'd to PROGRESSIVE_CONTEXT in freerdp/codec/progressive.h);
// declared here so users of this header need no FreeRDP include paths.
struct S_PROGRESSIVE_CONTEXT;

namespace wrd::encoder {

// Encodes damaged areas of a BGRX frame as one RemoteFX Progressive bitmap stream (MS-RDPEGFX
// 2.2.4.2) for an RDPGFX_WIRE_TO_SURFACE_PDU_2 (MS-RDPEGFX 2.2.2.2).
//
// What FreeRDP 3.15's progressive encoder does (progressive_compress): every call emits a
// complete stream (sync, context, one frame with one region) whose tiles are all
// RFX_PROGRESSIVE_TILE_SIMPLE blocks, i.e. plain RemoteFX tiles with the default RemoteFX
// quantisation and RLGR1. There are no first/upgrade passes and no lossless final pass: the
// quality is that of RemoteFX (lossy) and stays there until the area is encoded again. It keeps
// no per-surface state on the encoding side (progressive_create_surface_context exists for the
// decoder only), so one encoder serves any number of surfaces; and as no stream refers to an
// earlier one, each can be decoded on its own.
//
// Tiles and region rectangles are in frame (surface) coordinates: the stream covers the surface
// from its origin, as WireToSurface2 has no destination rectangle.
//
// Owns a FreeRDP PROGRESSIVE_CONTEXT. Used by one thread at a time (the encoder thread); FreeRDP
// spreads the tiles of one call over its own internal thread pool and joins it before returning.
class ProgressiveEncoder {
public:
    static std::expected<ProgressiveEncoder, std::string> create(int32_t width, int32_t height);

    ProgressiveEncoder(ProgressiveEncoder&&) noexcept;
    ProgressiveEncoder& operator=(ProgressiveEncoder&&) noexcept;
    ~ProgressiveEncoder();

    // The bitmap stream for `rects` clipped to the frame; empty when nothing lies inside it.
    // `surface_id` names the target surface; FreeRDP's encoder has no per-surface state, so it
    // does not change the bytes (see the class comment). A frame of another size than the last
    // one is simply encoded at its size.
    std::expected<std::vector<uint8_t>, std::string> encode(const FrameView& frame, std::span<const Rect> rects,
                                                            uint16_t surface_id);

    int32_t width() const { return width_; }
    int32_t height() const { return height_; }

private:
    struct ContextFree {
        void operator()(S_PROGRESSIVE_CONTEXT* context) const noexcept;
    };

    ProgressiveEncoder(std::unique_ptr<S_PROGRESSIVE_CONTEXT, ContextFree> context, int32_t width, int32_t height);

    std::unique_ptr<S_PROGRESSIVE_CONTEXT, ContextFree> context_;
    int32_t width_ = 0;
    int32_t height_ = 0;
};

}  // namespace wrd::encoder
