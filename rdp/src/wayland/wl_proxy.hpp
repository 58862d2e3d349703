// WlProxy<T>: an owning handle for one Wayland client object of the connection to the
// compositor. Each interface is ended by its own request (release from some version on,
// destroy, or only the client-side wl_proxy_destroy), so WlDeleter has one overload per
// interface. The overloads live in wl_proxy.cpp: the scanner's request wrappers are static
// inline functions, which an inline function in a header must not name.
// Besides what the Wayland session binds, the data-control interfaces are here for the
// clipboard bridge on the same connection.
// I/O thread only, like every object of the connection.
#pragma once

#include <memory>

#include <wayland-client.h>

#include "virtual-keyboard-unstable-v1-client-protocol.h"
#include "wlr-data-control-unstable-v1-client-protocol.h"
#include "wlr-output-management-unstable-v1-client-protocol.h"
#include "wlr-screencopy-unstable-v1-client-protocol.h"
#include "wlr-virtual-pointer-unstable-v1-client-protocol.h"
#include "wrd-session-v1-client-protocol.h"
#include "xdg-output-unstable-v1-client-protocol.h"

namespace wrd::rdp {

struct WlDeleter {
    void operator()(wl_display* p) const noexcept;  // disconnects
    void operator()(wl_registry* p) const noexcept;
    void operator()(wl_callback* p) const noexcept;
    void operator()(wl_shm* p) const noexcept;  // release, from version 2
    void operator()(wl_shm_pool* p) const noexcept;
    void operator()(wl_buffer* p) const noexcept;
    void operator()(wl_seat* p) const noexcept;    // release, from version 5
    void operator()(wl_output* p) const noexcept;  // release, from version 3
    void operator()(zxdg_output_manager_v1* p) const noexcept;
    void operator()(zxdg_output_v1* p) const noexcept;
    void operator()(zwlr_screencopy_manager_v1* p) const noexcept;
    void operator()(zwlr_screencopy_frame_v1* p) const noexcept;
    void operator()(zwlr_virtual_pointer_manager_v1* p) const noexcept;
    void operator()(zwlr_virtual_pointer_v1* p) const noexcept;
    void operator()(zwp_virtual_keyboard_manager_v1* p) const noexcept;
    void operator()(zwp_virtual_keyboard_v1* p) const noexcept;
    void operator()(zwlr_output_manager_v1* p) const noexcept;  // stop, then the proxy goes
    void operator()(zwlr_output_head_v1* p) const noexcept;     // release, from version 3
    void operator()(zwlr_output_mode_v1* p) const noexcept;     // release, from version 3
    void operator()(zwlr_output_configuration_v1* p) const noexcept;
    void operator()(zwlr_output_configuration_head_v1* p) const noexcept;
    void operator()(wrd_session_manager_v1* p) const noexcept;
    void operator()(wrd_cursor_v1* p) const noexcept;
    void operator()(wrd_virtual_output_v1* p) const noexcept;
    void operator()(zwlr_data_control_manager_v1* p) const noexcept;
    void operator()(zwlr_data_control_device_v1* p) const noexcept;
    void operator()(zwlr_data_control_source_v1* p) const noexcept;
    void operator()(zwlr_data_control_offer_v1* p) const noexcept;
};

template <typename T>
using WlProxy = std::unique_ptr<T, WlDeleter>;

}  // namespace wrd::rdp
