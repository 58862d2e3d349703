#include "xwayland_view.hpp"

#include "desktop.hpp"
#include "seat.hpp"
#include "server.hpp"

namespace wrd::compositor {

XwaylandView::XwaylandView(Server& srv, wlr_xwayland_surface* xsurface) : View(srv), xsurface_(xsurface) {
    attach_tree(wlr_scene_tree_create(server.layers.views));
    associate_.connect(xsurface->events.associate, [this](void*) { associate(); });
    dissociate_.connect(xsurface->events.dissociate, [this](void*) {
        map_.disconnect();
        unmap_.disconnect();
        if (content_) wlr_scene_node_destroy(&content_->node);
    });
    destroy_.connect(xsurface->events.destroy, [this](void*) {
        if (content_) wlr_scene_node_destroy(&content_->node);
        wlr_scene_node_destroy(&tree->node);
        delete this;
    });
    request_configure_.connect(xsurface->events.request_configure, [this](wlr_xwayland_surface_configure_event* ev) {
        // Before mapping the window manager decides; afterwards a floating window may move itself.
        if (!mapped) {
            wlr_xwayland_surface_configure(xsurface_, ev->x, ev->y, ev->width, ev->height);
            return;
        }
        if (maximized || fullscreen) {
            wlr_xwayland_surface_configure(xsurface_, x, y, xsurface_->width, xsurface_->height);
            return;
        }
        request_box({ev->x, ev->y, ev->width, ev->height});
    });
    request_activate_.connect(xsurface->events.request_activate, [this](void*) {
        if (mapped) server.desktop->focus(this);
    });
    request_move_.connect(xsurface->events.request_move,
                          [this](void*) { server.seat->begin_move(*this, std::nullopt); });
    request_resize_.connect(xsurface->events.request_resize, [this](wlr_xwayland_resize_event* ev) {
        server.seat->begin_resize(*this, ev->edges, std::nullopt);
    });
    request_maximize_.connect(xsurface->events.request_maximize, [this](void*) {
        server.desktop->set_maximized(*this, xsurface_->maximized_horz && xsurface_->maximized_vert);
    });
    request_fullscreen_.connect(xsurface->events.request_fullscreen, [this](void*) {
        server.desktop->set_fullscreen(*this, xsurface_->fullscreen, nullptr);
    });
    set_title_.connect(xsurface->events.set_title, [this](void*) { server.desktop->publish(this); });
    set_class_.connect(xsurface->events.set_class, [this](void*) { server.desktop->publish(this); });
    request_minimize_.connect(xsurface->events.request_minimize, [this](wlr_xwayland_minimize_event* ev) {
        if (ev->minimize)
            server.desktop->minimize(*this);
        else
            server.desktop->focus(this);
    });
}

void XwaylandView::associate() {
    content_ = wlr_scene_subsurface_tree_create(tree, xsurface_->surface);
    // The subtree dies with the wl_surface, which can happen before dissociate reaches us.
    content_destroy_.connect(content_->node.events.destroy, [this](void*) {
        content_destroy_.disconnect();
        content_ = nullptr;
    });
    map_.connect(xsurface_->surface->events.map, [this](void*) {
        // X clients choose their own position; keep it unless it is off every output.
        x = xsurface_->x;
        y = xsurface_->y;
        placed = wlr_output_layout_output_at(server.output_layout, x + 1, y + 1) != nullptr && (x != 0 || y != 0);
        server.desktop->view_mapped(*this);
    });
    unmap_.connect(xsurface_->surface->events.unmap, [this](void*) { server.desktop->view_unmapped(*this); });
}

Size XwaylandView::min_size() const {
    const xcb_size_hints_t* hints = xsurface_->size_hints;
    if (!hints || !(hints->flags & XCB_ICCCM_SIZE_HINT_P_MIN_SIZE)) return {};
    return {hints->min_width, hints->min_height};
}

void XwaylandView::request_box(const wlr_box& box) {
    int w = box.width > 0 ? box.width : xsurface_->width;
    int h = box.height > 0 ? box.height : xsurface_->height;
    x = box.x;
    y = box.y;
    wlr_scene_node_set_position(&tree->node, x, y);
    wlr_xwayland_surface_configure(xsurface_, static_cast<int16_t>(x), static_cast<int16_t>(y),
                                   static_cast<uint16_t>(w), static_cast<uint16_t>(h));
}

void XwaylandView::moved() {
    wlr_xwayland_surface_configure(xsurface_, static_cast<int16_t>(x), static_cast<int16_t>(y), xsurface_->width,
                                   xsurface_->height);
}

void XwaylandView::set_activated(bool activated) {
    wlr_xwayland_surface_activate(xsurface_, activated);
    if (activated) wlr_xwayland_surface_restack(xsurface_, nullptr, XCB_STACK_MODE_ABOVE);
}

void XwaylandView::set_state(bool max, bool full) {
    wlr_xwayland_surface_set_maximized(xsurface_, max);
    wlr_xwayland_surface_set_fullscreen(xsurface_, full);
}

void XwaylandView::close() {
    wlr_xwayland_surface_close(xsurface_);
}

XwaylandUnmanaged::XwaylandUnmanaged(Server& server, wlr_xwayland_surface* xsurface)
    : server_(server), xsurface_(xsurface) {
    associate_.connect(xsurface->events.associate, [this](void*) {
        map_.connect(xsurface_->surface->events.map, [this](void*) {
            tree_ = wlr_scene_subsurface_tree_create(server_.layers.popups, xsurface_->surface);
            wlr_scene_node_set_position(&tree_->node, xsurface_->x, xsurface_->y);
            tree_destroy_.connect(tree_->node.events.destroy, [this](void*) {
                tree_destroy_.disconnect();
                tree_ = nullptr;
            });
        });
        unmap_.connect(xsurface_->surface->events.unmap, [this](void*) {
            if (tree_) wlr_scene_node_destroy(&tree_->node);
            tree_ = nullptr;
        });
    });
    dissociate_.connect(xsurface->events.dissociate, [this](void*) {
        map_.disconnect();
        unmap_.disconnect();
    });
    set_geometry_.connect(xsurface->events.set_geometry, [this](void*) {
        if (tree_) wlr_scene_node_set_position(&tree_->node, xsurface_->x, xsurface_->y);
    });
    request_configure_.connect(xsurface->events.request_configure, [this](wlr_xwayland_surface_configure_event* ev) {
        wlr_xwayland_surface_configure(xsurface_, ev->x, ev->y, ev->width, ev->height);
    });
    destroy_.connect(xsurface->events.destroy, [this](void*) {
        if (tree_) wlr_scene_node_destroy(&tree_->node);
        delete this;
    });
}

void handle_new_xwayland_surface(Server& server, wlr_xwayland_surface* xsurface) {
    if (xsurface->override_redirect)
        new XwaylandUnmanaged(server, xsurface);
    else
        new XwaylandView(server, xsurface);
}

}  // namespace wrd::compositor
