// The compositor globals a test client needs, bound once at start-up. Construction throws
// std::runtime_error naming the missing global, so a client can exit with a clear message
// instead of crashing later. Main thread only.
#pragma once

#include "display_loop.hpp"
#include "proxy.hpp"

namespace wrd::test {

struct Globals {
    // Binds wl_compositor (v4+, for damage_buffer), wl_shm, xdg_wm_base and, if offered,
    // wl_data_device_manager (up to v3), answers xdg_wm_base pings from then on, and notes
    // where wl_seat is.
    // Throws if the compositor has not listed its globals by `deadline`.
    explicit Globals(wl_display* display, Clock::time_point deadline = Clock::time_point::max());
    Globals(const Globals&) = delete;  // the registry listener points here
    Globals& operator=(const Globals&) = delete;

    // wl_seat announces its capabilities as soon as it is bound, so whoever listens binds it.
    wl_seat* bind_seat() const;

    Proxy<wl_registry> registry;
    Proxy<wl_compositor> compositor;
    Proxy<wl_shm> shm;
    Proxy<xdg_wm_base> wm_base;
    Proxy<wl_data_device_manager> data_device_manager;  // optional: only the clipboard options need it
    uint32_t seat_name = 0;
    uint32_t seat_version = 0;
};

}  // namespace wrd::test
