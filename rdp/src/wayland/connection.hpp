// WaylandConnection: the client connection to the compositor and its place in the I/O
// thread's EventLoop. Incoming events are read and dispatched when the socket is readable;
// requests are flushed before every poll, and when the socket is full the loop also waits
// for POLLOUT. A broken connection (the compositor died, a protocol error) is reported once.
// I/O thread only.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "event_loop.hpp"
#include "unique_fd.hpp"
#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

// Where to connect: a display name, or a socket that is already connected (wrd-rdp
// --wayland-fd, handed over by the login daemon).
struct WaylandTarget {
    std::string display_name;  // empty: $WAYLAND_DISPLAY, as libwayland resolves it
    UniqueFd socket;           // when set, used instead of display_name

    static WaylandTarget named(std::string name) { return {std::move(name), UniqueFd()}; }
    static WaylandTarget connected(UniqueFd fd) { return {std::string(), std::move(fd)}; }
};

class WaylandConnection {
public:
    using LostCallback = std::function<void(const std::string& reason)>;

    static std::expected<std::unique_ptr<WaylandConnection>, std::string> open(WaylandTarget target);
    WaylandConnection(const WaylandConnection&) = delete;
    WaylandConnection& operator=(const WaylandConnection&) = delete;
    ~WaylandConnection();

    wl_display* display() const { return display_.get(); }

    // Before attach(): sends a wl_display.sync and dispatches until its reply, so every
    // event the compositor sent before has been handled. Fails on timeout or a broken connection.
    std::expected<void, std::string> roundtrip(std::chrono::milliseconds timeout);

    // From now on the loop reads, dispatches and flushes. `on_lost` runs at most once, outside
    // libwayland, as the last thing this object does in that turn (it may destroy us).
    void attach(EventLoop& loop, LostCallback on_lost);

    bool lost() const { return lost_; }
    // Why the connection is unusable: the protocol error (interface, object, code) or errno.
    std::string error_reason() const;

private:
    explicit WaylandConnection(wl_display* display);

    void on_socket(short revents);
    void before_poll();
    bool read_and_dispatch();
    bool flush();
    void fail();

    WlProxy<wl_display> display_;
    EventLoop* loop_ = nullptr;
    EventLoop::Id watch_ = 0;
    bool want_write_ = false;
    bool lost_ = false;
    LostCallback lost_callback_;
    // The loop's before-poll hook cannot be removed; it reaches us through this and does
    // nothing once we are gone.
    std::shared_ptr<WaylandConnection*> hook_target_;
};

}  // namespace wrd::rdp
