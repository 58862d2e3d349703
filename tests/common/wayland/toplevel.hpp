// An xdg-shell toplevel over one wl_surface: the pattern client's window and the benchmarks'
// windows. It collects each configure's size and states, acks it, and hands it to its owner,
// who decides what to paint. Main thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "registry.hpp"
#include "shm_buffer.hpp"

namespace wrd::test {

// Binds xdg_wm_base and answers its pings from then on: a client that does not is marked
// unresponsive, and tests and benchmarks keep clients idle for long. Null if not offered.
Proxy<xdg_wm_base> bind_wm_base(const Registry& registry);

// One configure sequence: the toplevel events up to xdg_surface.configure. A zero dimension
// leaves that dimension to the client.
struct ToplevelConfigure {
    int width = 0;
    int height = 0;
    bool maximized = false;
    bool fullscreen = false;
    bool activated = false;
};

class Toplevel {
public:
    // Called once per configure sequence, after the ack; a commit then applies it.
    using Configured = std::function<void(const ToplevelConfigure&)>;

    // Creates the surface and its toplevel role with `title` (and `app_id` unless empty). The
    // owner asks for any initial states and makes the first (bufferless) commit itself.
    Toplevel(wl_compositor* compositor, xdg_wm_base* wm_base, const std::string& title, const std::string& app_id,
             Configured configured);
    Toplevel(const Toplevel&) = delete;  // the listeners point here
    Toplevel& operator=(const Toplevel&) = delete;
    ~Toplevel();

    wl_surface* surface() const { return surface_.get(); }
    xdg_surface* xdg() const { return xdg_surface_.get(); }
    xdg_toplevel* toplevel() const { return toplevel_.get(); }
    bool configured() const { return configured_; }
    bool closed() const { return closed_; }

    // commit_buffer, asking first for a frame callback when `want_frame`.
    void present(ShmBuffer& buffer, std::span<const Rect> damage = {}, bool want_frame = false);
    // The frame callback of the last present() has fired (or none was asked for).
    bool frame_done() const { return !frame_; }

private:
    static const xdg_surface_listener surface_listener;
    static const xdg_toplevel_listener toplevel_listener;
    static const wl_callback_listener frame_listener;

    void handle_toplevel_configure(int32_t width, int32_t height, const wl_array* states);
    void handle_configure(uint32_t serial);

    Proxy<wl_surface> surface_;
    Proxy<xdg_surface> xdg_surface_;
    Proxy<xdg_toplevel> toplevel_;
    Proxy<wl_callback> frame_;
    Configured configured_callback_;
    ToplevelConfigure pending_;
    bool configured_ = false;
    bool closed_ = false;
};

}  // namespace wrd::test
