#include "globals.hpp"

#include <stdexcept>
#include <string>

#include "wayland/toplevel.hpp"

namespace wrd::test {

void require_global(bool present, const char* what) {
    if (!present) throw std::runtime_error(std::string("the compositor does not offer ") + what);
}

Globals::Globals(wl_display* display, Clock::time_point deadline)
    : registry(display, deadline),
      compositor(registry.bind<wl_compositor>(wl_compositor_interface, 4, 4)),
      shm(registry.bind<wl_shm>(wl_shm_interface, 1)),
      wm_base(bind_wm_base(registry)),
      data_device_manager(registry.bind<wl_data_device_manager>(wl_data_device_manager_interface, 3)),
      pointer_constraints(registry.bind<zwp_pointer_constraints_v1>(zwp_pointer_constraints_v1_interface, 1)),
      relative_pointers(registry.bind<zwp_relative_pointer_manager_v1>(zwp_relative_pointer_manager_v1_interface, 1)),
      layer_shell(registry.bind<zwlr_layer_shell_v1>(zwlr_layer_shell_v1_interface, 4)),
      idle_inhibit(registry.bind<zwp_idle_inhibit_manager_v1>(zwp_idle_inhibit_manager_v1_interface, 1)) {
    require_global(compositor != nullptr, "wl_compositor version 4 or later");
    require_global(shm != nullptr, "wl_shm");
    require_global(wm_base != nullptr, "xdg_wm_base");
    require_global(registry.find(wl_seat_interface) != nullptr, "wl_seat");
}

}  // namespace wrd::test
