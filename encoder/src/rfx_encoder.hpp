// RfxEncoder: RemoteFX (MS-RDPRFX) for the GFX CAVIDEO codec and for surface bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "frame.hpp"
#include "rect.hpp"

// FreeRDP's opaque context (typedef'd to RFX_CONTEXT in freerdp/codec/rfx.h); declared here so
// users of this header need no FreeRDP include paths.
struct S_RFX_CONTEXT;

namespace wrd::encoder {

// The entropy coder of the tiles (MS-RDPRFX 2.2.2.2.4 TS_RFX_CONTEXT, field et). Surface bits
// must use the one the client listed in its TS_RFX_ICAP (MS-RDPRFX 2.2.1.1.1.1.1); FreeRDP's
// decoders read it from each message, so either works for GFX.
enum class RlgrMode { rlgr1, rlgr3 };

// Encodes damaged areas of a BGRX frame as RemoteFX messages. FreeRDP does the tile work (colour
// conversion, DWT, quantisation, RLGR; 64x64 tiles on a grid anchored at the frame's origin, with
// its default quantisation, so the result is lossy); this class writes the message blocks itself
// so that every message carries the header blocks (needed by image-mode clients and after a
// client reset, MS-RDPRFX 3.1.5) and so that a split for surface bits really respects the size
// limit (FreeRDP 3.15's rfx_encode_messages overshoots by one tile and can emit an empty message).
//
// Coordinates: tiles and region rectangles are in frame (surface) coordinates, so the PDU that
// carries a message must place it at the origin: WireToSurface1 destRect = (0, 0, width, height)
// (FreeRDP clients add destRect.left/top to every tile), TS_SURFCMD_STREAM_SURF_BITS
// destLeft/destTop = 0, destRight/destBottom = width/height, bitmap width/height = frame size.
//
// Owns a FreeRDP RFX_CONTEXT. Used by one thread at a time (the encoder thread); FreeRDP spreads
// the tiles of one call over its own internal thread pool and joins it before returning.
class RfxEncoder {
public:
    static std::expected<RfxEncoder, std::string> create(int32_t width, int32_t height,
                                                         RlgrMode mode = RlgrMode::rlgr3);

    RfxEncoder(RfxEncoder&&) noexcept;
    RfxEncoder& operator=(RfxEncoder&&) noexcept;
    ~RfxEncoder();

    // One RemoteFX message for an RDPGFX_WIRE_TO_SURFACE_PDU_1 with codecId
    // RDPGFX_CODECID_CAVIDEO (MS-RDPEGFX 2.2.2.1), covering `rects` clipped to the frame. An empty
    // vector when nothing of `rects` lies inside the frame. A frame of another size than the last
    // one resets the codec to the new size.
    std::expected<std::vector<uint8_t>, std::string> encode_gfx(const FrameView& frame, std::span<const Rect> rects);

    // The messages for TS_SURFCMD_STREAM_SURF_BITS commands (MS-RDPBCGR 2.2.9.2.2), one command
    // each, in order; every message is self-contained and at most `max_message_bytes` long.
    // `max_message_bytes` is the budget for the RemoteFX bytes alone: the client's
    // MultifragMaxRequestSize (MS-RDPBCGR 2.2.7.2.6) minus what the caller wraps around them
    // (fast-path update header, surface command and TS_BITMAP_DATA_EX headers). An error when
    // the budget cannot hold the headers plus one tile.
    std::expected<std::vector<std::vector<uint8_t>>, std::string> encode_surface_bits(const FrameView& frame,
                                                                                      std::span<const Rect> rects,
                                                                                      size_t max_message_bytes);

    int32_t width() const { return width_; }
    int32_t height() const { return height_; }

private:
    struct ContextFree {
        void operator()(S_RFX_CONTEXT* context) const noexcept;
    };
    class Message;

    RfxEncoder(std::unique_ptr<S_RFX_CONTEXT, ContextFree> context, int32_t width, int32_t height, RlgrMode mode);
    std::expected<Message, std::string> encode_message(const FrameView& frame, std::span<const Rect> rects);

    std::unique_ptr<S_RFX_CONTEXT, ContextFree> context_;
    int32_t width_ = 0;
    int32_t height_ = 0;
    RlgrMode mode_ = RlgrMode::rlgr3;
    uint32_t frame_index_ = 0;  // TS_RFX_FRAME_BEGIN.frameIdx; clients in video mode ignore it
};

}  // namespace wrd::encoder
