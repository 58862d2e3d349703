#include "window.hpp"

namespace wrd::bench {

using namespace std::chrono_literals;

Window::Window(Connection& conn, const char* title, bool fullscreen, int width, int height)
    : conn_(conn), width_(width), height_(height) {
    surface_ = wl_compositor_create_surface(conn.compositor());
    xdg_surface_ = xdg_wm_base_get_xdg_surface(conn.wm_base(), surface_);
    static const xdg_surface_listener surface_listener{.configure = on_configure};
    xdg_surface_add_listener(xdg_surface_, &surface_listener, this);
    toplevel_ = xdg_surface_get_toplevel(xdg_surface_);
    static const xdg_toplevel_listener toplevel_listener{
        .configure = on_toplevel_configure,
        .close = [](void*, xdg_toplevel*) {},
        .configure_bounds = nullptr,
        .wm_capabilities = nullptr};
    xdg_toplevel_add_listener(toplevel_, &toplevel_listener, this);
    xdg_toplevel_set_title(toplevel_, title);
    xdg_toplevel_set_app_id(toplevel_, title);
    // Asked before the first commit so the very first configure is already fullscreen.
    if (fullscreen) xdg_toplevel_set_fullscreen(toplevel_, conn.output());
    wl_surface_commit(surface_);
    conn.dispatch_until([this] { return configured_; }, 5000ms, "the first xdg_surface.configure");
}

Window::~Window() {
    if (frame_) wl_callback_destroy(frame_);
    if (toplevel_) xdg_toplevel_destroy(toplevel_);
    if (xdg_surface_) xdg_surface_destroy(xdg_surface_);
    if (surface_) wl_surface_destroy(surface_);
}

void Window::on_toplevel_configure(void* data, xdg_toplevel*, int32_t w, int32_t h, wl_array* states) {
    auto* self = static_cast<Window*>(data);
    self->pending_width_ = w;
    self->pending_height_ = h;
    self->pending_fullscreen_ = false;
    const auto* begin = static_cast<const uint32_t*>(states->data);
    for (size_t i = 0; i < states->size / sizeof(uint32_t); ++i)
        if (begin[i] == XDG_TOPLEVEL_STATE_FULLSCREEN) self->pending_fullscreen_ = true;
}

void Window::on_configure(void* data, xdg_surface* surface, uint32_t serial) {
    auto* self = static_cast<Window*>(data);
    // A resize after the first configure would invalidate the caller's buffers; the
    // benchmarks keep their first size and say so through width()/height().
    if (!self->configured_ && self->pending_width_ > 0 && self->pending_height_ > 0) {
        self->width_ = self->pending_width_;
        self->height_ = self->pending_height_;
    }
    self->fullscreen_state_ = self->pending_fullscreen_;
    self->configured_ = true;
    xdg_surface_ack_configure(surface, serial);
}

void Window::on_frame_done(void* data, wl_callback* cb, uint32_t) {
    auto* self = static_cast<Window*>(data);
    wl_callback_destroy(cb);
    if (self->frame_ == cb) self->frame_ = nullptr;
}

void Window::present(ShmBuffer& buffer, const std::vector<Rect>& damage, bool want_frame) {
    wl_surface_attach(surface_, buffer.buffer(), 0, 0);
    if (damage.empty()) wl_surface_damage_buffer(surface_, 0, 0, buffer.width(), buffer.height());
    for (const Rect& r : damage) wl_surface_damage_buffer(surface_, r.x, r.y, r.width, r.height);
    if (want_frame) {
        if (frame_) wl_callback_destroy(frame_);
        frame_ = wl_surface_frame(surface_);
        static const wl_callback_listener listener{.done = on_frame_done};
        wl_callback_add_listener(frame_, &listener, this);
    }
    buffer.mark_busy();
    wl_surface_commit(surface_);
}

}  // namespace wrd::bench
