// Connection: the benchmark clients' link to the compositor and the globals they bind.
// Main thread only. Set-up failures throw BenchError with a one-line message that names
// the missing piece; main() prints it and exits 1.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include <wayland-client.h>

#include "wlr-screencopy-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

namespace wrd::bench {

struct BenchError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct OutputMode {
    int width = 0;
    int height = 0;
    int refresh_mhz = 0;
};

class Connection {
public:
    // Connects to $WAYLAND_DISPLAY and binds wl_compositor, wl_shm, xdg_wm_base and the
    // first wl_output (with its current mode); zwlr_screencopy_manager_v1 v3 too when asked.
    explicit Connection(bool want_screencopy);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    wl_display* display() const { return display_; }
    wl_compositor* compositor() const { return compositor_; }
    wl_shm* shm() const { return shm_; }
    xdg_wm_base* wm_base() const { return wm_base_; }
    wl_output* output() const { return output_; }
    zwlr_screencopy_manager_v1* screencopy() const { return screencopy_; }
    const OutputMode& mode() const { return mode_; }

    // Dispatches events until done() holds. Blocks in poll() on the display fd, so it wakes
    // exactly when the compositor sends something. Throws BenchError naming `what` if
    // `timeout` passes first, or if the connection fails.
    void dispatch_until(const std::function<bool()>& done, std::chrono::milliseconds timeout, const char* what);
    // Dispatches whatever arrives for `span`, then returns.
    void dispatch_for(std::chrono::nanoseconds span);
    // Blocks until the connection breaks (for clients that only wait to be killed).
    void dispatch_forever();

private:
    // One poll() round with an absolute CLOCK_MONOTONIC deadline; false when it passed.
    bool dispatch_once(std::chrono::steady_clock::time_point deadline);
    void check_error() const;

    static void on_global(void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t version);
    static void on_global_remove(void*, wl_registry*, uint32_t) {}
    static void on_ping(void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); }
    static void on_mode(void* data, wl_output*, uint32_t flags, int32_t w, int32_t h, int32_t refresh);

    wl_display* display_ = nullptr;
    wl_registry* registry_ = nullptr;
    wl_compositor* compositor_ = nullptr;
    wl_shm* shm_ = nullptr;
    xdg_wm_base* wm_base_ = nullptr;
    wl_output* output_ = nullptr;
    zwlr_screencopy_manager_v1* screencopy_ = nullptr;
    uint32_t screencopy_version_ = 0;
    bool want_screencopy_;
    OutputMode mode_;
};

// CLOCK_MONOTONIC in seconds: the clock wlroots stamps output commits with.
double monotonic_seconds();

}  // namespace wrd::bench
