// Options to FreeRDP client settings. Every setting goes through freerdp_settings_set_*, and a
// refusal names the setting, so a FreeRDP upgrade that renames one fails loudly.
#include <array>

#include "client.hpp"

namespace wrd::probe {
namespace {

// What each --codec advertises. GFX codecs are offers in the RDPGFX capability sets
// (MS-RDPEGFX 2.2.3): GfxH264 without GfxAVC444 sends only CAPVERSION_8/81 with AVC420, both
// send 10.x without AVC_DISABLED; neither sends 10.x with AVC_DISABLED (RemoteFX/progressive/
// planar only). Surface bits codecs are the bitmap codecs capability (MS-RDPBCGR 2.2.7.2.10).
struct CodecSettings {
    Codec codec;
    bool gfx;
    bool h264;
    bool avc444;
    bool progressive;
    bool remotefx;
    bool nscodec;
    bool surface_commands;
};

constexpr std::array<CodecSettings, 7> kCodecSettings{{
    // codec              gfx    h264   avc444 prog   rfx    nsc    surface commands
    {Codec::avc420, true, true, false, false, false, false, true},
    {Codec::avc444, true, true, true, false, false, false, true},
    {Codec::progressive, true, false, false, true, false, false, true},
    {Codec::rfx, false, false, false, false, true, false, true},
    {Codec::nsc, false, false, false, false, false, true, true},
    {Codec::raw, false, false, false, false, false, false, true},
    {Codec::bitmap, false, false, false, false, false, false, false},
}};

// MS-RDPBCGR 2.2.7.2.9: Set Surface Bits, Stream Surface Bits and Frame Marker.
constexpr uint32_t kSurfaceCommands = SURFCMDS_SET_SURFACE_BITS | SURFCMDS_STREAM_SURFACE_BITS | SURFCMDS_FRAME_MARKER;

// Collects the first refused setting, so the calls read as a list.
class Setter {
public:
    explicit Setter(rdpSettings* s) : s_(s) {}
    Setter& b(FreeRDP_Settings_Keys_Bool key, bool v) {
        if (ok() && !freerdp_settings_set_bool(s_, key, v ? TRUE : FALSE)) fail(key);
        return *this;
    }
    Setter& u32(FreeRDP_Settings_Keys_UInt32 key, uint32_t v) {
        if (ok() && !freerdp_settings_set_uint32(s_, key, v)) fail(key);
        return *this;
    }
    Setter& str(FreeRDP_Settings_Keys_String key, const std::string& v) {
        if (ok() && !v.empty() && !freerdp_settings_set_string(s_, key, v.c_str())) fail(key);
        return *this;
    }
    std::expected<void, std::string> result() const {
        if (error_.empty()) return {};
        return std::unexpected(error_);
    }

private:
    bool ok() const { return error_.empty(); }
    void fail(SSIZE_T key) {
        const char* name = freerdp_settings_get_name_for_key(key);
        error_ = std::string("FreeRDP refused setting ") + (name ? name : "?");
    }

    rdpSettings* s_;
    std::string error_;
};

void apply_codec(Setter& set, Codec codec) {
    for (const CodecSettings& c : kCodecSettings) {
        if (c.codec != codec) continue;
        set.b(FreeRDP_SupportGraphicsPipeline, c.gfx)
            .b(FreeRDP_GfxH264, c.h264)
            .b(FreeRDP_GfxAVC444, c.avc444)
            .b(FreeRDP_GfxAVC444v2, c.avc444)
            .b(FreeRDP_GfxProgressive, c.progressive)
            .b(FreeRDP_GfxProgressiveV2, c.progressive)
            .b(FreeRDP_RemoteFxCodec, c.remotefx)
            .b(FreeRDP_NSCodec, c.nscodec)
            // The capability set FreeRDP writes comes from SurfaceCommandsSupported (the flags);
            // SurfaceCommandsEnabled alone changes nothing on the wire.
            .u32(FreeRDP_SurfaceCommandsSupported, c.surface_commands ? kSurfaceCommands : 0)
            .b(FreeRDP_SurfaceCommandsEnabled, c.surface_commands)
            .b(FreeRDP_SurfaceFrameMarkerEnabled, c.surface_commands)
            .u32(FreeRDP_ColorDepth, 32);
    }
}

void apply_security(Setter& set, Security security) {
    set.b(FreeRDP_NlaSecurity, security != Security::tls)
        .b(FreeRDP_TlsSecurity, security != Security::nla)
        .b(FreeRDP_RdpSecurity, security == Security::any)
        .b(FreeRDP_ExtSecurity, false);
}

// One monitor unless --monitors gave several (then the client sends its monitor data, MS-RDPBCGR
// 2.2.1.3.6, and the desktop is their bounding box).
std::expected<void, std::string> apply_monitors(rdpSettings* settings, const Options& o) {
    if (o.monitors.size() < 2) return {};
    if (!freerdp_settings_set_bool(settings, FreeRDP_UseMultimon, TRUE) ||
        !freerdp_settings_set_pointer_len(settings, FreeRDP_MonitorDefArray, nullptr, o.monitors.size()) ||
        !freerdp_settings_set_uint32(settings, FreeRDP_MonitorCount, static_cast<uint32_t>(o.monitors.size())))
        return std::unexpected("FreeRDP refused the monitor layout");
    for (size_t i = 0; i < o.monitors.size(); ++i) {
        rdpMonitor m{};
        m.x = o.monitors[i].x;
        m.y = o.monitors[i].y;
        m.width = o.monitors[i].width;
        m.height = o.monitors[i].height;
        m.is_primary = i == 0 ? TRUE : FALSE;
        if (!freerdp_settings_set_pointer_array(settings, FreeRDP_MonitorDefArray, i, &m))
            return std::unexpected("FreeRDP refused monitor " + std::to_string(i));
    }
    return {};
}

}  // namespace

std::expected<void, std::string> apply_settings(rdpSettings* settings, const Options& o) {
    Setter set(settings);
    set.str(FreeRDP_ServerHostname, o.host)
        .u32(FreeRDP_ServerPort, o.port)
        .str(FreeRDP_Username, o.user)
        .str(FreeRDP_Password, o.password)
        .str(FreeRDP_Domain, o.domain)
        .u32(FreeRDP_DesktopWidth, static_cast<uint32_t>(o.width))
        .u32(FreeRDP_DesktopHeight, static_cast<uint32_t>(o.height))
        .u32(FreeRDP_TcpConnectTimeout, static_cast<uint32_t>(o.timeout_s) * 1000)
        // US keyboard: what the keys step's scancodes mean.
        .u32(FreeRDP_KeyboardLayout, 0x409)
        // Callbacks on the main thread only: channel data is handled inside pump().
        .b(FreeRDP_SynchronousDynamicChannels, true)
        .b(FreeRDP_RedirectClipboard, true)
        .b(FreeRDP_SupportDisplayControl, true)
        .b(FreeRDP_DynamicResolutionUpdate, true)
        .b(FreeRDP_SupportMonitorLayoutPdu, true)
        .b(FreeRDP_HasHorizontalWheel, true)
        .b(FreeRDP_UnicodeInput, true)
        // A test client must not pause for ever on a dropped line or write into $HOME.
        .b(FreeRDP_AutoReconnectionEnabled, false)
        .b(FreeRDP_AudioPlayback, false)
        .b(FreeRDP_DeviceRedirection, false);
    apply_security(set, o.security);
    apply_codec(set, o.codec);
    if (auto r = set.result(); !r) return r;
    return apply_monitors(settings, o);
}

}  // namespace wrd::probe
