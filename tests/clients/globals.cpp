#include "globals.hpp"

#include <stdexcept>
#include <string>

#include "wayland/toplevel.hpp"

namespace wrd::test {
namespace {

void require(bool present, const char* what) {
    if (!present) throw std::runtime_error(std::string("the compositor does not offer ") + what);
}

}  // namespace

Globals::Globals(wl_display* display, Clock::time_point deadline)
    : registry(display, deadline),
      compositor(registry.bind<wl_compositor>(wl_compositor_interface, 4, 4)),
      shm(registry.bind<wl_shm>(wl_shm_interface, 1)),
      wm_base(bind_wm_base(registry)),
      data_device_manager(registry.bind<wl_data_device_manager>(wl_data_device_manager_interface, 3)) {
    require(compositor != nullptr, "wl_compositor version 4 or later");
    require(shm != nullptr, "wl_shm");
    require(wm_base != nullptr, "xdg_wm_base");
    require(registry.find(wl_seat_interface) != nullptr, "wl_seat");
}

}  // namespace wrd::test
