#include "window.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "event_log.hpp"
#include "popup.hpp"

namespace wrd::test {

const xdg_surface_listener Window::surface_listener{
    .configure = [](void* data, xdg_surface*, uint32_t serial) { static_cast<Window*>(data)->handle_configure(serial); },
};

const xdg_toplevel_listener Window::toplevel_listener{
    .configure = [](void* data, xdg_toplevel*, int32_t width, int32_t height, wl_array* states) {
        static_cast<Window*>(data)->handle_toplevel_configure(width, height, states);
    },
    .close = [](void* data, xdg_toplevel*) { static_cast<Window*>(data)->closed_ = true; },
    .configure_bounds = [](void*, xdg_toplevel*, int32_t, int32_t) {},
    .wm_capabilities = [](void*, xdg_toplevel*, wl_array*) {},
};

Window::Window(const Globals& globals, const PatternOptions& options)
    : globals_(globals),
      options_(options),
      surface_(wl_compositor_create_surface(globals.compositor.get())),
      xdg_surface_(xdg_wm_base_get_xdg_surface(globals.wm_base.get(), surface_.get())),
      toplevel_(xdg_surface_get_toplevel(xdg_surface_.get())) {
    xdg_surface_add_listener(xdg_surface_.get(), &surface_listener, this);
    xdg_toplevel_add_listener(toplevel_.get(), &toplevel_listener, this);
    xdg_toplevel_set_title(toplevel_.get(), options.title.c_str());
    if (!options.app_id.empty()) xdg_toplevel_set_app_id(toplevel_.get(), options.app_id.c_str());
    // Asked before the first commit so the first configure already carries the state.
    if (options.maximize) xdg_toplevel_set_maximized(toplevel_.get());
    if (options.fullscreen) xdg_toplevel_set_fullscreen(toplevel_.get(), nullptr);
    wl_surface_commit(surface_.get());
}

// The role objects go before the surface, as xdg-shell requires, and a popup before its parent.
Window::~Window() {
    popup_.reset();
    toplevel_.reset();
    xdg_surface_.reset();
    surface_.reset();
}

void Window::handle_toplevel_configure(int32_t width, int32_t height, const wl_array* states) {
    pending_ = Pending{.width = width, .height = height};
    std::span<const uint32_t> list(static_cast<const uint32_t*>(states->data), states->size / sizeof(uint32_t));
    for (uint32_t state : list) {
        if (state == XDG_TOPLEVEL_STATE_MAXIMIZED) pending_.maximized = true;
        if (state == XDG_TOPLEVEL_STATE_FULLSCREEN) pending_.fullscreen = true;
        if (state == XDG_TOPLEVEL_STATE_ACTIVATED) pending_.activated = true;
    }
}

// xdg_surface.configure ends the atomic group of toplevel events, so the state is complete here.
void Window::handle_configure(uint32_t serial) {
    const Pending& p = pending_;
    log_event("configure {} {}{}{}{}", p.width, p.height, p.maximized ? " maximized" : "",
              p.fullscreen ? " fullscreen" : "", p.activated ? " activated" : "");
    xdg_surface_ack_configure(xdg_surface_.get(), serial);
    // A zero dimension leaves that dimension to us.
    present(p.width > 0 ? p.width : options_.width, p.height > 0 ? p.height : options_.height);
    // A popup's parent must be mapped first, which the commit in present() has just done.
    if (options_.popup && !popup_) popup_ = std::make_unique<Popup>(globals_, xdg_surface_.get(), *options_.popup);
}

void Window::minimize() {
    xdg_toplevel_set_minimized(toplevel_.get());
    log_event("minimize_requested");
}

void Window::handle_left_press(wl_seat* seat, wl_surface* surface, uint32_t serial) {
    if (surface != surface_.get()) return;  // a press on the popup is not on the window
    if (options_.move_on_press) {
        xdg_toplevel_move(toplevel_.get(), seat, serial);
        log_event("move_requested");
    } else if (options_.resize_on_press) {
        xdg_toplevel_resize(toplevel_.get(), seat, serial, XDG_TOPLEVEL_RESIZE_EDGE_BOTTOM_RIGHT);
        log_event("resize_requested");
    }
}

void Window::present(int width, int height) {
    std::erase_if(retired_, [](const auto& b) { return !b->busy(); });
    if (buffer_ && buffer_->width() == width && buffer_->height() == height) {
        wl_surface_commit(surface_.get());  // applies the ack; the pixels have not changed
        return;
    }
    auto next = std::make_unique<ShmBuffer>(globals_.shm.get(), width, height, WL_SHM_FORMAT_XRGB8888);
    paint_pattern(*next);
    wl_surface_attach(surface_.get(), next->attach(), 0, 0);
    wl_surface_damage_buffer(surface_.get(), 0, 0, width, height);
    wl_surface_commit(surface_.get());
    if (buffer_) retired_.push_back(std::move(buffer_));
    buffer_ = std::move(next);
    log_event("size {} {}", width, height);
}

}  // namespace wrd::test
