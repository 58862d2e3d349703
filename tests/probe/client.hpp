// The probe's RDP connection: a FreeRDP client context with the GDI decoder, its channels
// (rdpgfx, cliprdr, disp), the server's pointer, the frame acknowledgement gate and the
// counters the report needs. Everything runs on the main
// thread: dynamic channels are set synchronous, so FreeRDP calls back only from inside
// pump(), and no other thread may touch a Client.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clipboard.hpp"
#include "frame_ack_gate.hpp"
#include "freerdp.hpp"
#include "hooks.hpp"
#include "options.hpp"
#include "pointer.hpp"
#include "stats.hpp"

namespace wrd::probe {

class Client;

// FreeRDP allocates ContextSize bytes and hands out rdpContext*; the C++ object hangs off it.
// Standard layout, so an rdpContext* (the first member of `common`) converts back.
struct ProbeContext {
    rdpClientContext common;
    Client* client;
};

// The server's TLS certificate as FreeRDP showed it to us.
struct CertificateInfo {
    std::string fingerprint;  // "sha256" digest of the DER, lowercase hex with colons
    std::string subject;
    std::string issuer;
    std::string common_name;
    bool changed = false;  // FreeRDP had a different certificate stored for this host:port
};

// The display control channel (MS-RDPEDISP) once the server opened it.
struct DisplayChannel {
    DispClientContext* context = nullptr;
    bool caps_received = false;
    uint32_t max_monitors = 0;
};

class Client {
public:
    // Throws std::runtime_error when FreeRDP cannot create a client context.
    explicit Client(const Options& options);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // Connects and activates. The error is FreeRDP's: its error name, code and message.
    std::expected<void, std::string> connect();
    // Waits up to max_wait for network or channel events and handles them. The error says the
    // connection ended, and why as far as FreeRDP and the server's error info tell.
    std::expected<void, std::string> pump(std::chrono::milliseconds max_wait);
    // Pumps until done() holds. On timeout the error is "timed out after N s waiting for <what>".
    std::expected<void, std::string> wait_until(const std::function<bool()>& done, Clock::time_point deadline,
                                                std::string_view what);
    // A clean disconnect (the server sees a shutdown request), or the teardown after a failed
    // connect or a lost connection; idempotent.
    void disconnect();
    // Asks FreeRDP to give up whatever it is doing (a connect that hangs, say): the call in
    // progress fails with ERRCONNECT_CONNECT_CANCELLED. The one method any thread may call.
    void abort();

    bool connected() const { return connected_; }
    rdpContext* context() const { return context_; }
    rdpInput* input() const { return context_->input; }
    rdpGdi* gdi() const { return context_->gdi; }
    const Options& options() const { return options_; }
    Stats& stats() { return stats_; }
    const Stats& stats() const { return stats_; }
    Hooks& hooks() { return hooks_; }
    Clipboard& clipboard() { return clipboard_; }
    const Clipboard& clipboard() const { return clipboard_; }
    DisplayChannel& display() { return display_; }
    PointerTracker& pointer() { return pointer_; }
    const PointerTracker& pointer() const { return pointer_; }
    FrameAckGate& frame_acks() { return frame_acks_; }
    const FrameAckGate& frame_acks() const { return frame_acks_; }
    const std::optional<CertificateInfo>& certificate() const { return certificate_; }
    const std::vector<std::string>& channels() const { return channels_; }
    // "nla", "tls", "rdp", ... as negotiated; empty before connecting.
    std::string security_used() const;
    uint64_t bytes_received() const;
    uint64_t bytes_sent() const;

    static Client& of(rdpContext* context) { return *reinterpret_cast<ProbeContext*>(context)->client; }

private:
    static BOOL client_new(freerdp* instance, rdpContext* context);
    static BOOL pre_connect(freerdp* instance);
    static BOOL post_connect(freerdp* instance);
    static void post_disconnect(freerdp* instance);
    static DWORD verify_certificate(freerdp* instance, const char* host, UINT16 port, const char* common_name,
                                    const char* subject, const char* issuer, const char* fingerprint, DWORD flags);
    static DWORD verify_changed_certificate(freerdp* instance, const char* host, UINT16 port, const char* common_name,
                                            const char* subject, const char* issuer, const char* fingerprint,
                                            const char*, const char*, const char*, DWORD flags);
    static int logon_error_info(freerdp* instance, UINT32 data, UINT32 type);
    static BOOL desktop_resize(rdpContext* context);
    static BOOL end_paint(rdpContext* context);
    static void channel_connected(void* context, const ChannelConnectedEventArgs* e);
    static void channel_disconnected(void* context, const ChannelDisconnectedEventArgs* e);

    void record_certificate(const char* common_name, const char* subject, const char* issuer, const char* fingerprint,
                            DWORD flags, bool changed);
    std::string ended_reason() const;

    const Options& options_;
    rdpContext* context_ = nullptr;
    bool connected_ = false;  // the session is up
    bool attempted_ = false;  // freerdp_connect ran and freerdp_disconnect has not
    bool gdi_ready_ = false;
    Stats stats_;
    Hooks hooks_;
    Clipboard clipboard_;
    DisplayChannel display_;
    PointerTracker pointer_;
    FrameAckGate frame_acks_;
    std::optional<CertificateInfo> certificate_;
    std::vector<std::string> channels_;
    std::optional<std::string> logon_error_;
};

// Applies the options (server, credentials, security, codec, layout) to fresh client settings.
std::expected<void, std::string> apply_settings(rdpSettings* settings, const Options& options);

}  // namespace wrd::probe
