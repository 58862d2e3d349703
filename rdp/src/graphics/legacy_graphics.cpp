#include "legacy_graphics.hpp"

#include <vector>

#include "freerdp.hpp"
#include "logging.hpp"

namespace wrd::rdp {
namespace {
spdlog::logger& log() { return logger("rdp"); }

// TS_BITMAP_DATA flags (MS-RDPBCGR 2.2.9.1.1.3.1.2.2); FreeRDP keeps its names private.
constexpr UINT32 kBitmapCompression = 0x0001;
constexpr UINT32 kNoBitmapCompressionHdr = 0x0400;
}  // namespace

bool LegacyGraphics::acknowledges_frames() const {
    const rdpSettings* s = context_->settings;
    return freerdp_settings_get_bool(s, FreeRDP_SurfaceFrameMarkerEnabled) &&
           freerdp_settings_get_uint32(s, FreeRDP_FrameAcknowledge) > 0;
}

std::optional<uint32_t> LegacyGraphics::send(const EncodedFrame& frame, int32_t x, int32_t y) {
    if (frame.codec == FrameCodec::SurfaceBitsRfx) {
        uint32_t id = acknowledges_frames() ? next_frame_id_++ : 0;
        if (!send_surface_bits(frame, x, y, id)) return std::nullopt;
        return id;
    }
    if (frame.codec == FrameCodec::Bitmaps) {
        if (!send_bitmaps(frame, x, y)) return std::nullopt;
        return 0;
    }
    log().error("{} frames need the graphics pipeline", to_string(frame.codec));
    return std::nullopt;
}

bool LegacyGraphics::send_surface_bits(const EncodedFrame& frame, int32_t x, int32_t y, uint32_t frame_id) {
    rdpUpdate* update = context_->update;
    SURFACE_BITS_COMMAND cmd{};
    cmd.cmdType = CMDTYPE_STREAM_SURFACE_BITS;
    cmd.destLeft = static_cast<UINT32>(x);
    cmd.destTop = static_cast<UINT32>(y);
    cmd.destRight = static_cast<UINT32>(x + frame.width);
    cmd.destBottom = static_cast<UINT32>(y + frame.height);
    cmd.bmp.bpp = 32;
    cmd.bmp.codecID = static_cast<UINT16>(freerdp_settings_get_uint32(context_->settings, FreeRDP_RemoteFxCodecId));
    cmd.bmp.width = static_cast<UINT16>(frame.width);
    cmd.bmp.height = static_cast<UINT16>(frame.height);
    cmd.skipCompression = TRUE;
    size_t count = frame.surface_messages.size();
    for (size_t i = 0; i < count; ++i) {
        const auto& msg = frame.surface_messages[i];
        cmd.bmp.bitmapData = const_cast<BYTE*>(msg.data());
        cmd.bmp.bitmapDataLength = static_cast<UINT32>(msg.size());
        BOOL ok = frame_id ? update->SurfaceFrameBits(context_, &cmd, i == 0, i + 1 == count, frame_id)
                           : update->SurfaceBits(context_, &cmd);
        if (!ok) {
            log().error("writing RemoteFX surface bits failed");
            return false;
        }
    }
    return true;
}

bool LegacyGraphics::send_bitmaps(const EncodedFrame& frame, int32_t x, int32_t y) {
    rdpUpdate* update = context_->update;
    // We set the flags: FreeRDP's automatic ones mark uncompressed bitmaps
    // NO_BITMAP_COMPRESSION_HDR too, and rdesktop 1.9 decodes any bitmap with non-zero flags as
    // compressed, so it drew nothing where a tile went uncompressed.
    update->autoCalculateBitmapData = FALSE;
    const bool no_header = freerdp_settings_get_bool(context_->settings, FreeRDP_NoBitmapCompressionHeader);
    // One update must fit the client's multifragment size (MS-RDPBCGR 2.2.7.2.6); leave room
    // for the headers of each rectangle.
    const size_t max_update = freerdp_settings_get_uint32(context_->settings, FreeRDP_MultifragMaxRequestSize);
    std::vector<BITMAP_DATA> batch;
    size_t batch_bytes = 0;
    auto flush = [&]() -> bool {
        if (batch.empty()) return true;
        BITMAP_UPDATE bu{};
        bu.number = static_cast<UINT32>(batch.size());
        bu.rectangles = batch.data();
        bool ok = update->BitmapUpdate(context_, &bu);
        batch.clear();
        batch_bytes = 0;
        if (!ok) log().error("writing a bitmap update failed");
        return ok;
    };
    for (const auto& piece : frame.bitmaps) {
        size_t bytes = piece.bytes.size() + 64;
        if (batch_bytes + bytes + 1024 > max_update && !flush()) return false;
        BITMAP_DATA b{};
        b.destLeft = static_cast<UINT32>(x + piece.dest.x);
        b.destTop = static_cast<UINT32>(y + piece.dest.y);
        b.destRight = static_cast<UINT32>(x + piece.dest.right() - 1);  // inclusive
        b.destBottom = static_cast<UINT32>(y + piece.dest.bottom() - 1);
        b.width = piece.width;
        b.height = piece.height;
        b.bitsPerPixel = piece.bpp;
        b.compressed = piece.compressed;
        b.flags = piece.compressed ? kBitmapCompression | (no_header ? kNoBitmapCompressionHdr : 0) : 0;
        b.bitmapDataStream = const_cast<BYTE*>(piece.bytes.data());
        b.bitmapLength = static_cast<UINT32>(piece.bytes.size());
        b.cbCompMainBodySize = b.bitmapLength;
        b.cbScanWidth = static_cast<UINT32>(piece.width * ((piece.bpp + 7) / 8));
        b.cbUncompressedSize = b.cbScanWidth * piece.height;
        batch.push_back(b);
        batch_bytes += bytes;
    }
    return flush();
}

}  // namespace wrd::rdp
