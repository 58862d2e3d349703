// Registry handling and event dispatch for the test tools' Wayland connection.
#include "connection.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace wrd::tools {
namespace {

OutputInfo& info_of(void* data) { return *static_cast<OutputInfo*>(data); }

void output_geometry(void* data, wl_output*, int32_t x, int32_t y, int32_t, int32_t, int32_t, const char*,
                     const char*, int32_t) {
    OutputInfo& info = info_of(data);
    if (info.have_logical) return;  // xdg-output knows the layout position better
    info.x = x;
    info.y = y;
}

void output_mode(void* data, wl_output*, uint32_t flags, int32_t width, int32_t height, int32_t) {
    if (!(flags & WL_OUTPUT_MODE_CURRENT)) return;
    info_of(data).width = width;
    info_of(data).height = height;
}

void output_done(void*, wl_output*) {}
void output_scale(void* data, wl_output*, int32_t factor) { info_of(data).scale = factor; }
void output_name(void* data, wl_output*, const char* name) { info_of(data).name = name; }
void output_description(void*, wl_output*, const char*) {}

const wl_output_listener output_listener = {output_geometry, output_mode,  output_done,
                                            output_scale,    output_name,  output_description};

void xdg_position(void* data, zxdg_output_v1*, int32_t x, int32_t y) {
    OutputInfo& info = info_of(data);
    info.x = x;
    info.y = y;
    info.have_logical = true;
}
void xdg_size(void*, zxdg_output_v1*, int32_t, int32_t) {}
void xdg_done(void*, zxdg_output_v1*) {}
// wl_output v4 names the output too; keep that one when both arrive.
void xdg_name(void* data, zxdg_output_v1*, const char* name) {
    if (info_of(data).name.empty()) info_of(data).name = name;
}
void xdg_description(void*, zxdg_output_v1*, const char*) {}

const zxdg_output_v1_listener xdg_output_listener = {xdg_position, xdg_size, xdg_done, xdg_name, xdg_description};

template <typename T>
T* bind(wl_registry* registry, uint32_t name, const wl_interface& iface, uint32_t have, uint32_t want) {
    return static_cast<T*>(wl_registry_bind(registry, name, &iface, std::min(have, want)));
}

}  // namespace

Connection::~Connection() {
    for (OutputInfo& o : outputs_) {
        if (o.xdg) zxdg_output_v1_destroy(o.xdg);
        if (o.output) wl_output_destroy(o.output);
    }
    if (session_) wrd_session_manager_v1_destroy(session_);
    if (screencopy_) zwlr_screencopy_manager_v1_destroy(screencopy_);
    if (xdg_manager_) zxdg_output_manager_v1_destroy(xdg_manager_);
    if (shm_) wl_shm_destroy(shm_);
    if (registry_) wl_registry_destroy(registry_);
    if (display_) wl_display_disconnect(display_);
}

std::expected<void, std::string> Connection::open() {
    display_ = wl_display_connect(nullptr);
    if (!display_) {
        const char* name = std::getenv("WAYLAND_DISPLAY");
        return std::unexpected(std::string("cannot connect to the Wayland display '") + (name ? name : "wayland-0") +
                               "': " + std::strerror(errno));
    }
    registry_ = wl_display_get_registry(display_);
    static const wl_registry_listener listener = {on_global, on_global_remove};
    wl_registry_add_listener(registry_, &listener, this);
    // The first roundtrip binds the globals, the second brings each output's description.
    if (!roundtrip() || !roundtrip()) return std::unexpected(error_text());
    return {};
}

void Connection::on_global(void* data, wl_registry* registry, uint32_t name, const char* iface, uint32_t version) {
    auto& self = *static_cast<Connection*>(data);
    const std::string_view i = iface;
    if (i == wl_shm_interface.name) {
        self.shm_ = bind<wl_shm>(registry, name, wl_shm_interface, version, 1);
    } else if (i == wl_output_interface.name) {
        self.add_output(name, version);
    } else if (i == zxdg_output_manager_v1_interface.name) {
        self.xdg_manager_ = bind<zxdg_output_manager_v1>(registry, name, zxdg_output_manager_v1_interface, version, 3);
        for (OutputInfo& o : self.outputs_) self.add_xdg_output(o);
    } else if (i == zwlr_screencopy_manager_v1_interface.name) {
        self.screencopy_version_ = std::min(version, 3u);
        self.screencopy_ =
            bind<zwlr_screencopy_manager_v1>(registry, name, zwlr_screencopy_manager_v1_interface, version, 3);
    } else if (i == wrd_session_manager_v1_interface.name) {
        self.session_ = bind<wrd_session_manager_v1>(registry, name, wrd_session_manager_v1_interface, version, 1);
    }
}

void Connection::on_global_remove(void* data, wl_registry*, uint32_t name) {
    auto& self = *static_cast<Connection*>(data);
    std::erase_if(self.outputs_, [name](OutputInfo& o) {
        if (o.global != name) return false;
        if (o.xdg) zxdg_output_v1_destroy(o.xdg);
        wl_output_destroy(o.output);
        return true;
    });
}

void Connection::add_output(uint32_t global, uint32_t version) {
    OutputInfo& info = outputs_.emplace_back();
    info.global = global;
    info.output = bind<wl_output>(registry_, global, wl_output_interface, version, 4);
    wl_output_add_listener(info.output, &output_listener, &info);
    add_xdg_output(info);
}

void Connection::add_xdg_output(OutputInfo& info) {
    if (!xdg_manager_ || info.xdg) return;
    info.xdg = zxdg_output_manager_v1_get_xdg_output(xdg_manager_, info.output);
    zxdg_output_v1_add_listener(info.xdg, &xdg_output_listener, &info);
}

const OutputInfo* Connection::find_output(const std::string& name) const {
    for (const OutputInfo& o : outputs_)
        if (o.name == name) return &o;
    return nullptr;
}

Connection::Wait Connection::dispatch_once(int timeout_ms, int extra_fd) {
    while (wl_display_prepare_read(display_) != 0) {
        const int n = wl_display_dispatch_pending(display_);
        if (n < 0) return Wait::Error;
        if (n > 0) return Wait::Events;  // queued events may be what the caller waits for
    }
    if (wl_display_flush(display_) < 0 && errno != EAGAIN) {
        wl_display_cancel_read(display_);
        return Wait::Error;
    }
    pollfd fds[2] = {{wl_display_get_fd(display_), POLLIN, 0}, {extra_fd, POLLIN, 0}};
    const int n = poll(fds, extra_fd >= 0 ? 2 : 1, timeout_ms);
    if (n <= 0) {
        wl_display_cancel_read(display_);
        return n == 0 || errno == EINTR ? Wait::Timeout : Wait::Error;
    }
    if (fds[0].revents != 0) {
        if (wl_display_read_events(display_) < 0 || wl_display_dispatch_pending(display_) < 0) return Wait::Error;
    } else {
        wl_display_cancel_read(display_);
    }
    return extra_fd >= 0 && fds[1].revents != 0 ? Wait::Extra : Wait::Events;
}

std::string Connection::error_text() const {
    const int err = wl_display_get_error(display_);
    if (err == EPROTO) {
        const wl_interface* iface = nullptr;
        uint32_t id = 0;
        const uint32_t code = wl_display_get_protocol_error(display_, &iface, &id);
        return "protocol error " + std::to_string(code) + " on " + (iface ? iface->name : "?") + "@" +
               std::to_string(id);
    }
    return std::string("the compositor closed the connection: ") + std::strerror(err ? err : EPIPE);
}

}  // namespace wrd::tools
