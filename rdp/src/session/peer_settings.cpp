#include "session/peer_settings.hpp"

#include <format>

#include "freerdp.hpp"

namespace wrd::rdp {
namespace {

// The TLS version numbers of RFC 5246 as FreeRDP's TLSMinVersion expects them.
constexpr UINT16 kTls12 = 0x0303;

struct Check {
    bool ok = true;
    std::string failed;
    void operator()(BOOL result, const char* what) {
        if (!result && ok) {
            ok = false;
            failed = what;
        }
    }
};

}  // namespace

std::expected<void, std::string> apply_peer_settings(rdpSettings* s, const PeerSecurity& security,
                                                     bool h264_available) {
    Check check;
    rdpPrivateKey* key = freerdp_key_new_from_file(security.tls.key_path.c_str());
    if (!key) return std::unexpected(std::format("cannot load the TLS key {}", security.tls.key_path));
    check(freerdp_settings_set_pointer_len(s, FreeRDP_RdpServerRsaKey, key, 1), "RdpServerRsaKey");
    rdpCertificate* cert = freerdp_certificate_new_from_file(security.tls.certificate_path.c_str());
    if (!cert) return std::unexpected(std::format("cannot load the TLS certificate {}", security.tls.certificate_path));
    check(freerdp_settings_set_pointer_len(s, FreeRDP_RdpServerCertificate, cert, 1), "RdpServerCertificate");

    // Exactly one protocol is offered: NLA mode must not fall back to TLS (whose Client Info
    // login NLA mode would not check), TLS mode does not take NLA. Standard RDP security is RC4
    // with a static key and RDSTLS is a redirection-token login we do not issue: never offered.
    bool nla = security.mode == Security::Nla;
    check(freerdp_settings_set_bool(s, FreeRDP_RdpSecurity, FALSE), "RdpSecurity");
    check(freerdp_settings_set_bool(s, FreeRDP_RdstlsSecurity, FALSE), "RdstlsSecurity");
    check(freerdp_settings_set_bool(s, FreeRDP_AadSecurity, FALSE), "AadSecurity");
    check(freerdp_settings_set_bool(s, FreeRDP_ExtSecurity, FALSE), "ExtSecurity");
    check(freerdp_settings_set_bool(s, FreeRDP_TlsSecurity, !nla), "TlsSecurity");
    check(freerdp_settings_set_bool(s, FreeRDP_NlaSecurity, nla), "NlaSecurity");
    // FreeRDP's defaults allow TLS 1.0 at OpenSSL security level 1 (PITFALLS.md).
    check(freerdp_settings_set_uint16(s, FreeRDP_TLSMinVersion, kTls12), "TLSMinVersion");
    check(freerdp_settings_set_uint32(s, FreeRDP_TlsSecLevel, 2), "TlsSecLevel");

    // Graphics: GFX first; RemoteFX surface bits and bitmaps for older clients.
    check(freerdp_settings_set_uint32(s, FreeRDP_ColorDepth, 32), "ColorDepth");
    check(freerdp_settings_set_bool(s, FreeRDP_SupportGraphicsPipeline, TRUE), "SupportGraphicsPipeline");
    check(freerdp_settings_set_bool(s, FreeRDP_GfxH264, h264_available), "GfxH264");
    check(freerdp_settings_set_bool(s, FreeRDP_GfxAVC444, FALSE), "GfxAVC444");
    check(freerdp_settings_set_bool(s, FreeRDP_GfxAVC444v2, FALSE), "GfxAVC444v2");
    check(freerdp_settings_set_bool(s, FreeRDP_GfxProgressive, TRUE), "GfxProgressive");
    check(freerdp_settings_set_bool(s, FreeRDP_RemoteFxCodec, TRUE), "RemoteFxCodec");
    check(freerdp_settings_set_bool(s, FreeRDP_NSCodec, FALSE), "NSCodec");
    check(freerdp_settings_set_bool(s, FreeRDP_SurfaceCommandsEnabled, TRUE), "SurfaceCommandsEnabled");
    check(freerdp_settings_set_bool(s, FreeRDP_SurfaceFrameMarkerEnabled, TRUE), "SurfaceFrameMarkerEnabled");
    check(freerdp_settings_set_bool(s, FreeRDP_FrameMarkerCommandEnabled, TRUE), "FrameMarkerCommandEnabled");
    check(freerdp_settings_set_bool(s, FreeRDP_DrawAllowSkipAlpha, TRUE), "DrawAllowSkipAlpha");
    check(freerdp_settings_set_bool(s, FreeRDP_RefreshRect, TRUE), "RefreshRect");
    check(freerdp_settings_set_bool(s, FreeRDP_SuppressOutput, TRUE), "SuppressOutput");
    check(freerdp_settings_set_bool(s, FreeRDP_DesktopResize, TRUE), "DesktopResize");

    // Input: Unicode keys, horizontal wheel and buttons 4/5, monitor layout updates.
    check(freerdp_settings_set_bool(s, FreeRDP_UnicodeInput, TRUE), "UnicodeInput");
    check(freerdp_settings_set_bool(s, FreeRDP_HasHorizontalWheel, TRUE), "HasHorizontalWheel");
    check(freerdp_settings_set_bool(s, FreeRDP_HasExtendedMouseEvent, TRUE), "HasExtendedMouseEvent");
    check(freerdp_settings_set_bool(s, FreeRDP_SupportMonitorLayoutPdu, TRUE), "SupportMonitorLayoutPdu");
    check(freerdp_settings_set_bool(s, FreeRDP_SupportDisplayControl, TRUE), "SupportDisplayControl");
    check(freerdp_settings_set_uint32(s, FreeRDP_LargePointerFlag,
                                      LARGE_POINTER_FLAG_96x96 | LARGE_POINTER_FLAG_384x384),
          "LargePointerFlag");
    check(freerdp_settings_set_uint32(s, FreeRDP_PointerCacheSize, 32), "PointerCacheSize");
    check(freerdp_settings_set_uint32(s, FreeRDP_MultifragMaxRequestSize, 0x3F0000), "MultifragMaxRequestSize");
    // Heartbeats (MS-RDPBCGR 2.2.16.1) let the client notice a dead server, and their writes let
    // TCP notice a dead client; FreeRDP clears this after Client Core Data if the client lacks them.
    check(freerdp_settings_set_bool(s, FreeRDP_SupportHeartbeatPdu, TRUE), "SupportHeartbeatPdu");
    if (!check.ok) return std::unexpected("cannot set FreeRDP setting " + check.failed);
    return {};
}

}  // namespace wrd::rdp
