// X11 windows through XWayland. XwaylandView is a managed window (a View); XwaylandUnmanaged
// is an override-redirect window (menu, tooltip) shown where X puts it. Both delete
// themselves when the X11 surface is destroyed. Event-loop thread only.
#pragma once

#include "listener.hpp"
#include "view.hpp"

namespace wrd::compositor {

class XwaylandView final : public View {
public:
    XwaylandView(Server& server, wlr_xwayland_surface* xsurface);

    wlr_surface* surface() const override { return xsurface_->surface; }
    wlr_box geometry() const override { return {0, 0, xsurface_->width, xsurface_->height}; }
    Size min_size() const override;
    void request_box(const wlr_box& box) override;
    void set_activated(bool activated) override;
    void set_state(bool max, bool full) override;
    void close() override;
    std::string title() const override { return xsurface_->title ? xsurface_->title : ""; }
    std::string app_id() const override { return xsurface_->class_ ? xsurface_->class_ : ""; }

private:
    void moved() override;
    void associate();

    wlr_xwayland_surface* const xsurface_;
    wlr_scene_tree* content_ = nullptr;
    wl::Listener<void> associate_, dissociate_, map_, unmap_, destroy_, content_destroy_;
    wl::Listener<wlr_xwayland_surface_configure_event> request_configure_;
    wl::Listener<void> request_activate_, request_move_, request_maximize_, request_fullscreen_;
    wl::Listener<wlr_xwayland_resize_event> request_resize_;
    wl::Listener<wlr_xwayland_minimize_event> request_minimize_;
    wl::Listener<void> set_title_, set_class_;
};

class XwaylandUnmanaged {
public:
    XwaylandUnmanaged(Server& server, wlr_xwayland_surface* xsurface);

private:
    Server& server_;
    wlr_xwayland_surface* const xsurface_;
    wlr_scene_tree* tree_ = nullptr;
    wl::Listener<void> associate_, dissociate_, map_, unmap_, destroy_, set_geometry_, tree_destroy_;
    wl::Listener<wlr_xwayland_surface_configure_event> request_configure_;
};

// Creates the right object for a new X11 surface.
void handle_new_xwayland_surface(Server& server, wlr_xwayland_surface* xsurface);

}  // namespace wrd::compositor
