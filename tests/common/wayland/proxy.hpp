// Owning handles for Wayland client objects: Proxy<wl_surface> and so on. Each protocol object
// is ended by its own request (xdg_toplevel_destroy, wl_keyboard_release, ...), so the deleter
// has one overload per type. They live in proxy.cpp because the scanner's request wrappers are
// static inline, which a template argument or an inline function in a header must not name.
// Main thread only, like every object of the test clients, tools and benchmarks.
#pragma once

#include <memory>

#include <wayland-client.h>

#include "idle-inhibit-unstable-v1-client-protocol.h"
#include "pointer-constraints-unstable-v1-client-protocol.h"
#include "relative-pointer-unstable-v1-client-protocol.h"
#include "wlr-screencopy-unstable-v1-client-protocol.h"
#include "wlr-virtual-pointer-unstable-v1-client-protocol.h"
#include "wrd-session-v1-client-protocol.h"
#include "xdg-output-unstable-v1-client-protocol.h"
#include "xdg-shell-client-protocol.h"

// get_layer_surface has a parameter named `namespace`. Its header's own includes are in
// already (wayland-client.h), so the macro reaches only its declarations.
#define namespace namespace_
#include "wlr-layer-shell-unstable-v1-client-protocol.h"
#undef namespace

namespace wrd::test {

struct ProxyDeleter {
    void operator()(wl_display* p) const noexcept;  // disconnects
    void operator()(wl_registry* p) const noexcept;
    void operator()(wl_callback* p) const noexcept;
    void operator()(wl_compositor* p) const noexcept;
    void operator()(wl_shm* p) const noexcept;
    void operator()(wl_buffer* p) const noexcept;
    void operator()(wl_surface* p) const noexcept;
    void operator()(wl_seat* p) const noexcept;  // release, from version 5
    void operator()(wl_keyboard* p) const noexcept;  // release, from version 3
    void operator()(wl_pointer* p) const noexcept;  // release, from version 3
    void operator()(xdg_wm_base* p) const noexcept;
    void operator()(xdg_surface* p) const noexcept;
    void operator()(xdg_toplevel* p) const noexcept;
    void operator()(xdg_positioner* p) const noexcept;
    void operator()(xdg_popup* p) const noexcept;
    void operator()(wl_data_device_manager* p) const noexcept;
    void operator()(wl_data_device* p) const noexcept;  // release, from version 2
    void operator()(wl_data_source* p) const noexcept;
    void operator()(wl_data_offer* p) const noexcept;
    void operator()(wl_output* p) const noexcept;  // release, from version 3
    void operator()(zxdg_output_manager_v1* p) const noexcept;
    void operator()(zxdg_output_v1* p) const noexcept;
    void operator()(zwlr_screencopy_manager_v1* p) const noexcept;
    void operator()(zwlr_screencopy_frame_v1* p) const noexcept;
    void operator()(zwlr_virtual_pointer_manager_v1* p) const noexcept;
    void operator()(zwlr_virtual_pointer_v1* p) const noexcept;
    void operator()(wrd_session_manager_v1* p) const noexcept;
    void operator()(wrd_cursor_v1* p) const noexcept;
    void operator()(wrd_virtual_output_v1* p) const noexcept;
    void operator()(zwp_pointer_constraints_v1* p) const noexcept;
    void operator()(zwp_locked_pointer_v1* p) const noexcept;
    void operator()(zwp_confined_pointer_v1* p) const noexcept;
    void operator()(zwp_relative_pointer_manager_v1* p) const noexcept;
    void operator()(zwp_relative_pointer_v1* p) const noexcept;
    void operator()(zwp_idle_inhibit_manager_v1* p) const noexcept;
    void operator()(zwp_idle_inhibitor_v1* p) const noexcept;
    void operator()(zwlr_layer_shell_v1* p) const noexcept;  // destroy, from version 3
    void operator()(zwlr_layer_surface_v1* p) const noexcept;
};

template <typename T>
using Proxy = std::unique_ptr<T, ProxyDeleter>;

using Display = Proxy<wl_display>;

}  // namespace wrd::test
