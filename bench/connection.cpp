#include "connection.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace wrd::bench {
namespace {

template <typename T>
T* bind(wl_registry* registry, uint32_t name, const wl_interface* iface, uint32_t have, uint32_t want) {
    return static_cast<T*>(wl_registry_bind(registry, name, iface, std::min(have, want)));
}

void require(const void* global, const char* what) {
    if (!global) throw BenchError(std::string("the compositor offers no ") + what);
}

}  // namespace

double monotonic_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

Connection::Connection(bool want_screencopy) : want_screencopy_(want_screencopy) {
    display_ = wl_display_connect(nullptr);
    if (!display_) throw BenchError("cannot connect to the Wayland display (is WAYLAND_DISPLAY set?)");
    registry_ = wl_display_get_registry(display_);
    static const wl_registry_listener listener{.global = on_global, .global_remove = on_global_remove};
    wl_registry_add_listener(registry_, &listener, this);
    // First round trip delivers the globals, the second the output's mode events.
    wl_display_roundtrip(display_);
    wl_display_roundtrip(display_);
    check_error();
    require(compositor_, "wl_compositor");
    require(shm_, "wl_shm");
    require(wm_base_, "xdg_wm_base (xdg-shell)");
    require(output_, "wl_output");
    if (want_screencopy_) {
        require(screencopy_, "zwlr_screencopy_manager_v1 (wlr-screencopy)");
        if (screencopy_version_ < 3)
            throw BenchError("zwlr_screencopy_manager_v1 is version " + std::to_string(screencopy_version_) +
                             "; copy_with_damage and buffer_done need version 3");
    }
    if (mode_.width <= 0 || mode_.height <= 0) throw BenchError("the wl_output sent no current mode");
}

Connection::~Connection() {
    if (screencopy_) zwlr_screencopy_manager_v1_destroy(screencopy_);
    if (output_) wl_output_destroy(output_);
    if (wm_base_) xdg_wm_base_destroy(wm_base_);
    if (shm_) wl_shm_destroy(shm_);
    if (compositor_) wl_compositor_destroy(compositor_);
    if (registry_) wl_registry_destroy(registry_);
    if (display_) wl_display_disconnect(display_);
}

void Connection::on_global(void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t version) {
    auto* self = static_cast<Connection*>(data);
    const std::string_view iface(interface);
    if (iface == wl_compositor_interface.name) {
        self->compositor_ = bind<wl_compositor>(registry, name, &wl_compositor_interface, version, 4);
    } else if (iface == wl_shm_interface.name) {
        self->shm_ = bind<wl_shm>(registry, name, &wl_shm_interface, version, 1);
    } else if (iface == xdg_wm_base_interface.name) {
        self->wm_base_ = bind<xdg_wm_base>(registry, name, &xdg_wm_base_interface, version, 2);
        static const xdg_wm_base_listener wm_listener{.ping = on_ping};
        xdg_wm_base_add_listener(self->wm_base_, &wm_listener, self);
    } else if (iface == wl_output_interface.name && !self->output_) {
        self->output_ = bind<wl_output>(registry, name, &wl_output_interface, version, 2);
        static const wl_output_listener out_listener{
            .geometry = [](void*, wl_output*, int32_t, int32_t, int32_t, int32_t, int32_t, const char*, const char*,
                           int32_t) {},
            .mode = on_mode,
            .done = [](void*, wl_output*) {},
            .scale = [](void*, wl_output*, int32_t) {},
            .name = nullptr,
            .description = nullptr};
        wl_output_add_listener(self->output_, &out_listener, self);
    } else if (iface == zwlr_screencopy_manager_v1_interface.name && self->want_screencopy_) {
        self->screencopy_version_ = version;
        self->screencopy_ = bind<zwlr_screencopy_manager_v1>(registry, name, &zwlr_screencopy_manager_v1_interface,
                                                            version, 3);
    }
}

void Connection::on_mode(void* data, wl_output*, uint32_t flags, int32_t w, int32_t h, int32_t refresh) {
    if (!(flags & WL_OUTPUT_MODE_CURRENT)) return;
    static_cast<Connection*>(data)->mode_ = {w, h, refresh};
}

void Connection::check_error() const {
    int err = wl_display_get_error(display_);
    if (err == 0) return;
    if (err == EPROTO) throw BenchError("the compositor reported a protocol error (WAYLAND_DEBUG=1 shows which)");
    throw BenchError(std::string("lost the Wayland connection: ") + std::strerror(err));
}

bool Connection::dispatch_once(std::chrono::steady_clock::time_point deadline) {
    // The standard prepare/read/dispatch dance: never block with queued events unhandled.
    while (wl_display_prepare_read(display_) != 0) {
        if (wl_display_dispatch_pending(display_) < 0) check_error();
    }
    if (wl_display_flush(display_) < 0 && errno != EAGAIN) {
        wl_display_cancel_read(display_);
        check_error();
        throw BenchError(std::string("cannot send to the compositor: ") + std::strerror(errno));
    }
    auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() < 0) left = {};
    timespec ts{static_cast<time_t>(left.count() / 1000000000), static_cast<long>(left.count() % 1000000000)};
    pollfd pfd{wl_display_get_fd(display_), POLLIN, 0};
    int n = ppoll(&pfd, 1, &ts, nullptr);
    if (n > 0) {
        if (wl_display_read_events(display_) < 0) check_error();
    } else {
        wl_display_cancel_read(display_);
        if (n < 0 && errno != EINTR) throw BenchError(std::string("poll: ") + std::strerror(errno));
    }
    if (wl_display_dispatch_pending(display_) < 0) check_error();
    return n != 0 || std::chrono::steady_clock::now() < deadline;
}

void Connection::dispatch_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                                const char* what) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (!dispatch_once(deadline) && !done())
            throw BenchError(std::string("timed out after ") + std::to_string(timeout.count()) + " ms waiting for " + what);
    }
}

void Connection::dispatch_for(std::chrono::nanoseconds span) {
    const auto deadline = std::chrono::steady_clock::now() + span;
    while (dispatch_once(deadline) && std::chrono::steady_clock::now() < deadline) {
    }
}

void Connection::dispatch_forever() {
    while (wl_display_dispatch(display_) >= 0) {
    }
}

}  // namespace wrd::bench
