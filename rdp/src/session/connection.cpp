#include "session/connection.hpp"

#include <algorithm>
#include <format>

#include "credentials.hpp"
#include "freerdp.hpp"
#include "logging.hpp"
#include "session/display_control.hpp"
#include "session/graphics_stream.hpp"
#include "session/login_check.hpp"
#include "timer.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

constexpr uint8_t kHeartbeatPeriodS = 10;

const char* setting(rdpSettings* s, FreeRDP_Settings_Keys_String key) {
    const char* v = freerdp_settings_get_string(s, key);
    return v ? v : "";
}

}  // namespace

std::expected<std::unique_ptr<Connection>, std::string> Connection::create(EventLoop& loop, Options options,
                                                                           int socket_fd) {
    std::unique_ptr<Connection> self(new Connection(loop, std::move(options)));
    auto peer = RdpPeer::create(socket_fd, self->options_.security, *self);
    if (!peer) return std::unexpected(peer.error());
    self->peer_ = std::move(*peer);
    self->address_ = self->peer_->address();
    loop.add_before_poll([c = self.get()] { c->sync_handles(); });
    log().info("connection from {}", self->address_);
    return self;
}

Connection::Connection(EventLoop& loop, Options options) : loop_(loop), options_(std::move(options)) {
    if (options_.supervisor_fd >= 0) supervisor_ = SupervisorLink(UniqueFd(options_.supervisor_fd));
}

Connection::~Connection() {
    for (auto id : watches_) loop_.remove(id);
    // Each part goes before the ones it uses: the graphics stream and the display control use
    // the channel manager; the desktop link's clipboard too; the peer goes last.
    heartbeat_.reset();
    graphics_.reset();
    display_control_.reset();
    desktop_.reset();
    peer_.reset();
}

void Connection::enter(ConnectionState next) {
    log().debug("{}: {} → {}", address_, to_string(state_), to_string(next));
    state_ = next;
}

bool Connection::refuse(const std::string& user, const std::string& protocol, const std::string& reason) {
    log().warn("login refused from {} (user '{}', protocol {}): {}", address_, user, protocol, reason);
    if (client_info_read_) peer_->send_denied();
    // Whatever FreeRDP does with our FALSE, the connection ends here.
    finish("login refused");
    return false;
}

// --- security -----------------------------------------------------------------------------

bool Connection::nla_hash(const std::string& user, const std::u16string& user_utf16, const std::u16string& domain,
                          uint8_t* hash) {
    nla_user_ = user;
    if (auto wait = supervisor_.may_try(user)) {
        log().warn("login refused from {} (user '{}', protocol NLA): too many failed logins; try again in {} s",
                   address_, user, wait->count());
        nla_user_.reset();  // not an attempt of its own: the refusal is logged, the backoff stays
        finish("login refused");
        return false;
    }
    // NTLM user names are case-insensitive (NTOWFv2 hashes the upper-cased name), as on Windows.
    nla_verified_ = same_user_ignoring_case(user, options_.security.username);
    if (!nla_verified_) return false;
    auto nt = nt_hash(options_.security.password);
    if (!nt) {
        log().error("{}: NLA: {}", address_, nt.error());
        return false;
    }
    std::u16string u = user_utf16, d = domain;
    return NTOWFv2FromHashW(nt->data(), reinterpret_cast<LPWSTR>(u.data()), static_cast<UINT32>(u.size() * 2),
                            reinterpret_cast<LPWSTR>(d.data()), static_cast<UINT32>(d.size() * 2), hash);
}

bool Connection::on_negotiated(uint32_t selected) {
    if (state_ != ConnectionState::Accepted) return refuse(user_, protocol_, "security negotiated twice");
    protocol_ = selected_protocol_name(selected);
    std::string user = nla_user_.value_or(peer_->request() ? peer_->request()->cookie_user : "");
    if (auto ok = check_selected_protocol(options_.security.mode, selected); !ok)
        return refuse(user, protocol_, ok.error());
    // CredSSP finished, so WinPR checked the client's proof against the hash we gave it; that
    // we gave one at all (for our account) is checked here again.
    if (options_.security.mode == Security::Nla && !nla_verified_)
        return refuse(user, protocol_, "NLA finished without our account's check");
    log().info("{}: security: {}", address_, protocol_);
    supervisor_.negotiated(describe_requested_protocols(selected));  // one word: "NLA" or "TLS"
    enter(ConnectionState::Negotiated);
    return true;
}

bool Connection::on_client_info() {
    if (state_ != ConnectionState::Negotiated) return refuse(user_, protocol_, "logon info out of order");
    client_info_read_ = true;
    if (!check_credentials()) return false;
    if (!supervisor_.authenticated(user_))
        return refuse(user_, protocol_, "the server has as many sessions as it allows (server.max_sessions)");
    enter(ConnectionState::Authenticated);
    log().info("{}: user '{}' logged in ({})", address_, user_, protocol_);
    return attach();
}

bool Connection::check_credentials() {
    if (options_.security.mode == Security::Nla) {
        user_ = *nla_user_;  // on_negotiated made sure CredSSP verified it
        return true;
    }
    // TLS without NLA: the Client Info PDU (MS-RDPBCGR 2.2.1.11) carried the credentials.
    rdpSettings* s = peer_->settings();
    std::string user = setting(s, FreeRDP_Username), password = setting(s, FreeRDP_Password);
    if (user.empty() || password.empty()) return refuse(user, protocol_, "no user name or password given");
    if (auto wait = supervisor_.may_try(user))
        return refuse(user, protocol_, std::format("too many failed logins; try again in {} s", wait->count()));
    if (!account_matches({options_.security.username, options_.security.password}, user, password)) {
        supervisor_.failed(user);
        return refuse(user, protocol_, "wrong user name or password");
    }
    user_ = user;
    return true;
}

// --- the desktop ----------------------------------------------------------------------------

bool Connection::attach() {
    DesktopLink::Callbacks callbacks;
    callbacks.frame = [this](SourceFramePtr frame) {
        if (graphics_) graphics_->submit(std::move(frame));
    };
    callbacks.cursor_image = [this](const PointerShape& shape) {
        if (graphics_) graphics_->pointer().show(shape);
    };
    callbacks.cursor_hidden = [this] {
        if (graphics_) graphics_->pointer().hide();
    };
    callbacks.cursor_position = [this](int32_t x, int32_t y) {
        if (graphics_) graphics_->pointer().moved_by_desktop(x, y);
    };
    callbacks.outputs_changed = [this] { on_outputs_changed(); };
    callbacks.lost = [this](const std::string& reason) { finish("lost the compositor: " + reason); };
    auto link = DesktopLink::connect(loop_, options_.compositor, address_, std::move(callbacks));
    if (!link) {
        log().error("{}: {}", address_, link.error());
        finish("no desktop to attach to");
        return false;
    }
    desktop_ = std::move(*link);
    rdpSettings* s = peer_->settings();
    desktop_->set_keyboard_layout(freerdp_settings_get_uint32(s, FreeRDP_KeyboardLayout),
                                  freerdp_settings_get_uint32(s, FreeRDP_KeyboardType),
                                  freerdp_settings_get_uint32(s, FreeRDP_KeyboardSubType));
    enter(ConnectionState::Attached);
    return true;
}

std::vector<MonitorLayout> Connection::client_layout_from_settings() const {
    const rdpSettings* s = peer_->settings();
    std::vector<MonitorLayout> out;
    UINT32 count = freerdp_settings_get_uint32(s, FreeRDP_MonitorCount);
    for (UINT32 i = 0; i < count; ++i) {
        auto* m = static_cast<const rdpMonitor*>(freerdp_settings_get_pointer_array(s, FreeRDP_MonitorDefArray, i));
        if (!m) continue;
        out.push_back({{m->x, m->y, m->width, m->height}, m->is_primary != 0, 100});
    }
    if (out.empty())
        out.push_back({{0, 0, static_cast<int32_t>(freerdp_settings_get_uint32(s, FreeRDP_DesktopWidth)),
                        static_cast<int32_t>(freerdp_settings_get_uint32(s, FreeRDP_DesktopHeight))},
                       true, 100});
    return out;
}

bool Connection::on_capabilities() {
    if (state_ != ConnectionState::Attached) return refuse(user_, protocol_, "capabilities before authentication");
    // The desktop's size goes into the Demand Active PDU; clients take the server's size. When
    // we follow the client's layout, the outputs are being resized to it right now, so the
    // client's own size is announced; otherwise the desktop's.
    Rect all;
    if (options_.config.follow_client_layout) {
        auto monitors = client_layout_from_settings();
        if (monitors.size() == 1) monitors[0].primary = true;
        if (validate_layout(monitors)) {
            for (const auto& m : monitors) all = all.bounding(m.rect);
            all = Rect{0, 0, all.width, all.height};
            desktop_->apply_client_layout(std::move(monitors), "connection");
        }
    }
    if (all.empty()) all = desktop_->bounds();
    if (all.empty()) {
        log().error("{}: the compositor has no output to show", address_);
        return false;
    }
    rdpSettings* s = peer_->settings();
    freerdp_settings_set_uint32(s, FreeRDP_DesktopWidth, static_cast<UINT32>(all.right()));
    freerdp_settings_set_uint32(s, FreeRDP_DesktopHeight, static_cast<UINT32>(all.bottom()));
    return true;
}

bool Connection::on_post_connect() {
    if (state_ != ConnectionState::Attached) return refuse(user_, protocol_, "post-connect before authentication");
    rdpSettings* s = peer_->settings();
    log().info("{}: client '{}' build {}, user '{}', {}x{} at {} bpp, keyboard layout {:#010x} type {}, "
               "graphics pipeline {}, RemoteFX {}",
               address_, setting(s, FreeRDP_ClientHostname), freerdp_settings_get_uint32(s, FreeRDP_ClientBuild), user_,
               freerdp_settings_get_uint32(s, FreeRDP_DesktopWidth), freerdp_settings_get_uint32(s, FreeRDP_DesktopHeight),
               freerdp_settings_get_uint32(s, FreeRDP_ColorDepth), freerdp_settings_get_uint32(s, FreeRDP_KeyboardLayout),
               freerdp_settings_get_uint32(s, FreeRDP_KeyboardType),
               freerdp_settings_get_bool(s, FreeRDP_SupportGraphicsPipeline) ? "yes" : "no",
               freerdp_settings_get_bool(s, FreeRDP_RemoteFxCodec) ? "yes" : "no");
    desktop_->set_keyboard_layout(freerdp_settings_get_uint32(s, FreeRDP_KeyboardLayout),
                                  freerdp_settings_get_uint32(s, FreeRDP_KeyboardType),
                                  freerdp_settings_get_uint32(s, FreeRDP_KeyboardSubType));
    gfx_expected_ = freerdp_settings_get_bool(s, FreeRDP_SupportGraphicsPipeline) &&
                    options_.config.codec != CodecChoice::Bitmap;
    return true;
}

bool Connection::on_activate() {
    if (state_ != ConnectionState::Attached && state_ != ConnectionState::Streaming)
        return refuse(user_, protocol_, "activation before authentication");
    if (state_ == ConnectionState::Attached) start_streaming();
    auto layout = desktop_->layout();
    Rect all = desktop_->bounds();
    desktop_->set_pointer_area(static_cast<uint32_t>(all.right()), static_cast<uint32_t>(all.bottom()));
    graphics_->activated(gfx_expected_, layout);
    // The client starts with its own arrow: show it what the desktop shows right now.
    if (desktop_->cursor_hidden()) graphics_->pointer().hide();
    else if (desktop_->cursor()) graphics_->pointer().show(*desktop_->cursor());
    return true;
}

void Connection::start_streaming() {
    GraphicsStream::Callbacks callbacks;
    callbacks.failed = [this](const std::string& reason) { finish(reason); };
    callbacks.desktop_size = [this](uint32_t w, uint32_t h) {
        if (desktop_) desktop_->set_pointer_area(w, h);
    };
    graphics_ = std::make_unique<GraphicsStream>(*peer_, loop_, options_.config, address_, std::move(callbacks));
    // Streaming from here on: the clipboard's set-up dispatches Wayland events, and an output
    // that appears meanwhile (a monitor made for this client) must be captured too.
    enter(ConnectionState::Streaming);
    sync_captures();
    desktop_->start_clipboard(peer_->channel_manager());
    desktop_->set_cursor_composited(false);
    start_heartbeat();
    log().info("{}: activated; {}", address_,
               gfx_expected_ ? "waiting for the graphics pipeline" : "using legacy graphics");
}

void Connection::start_heartbeat() {
    if (!peer_->supports_heartbeat()) return;
    log().info("{}: heartbeats every {} s", address_, kHeartbeatPeriodS);
    heartbeat_ = std::make_unique<Timer>(loop_, [this] {
        if (!peer_->send_heartbeat(kHeartbeatPeriodS)) return finish("writing a heartbeat failed");
        heartbeat_->start(std::chrono::seconds(kHeartbeatPeriodS));
    });
    heartbeat_->start(std::chrono::seconds(kHeartbeatPeriodS));
}

DesktopLink::Layout Connection::sync_captures() {
    auto layout = desktop_->layout();
    std::set<std::string> now;
    for (const auto& [name, rect] : layout) now.insert(name);
    for (const auto& name : now)
        if (!captured_.contains(name)) desktop_->start_capture(name);
    for (const auto& name : captured_)
        if (!now.contains(name)) desktop_->stop_capture(name);
    captured_ = std::move(now);
    return layout;
}

void Connection::on_outputs_changed() {
    if (state_ != ConnectionState::Streaming) return;
    auto layout = sync_captures();
    Rect all = desktop_->bounds();
    desktop_->set_pointer_area(static_cast<uint32_t>(all.right()), static_cast<uint32_t>(all.bottom()));
    graphics_->layout_changed(layout);
}

// --- input: only a streaming connection reaches the desktop ---------------------------------

void Connection::on_keyboard(uint16_t flags, uint8_t code) {
    if (state_ == ConnectionState::Streaming) desktop_->keyboard(flags, code);
}

void Connection::on_unicode(uint16_t flags, uint16_t code) {
    if (state_ == ConnectionState::Streaming) desktop_->unicode(flags, code);
}

void Connection::on_mouse(uint16_t flags, uint16_t x, uint16_t y, bool extended) {
    if (state_ != ConnectionState::Streaming) return;
    desktop_->mouse(flags, x, y, extended);
    graphics_->pointer().moved_by_client(x, y);
}

void Connection::on_synchronize(uint32_t flags) {
    if (state_ == ConnectionState::Streaming) desktop_->synchronize(flags);
}

void Connection::on_suppress_output(bool allow) {
    if (graphics_) graphics_->suppress_output(allow);
}

void Connection::on_refresh() {
    if (graphics_) graphics_->refresh();
}

void Connection::on_surface_frame_ack(uint32_t) {
    if (graphics_) graphics_->surface_frame_acknowledged();
}

// --- the event plumbing -----------------------------------------------------------------------

void Connection::sync_handles() {
    if (state_ == ConnectionState::Ending) return;
    auto handles = peer_->event_handles();
    if (handles.empty()) return finish("the connection's transport has no event handles");
    if (graphics_)
        for (HANDLE h : graphics_->event_handles()) handles.push_back(h);
    std::vector<int> fds;
    for (HANDLE h : handles) {
        int fd = GetEventFileDescriptor(h);
        if (fd >= 0 && std::find(fds.begin(), fds.end(), fd) == fds.end()) fds.push_back(fd);
    }
    if (fds == watched_fds_) return;
    for (auto id : watches_) loop_.remove(id);
    watches_.clear();
    for (int fd : fds) watches_.push_back(loop_.add_fd(fd, POLLIN, [this](short) { service(); }));
    watched_fds_ = std::move(fds);
}

void Connection::service() {
    if (state_ == ConnectionState::Ending) return;
    if (!peer_->check()) return on_peer_failed();
    if (state_ == ConnectionState::Ending) return;
    service_channels();
    if (graphics_ && state_ != ConnectionState::Ending) graphics_->send_encoded();
}

void Connection::service_channels() {
    // PITFALLS.md: dynamic channels only once the client joined drdynvc and is activated.
    bool ready = state_ == ConnectionState::Streaming && peer_->drdynvc_joined();
    if (!peer_->check_channels(ready)) return finish("the virtual channel manager failed");
    if (!ready || !peer_->drdynvc_ready()) return;
    if (!display_control_) {
        display_control_ = std::make_unique<DisplayControl>(peer_->context(), peer_->channel_manager(), loop_,
                                                            [this](std::vector<MonitorLayout> layout) {
                                                                if (desktop_ && options_.config.follow_client_layout)
                                                                    desktop_->apply_client_layout(std::move(layout), "new");
                                                            });
        if (!display_control_->open()) log().info("{}: no display control channel", address_);
    }
    graphics_->service_channels(true);
}

void Connection::on_peer_failed() {
    if (state_ != ConnectionState::Accepted) return finish("the client disconnected");
    const auto& request = peer_->request();
    std::string cookie = request ? request->cookie_user : "";
    if (nla_user_) {
        supervisor_.failed(*nla_user_);
        refuse(*nla_user_, "NLA", "wrong user name or password");
        return;
    }
    if (!request) return finish("the connection failed during the handshake");
    uint32_t asked = request->protocols;
    std::string offered = describe_requested_protocols(asked);
    bool nla = options_.security.mode == Security::Nla;
    if (asked == kProtocolRdp)
        refuse(cookie, offered, "the client offered only standard RDP security; TLS or NLA is required");
    else if (nla && !(asked & kProtocolHybrid))
        refuse(cookie, offered, "this server requires NLA");
    else if (!nla && !(asked & kProtocolSsl))
        refuse(cookie, offered, "this server takes TLS logins only");
    // The protocol was agreed but its handshake never finished: no credentials were tried, yet
    // the client did not get in, and whoever watches the log should see that too.
    else if (nla)
        refuse(cookie, "NLA", "NLA did not complete: the client sent no credentials or gave up");
    else
        refuse(cookie, "TLS", "the TLS handshake did not complete (a client that insists on NLA ends here)");
}

void Connection::finish(const std::string& reason) {
    if (state_ == ConnectionState::Ending) return;
    enter(ConnectionState::Ending);
    end_reason_ = reason;
    if (graphics_) graphics_->log_stats();
    log().info("{}: {}", address_, reason);
    if (desktop_) desktop_->release_input();
    loop_.stop();
}

}  // namespace wrd::rdp
