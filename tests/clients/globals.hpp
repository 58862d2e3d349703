// The compositor globals the test clients need, bound once at start-up. Construction throws
// std::runtime_error naming the missing global, so a client can exit with a clear message
// instead of crashing later. Main thread only.
#pragma once

#include "wayland/registry.hpp"

namespace wrd::test {

// Throws std::runtime_error("the compositor does not offer WHAT") unless `present`.
void require_global(bool present, const char* what);

struct Globals {
    // Lists the globals, binds wl_compositor (v4+, for damage_buffer), wl_shm, xdg_wm_base
    // (answering its pings from then on) and, if offered, wl_data_device_manager (up to v3)
    // and the input and shell extensions below, and checks that a wl_seat is offered.
    // Throws if the compositor has not listed its globals by `deadline`.
    explicit Globals(wl_display* display, Clock::time_point deadline = Clock::time_point::max());

    // wl_seat announces its capabilities as soon as it is bound, so whoever listens binds it.
    Proxy<wl_seat> bind_seat() const { return registry.bind<wl_seat>(wl_seat_interface, UINT32_MAX); }

    Registry registry;
    Proxy<wl_compositor> compositor;
    Proxy<wl_shm> shm;
    Proxy<xdg_wm_base> wm_base;
    Proxy<wl_data_device_manager> data_device_manager;  // optional: only the clipboard options need it
    // Optional too; the options that need one check for it (require_global).
    Proxy<zwp_pointer_constraints_v1> pointer_constraints;     // --lock-pointer, --confine-pointer
    Proxy<zwp_relative_pointer_manager_v1> relative_pointers;  // the same
    Proxy<zwlr_layer_shell_v1> layer_shell;                    // --panel
    Proxy<zwp_idle_inhibit_manager_v1> idle_inhibit;           // --inhibit-idle
};

}  // namespace wrd::test
