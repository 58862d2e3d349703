#include "display_loop.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <format>
#include <stdexcept>
#include <utility>

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

// ppoll rather than poll: a benchmark's gap is a fraction of a frame, and whole milliseconds
// would stretch it. Null waits for ever.
const timespec* time_left(Clock::time_point deadline, timespec& ts) {
    if (deadline == Clock::time_point::max()) return nullptr;
    const auto left = std::max(Clock::duration::zero(), deadline - Clock::now());
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    ts = {.tv_sec = static_cast<time_t>(ns / 1'000'000'000), .tv_nsec = static_cast<long>(ns % 1'000'000'000)};
    return &ts;
}

// One round of wait_until; false when the connection is dead. Events already queued are
// dispatched without waiting, as they may be what the caller waits for.
bool dispatch_once(wl_display* display, Clock::time_point deadline, const std::vector<FdWatch>& watches) {
    while (wl_display_prepare_read(display) != 0) {
        const int dispatched = wl_display_dispatch_pending(display);
        if (dispatched != 0) return dispatched > 0;
    }
    // EPIPE is not fatal yet: the compositor may have posted an error and hung up, and the
    // error event is still waiting in the socket to be read.
    if (wl_display_flush(display) < 0 && errno != EAGAIN && errno != EPIPE) {
        wl_display_cancel_read(display);
        return false;
    }
    std::vector<pollfd> pfds{{.fd = wl_display_get_fd(display), .events = POLLIN, .revents = 0}};
    Clock::time_point wake = deadline;
    for (const FdWatch& w : watches) {
        pfds.push_back({.fd = w.fd, .events = w.events, .revents = 0});
        wake = std::min(wake, w.deadline);
    }
    int ready;
    do {
        timespec ts{};
        ready = ::ppoll(pfds.data(), pfds.size(), time_left(wake, ts), nullptr);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        wl_display_cancel_read(display);
        return false;
    }
    if (pfds[0].revents == 0) wl_display_cancel_read(display);
    else if (wl_display_read_events(display) < 0) return false;
    const Clock::time_point now = Clock::now();
    for (size_t i = 0; i < watches.size(); ++i) {
        const short revents = pfds[i + 1].revents;
        if (revents != 0 || now >= watches[i].deadline) watches[i].ready(revents);
    }
    return wl_display_dispatch_pending(display) >= 0;
}

}  // namespace

Display connect_display() {
    Display display(wl_display_connect(nullptr));
    if (display) return display;
    const char* name = std::getenv("WAYLAND_DISPLAY");
    throw std::runtime_error(std::format("cannot connect to the Wayland display '{}': {}", name ? name : "wayland-0",
                                         std::strerror(errno)));
}

Wait wait_until(wl_display* display, Clock::time_point deadline, const std::function<bool()>& done,
                const std::function<std::vector<FdWatch>()>& watches) {
    while (!done()) {
        const std::vector<FdWatch> fds = watches ? watches() : std::vector<FdWatch>();
        if (!dispatch_once(display, deadline, fds)) return Wait::failed;
        if (Clock::now() >= deadline) return done() ? Wait::done : Wait::timed_out;
    }
    return Wait::done;
}

bool roundtrip_until(wl_display* display, Clock::time_point deadline) {
    bool answered = false;
    static const wl_callback_listener listener{
        .done = [](void* data, wl_callback*, uint32_t) { *static_cast<bool*>(data) = true; },
    };
    Proxy<wl_callback> callback(wl_display_sync(display));
    wl_callback_add_listener(callback.get(), &listener, &answered);
    return wait_until(display, deadline, [&] { return answered; }) == Wait::done;
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
