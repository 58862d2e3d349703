#include "desktop.hpp"

#include <algorithm>
#include <format>
#include <vector>

#include "idle_inhibit.hpp"
#include "log.hpp"
#include "output.hpp"
#include "seat.hpp"
#include "server.hpp"
#include "taskbar_handle.hpp"
#include "view.hpp"

namespace wrd::compositor {
namespace {

constexpr int kPlacementStep = 32;  // grid of candidate positions for a new window

// The size to ask of a window of size w x h so that it fits `area`: the area's in each
// dimension where it is larger, but never less than the client's minimum.
Size fitted_size(const View& view, const wlr_box& area, int w, int h) {
    const Size min = view.min_size();
    if (w > area.width) w = std::max(area.width, min.width);
    if (h > area.height) h = std::max(area.height, min.height);
    return {w, h};
}

// The tail of a log line about moving a window from `from` to `to`: the size asked for, if new.
std::string asked_for(const wlr_box& from, const wlr_box& to) {
    if (to.width == from.width && to.height == from.height) return {};
    return std::format(", asked for {}x{}", to.width, to.height);
}

}  // namespace

void Desktop::view_mapped(View& view) {
    view.mapped = true;
    views_.remove(&view);
    views_.push_front(&view);
    if (!view.placed)
        place(view);
    else
        view.move_to(view.x, view.y);  // placed before mapping (a state, or an X11 window's own place)
    view.taskbar = std::make_unique<TaskbarHandle>(server_, view, server_.taskbar_manager);
    focus(&view);
    wlr_box b = view.layout_box();
    Output* out = output_of(view);
    server_.idle_inhibit->update();
    log().info("window '{}' ({}) mapped at {},{} {}x{} on {}", view.title(), view.app_id(), b.x, b.y, b.width, b.height,
               out ? out->wlr->name : "no output");
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
    server_.idle_inhibit->update();
}

void Desktop::view_destroyed(View& view) {
    views_.remove(&view);
    if (focused_ == &view) focused_ = nullptr;
}

// Where a new window of size w x h covers the least of the windows already shown in `area`:
// the centre when that is free, else the free (or least covered) spot nearest the centre.
// This is the placement people expect: a new window never hides an earlier one when
// there is room for both.
wlr_box Desktop::least_covering_spot(const View& view, const wlr_box& area, int w, int h) const {
    std::vector<wlr_box> shown;
    for (View* v : views_)
        if (v != &view && v->mapped && !v->minimized) shown.push_back(v->layout_box());
    auto covered = [&](int x, int y) {
        long total = 0;
        for (const wlr_box& b : shown) {
            long ox = std::min(x + w, b.x + b.width) - std::max(x, b.x);
            long oy = std::min(y + h, b.y + b.height) - std::max(y, b.y);
            if (ox > 0 && oy > 0) total += ox * oy;
        }
        return total;
    };
    const int cx = area.x + (area.width - w) / 2, cy = area.y + (area.height - h) / 2;
    wlr_box best{cx, cy, w, h};
    long best_cover = covered(cx, cy);
    long best_distance = 0;
    if (best_cover == 0) return best;
    // Candidates on a grid anchored at the centre, clamped to the area's edges.
    auto axis = [](int lo, int hi, int centre) {
        std::vector<int> out{lo, hi};
        for (int p = centre; p >= lo; p -= kPlacementStep) out.push_back(p);
        for (int p = centre; p <= hi; p += kPlacementStep) out.push_back(p);
        return out;
    };
    for (int y : axis(area.y, area.y + area.height - h, cy)) {
        for (int x : axis(area.x, area.x + area.width - w, cx)) {
            long cover = covered(x, y);
            long distance = static_cast<long>(x - cx) * (x - cx) + static_cast<long>(y - cy) * (y - cy);
            if (cover < best_cover || (cover == best_cover && distance < best_distance)) {
                best = {x, y, w, h};
                best_cover = cover;
                best_distance = distance;
            }
        }
    }
    return best;
}

// A window larger than the area is asked to shrink to it. One that cannot (its minimum size
// is larger) goes to the area's top-left corner: its title bar and left part stay on screen.
void Desktop::place(View& view) {
    Output* out = server_.output_under_cursor();
    if (!out) return;
    wlr_box area = out->usable_area();
    wlr_box geo = view.geometry();
    const Size fit = fitted_size(view, area, geo.width, geo.height);
    const int w = std::min(fit.width, area.width), h = std::min(fit.height, area.height);
    wlr_box spot = least_covering_spot(view, area, w, h);
    if (fit.width != geo.width || fit.height != geo.height) {
        view.request_box({spot.x, spot.y, fit.width, fit.height});
        log().info("window '{}' ({}) is {}x{}, larger than {}: asked for {}x{}", view.title(), view.app_id(), geo.width,
                   geo.height, out->wlr->name, fit.width, fit.height);
    } else {
        view.move_to(spot.x, spot.y);
    }
    view.placed = true;
}

void Desktop::focus(View* view) {
    if (view && view->minimized) {
        view->minimized = false;
        wlr_scene_node_set_enabled(&view->tree->node, true);
        server_.idle_inhibit->update();
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
    server_.idle_inhibit->update();
}

void Desktop::refit_views() {
    for (View* v : views_) {
        if (v->fullscreen && v->fullscreen_output && !Output::from(v->fullscreen_output))
            v->fullscreen_output = nullptr;
        if (v->fullscreen || v->maximized) {
            v->saved_place.reset();  // its state follows the output; its floating box is untouched
            fit(*v);
            publish(v);
            continue;
        }
        if (restore_place(*v)) continue;
        wlr_box b = v->layout_box();
        int cx = b.x + b.width / 2, cy = b.y + std::min(b.height / 2, 16);
        if (wlr_output_layout_output_at(server_.output_layout, cx, cy))
            keep_inside(*v);
        else if (Output* out = server_.primary_output())
            rescue(*v, *out);
    }
    note_output_areas();
}

// An output shrank (a remote client's window got smaller) and cut part of a window off: slide
// it back so it lies inside its output's usable area (shrinking it where the client allows),
// top-left first when it is still too big. Windows fully on screen, even across two outputs,
// stay where they are.
void Desktop::keep_inside(View& view) {
    const wlr_box b = view.layout_box();
    auto on_screen = [this](int x, int y) { return wlr_output_layout_output_at(server_.output_layout, x, y); };
    if (on_screen(b.x, b.y) && on_screen(b.x + b.width - 1, b.y) && on_screen(b.x, b.y + b.height - 1) &&
        on_screen(b.x + b.width - 1, b.y + b.height - 1))
        return;
    Output* out = output_of(view);
    if (!out) return;
    wlr_box area = out->usable_area();
    const Size fit = fitted_size(view, area, b.width, b.height);
    int x = std::max(area.x, std::min(b.x, area.x + area.width - fit.width));
    int y = std::max(area.y, std::min(b.y, area.y + area.height - fit.height));
    const wlr_box to{x, y, fit.width, fit.height};
    if (move_for_output(view, to))
        log().info("window '{}' kept inside {}: moved to {},{}{}", view.title(), out->wlr->name, x, y,
                   asked_for(b, to));
}

// A window no output shows any more (its output went, or shrank away from under it): centred
// on `out`, shrunk to fit where the client allows.
void Desktop::rescue(View& view, Output& out) {
    const wlr_box b = view.layout_box(), area = out.usable_area();
    const Size fit = fitted_size(view, area, b.width, b.height);
    const wlr_box to{area.x + std::max(0, (area.width - fit.width) / 2),
                     area.y + std::max(0, (area.height - fit.height) / 2), fit.width, fit.height};
    if (move_for_output(view, to))
        log().info("window '{}' was off every output: moved to {} at {},{}{}", view.title(), out.wlr->name, to.x, to.y,
                   asked_for(b, to));
}

// Moves (and, when `to` is another size, resizes) a view for an output change; false when
// there was nothing to do.
bool Desktop::move_for_output(View& view, const wlr_box& to) {
    wlr_box b = view.layout_box();
    const bool resize = to.width != b.width || to.height != b.height;
    if (to.x == b.x && to.y == b.y && !resize) return false;
    // Already asked for, and the client has not committed the new size yet.
    if (view.saved_place && wlr_box_equal(&view.saved_place->given, &to)) return false;
    remember_place(view, to);
    if (resize)
        view.request_box(to);
    else
        view.move_to(to.x, to.y);
    publish(&view);
    return true;
}

// Before the first such move, where the window was on the output it was on: found from where
// the outputs were before this change, since the change may have taken the window off it.
void Desktop::remember_place(View& view, const wlr_box& to) {
    if (!view.saved_place) {
        wlr_box b = view.layout_box();
        const int cx = b.x + b.width / 2, cy = b.y + std::min(b.height / 2, 16);
        for (const auto& [name, was] : output_areas_) {
            if (!wlr_box_contains_point(&was.box, cx, cy) || !output_named(name)) continue;
            view.saved_place = View::SavedPlace{.output = name,
                                                .box = {b.x - was.box.x, b.y - was.box.y, b.width, b.height},
                                                .area = {was.usable.width, was.usable.height},
                                                .given = to};
            break;
        }
    }
    if (view.saved_place) view.saved_place->given = to;
}

// The output a window was moved off grew back: to its old place (and size) once the output's
// usable area is as large as it was then, or the old box fits in it again. A window that has
// moved since (the user, or an X11 client itself) keeps its new place.
bool Desktop::restore_place(View& view) {
    if (!view.saved_place) return false;
    const View::SavedPlace saved = *view.saved_place;
    if (view.x != saved.given.x || view.y != saved.given.y) {
        view.saved_place.reset();
        return false;
    }
    Output* out = output_named(saved.output);
    if (!out) return false;
    const wlr_box origin = out->layout_box(), area = out->usable_area();
    wlr_box box{origin.x + saved.box.x, origin.y + saved.box.y, saved.box.width, saved.box.height};
    wlr_box inside{};
    const bool fits = wlr_box_intersection(&inside, &area, &box) && wlr_box_equal(&inside, &box);
    if (!fits && (area.width < saved.area.width || area.height < saved.area.height)) return false;
    view.saved_place.reset();
    wlr_box geo = view.geometry();
    if (geo.width == box.width && geo.height == box.height)
        view.move_to(box.x, box.y);
    else
        view.request_box(box);
    log().info("window '{}' back at {},{} {}x{} on {}", view.title(), box.x, box.y, box.width, box.height,
               out->wlr->name);
    publish(&view);
    return true;
}

void Desktop::note_output_areas() {
    output_areas_.clear();
    for (Output* o : server_.outputs) output_areas_[o->wlr->name] = {o->layout_box(), o->usable_area()};
}

Output* Desktop::output_named(const std::string& name) const {
    for (Output* o : server_.outputs)
        if (name == o->wlr->name) return o;
    return nullptr;
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
    if (Output* o = server_.output_at(cx, cy)) return o;
    double nx, ny;
    wlr_output_layout_closest_point(server_.output_layout, nullptr, cx, cy, &nx, &ny);
    if (Output* o = server_.output_at(nx, ny)) return o;
    return server_.primary_output();
}

}  // namespace wrd::compositor
