#include "session/rdp_peer.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>

#include "freerdp.hpp"
#include "logging.hpp"
#include "session/erect_domain_fix.hpp"
#include "standalone/listen_socket.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

// FreeRDP allocates the context with ContextSize bytes; ours starts with rdpContext so the
// pointer FreeRDP hands to every callback leads back to the events (STYLE.md, after KRdp).
struct PeerContext {
    rdpContext base;
    PeerEvents* events;
    bool client_info_seen;
};
static_assert(offsetof(PeerContext, base) == 0);

PeerContext& of(rdpContext* context) { return *reinterpret_cast<PeerContext*>(context); }
PeerEvents& events_of(rdpContext* context) { return *of(context).events; }
PeerEvents& events_of(freerdp_peer* peer) { return events_of(peer->context); }
PeerEvents& events_of(rdpInput* input) { return events_of(input->context); }

// No exception may cross back into FreeRDP's C frames.
template <typename F>
BOOL guarded(const char* what, F&& f) noexcept {
    try {
        return f() ? TRUE : FALSE;
    } catch (const std::exception& e) {
        log().error("{}: {}", what, e.what());
    } catch (...) {
        log().error("{}: unknown exception", what);
    }
    return FALSE;
}

template <typename F>
BOOL guarded_void(const char* what, F&& f) noexcept {
    return guarded(what, [&] {
        f();
        return true;
    });
}

// NTLM (MS-NLMP 3.3.2) never carries the password: WinPR asks us for the NTLMv2 hash of the
// user the client names and checks the client's proof with it. No hash file on disk.
SECURITY_STATUS nla_hash_callback(void* arg, const SEC_WINNT_AUTH_IDENTITY* identity, const SecBuffer*, const BYTE*,
                                  const BYTE*, const SecBuffer*, BYTE* hash) {
    auto* peer = static_cast<freerdp_peer*>(arg);
    BOOL ok = guarded("NLA", [&] {
        std::u16string user(reinterpret_cast<const char16_t*>(identity->User), identity->UserLength);
        std::u16string domain(reinterpret_cast<const char16_t*>(identity->Domain), identity->DomainLength);
        char* utf8 =
            ConvertWCharNToUtf8Alloc(reinterpret_cast<const WCHAR*>(identity->User), identity->UserLength, nullptr);
        std::string name = utf8 ? utf8 : "";
        free(utf8);
        return events_of(peer).nla_hash(name, user, domain, hash);
    });
    // WinPR 3.24+ takes SEC_E_OK as the only success; 3.23 and older took any non-zero value,
    // and the build requires 3.33. Should a WinPR ever read this status the other way round,
    // the hash it goes on with is one nobody knows: left as WinPR's zeroes it would let anyone
    // compute a valid proof without a password.
    if (!ok) winpr_RAND(hash, 16);
    return ok ? SEC_E_OK : SEC_E_LOGON_DENIED;
}

// A server peer records the protocol it selected only as these four flags, set just before
// Logon (FreeRDP 3.x peer.c); it never selects NLA-EX.
uint32_t selected_protocol_of(const rdpSettings* s) {
    if (freerdp_settings_get_bool(s, FreeRDP_RdstlsSecurity)) return kProtocolRdstls;
    if (freerdp_settings_get_bool(s, FreeRDP_NlaSecurity)) return kProtocolHybrid;
    if (freerdp_settings_get_bool(s, FreeRDP_TlsSecurity)) return kProtocolSsl;
    return kProtocolRdp;
}

void install_connection_callbacks(freerdp_peer* peer) {
    peer->SspiNtlmHashCallback = nla_hash_callback;
    // Logon runs once the security handshake is done, before MCS (FreeRDP 3.x peer.c).
    peer->Logon = [](freerdp_peer* p, const SEC_WINNT_AUTH_IDENTITY*, BOOL) {
        return guarded("logon", [&] { return events_of(p).on_negotiated(selected_protocol_of(p->context->settings)); });
    };
    // ReachedState runs before each state's step. The first state after the Client Info PDU is
    // the connect-time auto-detect: the credentials it carried are in the settings now, before
    // licensing, capabilities or anything that could touch a desktop.
    peer->ReachedState = [](freerdp_peer* p, CONNECTION_STATE state) {
        return guarded("connection state", [&] {
            PeerContext& c = of(p->context);
            if (state < CONNECTION_STATE_CONNECT_TIME_AUTO_DETECT_REQUEST || c.client_info_seen) return true;
            c.client_info_seen = true;
            return c.events->on_client_info();
        });
    };
    peer->Capabilities = [](freerdp_peer* p) { return guarded("capabilities", [&] { return events_of(p).on_capabilities(); }); };
    peer->PostConnect = [](freerdp_peer* p) { return guarded("post-connect", [&] { return events_of(p).on_post_connect(); }); };
    peer->Activate = [](freerdp_peer* p) { return guarded("activate", [&] { return events_of(p).on_activate(); }); };
}

void install_input_callbacks(freerdp_peer* peer) {
    rdpInput* input = peer->context->input;
    input->KeyboardEvent = [](rdpInput* in, UINT16 flags, UINT8 code) {
        return guarded_void("keyboard", [&] { events_of(in).on_keyboard(flags, code); });
    };
    input->UnicodeKeyboardEvent = [](rdpInput* in, UINT16 flags, UINT16 code) {
        return guarded_void("unicode", [&] { events_of(in).on_unicode(flags, code); });
    };
    input->MouseEvent = [](rdpInput* in, UINT16 flags, UINT16 x, UINT16 y) {
        return guarded_void("mouse", [&] { events_of(in).on_mouse(flags, x, y, false); });
    };
    input->ExtendedMouseEvent = [](rdpInput* in, UINT16 flags, UINT16 x, UINT16 y) {
        return guarded_void("mouse", [&] { events_of(in).on_mouse(flags, x, y, true); });
    };
    input->SynchronizeEvent = [](rdpInput* in, UINT32 flags) {
        return guarded_void("synchronize", [&] { events_of(in).on_synchronize(flags); });
    };
    rdpUpdate* update = peer->context->update;
    update->SuppressOutput = [](rdpContext* c, BYTE allow, const RECTANGLE_16*) {
        return guarded_void("suppress output", [&] { events_of(c).on_suppress_output(allow != 0); });
    };
    update->RefreshRect = [](rdpContext* c, BYTE, const RECTANGLE_16*) {
        return guarded_void("refresh rect", [&] { events_of(c).on_refresh(); });
    };
    update->SurfaceFrameAcknowledge = [](rdpContext* c, UINT32 frame_id) {
        return guarded_void("frame acknowledge", [&] { events_of(c).on_surface_frame_ack(frame_id); });
    };
}

}  // namespace

std::expected<std::unique_ptr<RdpPeer>, std::string> RdpPeer::create(int socket_fd, const PeerSecurity& security,
                                                                     PeerEvents& events) {
    std::unique_ptr<RdpPeer> self(new RdpPeer());
    self->socket_fd_ = socket_fd;
    self->address_ = peer_address(socket_fd);
    freerdp_peer* peer = freerdp_peer_new(socket_fd);
    if (!peer) return std::unexpected("freerdp_peer_new failed");
    self->peer_ = peer;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        freerdp_peer_set_local_and_hostname(peer, &address);
    peer->ContextSize = sizeof(PeerContext);
    if (!freerdp_peer_context_new(peer)) return std::unexpected("freerdp_peer_context_new failed");
    of(peer->context).events = &events;
    of(peer->context).client_info_seen = false;
    if (!install_erect_domain_fix(peer->context)) return std::unexpected("cannot wrap the transport reader");
    if (auto ok = apply_peer_settings(peer->context->settings, security, /*h264*/ true); !ok)
        return std::unexpected(ok.error());
    install_connection_callbacks(peer);
    install_input_callbacks(peer);
    if (!peer->Initialize(peer)) return std::unexpected("FreeRDP peer initialisation failed");
    self->vcm_ = WTSOpenServerA(reinterpret_cast<LPSTR>(peer->context));
    if (!self->vcm_ || self->vcm_ == INVALID_HANDLE_VALUE) {
        self->vcm_ = nullptr;
        return std::unexpected("cannot open the virtual channel manager");
    }
    return self;
}

RdpPeer::~RdpPeer() {
    if (!peer_) return;
    if (vcm_) WTSCloseServer(vcm_);
    if (peer_->context) {
        peer_->Disconnect(peer_);
        freerdp_peer_context_free(peer_);
    }
    freerdp_peer_free(peer_);
}

rdpContext* RdpPeer::context() const { return peer_->context; }
rdpSettings* RdpPeer::settings() const { return peer_->context->settings; }
bool RdpPeer::connected() const { return peer_->connected; }

uint32_t RdpPeer::selected_protocol() const { return selected_protocol_of(peer_->context->settings); }

std::vector<HANDLE> RdpPeer::event_handles() const {
    HANDLE handles[32];
    DWORD count = peer_->GetEventHandles(peer_, handles, 31);
    std::vector<HANDLE> out(handles, handles + count);
    if (count > 0) out.push_back(WTSVirtualChannelManagerGetEventHandle(vcm_));
    return out;
}

bool RdpPeer::check() {
    if (!request_ && !peer_->connected) request_ = peek_connection_request(socket_fd_);
    return peer_->CheckFileDescriptor(peer_);
}

bool RdpPeer::check_channels(bool ready) { return WTSVirtualChannelManagerCheckFileDescriptorEx(vcm_, ready); }

bool RdpPeer::drdynvc_joined() const { return WTSVirtualChannelManagerIsChannelJoined(vcm_, DRDYNVC_SVC_CHANNEL_NAME); }

bool RdpPeer::drdynvc_ready() const { return WTSVirtualChannelManagerGetDrdynvcState(vcm_) == DRDYNVC_STATE_READY; }

bool RdpPeer::flush_channels() { return WTSVirtualChannelManagerCheckFileDescriptorEx(vcm_, TRUE); }

void RdpPeer::send_denied() {
    freerdp_set_error_info(peer_->context->rdp, ERRINFO_SERVER_DENIED_CONNECTION);
    if (!freerdp_send_error_info(peer_->context->rdp)) {
        log().debug("the refusal's error info was not sent");
        return;
    }
    // Closing with the client's PDUs still unread would send a reset, and the client could lose
    // the error info with it: half-close, and give the client a moment to read it and hang up.
    ::shutdown(socket_fd_, SHUT_WR);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    char discard[4096];
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{socket_fd_, POLLIN, 0};
        if (::poll(&p, 1, 100) < 0 && errno != EINTR) break;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = ::recv(socket_fd_, discard, sizeof discard, MSG_DONTWAIT);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
        }
    }
}

bool RdpPeer::supports_heartbeat() const {
    return freerdp_settings_get_bool(peer_->context->settings, FreeRDP_SupportHeartbeatPdu);
}

bool RdpPeer::send_heartbeat(uint8_t period_s) {
    // The client warns after 3 missed heartbeats and may reconnect after 6 (count1, count2).
    return freerdp_heartbeat_send_heartbeat_pdu(peer_, period_s, 3, 6);
}

}  // namespace wrd::rdp
