#include "hooks.hpp"

#include <array>
#include <cstdio>
#include <utility>

#include "client.hpp"

namespace wrd::probe {
namespace {

// The names the report uses. Surface bits carry the codec ids the client advertised in its
// bitmap codecs capability (MS-RDPBCGR 2.2.7.2.10), which FreeRDP takes from these constants.
const char* surface_codec_name(UINT16 id) {
    switch (id) {
        case RDP_CODEC_ID_NONE:
            return "none";
        case RDP_CODEC_ID_NSCODEC:
            return "nsc";
        case RDP_CODEC_ID_JPEG:
            return "jpeg";
        case RDP_CODEC_ID_REMOTEFX:
            return "rfx";
        case RDP_CODEC_ID_IMAGE_REMOTEFX:
            return "rfx-image";
        default:
            return "surface-unknown";
    }
}

// MS-RDPEGFX 2.2.2.14.
const char* gfx_codec_name(UINT32 id) {
    constexpr std::array<std::pair<UINT32, const char*>, 10> kNames{{
        {RDPGFX_CODECID_UNCOMPRESSED, "gfx-uncompressed"},
        {RDPGFX_CODECID_CAVIDEO, "gfx-rfx"},
        {RDPGFX_CODECID_CLEARCODEC, "gfx-clear"},
        {RDPGFX_CODECID_PLANAR, "gfx-planar"},
        {RDPGFX_CODECID_AVC420, "gfx-avc420"},
        {RDPGFX_CODECID_ALPHA, "gfx-alpha"},
        {RDPGFX_CODECID_AVC444, "gfx-avc444"},
        {RDPGFX_CODECID_AVC444v2, "gfx-avc444v2"},
        {RDPGFX_CODECID_CAPROGRESSIVE, "gfx-progressive"},
        {RDPGFX_CODECID_CAPROGRESSIVE_V2, "gfx-progressive-v2"},
    }};
    for (const auto& [value, name] : kNames)
        if (value == id) return name;
    return "gfx-unknown";
}

// Bitmap updates (MS-RDPBCGR 2.2.9.1.1.3.1.2.2): compressed 32 bpp is planar (MS-RDPEGDI
// 2.2.2.5.1), compressed below 32 bpp is interleaved RLE (2.2.2.5.1.1 of MS-RDPBCGR).
const char* bitmap_codec_name(const BITMAP_DATA& b) {
    if (!b.compressed) return "bitmap-raw";
    return b.bitsPerPixel == 32 ? "planar" : "interleaved";
}

void count(Stats& stats, const char* codec, uint64_t bytes) {
    CodecCount& c = stats.codecs[codec];
    ++c.commands;
    c.bytes += bytes;
}

// Runs a decoder call and adds its time to the decode total.
template <typename F>
auto timed(Stats& stats, F&& call) {
    const auto start = Clock::now();
    auto result = call();
    stats.decode_ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return result;
}

BOOL surface_bits(rdpContext* context, const SURFACE_BITS_COMMAND* cmd) {
    Client& client = Client::of(context);
    count(client.stats(), surface_codec_name(cmd->bmp.codecID), cmd->bmp.bitmapDataLength);
    return timed(client.stats(), [&] { return client.hooks().surface_bits(context, cmd); });
}

BOOL surface_frame_marker(rdpContext* context, const SURFACE_FRAME_MARKER* marker) {
    Client& client = Client::of(context);
    if (marker->frameAction == SURFACECMD_FRAMEACTION_END) ++client.stats().surface_frames;
    return client.hooks().surface_frame_marker(context, marker);
}

BOOL bitmap_update(rdpContext* context, const BITMAP_UPDATE* update) {
    Client& client = Client::of(context);
    for (UINT32 i = 0; i < update->number; ++i)
        count(client.stats(), bitmap_codec_name(update->rectangles[i]), update->rectangles[i].bitmapLength);
    return timed(client.stats(), [&] { return client.hooks().bitmap_update(context, update); });
}

// The GDI keeps itself in gfx->custom; its context leads back to us.
Client& client_of(RdpgfxClientContext* gfx) {
    return Client::of(static_cast<rdpGdi*>(gfx->custom)->context);
}

UINT gfx_surface_command(RdpgfxClientContext* gfx, const RDPGFX_SURFACE_COMMAND* cmd) {
    Client& client = client_of(gfx);
    count(client.stats(), gfx_codec_name(cmd->codecId), cmd->length);
    return timed(client.stats(), [&] { return client.hooks().gfx_surface_command(gfx, cmd); });
}

UINT gfx_end_frame(RdpgfxClientContext* gfx, const RDPGFX_END_FRAME_PDU* end) {
    Client& client = client_of(gfx);
    ++client.stats().gfx_frames;
    // The GDI composes the frame's surfaces onto the desktop here: that is decoding work too.
    return timed(client.stats(), [&] { return client.hooks().gfx_end_frame(gfx, end); });
}

UINT gfx_caps_confirm(RdpgfxClientContext* gfx, const RDPGFX_CAPS_CONFIRM_PDU* confirm) {
    char version[16];
    std::snprintf(version, sizeof version, "0x%08x", confirm->capsSet ? confirm->capsSet->version : 0u);
    client_of(gfx).stats().gfx_caps = version;
    return CHANNEL_RC_OK;
}

}  // namespace

void hook_updates(rdpContext* context, Hooks& hooks) {
    rdpUpdate* update = context->update;
    hooks.surface_bits = std::exchange(update->SurfaceBits, surface_bits);
    hooks.surface_frame_marker = std::exchange(update->SurfaceFrameMarker, surface_frame_marker);
    hooks.bitmap_update = std::exchange(update->BitmapUpdate, bitmap_update);
}

void hook_gfx(RdpgfxClientContext* gfx, Hooks& hooks) {
    hooks.gfx_surface_command = std::exchange(gfx->SurfaceCommand, gfx_surface_command);
    hooks.gfx_end_frame = std::exchange(gfx->EndFrame, gfx_end_frame);
    gfx->CapsConfirm = gfx_caps_confirm;
}

}  // namespace wrd::probe
