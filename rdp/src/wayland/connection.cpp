#include "wayland/connection.hpp"

#include <poll.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <format>
#include <mutex>

#include "logging.hpp"

namespace wrd::rdp {
namespace {

using Clock = std::chrono::steady_clock;

spdlog::logger& log() { return logger("wayland"); }

// libwayland prints its own diagnostics (the text of a protocol error among them) through
// wl_log; they belong in our log. The handler is process-wide, so it is installed once.
void route_libwayland_log() {
    static std::once_flag once;
    std::call_once(once, [] {
        wl_log_set_handler_client([](const char* format, va_list args) {
            char line[512];
            std::vsnprintf(line, sizeof line, format, args);
            std::string_view text(line);
            while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
            log().warn("libwayland: {}", text);
        });
    });
}

const wl_callback_listener sync_listener{
    .done = [](void* data, wl_callback*, uint32_t) { *static_cast<bool*>(data) = true; },
};

}  // namespace

std::expected<std::unique_ptr<WaylandConnection>, std::string> WaylandConnection::open(WaylandTarget target) {
    route_libwayland_log();
    wl_display* display = nullptr;
    std::string where;
    if (target.socket) {
        where = std::format("socket fd {}", target.socket.get());
        // libwayland owns the fd from here on, and closes it itself when it fails.
        display = wl_display_connect_to_fd(target.socket.release());
    } else {
        where = target.display_name.empty() ? "$WAYLAND_DISPLAY" : "'" + target.display_name + "'";
        display = wl_display_connect(target.display_name.empty() ? nullptr : target.display_name.c_str());
    }
    if (!display) {
        const char* why = std::strerror(errno);
        return std::unexpected(std::format("cannot connect to the Wayland display {}: {}", where, why));
    }
    return std::unique_ptr<WaylandConnection>(new WaylandConnection(display));
}

WaylandConnection::WaylandConnection(wl_display* display) : display_(display) {}

WaylandConnection::~WaylandConnection() {
    if (loop_ && !lost_) loop_->remove(watch_);
    hook_target_.reset();
}

std::expected<void, std::string> WaylandConnection::roundtrip(std::chrono::milliseconds timeout) {
    wl_display* d = display();
    bool done = false;
    WlProxy<wl_callback> sync(wl_display_sync(d));
    wl_callback_add_listener(sync.get(), &sync_listener, &done);
    const auto deadline = Clock::now() + timeout;
    while (!done) {
        if (wl_display_prepare_read(d) != 0) {
            if (wl_display_dispatch_pending(d) < 0) return std::unexpected(error_reason());
            continue;
        }
        const int flushed = wl_display_flush(d);
        const bool blocked = flushed < 0 && errno == EAGAIN;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
        pollfd fd{wl_display_get_fd(d), static_cast<short>(POLLIN | (blocked ? POLLOUT : 0)), 0};
        const int n = (flushed < 0 && !blocked) || left <= 0 ? 0 : ::poll(&fd, 1, static_cast<int>(left));
        if (n <= 0 || !(fd.revents & (POLLIN | POLLHUP | POLLERR))) {
            wl_display_cancel_read(d);
            if (flushed < 0 && !blocked) return std::unexpected(error_reason());
            if (n < 0 && errno != EINTR) return std::unexpected(std::format("poll: {}", std::strerror(errno)));
            if (Clock::now() >= deadline)
                return std::unexpected(std::format("the compositor did not answer within {} ms", timeout.count()));
            continue;
        }
        if (wl_display_read_events(d) < 0 || wl_display_dispatch_pending(d) < 0)
            return std::unexpected(error_reason());
    }
    return {};
}

void WaylandConnection::attach(EventLoop& loop, LostCallback on_lost) {
    loop_ = &loop;
    lost_callback_ = std::move(on_lost);
    watch_ = loop.add_fd(wl_display_get_fd(display()), POLLIN, [this](short revents) { on_socket(revents); });
    hook_target_ = std::make_shared<WaylandConnection*>(this);
    loop.add_before_poll([target = std::weak_ptr<WaylandConnection*>(hook_target_)] {
        if (auto self = target.lock()) (*self)->before_poll();
    });
}

void WaylandConnection::on_socket(short revents) {
    if (lost_) return;
    if ((revents & POLLOUT) && !flush()) return fail();
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && !read_and_dispatch()) return fail();
}

void WaylandConnection::before_poll() {
    if (lost_) return;
    // Someone else's roundtrip on this connection (the clipboard bridge) may have queued
    // events for us without the socket becoming readable again.
    if (wl_display_dispatch_pending(display()) < 0 || !flush()) fail();
}

bool WaylandConnection::read_and_dispatch() {
    wl_display* d = display();
    while (wl_display_prepare_read(d) != 0)
        if (wl_display_dispatch_pending(d) < 0) return false;
    if (wl_display_read_events(d) < 0) return false;
    return wl_display_dispatch_pending(d) >= 0;
}

// Sends what is queued. When the socket is full the rest waits for POLLOUT.
bool WaylandConnection::flush() {
    const int flushed = wl_display_flush(display());
    // EPIPE: the compositor closed its end. What it sent before (a protocol error, say) is
    // still to be read, and the read then fails with the real reason.
    if (flushed < 0 && errno == EPIPE) return true;
    if (flushed < 0 && errno != EAGAIN) return false;
    const bool blocked = flushed < 0;
    if (blocked != want_write_) {
        want_write_ = blocked;
        loop_->set_events(watch_, static_cast<short>(POLLIN | (blocked ? POLLOUT : 0)));
    }
    return true;
}

void WaylandConnection::fail() {
    if (lost_) return;
    lost_ = true;
    loop_->remove(watch_);
    const std::string reason = error_reason();
    log().error("lost the Wayland connection: {}", reason);
    // Last: the callback may destroy this object.
    if (auto callback = std::move(lost_callback_)) callback(reason);
}

std::string WaylandConnection::error_reason() const {
    wl_display* d = display();
    const int error = wl_display_get_error(d);
    if (error == EPROTO) {
        const wl_interface* interface = nullptr;
        uint32_t id = 0;
        const uint32_t code = wl_display_get_protocol_error(d, &interface, &id);
        if (interface)
            return std::format("protocol error {} on {}@{} (the compositor's message is in the log)", code,
                               interface->name, id);
        return std::format("protocol error {} (the compositor's message is in the log)", code);
    }
    if (error == 0) return "the connection to the compositor failed";
    return std::format("the connection to the compositor broke: {}", std::strerror(error));
}

}  // namespace wrd::rdp
