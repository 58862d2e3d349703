// --popup: an xdg_popup of the pattern window, painted with the pattern too. Its positioner
// anchors it at one point of the parent's window geometry, grows it down and to the right,
// and lets the compositor slide or flip it to keep it on the output; every configure is
// logged as "popup_configure X Y W H" (relative to the parent's window geometry) so a test
// sees where it went. With --reposition-popup it then moves itself (xdg_popup.reposition,
// token 1) and logs "popup_repositioned 1" before the configure of its new place. Main thread
// only.
#pragma once

#include <memory>
#include <optional>

#include "globals.hpp"
#include "options.hpp"
#include "wayland/shm_buffer.hpp"

namespace wrd::test {

class Popup {
public:
    // `parent` must be mapped already (xdg-shell); the popup commits its initial state at once.
    Popup(const Globals& globals, xdg_surface* parent, const PopupRect& rect,
          std::optional<PopupRect> reposition = std::nullopt);
    Popup(const Popup&) = delete;
    Popup& operator=(const Popup&) = delete;
    ~Popup();

private:
    static const xdg_surface_listener surface_listener;
    static const xdg_popup_listener popup_listener;

    void handle_configure(uint32_t serial);

    xdg_wm_base* wm_base_;
    std::optional<PopupRect> reposition_;  // sent once mapped, then cleared
    Proxy<wl_surface> surface_;
    Proxy<xdg_surface> xdg_surface_;
    Proxy<xdg_popup> popup_;
    ShmBuffer buffer_;
    bool attached_ = false;
};

}  // namespace wrd::test
