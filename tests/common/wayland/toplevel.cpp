#include "toplevel.hpp"

#include <utility>

namespace wrd::test {

Proxy<xdg_wm_base> bind_wm_base(const Registry& registry) {
    static const xdg_wm_base_listener listener{
        .ping = [](void*, xdg_wm_base* base, uint32_t serial) { xdg_wm_base_pong(base, serial); },
    };
    Proxy<xdg_wm_base> wm_base = registry.bind<xdg_wm_base>(xdg_wm_base_interface, UINT32_MAX);
    if (wm_base) xdg_wm_base_add_listener(wm_base.get(), &listener, nullptr);
    return wm_base;
}

const xdg_surface_listener Toplevel::surface_listener{
    .configure = [](void* data, xdg_surface*, uint32_t serial) {
        static_cast<Toplevel*>(data)->handle_configure(serial);
    },
};

const xdg_toplevel_listener Toplevel::toplevel_listener{
    .configure = [](void* data, xdg_toplevel*, int32_t width, int32_t height, wl_array* states) {
        static_cast<Toplevel*>(data)->handle_toplevel_configure(width, height, states);
    },
    .close = [](void* data, xdg_toplevel*) { static_cast<Toplevel*>(data)->closed_ = true; },
    .configure_bounds = [](void*, xdg_toplevel*, int32_t, int32_t) {},
    .wm_capabilities = [](void*, xdg_toplevel*, wl_array*) {},
};

const wl_callback_listener Toplevel::frame_listener{
    .done = [](void* data, wl_callback*, uint32_t) { static_cast<Toplevel*>(data)->frame_.reset(); },
};

Toplevel::Toplevel(wl_compositor* compositor, xdg_wm_base* wm_base, const std::string& title,
                   const std::string& app_id, Configured configured)
    : surface_(wl_compositor_create_surface(compositor)),
      xdg_surface_(xdg_wm_base_get_xdg_surface(wm_base, surface_.get())),
      toplevel_(xdg_surface_get_toplevel(xdg_surface_.get())),
      configured_callback_(std::move(configured)) {
    xdg_surface_add_listener(xdg_surface_.get(), &surface_listener, this);
    xdg_toplevel_add_listener(toplevel_.get(), &toplevel_listener, this);
    xdg_toplevel_set_title(toplevel_.get(), title.c_str());
    if (!app_id.empty()) xdg_toplevel_set_app_id(toplevel_.get(), app_id.c_str());
}

// The role objects go before the surface, as xdg-shell requires.
Toplevel::~Toplevel() {
    frame_.reset();
    toplevel_.reset();
    xdg_surface_.reset();
    surface_.reset();
}

void Toplevel::handle_toplevel_configure(int32_t width, int32_t height, const wl_array* states) {
    pending_ = ToplevelConfigure{.width = width, .height = height};
    std::span<const uint32_t> list(static_cast<const uint32_t*>(states->data), states->size / sizeof(uint32_t));
    for (uint32_t state : list) {
        if (state == XDG_TOPLEVEL_STATE_MAXIMIZED) pending_.maximized = true;
        if (state == XDG_TOPLEVEL_STATE_FULLSCREEN) pending_.fullscreen = true;
        if (state == XDG_TOPLEVEL_STATE_ACTIVATED) pending_.activated = true;
    }
}

// xdg_surface.configure ends the atomic group of toplevel events, so the state is complete here.
void Toplevel::handle_configure(uint32_t serial) {
    xdg_surface_ack_configure(xdg_surface_.get(), serial);
    configured_ = true;
    if (configured_callback_) configured_callback_(pending_);
}

void Toplevel::present(ShmBuffer& buffer, std::span<const Rect> damage, bool want_frame) {
    if (want_frame) {
        frame_.reset(wl_surface_frame(surface_.get()));
        wl_callback_add_listener(frame_.get(), &frame_listener, this);
    }
    commit_buffer(surface_.get(), buffer, damage);
}

}  // namespace wrd::test
