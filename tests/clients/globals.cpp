#include "globals.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace wrd::test {
namespace {

// A client that does not answer pings is marked unresponsive; tests keep clients idle for long.
const xdg_wm_base_listener wm_base_listener{
    .ping = [](void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); },
};

// Binds no higher than the version our generated headers (and so our listeners) know.
template <typename T>
T* bind(wl_registry* registry, uint32_t name, const wl_interface& iface, uint32_t offered, uint32_t wanted) {
    const uint32_t version = std::min({offered, wanted, static_cast<uint32_t>(iface.version)});
    return static_cast<T*>(wl_registry_bind(registry, name, &iface, version));
}

void handle_global(void* data, wl_registry* registry, uint32_t name, const char* iface, uint32_t version) {
    auto* g = static_cast<Globals*>(data);
    if (std::strcmp(iface, wl_compositor_interface.name) == 0 && !g->compositor && version >= 4) {
        g->compositor.reset(bind<wl_compositor>(registry, name, wl_compositor_interface, version, 4));
    } else if (std::strcmp(iface, wl_shm_interface.name) == 0 && !g->shm) {
        g->shm.reset(bind<wl_shm>(registry, name, wl_shm_interface, version, 1));
    } else if (std::strcmp(iface, xdg_wm_base_interface.name) == 0 && !g->wm_base) {
        g->wm_base.reset(bind<xdg_wm_base>(registry, name, xdg_wm_base_interface, version, UINT32_MAX));
        xdg_wm_base_add_listener(g->wm_base.get(), &wm_base_listener, nullptr);
    } else if (std::strcmp(iface, wl_data_device_manager_interface.name) == 0 && !g->data_device_manager) {
        g->data_device_manager.reset(
            bind<wl_data_device_manager>(registry, name, wl_data_device_manager_interface, version, 3));
    } else if (std::strcmp(iface, wl_seat_interface.name) == 0 && g->seat_name == 0) {
        g->seat_name = name;
        g->seat_version = version;
    }
}

void handle_global_remove(void*, wl_registry*, uint32_t) {}

const wl_registry_listener registry_listener{.global = handle_global, .global_remove = handle_global_remove};

void require(bool present, const char* what) {
    if (!present) throw std::runtime_error(std::string("the compositor does not offer ") + what);
}

}  // namespace

Globals::Globals(wl_display* display, Clock::time_point deadline) : registry(wl_display_get_registry(display)) {
    wl_registry_add_listener(registry.get(), &registry_listener, this);
    if (!roundtrip_until(display, deadline)) {
        if (wl_display_get_error(display) != 0)
            throw std::runtime_error("lost the connection while listing globals: " + describe_display_error(display));
        throw std::runtime_error("the compositor did not list its globals in time");
    }
    require(compositor != nullptr, "wl_compositor version 4 or later");
    require(shm != nullptr, "wl_shm");
    require(wm_base != nullptr, "xdg_wm_base");
    require(seat_name != 0, "wl_seat");
}

wl_seat* Globals::bind_seat() const {
    return bind<wl_seat>(registry.get(), seat_name, wl_seat_interface, seat_version, UINT32_MAX);
}

}  // namespace wrd::test
