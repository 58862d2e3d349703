// What the client's main loop and seat hooks need of its one main surface, whichever role it
// has: an xdg toplevel (Window) or, with --panel, a layer-shell panel (Panel). Main thread only.
#pragma once

#include <cstdint>

#include "wayland/proxy.hpp"

namespace wrd::test {

class MainSurface {
public:
    MainSurface() = default;
    MainSurface(const MainSurface&) = delete;  // the role listeners point at the object
    MainSurface& operator=(const MainSurface&) = delete;
    virtual ~MainSurface() = default;

    virtual wl_surface* surface() const = 0;
    // A buffer has been committed: the surface is mapped once the compositor has it.
    virtual bool has_buffer() const = 0;
    // The compositor asked us to go (xdg_toplevel.close, zwlr_layer_surface_v1.closed).
    virtual bool closed() const = 0;

    // Toplevel requests. A panel has neither: the options that use them exclude --panel.
    virtual void minimize() {}
    virtual void handle_left_press(wl_seat* /*seat*/, wl_surface* /*surface*/, uint32_t /*serial*/) {}
};

}  // namespace wrd::test
