#include "window.hpp"

#include <algorithm>

#include "event_log.hpp"
#include "popup.hpp"

namespace wrd::test {

Window::Window(const Globals& globals, const PatternOptions& options)
    : globals_(globals),
      options_(options),
      buffers_(globals.shm.get(), options.smooth, options.csd_margin),
      toplevel_(globals.compositor.get(), globals.wm_base.get(), options.title, options.app_id,
                [this](const ToplevelConfigure& configure) { handle_configure(configure); }) {
    // Asked before the first commit so the first configure already carries the state.
    if (options.maximize) xdg_toplevel_set_maximized(toplevel_.toplevel());
    if (options.fullscreen) xdg_toplevel_set_fullscreen(toplevel_.toplevel(), nullptr);
    if (options.min_width > 0) xdg_toplevel_set_min_size(toplevel_.toplevel(), options.min_width, options.min_height);
    wl_surface_commit(toplevel_.surface());
}

Window::~Window() = default;

void Window::handle_configure(const ToplevelConfigure& c) {
    log_event("configure {} {}{}{}{}", c.width, c.height, c.maximized ? " maximized" : "",
              c.fullscreen ? " fullscreen" : "", c.activated ? " activated" : "");
    // A zero dimension leaves that dimension to us; like real clients we never go below our
    // minimum, whatever the configure says.
    const int width = std::max(c.width > 0 ? c.width : options_.width, options_.min_width);
    const int height = std::max(c.height > 0 ? c.height : options_.height, options_.min_height);
    if (options_.csd_margin > 0)
        xdg_surface_set_window_geometry(toplevel_.xdg(), options_.csd_margin, options_.csd_margin, width, height);
    buffers_.commit(toplevel_.surface(), width, height);
    // A popup's parent must be mapped first, which that commit has just done.
    if (options_.popup && !popup_)
        popup_ = std::make_unique<Popup>(globals_, toplevel_.xdg(), *options_.popup, options_.reposition_popup);
}

void Window::minimize() {
    xdg_toplevel_set_minimized(toplevel_.toplevel());
    log_event("minimize_requested");
}

void Window::handle_left_press(wl_seat* seat, wl_surface* surface, uint32_t serial) {
    if (surface != toplevel_.surface()) return;  // a press on the popup is not on the window
    if (options_.move_on_press) {
        xdg_toplevel_move(toplevel_.toplevel(), seat, serial);
        log_event("move_requested");
    } else if (options_.resize_on_press) {
        xdg_toplevel_resize(toplevel_.toplevel(), seat, serial, XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT);
        log_event("resize_requested");
    }
}

}  // namespace wrd::test
