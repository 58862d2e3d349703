#include "display_loop.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <format>
#include <limits>
#include <utility>
#include <vector>

namespace wrd::test {
namespace {

// libwayland-client logs "iface#id: error code: message" when a protocol error arrives; it
// is the only place the compositor's message text reaches us.
std::string last_error_line;

void log_handler(const char* fmt, va_list args) {
    char buf[1024];
    std::vsnprintf(buf, sizeof buf, fmt, args);
    std::fputs(buf, stderr);
    std::string line = buf;
    while (!line.empty() && line.back() == '\n') line.pop_back();
    if (line.find(": error ") != std::string::npos) last_error_line = std::move(line);
}

int poll_timeout_ms(Clock::time_point deadline) {
    if (deadline == Clock::time_point::max()) return -1;
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(std::min<long long>(left, std::numeric_limits<int>::max()));
}

}  // namespace

Dispatch dispatch_until(wl_display* display, Clock::time_point deadline, std::span<const FdWatch> watches) {
    while (wl_display_prepare_read(display) != 0) {
        if (wl_display_dispatch_pending(display) < 0) return Dispatch::failed;
    }
    // EPIPE is not fatal yet: the compositor may have posted an error and hung up, and the
    // error event is still waiting in the socket to be read.
    if (wl_display_flush(display) < 0 && errno != EAGAIN && errno != EPIPE) {
        wl_display_cancel_read(display);
        return Dispatch::failed;
    }
    std::vector<pollfd> pfds{{.fd = wl_display_get_fd(display), .events = POLLIN, .revents = 0}};
    Clock::time_point wake = deadline;
    for (const FdWatch& w : watches) {
        pfds.push_back({.fd = w.fd, .events = w.events, .revents = 0});
        wake = std::min(wake, w.deadline);
    }
    int ready;
    do {
        ready = ::poll(pfds.data(), pfds.size(), poll_timeout_ms(wake));
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        wl_display_cancel_read(display);
        return Dispatch::failed;
    }
    const bool display_ready = pfds[0].revents != 0;
    if (!display_ready) wl_display_cancel_read(display);
    else if (wl_display_read_events(display) < 0) return Dispatch::failed;
    bool watch_fired = false;
    const Clock::time_point now = Clock::now();
    for (size_t i = 0; i < watches.size(); ++i) {
        const short revents = pfds[i + 1].revents;
        if (revents == 0 && now < watches[i].deadline) continue;
        watch_fired = true;
        watches[i].ready(revents);
    }
    if (wl_display_dispatch_pending(display) < 0) return Dispatch::failed;
    return display_ready || watch_fired ? Dispatch::events : Dispatch::timed_out;
}

bool roundtrip_until(wl_display* display, Clock::time_point deadline) {
    bool done = false;
    static const wl_callback_listener listener{
        .done = [](void* data, wl_callback*, uint32_t) { *static_cast<bool*>(data) = true; },
    };
    wl_callback* callback = wl_display_sync(display);
    wl_callback_add_listener(callback, &listener, &done);
    Dispatch result = Dispatch::events;
    while (!done && result != Dispatch::failed) {
        result = dispatch_until(display, deadline);
        if (result == Dispatch::timed_out && Clock::now() >= deadline) break;
    }
    wl_callback_destroy(callback);
    return done;
}

std::string describe_display_error(wl_display* display) {
    const int err = wl_display_get_error(display);
    std::string text = std::format("{} (errno {})", std::strerror(err), err);
    if (!last_error_line.empty()) return text + ": " + last_error_line;
    // No log line (capture_wayland_log not called): the bare facts libwayland keeps.
    if (err == EPROTO) {
        const wl_interface* iface = nullptr;
        uint32_t id = 0;
        const uint32_t code = wl_display_get_protocol_error(display, &iface, &id);
        text += std::format(": {}#{}: error {}", iface ? iface->name : "unknown", id, code);
    }
    return text;
}

void capture_wayland_log() { wl_log_set_handler_client(log_handler); }

}  // namespace wrd::test
