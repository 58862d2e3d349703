#include "proxy.hpp"

namespace wrd::test {

void ProxyDeleter::operator()(wl_display* p) const noexcept { wl_display_disconnect(p); }
void ProxyDeleter::operator()(wl_registry* p) const noexcept { wl_registry_destroy(p); }
void ProxyDeleter::operator()(wl_callback* p) const noexcept { wl_callback_destroy(p); }
void ProxyDeleter::operator()(wl_compositor* p) const noexcept { wl_compositor_destroy(p); }
void ProxyDeleter::operator()(wl_shm* p) const noexcept { wl_shm_destroy(p); }
void ProxyDeleter::operator()(wl_buffer* p) const noexcept { wl_buffer_destroy(p); }
void ProxyDeleter::operator()(wl_surface* p) const noexcept { wl_surface_destroy(p); }
void ProxyDeleter::operator()(xdg_wm_base* p) const noexcept { xdg_wm_base_destroy(p); }
void ProxyDeleter::operator()(xdg_surface* p) const noexcept { xdg_surface_destroy(p); }
void ProxyDeleter::operator()(xdg_toplevel* p) const noexcept { xdg_toplevel_destroy(p); }
void ProxyDeleter::operator()(xdg_positioner* p) const noexcept { xdg_positioner_destroy(p); }
void ProxyDeleter::operator()(xdg_popup* p) const noexcept { xdg_popup_destroy(p); }
void ProxyDeleter::operator()(wl_data_device_manager* p) const noexcept { wl_data_device_manager_destroy(p); }
void ProxyDeleter::operator()(wl_data_source* p) const noexcept { wl_data_source_destroy(p); }
void ProxyDeleter::operator()(wl_data_offer* p) const noexcept { wl_data_offer_destroy(p); }
void ProxyDeleter::operator()(zxdg_output_manager_v1* p) const noexcept { zxdg_output_manager_v1_destroy(p); }
void ProxyDeleter::operator()(zxdg_output_v1* p) const noexcept { zxdg_output_v1_destroy(p); }
void ProxyDeleter::operator()(zwlr_screencopy_manager_v1* p) const noexcept { zwlr_screencopy_manager_v1_destroy(p); }
void ProxyDeleter::operator()(zwlr_screencopy_frame_v1* p) const noexcept { zwlr_screencopy_frame_v1_destroy(p); }
void ProxyDeleter::operator()(zwlr_virtual_pointer_manager_v1* p) const noexcept {
    zwlr_virtual_pointer_manager_v1_destroy(p);
}
void ProxyDeleter::operator()(zwlr_virtual_pointer_v1* p) const noexcept { zwlr_virtual_pointer_v1_destroy(p); }
void ProxyDeleter::operator()(wrd_session_manager_v1* p) const noexcept { wrd_session_manager_v1_destroy(p); }
void ProxyDeleter::operator()(wrd_cursor_v1* p) const noexcept { wrd_cursor_v1_destroy(p); }
void ProxyDeleter::operator()(wrd_virtual_output_v1* p) const noexcept { wrd_virtual_output_v1_destroy(p); }
void ProxyDeleter::operator()(zwp_pointer_constraints_v1* p) const noexcept { zwp_pointer_constraints_v1_destroy(p); }
void ProxyDeleter::operator()(zwp_locked_pointer_v1* p) const noexcept { zwp_locked_pointer_v1_destroy(p); }
void ProxyDeleter::operator()(zwp_confined_pointer_v1* p) const noexcept { zwp_confined_pointer_v1_destroy(p); }
void ProxyDeleter::operator()(zwp_relative_pointer_manager_v1* p) const noexcept {
    zwp_relative_pointer_manager_v1_destroy(p);
}
void ProxyDeleter::operator()(zwp_relative_pointer_v1* p) const noexcept { zwp_relative_pointer_v1_destroy(p); }
void ProxyDeleter::operator()(zwp_idle_inhibit_manager_v1* p) const noexcept {
    zwp_idle_inhibit_manager_v1_destroy(p);
}
void ProxyDeleter::operator()(zwp_idle_inhibitor_v1* p) const noexcept { zwp_idle_inhibitor_v1_destroy(p); }
void ProxyDeleter::operator()(zwlr_layer_surface_v1* p) const noexcept { zwlr_layer_surface_v1_destroy(p); }

// Older versions have no release request; destroying the proxy is all they allow.
void ProxyDeleter::operator()(wl_seat* p) const noexcept {
    if (wl_seat_get_version(p) >= WL_SEAT_RELEASE_SINCE_VERSION) wl_seat_release(p);
    else wl_seat_destroy(p);
}

void ProxyDeleter::operator()(wl_data_device* p) const noexcept {
    if (wl_data_device_get_version(p) >= WL_DATA_DEVICE_RELEASE_SINCE_VERSION) wl_data_device_release(p);
    else wl_data_device_destroy(p);
}

void ProxyDeleter::operator()(wl_keyboard* p) const noexcept {
    if (wl_keyboard_get_version(p) >= WL_KEYBOARD_RELEASE_SINCE_VERSION) wl_keyboard_release(p);
    else wl_keyboard_destroy(p);
}

void ProxyDeleter::operator()(wl_output* p) const noexcept {
    if (wl_output_get_version(p) >= WL_OUTPUT_RELEASE_SINCE_VERSION) wl_output_release(p);
    else wl_output_destroy(p);
}

void ProxyDeleter::operator()(zwlr_layer_shell_v1* p) const noexcept {
    if (zwlr_layer_shell_v1_get_version(p) >= ZWLR_LAYER_SHELL_V1_DESTROY_SINCE_VERSION) zwlr_layer_shell_v1_destroy(p);
    else wl_proxy_destroy(reinterpret_cast<wl_proxy*>(p));
}

void ProxyDeleter::operator()(wl_pointer* p) const noexcept {
    if (wl_pointer_get_version(p) >= WL_POINTER_RELEASE_SINCE_VERSION) wl_pointer_release(p);
    else wl_pointer_destroy(p);
}

}  // namespace wrd::test
