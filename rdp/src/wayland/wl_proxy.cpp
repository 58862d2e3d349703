#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {
namespace {

// The release request of `p` when its bound version has one, else the client-side destroy.
template <typename T>
void release_or_destroy(T* p, uint32_t release_since, void (*release)(T*), void (*destroy)(T*)) {
    if (wl_proxy_get_version(reinterpret_cast<wl_proxy*>(p)) >= release_since) release(p);
    else destroy(p);
}

}  // namespace

void WlDeleter::operator()(wl_display* p) const noexcept { wl_display_disconnect(p); }
void WlDeleter::operator()(wl_registry* p) const noexcept { wl_registry_destroy(p); }
void WlDeleter::operator()(wl_callback* p) const noexcept { wl_callback_destroy(p); }
void WlDeleter::operator()(wl_shm* p) const noexcept {
    release_or_destroy(p, WL_SHM_RELEASE_SINCE_VERSION, wl_shm_release, wl_shm_destroy);
}
void WlDeleter::operator()(wl_shm_pool* p) const noexcept { wl_shm_pool_destroy(p); }
void WlDeleter::operator()(wl_buffer* p) const noexcept { wl_buffer_destroy(p); }
void WlDeleter::operator()(wl_seat* p) const noexcept {
    release_or_destroy(p, WL_SEAT_RELEASE_SINCE_VERSION, wl_seat_release, wl_seat_destroy);
}
void WlDeleter::operator()(wl_output* p) const noexcept {
    release_or_destroy(p, WL_OUTPUT_RELEASE_SINCE_VERSION, wl_output_release, wl_output_destroy);
}
void WlDeleter::operator()(zxdg_output_manager_v1* p) const noexcept { zxdg_output_manager_v1_destroy(p); }
void WlDeleter::operator()(zxdg_output_v1* p) const noexcept { zxdg_output_v1_destroy(p); }
void WlDeleter::operator()(zwlr_screencopy_manager_v1* p) const noexcept { zwlr_screencopy_manager_v1_destroy(p); }
void WlDeleter::operator()(zwlr_screencopy_frame_v1* p) const noexcept { zwlr_screencopy_frame_v1_destroy(p); }
void WlDeleter::operator()(zwlr_virtual_pointer_manager_v1* p) const noexcept {
    zwlr_virtual_pointer_manager_v1_destroy(p);
}
void WlDeleter::operator()(zwlr_virtual_pointer_v1* p) const noexcept { zwlr_virtual_pointer_v1_destroy(p); }
void WlDeleter::operator()(zwp_virtual_keyboard_manager_v1* p) const noexcept {
    zwp_virtual_keyboard_manager_v1_destroy(p);
}
void WlDeleter::operator()(zwp_virtual_keyboard_v1* p) const noexcept { zwp_virtual_keyboard_v1_destroy(p); }
void WlDeleter::operator()(zwlr_output_manager_v1* p) const noexcept {
    // The manager has no destructor request: stop asks the compositor to end it, and the
    // finished event that follows is dropped with the proxy.
    zwlr_output_manager_v1_stop(p);
    zwlr_output_manager_v1_destroy(p);
}
void WlDeleter::operator()(zwlr_output_head_v1* p) const noexcept {
    release_or_destroy(p, ZWLR_OUTPUT_HEAD_V1_RELEASE_SINCE_VERSION, zwlr_output_head_v1_release,
                       zwlr_output_head_v1_destroy);
}
void WlDeleter::operator()(zwlr_output_mode_v1* p) const noexcept {
    release_or_destroy(p, ZWLR_OUTPUT_MODE_V1_RELEASE_SINCE_VERSION, zwlr_output_mode_v1_release,
                       zwlr_output_mode_v1_destroy);
}
void WlDeleter::operator()(zwlr_output_configuration_v1* p) const noexcept {
    zwlr_output_configuration_v1_destroy(p);
}
void WlDeleter::operator()(zwlr_output_configuration_head_v1* p) const noexcept {
    zwlr_output_configuration_head_v1_destroy(p);
}
void WlDeleter::operator()(wrd_session_manager_v1* p) const noexcept { wrd_session_manager_v1_destroy(p); }
void WlDeleter::operator()(wrd_cursor_v1* p) const noexcept { wrd_cursor_v1_destroy(p); }
void WlDeleter::operator()(wrd_virtual_output_v1* p) const noexcept { wrd_virtual_output_v1_destroy(p); }
void WlDeleter::operator()(zwlr_data_control_manager_v1* p) const noexcept {
    zwlr_data_control_manager_v1_destroy(p);
}
void WlDeleter::operator()(zwlr_data_control_device_v1* p) const noexcept { zwlr_data_control_device_v1_destroy(p); }
void WlDeleter::operator()(zwlr_data_control_source_v1* p) const noexcept { zwlr_data_control_source_v1_destroy(p); }
void WlDeleter::operator()(zwlr_data_control_offer_v1* p) const noexcept { zwlr_data_control_offer_v1_destroy(p); }

}  // namespace wrd::rdp
