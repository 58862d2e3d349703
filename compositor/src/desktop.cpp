#include "desktop.hpp"

#include <algorithm>

#include "log.hpp"
#include "output.hpp"
#include "seat.hpp"
#include "server.hpp"
#include "taskbar_handle.hpp"
#include "view.hpp"

namespace wrd::compositor {
namespace {

constexpr int kCascadeStep = 32;

}  // namespace

void Desktop::view_mapped(View& view) {
    view.mapped = true;
    views_.remove(&view);
    views_.push_front(&view);
    if (!view.placed)
        place(view);
    else
        view.move_to(view.x, view.y);  // geometry is known now: fix the surface offset
    view.taskbar = std::make_unique<TaskbarHandle>(server_, view, server_.taskbar_manager);
    focus(&view);
}

void Desktop::publish(View* view) const {
    if (view && view->taskbar) view->taskbar->sync();
}

void Desktop::view_unmapped(View& view) {
    view.mapped = false;
    view.taskbar.reset();
    views_.remove(&view);
    if (focused_ == &view) {
        focused_ = nullptr;
        focus(next_focusable(&view));
    }
    server_.seat->view_gone(view);
}

void Desktop::view_destroyed(View& view) {
    views_.remove(&view);
    if (focused_ == &view) focused_ = nullptr;
}

void Desktop::place(View& view) {
    Output* out = server_.output_under_cursor();
    if (!out) return;
    wlr_box area = out->usable_area();
    wlr_box geo = view.geometry();
    if (geo.width > area.width || geo.height > area.height) {
        view.request_box({area.x, area.y, std::min(geo.width, area.width), std::min(geo.height, area.height)});
    }
    int w = std::min(geo.width, area.width), h = std::min(geo.height, area.height);
    int px = area.x + (area.width - w) / 2, py = area.y + (area.height - h) / 2;
    // Cascade so a new window never hides exactly behind an earlier one.
    for (int i = 0; i < 16; ++i) {
        bool taken = std::any_of(views_.begin(), views_.end(),
                                 [&](View* v) { return v != &view && v->mapped && v->x == px && v->y == py; });
        if (!taken) break;
        px += kCascadeStep;
        py += kCascadeStep;
        if (px + w > area.x + area.width || py + h > area.y + area.height) {
            px = area.x;
            py = area.y;
        }
    }
    view.move_to(px, py);
    view.placed = true;
}

void Desktop::focus(View* view) {
    if (view && view->minimized) {
        view->minimized = false;
        wlr_scene_node_set_enabled(&view->tree->node, true);
    }
    if (view == focused_) {
        if (view) wlr_scene_node_raise_to_top(&view->tree->node);
        focus_surface(view ? view->surface() : nullptr);
        return;
    }
    View* previous = focused_;
    if (previous) previous->set_activated(false);
    focused_ = view;
    publish(previous);
    if (!view) {
        focus_surface(nullptr);
        return;
    }
    wlr_scene_node_raise_to_top(&view->tree->node);
    views_.remove(view);
    views_.push_front(view);
    view->set_activated(true);
    focus_surface(view->surface());
    publish(view);
}

void Desktop::focus_surface(wlr_surface* surface) {
    server_.seat->keyboard_focus(surface);
}

View* Desktop::next_focusable(View* except) const {
    for (View* v : views_)
        if (v != except && v->mapped && !v->minimized) return v;
    return nullptr;
}

void Desktop::cycle(bool forward) {
    if (views_.empty()) return;
    if (forward) {
        focus(views_.back());
    } else {
        View* front = views_.front();
        views_.pop_front();
        views_.push_back(front);
        focused_ = nullptr;
        if (front != views_.front()) front->set_activated(false);
        focus(views_.front());
    }
}

void Desktop::set_maximized(View& view, bool on) {
    if (on && !view.maximized && !view.fullscreen) view.floating_box = view.layout_box();
    view.maximized = on;
    if (view.fullscreen) {
        view.set_state(view.maximized, true);
        return;
    }
    fit(view);
    view.placed = true;
    publish(&view);
}

void Desktop::set_fullscreen(View& view, bool on, wlr_output* output) {
    if (on && !view.fullscreen && !view.maximized) view.floating_box = view.layout_box();
    view.fullscreen = on;
    view.fullscreen_output = on ? output : nullptr;
    fit(view);
    if (on && view.tree) wlr_scene_node_raise_to_top(&view.tree->node);
    view.placed = true;
    publish(&view);
}

// Sizes a view for its state: fullscreen fills its output, maximized fills the usable
// area, floating goes back to where it was.
void Desktop::fit(View& view) {
    Output* out = view.fullscreen && view.fullscreen_output && Output::from(view.fullscreen_output)
                      ? Output::from(view.fullscreen_output)
                      : (view.placed ? output_of(view) : server_.output_under_cursor());
    view.set_state(view.maximized, view.fullscreen);
    if (!out) return;
    if (view.fullscreen) {
        view.request_box(out->layout_box());
    } else if (view.maximized) {
        view.request_box(out->usable_area());
    } else if (view.floating_box.width > 0) {
        view.request_box(view.floating_box);
    } else {
        view.request_box({view.x, view.y, 0, 0});
    }
}

void Desktop::minimize(View& view) {
    if (view.minimized || !view.mapped) return;
    view.minimized = true;
    wlr_scene_node_set_enabled(&view.tree->node, false);
    views_.remove(&view);
    views_.push_back(&view);
    if (focused_ == &view) {
        view.set_activated(false);
        focused_ = nullptr;
        focus(next_focusable(&view));
    }
    publish(&view);
}

void Desktop::refit_views() {
    for (View* v : views_) {
        if (v->fullscreen && v->fullscreen_output && !Output::from(v->fullscreen_output))
            v->fullscreen_output = nullptr;
        if (v->fullscreen || v->maximized) {
            fit(*v);
            publish(v);
            continue;
        }
        wlr_box b = v->layout_box();
        int cx = b.x + b.width / 2, cy = b.y + std::min(b.height / 2, 16);
        if (wlr_output_layout_output_at(server_.output_layout, cx, cy)) continue;
        if (Output* out = server_.primary_output()) {
            wlr_box area = out->usable_area();
            v->move_to(area.x + std::max(0, (area.width - b.width) / 2),
                       area.y + std::max(0, (area.height - b.height) / 2));
            log().info("window '{}' was off every output: moved to {}", v->title(), out->wlr->name);
            publish(v);
        }
    }
}

View* Desktop::view_at(double lx, double ly, wlr_surface** surface, double* sx, double* sy) const {
    *surface = nullptr;
    wlr_scene_node* node = wlr_scene_node_at(&server_.scene->tree.node, lx, ly, sx, sy);
    if (!node || node->type != WLR_SCENE_NODE_BUFFER) return nullptr;
    wlr_scene_surface* ss = wlr_scene_surface_try_from_buffer(wlr_scene_buffer_from_node(node));
    if (!ss) return nullptr;
    *surface = ss->surface;
    for (wlr_scene_tree* t = node->parent; t; t = t->node.parent)
        if (View* v = View::from_node(&t->node)) return v;
    return nullptr;
}

Output* Desktop::output_of(const View& view) const {
    wlr_box b = view.layout_box();
    double cx = b.x + b.width / 2.0, cy = b.y + b.height / 2.0;
    if (auto* o = wlr_output_layout_output_at(server_.output_layout, cx, cy)) return Output::from(o);
    double nx, ny;
    wlr_output_layout_closest_point(server_.output_layout, nullptr, cx, cy, &nx, &ny);
    if (auto* o = wlr_output_layout_output_at(server_.output_layout, nx, ny)) return Output::from(o);
    return server_.primary_output();
}

}  // namespace wrd::compositor
