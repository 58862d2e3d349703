// Connection: the benchmark clients' link to the compositor and the globals they bind, over
// the shared client plumbing in tests/common/wayland. Main thread only. Set-up failures throw
// BenchError with a one-line message that names the missing piece; main() prints it and
// exits 1.
#pragma once

#include <chrono>
#include <functional>
#include <stdexcept>

#include "wayland/outputs.hpp"
#include "wayland/screencopy.hpp"
#include "wayland/shm_buffer.hpp"

namespace wrd::bench {

using test::monotonic_seconds;
using test::Proxy;
using test::Rect;
using test::ShmBuffer;

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
    // outputs (the first one, with its current mode, is ours); zwlr_screencopy_manager_v1 v3
    // too when asked.
    explicit Connection(bool want_screencopy);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    wl_display* display() const { return display_.get(); }
    wl_compositor* compositor() const { return compositor_.get(); }
    wl_shm* shm() const { return shm_.get(); }
    xdg_wm_base* wm_base() const { return wm_base_.get(); }
    wl_output* output() const { return outputs_.list().front().output.get(); }
    zwlr_screencopy_manager_v1* screencopy() const { return screencopy_.get(); }
    const OutputMode& mode() const { return mode_; }

    // Dispatches events until done() holds, waking exactly when the compositor sends
    // something. Throws BenchError naming `what` if `timeout` passes first, or if the
    // connection fails.
    void dispatch_until(const std::function<bool()>& done, std::chrono::milliseconds timeout, const char* what);
    // Dispatches whatever arrives for `span`, then returns.
    void dispatch_for(std::chrono::nanoseconds span);
    // Blocks until the connection breaks (for clients that only wait to be killed).
    void dispatch_forever();
    // Throws BenchError saying why the connection died.
    [[noreturn]] void fail() const;

private:
    // Declared first, so the objects below are gone before it disconnects.
    test::Display display_;
    test::Registry registry_;
    test::Outputs outputs_;
    Proxy<wl_compositor> compositor_;
    Proxy<wl_shm> shm_;
    Proxy<xdg_wm_base> wm_base_;
    Proxy<zwlr_screencopy_manager_v1> screencopy_;
    OutputMode mode_;
};

}  // namespace wrd::bench
