// PeerSession: connecting to the compositor, and the connection sequence callbacks
// (capabilities, post-connect, activation).
#include <openssl/crypto.h>

#include <cmath>
#include <cstring>
#include <format>

#include "freerdp.hpp"
#include "clipboard/clipboard_bridge.hpp"
#include "graphics/frame_pipeline.hpp"
#include "input/keyboard_translator.hpp"
#include "input/pointer_translator.hpp"
#include "logging.hpp"
#include "pointer/pointer_updates.hpp"
#include "session/peer_session.hpp"
#include "wayland/wayland_session.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::expected<void, std::string> PeerSession::connect_compositor() {
    WaylandSession::Callbacks callbacks;
    callbacks.frame = [this](std::shared_ptr<const CapturedFrame> frame) {
        if (!pipeline_) return;
        auto source = std::make_shared<SourceFrame>();
        source->view = frame->view();
        source->damage = frame->damage;
        source->output = frame->output_name;
        source->sequence = frame->sequence;
        source->captured_at = frame->presented_at;
        source->keepalive = std::move(frame);
        pipeline_->submit(std::move(source));
    };
    callbacks.cursor_image = [this](const CursorImage& image) {
        PointerShape shape{static_cast<uint32_t>(image.width), static_cast<uint32_t>(image.height),
                           static_cast<uint32_t>(image.hotspot_x), static_cast<uint32_t>(image.hotspot_y),
                           image.serial, {}};
        // 0xAARRGGBB words are B, G, R, A bytes in memory on little-endian machines.
        shape.bgra.resize(image.pixels.size() * 4);
        std::memcpy(shape.bgra.data(), image.pixels.data(), shape.bgra.size());
        // Kept so that a client activated later gets the cursor the desktop shows now.
        cursor_ = std::move(shape);
        cursor_hidden_ = false;
        if (activated_) pointer_updates_->show(*cursor_);
    };
    callbacks.cursor_hidden = [this] {
        cursor_hidden_ = true;
        if (activated_) pointer_updates_->hide();
    };
    callbacks.cursor_position = [this](double x, double y) {
        // Rounded: wlroots maps our absolute motion through doubles and wl_fixed truncates,
        // so the client's own 365 can come back as 364.996 and must not look like a jump.
        if (activated_)
            pointer_updates_->moved_by_desktop(static_cast<int32_t>(std::lround(x)), static_cast<int32_t>(std::lround(y)));
    };
    callbacks.capture_stopped = [this](const std::string& output, const std::string& reason) {
        log().warn("{}: capture of {} stopped: {}", client_name_, output, reason);
    };
    callbacks.outputs_changed = [this] { on_outputs_changed(); };
    callbacks.lost = [this](const std::string& reason) { finish("lost the compositor: " + reason); };

    auto target = options_.compositor.fd >= 0 ? WaylandTarget::connected(UniqueFd(options_.compositor.fd))
                                              : WaylandTarget::named(options_.compositor.display);
    auto session = WaylandSession::connect(loop_, std::move(target), std::move(callbacks));
    if (!session) return std::unexpected("cannot use the compositor: " + session.error());
    wayland_ = std::move(*session);
    if (!wayland_->has_session_protocol())
        log().info("the compositor has no wrd_session_v1: the cursor stays in the frames, one output");
    return {};
}

bool PeerSession::check_tls_login() {
    if (options_.security.mode != Security::Tls) return true;
    // TLS without NLA: the Client Info PDU (MS-RDPBCGR 2.2.1.11), which comes before the
    // capability exchange, carried the credentials. Checked before the desktop changes for
    // this client in any way.
    rdpSettings* s = peer_->context->settings;
    const char* user = freerdp_settings_get_string(s, FreeRDP_Username);
    const char* password = freerdp_settings_get_string(s, FreeRDP_Password);
    if (!user || !password || !same_secret(user, options_.security.username) ||
        !same_secret(password, options_.security.password)) {
        log().warn("{}: login refused for user '{}': wrong user name or password", client_name_, user ? user : "");
        return false;
    }
    log().info("{}: user '{}' logged in", client_name_, user);
    return true;
}

bool PeerSession::on_capabilities() {
    if (!check_tls_login()) return false;
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
            apply_client_layout(std::move(monitors), "connection");
        } else {
            all = {};
        }
    }
    if (all.empty())
        for (const auto& [name, rect] : output_layout()) all = all.bounding(rect);
    if (all.empty()) {
        log().error("{}: the compositor has no output to show", client_name_);
        return false;
    }
    rdpSettings* s = peer_->context->settings;
    freerdp_settings_set_uint32(s, FreeRDP_DesktopWidth, static_cast<UINT32>(all.right()));
    freerdp_settings_set_uint32(s, FreeRDP_DesktopHeight, static_cast<UINT32>(all.bottom()));
    return true;
}

bool PeerSession::on_post_connect() {
    rdpSettings* s = peer_->context->settings;
    const char* name = freerdp_settings_get_string(s, FreeRDP_ClientHostname);
    const char* user = freerdp_settings_get_string(s, FreeRDP_Username);
    log().info("{}: client '{}' build {}, user '{}', {}x{} at {} bpp, keyboard layout {:#010x} type {}, "
               "graphics pipeline {}, RemoteFX {}",
               client_name_, name ? name : "", freerdp_settings_get_uint32(s, FreeRDP_ClientBuild), user ? user : "",
               freerdp_settings_get_uint32(s, FreeRDP_DesktopWidth), freerdp_settings_get_uint32(s, FreeRDP_DesktopHeight),
               freerdp_settings_get_uint32(s, FreeRDP_ColorDepth), freerdp_settings_get_uint32(s, FreeRDP_KeyboardLayout),
               freerdp_settings_get_uint32(s, FreeRDP_KeyboardType),
               freerdp_settings_get_bool(s, FreeRDP_SupportGraphicsPipeline) ? "yes" : "no",
               freerdp_settings_get_bool(s, FreeRDP_RemoteFxCodec) ? "yes" : "no");
    keyboard_->set_layout(freerdp_settings_get_uint32(s, FreeRDP_KeyboardLayout),
                          freerdp_settings_get_uint32(s, FreeRDP_KeyboardType),
                          freerdp_settings_get_uint32(s, FreeRDP_KeyboardSubType));
    gfx_expected_ = freerdp_settings_get_bool(s, FreeRDP_SupportGraphicsPipeline) &&
                    options_.config.codec != CodecChoice::Bitmap;
    return true;
}

bool PeerSession::on_activate() {
    bool first = !activated_;
    activated_ = true;
    pointer_updates_->reset();
    // The client starts with its own arrow: show it what the desktop shows right now.
    if (cursor_hidden_) pointer_updates_->hide();
    else if (cursor_) pointer_updates_->show(*cursor_);
    Rect all;
    for (const auto& [name, rect] : output_layout()) all = all.bounding(rect);
    pointer_->set_desktop_size(static_cast<uint32_t>(all.right()), static_cast<uint32_t>(all.bottom()));
    if (first) {
        for (const auto& [name, rect] : output_layout()) wayland_->start_capture(name);
        clipboard_ = std::make_unique<ClipboardBridge>(loop_, vcm_, wayland_->display());
        if (auto ok = clipboard_->start(); !ok) {
            log().info("{}: no clipboard: {}", client_name_, ok.error());
            clipboard_.reset();
        }
        wayland_->set_cursor_composited(false);
        log().info("{}: activated; {}", client_name_,
                   gfx_expected_ ? "waiting for the graphics pipeline" : "using legacy graphics");
    }
    if (!gfx_expected_) choose_legacy_graphics();
    else pipeline_->request_refresh();
    return true;
}

void PeerSession::on_suppress_output(bool allow) {
    log().debug("{}: output {}", client_name_, allow ? "allowed" : "suppressed (client minimized)");
    pipeline_->set_paused(!allow || !streaming_);
    if (allow) pipeline_->request_refresh();
}

void PeerSession::on_refresh() { pipeline_->request_refresh(); }

void PeerSession::on_surface_frame_ack(uint32_t) {
    if (!gfx_) pipeline_->frame_acknowledged();
}

}  // namespace wrd::rdp
