#include "xdg_view.hpp"

#include "desktop.hpp"
#include "layer_surface.hpp"
#include "log.hpp"
#include "output.hpp"
#include "seat.hpp"
#include "server.hpp"

namespace wrd::compositor {

XdgView::XdgView(Server& srv, wlr_xdg_toplevel* toplevel) : View(srv), toplevel_(toplevel) {
    attach_tree(wlr_scene_xdg_surface_create(server.layers.views, toplevel->base));
    // Popups find their parent's scene tree through the xdg_surface's data.
    toplevel->base->data = tree;
    wlr_xdg_surface* base = toplevel->base;
    map_.connect(base->surface->events.map, [this](void*) { server.desktop->view_mapped(*this); });
    unmap_.connect(base->surface->events.unmap, [this](void*) { server.desktop->view_unmapped(*this); });
    commit_.connect(base->surface->events.commit, [this](void*) { handle_commit(); });
    destroy_.connect(toplevel->events.destroy, [this](void*) { delete this; });
    request_move_.connect(toplevel->events.request_move,
                          [this](wlr_xdg_toplevel_move_event* ev) { server.seat->begin_move(*this, ev->serial); });
    request_resize_.connect(toplevel->events.request_resize, [this](wlr_xdg_toplevel_resize_event* ev) {
        server.seat->begin_resize(*this, ev->edges, ev->serial);
    });
    request_maximize_.connect(toplevel->events.request_maximize, [this](void*) {
        // xdg-shell wants a configure for every state request, honoured or not.
        if (toplevel_->base->initialized) server.desktop->set_maximized(*this, toplevel_->requested.maximized);
    });
    request_fullscreen_.connect(toplevel->events.request_fullscreen, [this](void*) {
        if (toplevel_->base->initialized)
            server.desktop->set_fullscreen(*this, toplevel_->requested.fullscreen,
                                           toplevel_->requested.fullscreen_output);
    });
    set_title_.connect(toplevel->events.set_title, [this](void*) { server.desktop->publish(this); });
    set_app_id_.connect(toplevel->events.set_app_id, [this](void*) { server.desktop->publish(this); });
    request_minimize_.connect(toplevel->events.request_minimize, [this](void*) {
        if (toplevel_->requested.minimized)
            server.desktop->minimize(*this);
        else if (toplevel_->base->initialized)
            wlr_xdg_surface_schedule_configure(toplevel_->base);
    });
}

XdgView::~XdgView() = default;

void XdgView::handle_commit() {
    if (!toplevel_->base->initial_commit) {
        log_size_change();
        return;
    }
    wlr_xdg_toplevel_set_wm_capabilities(toplevel_, WLR_XDG_TOPLEVEL_WM_CAPABILITIES_MAXIMIZE |
                                                        WLR_XDG_TOPLEVEL_WM_CAPABILITIES_FULLSCREEN |
                                                        WLR_XDG_TOPLEVEL_WM_CAPABILITIES_MINIMIZE);
    apply_decoration_mode();
    // A new toplevel waits for this first configure; honour states asked for before mapping.
    if (toplevel_->requested.fullscreen) {
        server.desktop->set_fullscreen(*this, true, toplevel_->requested.fullscreen_output);
    } else if (toplevel_->requested.maximized) {
        server.desktop->set_maximized(*this, true);
    } else {
        if (Output* out = server.output_under_cursor()) {
            wlr_box area = out->usable_area();
            wlr_xdg_toplevel_set_bounds(toplevel_, area.width, area.height);
        }
        wlr_xdg_toplevel_set_size(toplevel_, 0, 0);
    }
}

// Only when the size changes (a configure taken, an interactive resize step), not per frame.
void XdgView::log_size_change() {
    if (!mapped) return;
    const wlr_box geo = geometry();
    if (geo.width == logged_size_.width && geo.height == logged_size_.height) return;
    logged_size_ = {geo.width, geo.height};
    log().debug("window '{}' ({}) is now {}x{}", title(), app_id(), geo.width, geo.height);
}

void XdgView::request_box(const wlr_box& box) {
    move_to(box.x, box.y);
    if (toplevel_->base->initialized) wlr_xdg_toplevel_set_size(toplevel_, box.width, box.height);
}

void XdgView::set_activated(bool activated) {
    if (toplevel_->base->initialized) wlr_xdg_toplevel_set_activated(toplevel_, activated);
}

void XdgView::set_state(bool max, bool full) {
    if (!toplevel_->base->initialized) return;
    wlr_xdg_toplevel_set_maximized(toplevel_, max);
    wlr_xdg_toplevel_set_fullscreen(toplevel_, full);
}

void XdgView::close() {
    wlr_xdg_toplevel_send_close(toplevel_);
}

std::string XdgView::title() const {
    if (toplevel_->title) return toplevel_->title;
    return toplevel_->app_id ? toplevel_->app_id : "";
}

void XdgView::set_decoration(wlr_xdg_toplevel_decoration_v1* decoration) {
    decoration_ = decoration;
    decoration_request_.connect(decoration->events.request_mode, [this](void*) { apply_decoration_mode(); });
    decoration_destroy_.connect(decoration->events.destroy, [this](void*) {
        decoration_request_.disconnect();
        decoration_destroy_.disconnect();
        decoration_ = nullptr;
    });
    apply_decoration_mode();
}

// We draw no title bars, so clients decorate themselves: that keeps their move, resize and
// close buttons working over a remote viewer.
void XdgView::apply_decoration_mode() {
    if (decoration_ && toplevel_->base->initialized)
        wlr_xdg_toplevel_decoration_v1_set_mode(decoration_, WLR_XDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE);
}

XdgPopup::XdgPopup(Server& server, wlr_xdg_popup* popup, wlr_scene_tree* parent_tree)
    : server_(server), popup_(popup), tree_(wlr_scene_xdg_surface_create(parent_tree, popup->base)) {
    popup->base->data = tree_;
    commit_.connect(popup->base->surface->events.commit, [this](void*) {
        if (!popup_->base->initial_commit) return;
        unconstrain();
        // unconstrain() schedules it too, but not when there is no output to keep it on.
        wlr_xdg_surface_schedule_configure(popup_->base);
    });
    // GTK4 moves popovers that change size, or whose parent was configured, with
    // xdg_popup.reposition: the new place must be kept on the output like the first.
    reposition_.connect(popup->events.reposition, [this](void*) { unconstrain(); });
    map_.connect(popup->base->surface->events.map, [this](void*) {
        // The scene moves our tree to the new geometry after this, on the same commit.
        int x = 0, y = 0;
        wlr_scene_node_coords(&tree_->node.parent->node, &x, &y);
        const wlr_box& geo = popup_->current.geometry;
        log().debug("popup mapped at {},{} {}x{}", x + geo.x, y + geo.y, geo.width, geo.height);
    });
    destroy_.connect(popup->events.destroy, [this](void*) { delete this; });
}

// The constraint box is the output's area in the coordinates of the popup's root surface
// (the toplevel or layer surface at the bottom of the popup chain): wlroots measures from that
// surface's origin, which for a toplevel lies its window geometry's x, y up and left of where
// its scene tree sits.
void XdgPopup::unconstrain() {
    wlr_surface* root = popup_->parent;
    while (wlr_xdg_popup* p = wlr_xdg_popup_try_from_wlr_surface(root)) root = p->parent;
    wlr_scene_tree* root_tree = nullptr;
    int geometry_x = 0, geometry_y = 0;
    if (auto* xs = wlr_xdg_surface_try_from_wlr_surface(root)) {
        root_tree = static_cast<wlr_scene_tree*>(xs->data);
        geometry_x = xs->current.geometry.x;
        geometry_y = xs->current.geometry.y;
    } else if (auto* ls = wlr_layer_surface_v1_try_from_wlr_surface(root)) {
        root_tree = LayerSurface::tree_of(ls);
    }
    if (!root_tree) return;
    int rx = 0, ry = 0;
    wlr_scene_node_coords(&root_tree->node, &rx, &ry);
    const int sx = rx - geometry_x, sy = ry - geometry_y;  // the root surface's origin
    int px = 0, py = 0;  // where the client wants the popup, in root surface coordinates
    wlr_xdg_popup_get_toplevel_coords(popup_, popup_->scheduled.geometry.x, popup_->scheduled.geometry.y, &px, &py);
    Output* out = server_.output_at(sx + px, sy + py);
    if (!out) out = server_.output_at(rx, ry);
    if (!out) out = server_.primary_output();
    if (!out) return;
    wlr_box box = out->layout_box();
    box.x -= sx;
    box.y -= sy;
    wlr_xdg_popup_unconstrain_from_box(popup_, &box);
}

}  // namespace wrd::compositor
