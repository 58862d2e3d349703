#include "session/peer_session.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <format>

#include "freerdp.hpp"
#include "clipboard/clipboard_bridge.hpp"
#include "graphics/frame_pipeline.hpp"
#include "graphics/graphics_channel.hpp"
#include "graphics/legacy_graphics.hpp"
#include "input/keyboard_translator.hpp"
#include "input/pointer_translator.hpp"
#include "logging.hpp"
#include "pointer/pointer_updates.hpp"
#include "session/connection_request.hpp"
#include "session/erect_domain_fix.hpp"
#include "wayland/wayland_session.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

// FreeRDP allocates the context with ContextSize bytes; ours starts with rdpContext so the
// pointer FreeRDP hands to every callback leads back to the session (STYLE.md, after KRdp).
struct PeerContext {
    rdpContext base;
    PeerSession* session;
};
static_assert(offsetof(PeerContext, base) == 0);

PeerSession* session_of(rdpContext* context) { return reinterpret_cast<PeerContext*>(context)->session; }
PeerSession* session_of(freerdp_peer* peer) { return session_of(peer->context); }
PeerSession* session_of(rdpInput* input) { return session_of(input->context); }

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

// NTLM (MS-NLMP 3.3.2) never carries the password: WinPR asks us for the NTLMv2 hash of the
// user the client names and checks the client's proof with it. No hash file on disk.
void install_nla_hash_callback(freerdp_peer* peer) {
    peer->SspiNtlmHashCallback = [](void* arg, const SEC_WINNT_AUTH_IDENTITY* identity, const SecBuffer*,
                                    const BYTE*, const BYTE*, const SecBuffer*, BYTE* hash) -> SECURITY_STATUS {
        auto* p = static_cast<freerdp_peer*>(arg);
        return guarded("NLA", [&] {
            std::u16string user(reinterpret_cast<const char16_t*>(identity->User), identity->UserLength);
            std::u16string domain(reinterpret_cast<const char16_t*>(identity->Domain), identity->DomainLength);
            char* utf8 = ConvertWCharNToUtf8Alloc(reinterpret_cast<const WCHAR*>(identity->User), identity->UserLength,
                                                  nullptr);
            std::string name = utf8 ? utf8 : "";
            free(utf8);
            // WinPR treats a non-zero result as success here, unlike other SECURITY_STATUS uses.
            return session_of(p)->nla_hash(name, user, domain, hash);
        });
    };
}

void install_callbacks(freerdp_peer* peer) {
    peer->Capabilities = [](freerdp_peer* p) { return guarded("capabilities", [&] { return session_of(p)->on_capabilities(); }); };
    peer->PostConnect = [](freerdp_peer* p) { return guarded("post-connect", [&] { return session_of(p)->on_post_connect(); }); };
    peer->Activate = [](freerdp_peer* p) { return guarded("activate", [&] { return session_of(p)->on_activate(); }); };
    rdpInput* input = peer->context->input;
    input->KeyboardEvent = [](rdpInput* in, UINT16 flags, UINT8 code) {
        return guarded("keyboard", [&] { return session_of(in)->on_keyboard(flags, code); });
    };
    input->UnicodeKeyboardEvent = [](rdpInput* in, UINT16 flags, UINT16 code) {
        return guarded("unicode", [&] { return session_of(in)->on_unicode(flags, code); });
    };
    input->MouseEvent = [](rdpInput* in, UINT16 flags, UINT16 x, UINT16 y) {
        return guarded("mouse", [&] { return session_of(in)->on_mouse(flags, x, y); });
    };
    input->ExtendedMouseEvent = [](rdpInput* in, UINT16 flags, UINT16 x, UINT16 y) {
        return guarded("mouse", [&] { return session_of(in)->on_extended_mouse(flags, x, y); });
    };
    input->SynchronizeEvent = [](rdpInput* in, UINT32 flags) {
        return guarded("synchronize", [&] { return session_of(in)->on_synchronize(flags); });
    };
    rdpUpdate* update = peer->context->update;
    update->SuppressOutput = [](rdpContext* c, BYTE allow, const RECTANGLE_16*) {
        return guarded("suppress output", [&] {
            session_of(c)->on_suppress_output(allow != 0);
            return true;
        });
    };
    update->RefreshRect = [](rdpContext* c, BYTE, const RECTANGLE_16*) {
        return guarded("refresh rect", [&] {
            session_of(c)->on_refresh();
            return true;
        });
    };
    update->SurfaceFrameAcknowledge = [](rdpContext* c, UINT32 frame_id) {
        return guarded("frame acknowledge", [&] {
            session_of(c)->on_surface_frame_ack(frame_id);
            return true;
        });
    };
}

}  // namespace

std::expected<std::unique_ptr<PeerSession>, std::string> PeerSession::create(EventLoop& loop, Options options,
                                                                             int socket_fd) {
    std::unique_ptr<PeerSession> session(new PeerSession(loop, std::move(options)));
    if (auto ok = session->connect_compositor(); !ok) return std::unexpected(ok.error());
    if (auto ok = session->start_peer(socket_fd); !ok) return std::unexpected(ok.error());
    return session;
}

PeerSession::PeerSession(EventLoop& loop, Options options) : loop_(loop), options_(std::move(options)) {}

PeerSession::~PeerSession() {
    for (auto id : watches_) loop_.remove(id);
    if (keyboard_) keyboard_->release_all();
    if (pointer_) pointer_->release_all();
    // Channels and the encoder thread go before the peer whose context they point into.
    pipeline_.reset();
    clipboard_.reset();  // before the channel manager and the Wayland connection it uses
    display_control_.reset();
    gfx_.reset();
    if (peer_) {
        if (vcm_) WTSCloseServer(vcm_);
        peer_->Disconnect(peer_);
        freerdp_peer_context_free(peer_);
        freerdp_peer_free(peer_);
    }
}

std::expected<void, std::string> PeerSession::start_peer(int socket_fd) {
    socket_fd_ = socket_fd;
    peer_ = freerdp_peer_new(socket_fd);
    if (!peer_) return std::unexpected("freerdp_peer_new failed");
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        freerdp_peer_set_local_and_hostname(peer_, &address);
    peer_->ContextSize = sizeof(PeerContext);
    if (!freerdp_peer_context_new(peer_)) return std::unexpected("freerdp_peer_context_new failed");
    reinterpret_cast<PeerContext*>(peer_->context)->session = this;
    if (!install_erect_domain_fix(peer_->context)) return std::unexpected("cannot wrap the transport reader");
    if (auto ok = apply_peer_settings(peer_->context->settings, options_.security, /*h264*/ true); !ok)
        return std::unexpected(ok.error());
    install_callbacks(peer_);
    install_nla_hash_callback(peer_);
    if (!peer_->Initialize(peer_)) return std::unexpected("FreeRDP peer initialisation failed");
    vcm_ = WTSOpenServerA(reinterpret_cast<LPSTR>(peer_->context));
    if (!vcm_ || vcm_ == INVALID_HANDLE_VALUE) return std::unexpected("cannot open the virtual channel manager");
    client_name_ = peer_->hostname;
    pointer_updates_ = std::make_unique<PointerUpdates>(peer_->context);
    legacy_ = std::make_unique<LegacyGraphics>(peer_->context);
    keyboard_ = std::make_unique<KeyboardTranslator>(wayland_->keyboard());
    pointer_ = std::make_unique<PointerTranslator>(wayland_->pointer());
    pipeline_ = std::make_unique<FramePipeline>([this](std::function<void()> task) { loop_.post(std::move(task)); },
                                                [this] { send_encoded(); });
    loop_.add_before_poll([this] { sync_handles(); });
    last_stats_ = std::chrono::steady_clock::now();
    log().info("connection from {}", client_name_);
    return {};
}

void PeerSession::sync_handles() {
    if (finished_) return;
    HANDLE handles[64];
    DWORD count = peer_->GetEventHandles(peer_, handles, 32);
    if (count == 0) {
        finish("the connection's transport has no event handles");
        return;
    }
    handles[count++] = WTSVirtualChannelManagerGetEventHandle(vcm_);
    if (gfx_ && gfx_->is_open())
        if (HANDLE h = gfx_->event_handle()) handles[count++] = h;
    std::vector<int> fds;
    for (DWORD i = 0; i < count; ++i) {
        int fd = GetEventFileDescriptor(handles[i]);
        if (fd >= 0 && std::find(fds.begin(), fds.end(), fd) == fds.end()) fds.push_back(fd);
    }
    if (fds == watched_fds_) return;
    for (auto id : watches_) loop_.remove(id);
    watches_.clear();
    for (int fd : fds) watches_.push_back(loop_.add_fd(fd, POLLIN, [this](short) { service(); }));
    watched_fds_ = std::move(fds);
}

void PeerSession::service() {
    if (finished_) return;
    if (!requested_protocols_ && !peer_->connected) requested_protocols_ = peek_requested_protocols(socket_fd_);
    if (!peer_->CheckFileDescriptor(peer_)) {
        // A client that offered only standard RDP security fails negotiation: say so plainly.
        if (!peer_->connected && requested_protocols_ == kProtocolRdp)
            finish("refused: the client offered only standard RDP security; TLS or NLA is required");
        else if (!peer_->connected && nla_user_)
            finish(std::format("NLA authentication failed for user '{}': wrong user name or password", *nla_user_));
        else
            finish(peer_->connected ? "the client disconnected" : "the connection failed during the handshake");
        return;
    }
    check_channels();
    if (gfx_ && gfx_->is_open() && !gfx_->handle_messages()) {
        gfx_.reset();
        gfx_expected_ = false;
        if (streaming_) return finish("the graphics pipeline channel failed");
        choose_legacy_graphics();
    }
    send_encoded();
}

void PeerSession::check_channels() {
    // PITFALLS.md: dynamic channels only once the client joined drdynvc and is activated.
    bool joined = WTSVirtualChannelManagerIsChannelJoined(vcm_, DRDYNVC_SVC_CHANNEL_NAME);
    if (!WTSVirtualChannelManagerCheckFileDescriptorEx(vcm_, joined && activated_)) {
        finish("the virtual channel manager failed");
        return;
    }
    if (!joined || !activated_) return;
    if (WTSVirtualChannelManagerGetDrdynvcState(vcm_) != DRDYNVC_STATE_READY) return;
    if (!display_control_) {
        display_control_ = std::make_unique<DisplayControl>(
            peer_->context, vcm_, loop_,
            [this](std::vector<MonitorLayout> layout) { apply_client_layout(std::move(layout), "new"); });
        if (!display_control_->open()) log().info("{}: no display control channel", client_name_);
    }
    if (!gfx_expected_ || gfx_) return;
    gfx_ = std::make_unique<GraphicsChannel>(
        peer_->context, vcm_,
        GraphicsChannel::Callbacks{[this](const GfxCapabilities& caps) { on_gfx_ready(caps); },
                                   [this](uint32_t id, uint32_t depth) { on_gfx_ack(id, depth); }});
    if (!gfx_->open()) {
        log().warn("{}: the graphics pipeline did not open; falling back to {}", client_name_,
                   "surface bits or bitmaps");
        gfx_.reset();
        gfx_expected_ = false;
        choose_legacy_graphics();
    }
}

void PeerSession::finish(const std::string& reason) {
    if (finished_) return;
    finished_ = true;
    end_reason_ = reason;
    log_stats();
    log().info("{}: {}", client_name_, reason);
    if (keyboard_) keyboard_->release_all();
    if (pointer_) pointer_->release_all();
    loop_.stop();
}

}  // namespace wrd::rdp
