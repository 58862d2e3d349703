#include "client.hpp"

#include <cinttypes>
#include <cstdio>
#include <stdexcept>

#include "logging.hpp"

namespace wrd::probe {
namespace {

std::string error_text(UINT32 code) {
    char buf[320];
    std::snprintf(buf, sizeof buf, "%s [0x%08" PRIX32 "]: %s", freerdp_get_last_error_name(code), code,
                  freerdp_get_last_error_string(code));
    return buf;
}

}  // namespace

Client::Client(const Options& options) : options_(options) {
    // FreeRDP allocates ContextSize bytes for the context and runs ClientNew inside
    // freerdp_client_context_new, before the back pointer is set, so ClientNew only installs
    // the instance callbacks.
    RDP_CLIENT_ENTRY_POINTS ep{};
    ep.Version = RDP_CLIENT_INTERFACE_VERSION;
    ep.Size = sizeof(RDP_CLIENT_ENTRY_POINTS_V1);
    ep.ContextSize = sizeof(ProbeContext);
    ep.ClientNew = client_new;
    context_ = freerdp_client_context_new(&ep);
    if (!context_) throw std::runtime_error("FreeRDP could not create a client context");
    reinterpret_cast<ProbeContext*>(context_)->client = this;
}

Client::~Client() {
    disconnect();
    freerdp_client_context_free(context_);
}

std::expected<void, std::string> Client::connect() {
    if (auto r = apply_settings(context_->settings, options_); !r) return r;
    // Even a failed connect may have set up channels and the GDI: disconnect() tears down.
    attempted_ = true;
    if (!freerdp_connect(context_->instance)) {
        std::string why = error_text(freerdp_get_last_error(context_));
        if (logon_error_) why += "; logon error: " + *logon_error_;
        return std::unexpected(why);
    }
    connected_ = true;
    stats_.connected_at = Clock::now();
    return {};
}

std::expected<void, std::string> Client::pump(std::chrono::milliseconds max_wait) {
    if (!connected_) return std::unexpected("not connected");
    HANDLE handles[MAXIMUM_WAIT_OBJECTS] = {};
    const DWORD count = freerdp_get_event_handles(context_, handles, ARRAYSIZE(handles));
    if (count == 0) return std::unexpected("FreeRDP has no event handles: " + ended_reason());
    const auto ms = static_cast<DWORD>(std::clamp<int64_t>(max_wait.count(), 0, 1000));
    if (WaitForMultipleObjects(count, handles, FALSE, ms) == WAIT_FAILED)
        return std::unexpected("waiting for FreeRDP's events failed");
    if (!freerdp_check_event_handles(context_) || freerdp_shall_disconnect_context(context_)) {
        connected_ = false;
        stats_.ended_at = Clock::now();
        return std::unexpected("the connection ended: " + ended_reason());
    }
    return {};
}

std::expected<void, std::string> Client::wait_until(const std::function<bool()>& done, Clock::time_point deadline,
                                                    std::string_view what) {
    const auto started = Clock::now();
    while (!done()) {
        const auto now = Clock::now();
        if (now >= deadline) {
            const auto waited = std::chrono::duration<double>(now - started).count();
            char buf[64];
            std::snprintf(buf, sizeof buf, "timed out after %.1f s waiting for ", waited);
            return std::unexpected(buf + std::string(what));
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        // Short slices: done() may depend on time passing (wait-stable), not only on events.
        if (auto r = pump(std::min(left, std::chrono::milliseconds(20))); !r) return r;
    }
    return {};
}

void Client::disconnect() {
    if (connected_) stats_.ended_at = Clock::now();
    connected_ = false;
    if (!attempted_) return;
    attempted_ = false;
    freerdp_disconnect(context_->instance);
}

void Client::abort() {
    freerdp_abort_connect_context(context_);
}

// Why the connection is gone: FreeRDP's last error, and the server's Set Error Info PDU
// (MS-RDPBCGR 2.2.5.1.1) when it sent one.
std::string Client::ended_reason() const {
    std::string why = error_text(freerdp_get_last_error(context_));
    if (const UINT32 info = freerdp_error_info(context_->instance); info != 0) {
        char buf[256];
        std::snprintf(buf, sizeof buf, "; server error info %s [0x%08" PRIX32 "]: %s",
                      freerdp_get_error_info_name(info), info, freerdp_get_error_info_string(info));
        why += buf;
    }
    return why;
}

std::string Client::security_used() const {
    if (!stats_.connected_at) return "";
    // MS-RDPBCGR 2.2.1.2.1 selectedProtocol; FreeRDP keeps these names in a private header.
    switch (freerdp_settings_get_uint32(context_->settings, FreeRDP_SelectedProtocol)) {
        case 0x00:
            return "rdp";
        case 0x01:
            return "tls";
        case 0x02:
            return "nla";
        case 0x04:
            return "rdstls";
        case 0x08:
            return "nla-ex";
        case 0x10:
            return "aad";
        default:
            return "unknown";
    }
}

uint64_t Client::bytes_received() const {
    UINT64 in = 0;
    freerdp_get_stats(context_->rdp, &in, nullptr, nullptr, nullptr);
    return in;
}

uint64_t Client::bytes_sent() const {
    UINT64 out = 0;
    freerdp_get_stats(context_->rdp, nullptr, &out, nullptr, nullptr);
    return out;
}

BOOL Client::client_new(freerdp* instance, rdpContext*) {
    instance->PreConnect = pre_connect;
    instance->PostConnect = post_connect;
    instance->PostDisconnect = post_disconnect;
    instance->VerifyCertificateEx = verify_certificate;
    instance->VerifyChangedCertificateEx = verify_changed_certificate;
    instance->LogonErrorInfo = logon_error_info;
    // No prompts: a missing password is a connect error, never a read from the terminal.
    instance->AuthenticateEx = nullptr;
    instance->ChooseSmartcard = nullptr;
    instance->PresentGatewayMessage = nullptr;
    instance->GetAccessToken = nullptr;
    return TRUE;
}

BOOL Client::pre_connect(freerdp* instance) {
    rdpContext* context = instance->context;
    PubSub_SubscribeChannelConnected(context->pubSub, channel_connected);
    PubSub_SubscribeChannelDisconnected(context->pubSub, channel_disconnected);
    of(context).frame_acks_.install(instance);
    return TRUE;
}

// The settings now hold what the server agreed to; the GDI decodes into a BGRX buffer of the
// negotiated desktop size.
BOOL Client::post_connect(freerdp* instance) {
    rdpContext* context = instance->context;
    Client& self = of(context);
    if (!gdi_init(instance, PIXEL_FORMAT_BGRX32)) return FALSE;
    self.gdi_ready_ = true;
    self.stats_.desktop_width = context->gdi->width;
    self.stats_.desktop_height = context->gdi->height;
    context->update->EndPaint = end_paint;
    context->update->DesktopResize = desktop_resize;
    hook_updates(context, self.hooks_);
    self.pointer_.hook(context);
    return TRUE;
}

void Client::post_disconnect(freerdp* instance) {
    rdpContext* context = instance->context;
    Client& self = of(context);
    PubSub_UnsubscribeChannelConnected(context->pubSub, channel_connected);
    PubSub_UnsubscribeChannelDisconnected(context->pubSub, channel_disconnected);
    if (self.gdi_ready_) gdi_free(instance);
    self.gdi_ready_ = false;
}

// Every paint ends here; one that invalidated pixels is a screen update.
BOOL Client::end_paint(rdpContext* context) {
    const rdpGdi* gdi = context->gdi;
    if (!gdi || !gdi->primary || gdi->primary->hdc->hwnd->invalid->null) return TRUE;
    Stats& stats = of(context).stats_;
    ++stats.screen_updates;
    stats.last_update_at = Clock::now();
    return TRUE;
}

BOOL Client::desktop_resize(rdpContext* context) {
    const rdpSettings* s = context->settings;
    const UINT32 width = freerdp_settings_get_uint32(s, FreeRDP_DesktopWidth);
    const UINT32 height = freerdp_settings_get_uint32(s, FreeRDP_DesktopHeight);
    if (!gdi_resize(context->gdi, width, height)) return FALSE;
    Stats& stats = of(context).stats_;
    stats.desktop_width = static_cast<int>(width);
    stats.desktop_height = static_cast<int>(height);
    return TRUE;
}

// Returning 2 accepts for this session only: 1 would store the certificate under $HOME, and
// then FreeRDP skips this callback next time and we could not report the fingerprint.
DWORD Client::verify_certificate(freerdp* instance, const char*, UINT16, const char* common_name, const char* subject,
                                 const char* issuer, const char* fingerprint, DWORD flags) {
    of(instance->context).record_certificate(common_name, subject, issuer, fingerprint, flags, false);
    return 2;
}

DWORD Client::verify_changed_certificate(freerdp* instance, const char*, UINT16, const char* common_name,
                                         const char* subject, const char* issuer, const char* fingerprint, const char*,
                                         const char*, const char*, DWORD flags) {
    of(instance->context).record_certificate(common_name, subject, issuer, fingerprint, flags, true);
    return 2;
}

void Client::record_certificate(const char* common_name, const char* subject, const char* issuer,
                                const char* fingerprint, DWORD flags, bool changed) {
    CertificateInfo info;
    // We never set CertificateCallbackPreferPEM, so this is the fingerprint, not a PEM.
    if (fingerprint && (flags & VERIFY_CERT_FLAG_FP_IS_PEM) == 0) info.fingerprint = fingerprint;
    info.common_name = common_name ? common_name : "";
    info.subject = subject ? subject : "";
    info.issuer = issuer ? issuer : "";
    info.changed = changed;
    certificate_ = std::move(info);
}

int Client::logon_error_info(freerdp* instance, UINT32 data, UINT32 type) {
    Client& self = of(instance->context);
    self.logon_error_ =
        std::string(freerdp_get_logon_error_info_type(type)) + " " + freerdp_get_logon_error_info_data(data);
    logger("probe").warn("logon error info: {}", *self.logon_error_);
    return 1;
}

}  // namespace wrd::probe
