// EncodedFrame: one output's update, encoded and ready to be written to the client by the I/O
// thread. Made on the encoder thread, moved through the pipeline's bounded queue; a plain value.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "rect.hpp"

namespace wrd::rdp {

// The ways a frame can travel; which one a client gets is decided at connection time.
enum class FrameCodec {
    GfxAvc420,       // RDPGFX WireToSurface1, RDPGFX_CODECID_AVC420 (MS-RDPEGFX 2.2.4.4)
    GfxRemoteFx,     // RDPGFX WireToSurface1, RDPGFX_CODECID_CAVIDEO
    GfxProgressive,  // RDPGFX WireToSurface2, RDPGFX_CODECID_CAPROGRESSIVE
    SurfaceBitsRfx,  // TS_SURFCMD_STREAM_SURF_BITS with RemoteFX (MS-RDPBCGR 2.2.9.2.1)
    Bitmaps,         // TS_UPDATE_BITMAP (MS-RDPBCGR 2.2.9.1.1.3.1.2)
};

const char* to_string(FrameCodec codec);

// A rectangle of an AVC420 picture the client should show, with the quality it was coded at
// (RDPGFX_AVC420_METABLOCK, MS-RDPEGFX 2.2.4.4.2).
struct AvcRegion {
    Rect rect;
    uint8_t qp = 22;
    uint8_t quality = 100;
};

// One legacy bitmap rectangle (TS_BITMAP_DATA): `dest` on the desktop, `width` x `height` the
// coded size (width padded to a multiple of 4).
struct BitmapPiece {
    Rect dest;
    uint16_t width = 0;
    uint16_t height = 0;
    uint16_t bpp = 32;
    bool compressed = false;
    std::vector<uint8_t> bytes;
};

struct EncodedFrame {
    FrameCodec codec = FrameCodec::GfxAvc420;
    std::string output;                    // the output's name
    int32_t width = 0, height = 0;         // the output's size this frame was coded for
    Rect bounds;                           // everything this frame touches, output-local
    std::vector<uint8_t> data;             // GFX codecs: the bitstream
    std::vector<AvcRegion> avc_regions;    // GfxAvc420
    std::vector<std::vector<uint8_t>> surface_messages;  // SurfaceBitsRfx, one per PDU
    std::vector<BitmapPiece> bitmaps;      // Bitmaps
    uint64_t capture_sequence = 0;
    std::chrono::steady_clock::time_point captured_at;  // screencopy ready
    std::chrono::steady_clock::time_point encoded_at;

    size_t payload_bytes() const {
        size_t n = data.size();
        for (const auto& m : surface_messages) n += m.size();
        for (const auto& b : bitmaps) n += b.bytes.size();
        return n;
    }
};

}  // namespace wrd::rdp
