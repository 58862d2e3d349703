#include "seat.hpp"

#include <algorithm>

#include "desktop.hpp"
#include "keyboard.hpp"
#include "log.hpp"
#include "server.hpp"
#include "session_protocol.hpp"
#include "view.hpp"

namespace wrd::compositor {

Seat::Seat(Server& server) : server_(server) {
    wlr = wlr_seat_create(server.display, "seat0");
    // A headless seat has no devices of its own; advertise what the front end will drive
    // so clients bind wl_pointer and wl_keyboard from the start.
    wlr_seat_set_capabilities(wlr, WL_SEAT_CAPABILITY_POINTER | WL_SEAT_CAPABILITY_KEYBOARD | WL_SEAT_CAPABILITY_TOUCH);
    cursor = wlr_cursor_create();
    wlr_cursor_attach_output_layout(cursor, server.output_layout);
    xcursor = wlr_xcursor_manager_create(nullptr, 24);
    idle = wlr_idle_notifier_v1_create(server.display);
    create_input_protocols();
    connect_cursor_events();
    connect_seat_requests();
    apply_image();
}

Seat::~Seat() {
    keyboards_.clear();
    wlr_xcursor_manager_destroy(xcursor);
    wlr_cursor_destroy(cursor);
}

void Seat::create_input_protocols() {
    virtual_keyboards_ = wlr_virtual_keyboard_manager_v1_create(server_.display);
    new_virtual_keyboard_.connect(virtual_keyboards_->events.new_virtual_keyboard, [this](wlr_virtual_keyboard_v1* vk) {
        keyboards_.push_back(std::make_unique<Keyboard>(server_, &vk->keyboard));
        log().info("virtual keyboard added");
    });
    virtual_pointers_ = wlr_virtual_pointer_manager_v1_create(server_.display);
    new_virtual_pointer_.connect(virtual_pointers_->events.new_virtual_pointer,
                                 [this](wlr_virtual_pointer_v1_new_pointer_event* ev) {
        wlr_input_device* dev = &ev->new_pointer->pointer.base;
        wlr_cursor_attach_input_device(cursor, dev);
        if (ev->suggested_output) wlr_cursor_map_input_to_output(cursor, dev, ev->suggested_output);
        log().info("virtual pointer added");
    });
    relative_ = wlr_relative_pointer_manager_v1_create(server_.display);
    constraints_ = wlr_pointer_constraints_v1_create(server_.display);
    new_constraint_.connect(constraints_->events.new_constraint,
                            [this](wlr_pointer_constraint_v1*) { update_constraint(); });
    cursor_shape_ = wlr_cursor_shape_manager_v1_create(server_.display, 1);
    request_shape_.connect(cursor_shape_->events.request_set_shape,
                           [this](wlr_cursor_shape_manager_v1_request_set_shape_event* ev) {
        if (ev->seat_client == wlr->pointer_state.focused_client) set_image_named(wlr_cursor_shape_v1_name(ev->shape));
    });
}

void Seat::connect_cursor_events() {
    motion_.connect(cursor->events.motion, [this](wlr_pointer_motion_event* ev) {
        have_absolute_ = false;
        move_pointer(&ev->pointer->base, ev->delta_x, ev->delta_y, ev->time_msec);
    });
    motion_absolute_.connect(cursor->events.motion_absolute, [this](wlr_pointer_motion_absolute_event* ev) {
        double lx, ly;
        wlr_cursor_absolute_to_layout_coords(cursor, &ev->pointer->base, ev->x, ev->y, &lx, &ly);
        // Relative motion is measured between the device's own positions: while the cursor is
        // locked or confined it no longer follows them.
        const double from_x = have_absolute_ ? absolute_x_ : cursor->x;
        const double from_y = have_absolute_ ? absolute_y_ : cursor->y;
        absolute_x_ = lx;
        absolute_y_ = ly;
        have_absolute_ = true;
        move_pointer(&ev->pointer->base, lx - from_x, ly - from_y, ev->time_msec);
    });
    button_.connect(cursor->events.button, [this](wlr_pointer_button_event* ev) { handle_button(ev); });
    axis_.connect(cursor->events.axis, [this](wlr_pointer_axis_event* ev) {
        notify_activity();
        wlr_seat_pointer_notify_axis(wlr, ev->time_msec, ev->orientation, ev->delta, ev->delta_discrete, ev->source,
                                     ev->relative_direction);
    });
    frame_.connect(cursor->events.frame, [this](void*) { wlr_seat_pointer_notify_frame(wlr); });
}

void Seat::connect_seat_requests() {
    request_cursor_.connect(wlr->events.request_set_cursor, [this](wlr_seat_pointer_request_set_cursor_event* ev) {
        // Only the client under the pointer may choose its look.
        if (ev->seat_client != wlr->pointer_state.focused_client) return;
        set_image_surface(ev->surface, ev->hotspot_x, ev->hotspot_y);
    });
    request_selection_.connect(wlr->events.request_set_selection, [this](wlr_seat_request_set_selection_event* ev) {
        wlr_seat_set_selection(wlr, ev->source, ev->serial);
    });
    request_primary_.connect(wlr->events.request_set_primary_selection,
                             [this](wlr_seat_request_set_primary_selection_event* ev) {
        wlr_seat_set_primary_selection(wlr, ev->source, ev->serial);
    });
    request_drag_.connect(wlr->events.request_start_drag, [this](wlr_seat_request_start_drag_event* ev) {
        if (wlr_seat_validate_pointer_grab_serial(wlr, ev->origin, ev->serial)) {
            wlr_seat_start_pointer_drag(wlr, ev->drag, ev->serial);
        } else {
            wlr_data_source_destroy(ev->drag->source);
        }
    });
    start_drag_.connect(wlr->events.start_drag, [this](wlr_drag* drag) {
        if (!drag->icon) return;
        wlr_scene_tree* icon = wlr_scene_drag_icon_create(server_.layers.popups, drag->icon);
        wlr_scene_node_set_position(&icon->node, static_cast<int>(cursor->x), static_cast<int>(cursor->y));
        // The icon node is destroyed with the drag icon; it follows the pointer in process_motion.
        drag->icon->data = icon;
    });
}

void Seat::notify_activity() {
    wlr_idle_notifier_v1_notify_activity(idle, wlr);
}

void Seat::move_pointer(wlr_input_device* device, double dx, double dy, uint32_t time_msec) {
    notify_activity();
    const uint64_t usec = static_cast<uint64_t>(time_msec) * 1000;
    wlr_relative_pointer_manager_v1_send_relative_motion(relative_, wlr, usec, dx, dy, dx, dy);
    if (active_constraint_ && active_constraint_->type == WLR_POINTER_CONSTRAINT_V1_LOCKED) return;
    confine(dx, dy);
    wlr_cursor_move(cursor, device, dx, dy);
    process_motion(time_msec);
}

// A confined pointer (pointer-constraints) stops at the edge of the client's region,
// measured in surface coordinates from where the pointer last was on that surface.
void Seat::confine(double& dx, double& dy) const {
    if (!active_constraint_ || active_constraint_->type != WLR_POINTER_CONSTRAINT_V1_CONFINED) return;
    if (wlr->pointer_state.focused_surface != active_constraint_->surface) return;
    const double sx = wlr->pointer_state.sx, sy = wlr->pointer_state.sy;
    double nx = sx + dx, ny = sy + dy;
    if (wlr_region_confine(&active_constraint_->region, sx, sy, sx + dx, sy + dy, &nx, &ny)) {
        dx = nx - sx;
        dy = ny - sy;
    }
}

void Seat::process_motion(uint32_t time_msec) {
    update_pointer_focus(time_msec);
    // After the focus change, so a front end gets the new image before the new position.
    if (server_.session) server_.session->cursor_moved(cursor->x, cursor->y);
}

void Seat::update_pointer_focus(uint32_t time_msec) {
    if (wlr->drag && wlr->drag->icon && wlr->drag->icon->data) {
        auto* icon = static_cast<wlr_scene_tree*>(wlr->drag->icon->data);
        wlr_scene_node_set_position(&icon->node, static_cast<int>(cursor->x), static_cast<int>(cursor->y));
    }
    if (grab_ != Grab::None) {
        update_grab();
        return;
    }
    wlr_surface* surface = nullptr;
    double sx = 0, sy = 0;
    server_.desktop->view_at(cursor->x, cursor->y, &surface, &sx, &sy);
    if (!surface) {
        set_image_named("default");
        wlr_seat_pointer_clear_focus(wlr);
        update_constraint();
        return;
    }
    wlr_seat_pointer_notify_enter(wlr, surface, sx, sy);
    wlr_seat_pointer_notify_motion(wlr, time_msec, sx, sy);
    update_constraint();
}

void Seat::handle_button(wlr_pointer_button_event* ev) {
    notify_activity();
    wlr_seat_pointer_notify_button(wlr, ev->time_msec, ev->button, ev->state);
    if (ev->state == WL_POINTER_BUTTON_STATE_RELEASED) {
        if (grab_ != Grab::None && wlr->pointer_state.button_count == 0) {
            server_.desktop->publish(grab_view_);  // it may be on another output now
            grab_ = Grab::None;
            grab_view_ = nullptr;
        }
        return;
    }
    wlr_surface* surface = nullptr;
    double sx = 0, sy = 0;
    View* view = server_.desktop->view_at(cursor->x, cursor->y, &surface, &sx, &sy);
    if (view) {
        server_.desktop->focus(view);
    } else if (surface) {
        auto* layer = wlr_layer_surface_v1_try_from_wlr_surface(surface);
        if (layer && layer->current.keyboard_interactive) server_.desktop->focus_surface(surface);
    }
}

// A client may only start a grab while a button it saw pressed is still down; otherwise a
// request that arrives after the release would leave the window glued to the pointer.
bool Seat::grab_allowed(View& view, std::optional<uint32_t> serial) const {
    if (view.maximized || view.fullscreen || wlr->pointer_state.button_count == 0) return false;
    return !serial || wlr_seat_validate_pointer_grab_serial(wlr, view.surface(), *serial);
}

void Seat::begin_move(View& view, std::optional<uint32_t> serial) {
    if (!grab_allowed(view, serial)) return;
    view.saved_place.reset();  // placed by the user from now on: an output growing leaves it there
    grab_ = Grab::Move;
    grab_view_ = &view;
    grab_x_ = cursor->x;
    grab_y_ = cursor->y;
    grab_box_ = view.layout_box();
    wlr_seat_pointer_clear_focus(wlr);
}

void Seat::begin_resize(View& view, uint32_t edges, std::optional<uint32_t> serial) {
    if (!grab_allowed(view, serial)) return;
    begin_move(view, serial);
    grab_ = Grab::Resize;
    resize_edges_ = edges;
}

void Seat::update_grab() {
    View& v = *grab_view_;
    const int dx = static_cast<int>(cursor->x - grab_x_), dy = static_cast<int>(cursor->y - grab_y_);
    if (grab_ == Grab::Move) {
        v.move_to(grab_box_.x + dx, grab_box_.y + dy);
        return;
    }
    wlr_box b = grab_box_;
    if (resize_edges_ & WLR_EDGE_LEFT) {
        b.x += dx;
        b.width -= dx;
    }
    if (resize_edges_ & WLR_EDGE_RIGHT) b.width += dx;
    if (resize_edges_ & WLR_EDGE_TOP) {
        b.y += dy;
        b.height -= dy;
    }
    if (resize_edges_ & WLR_EDGE_BOTTOM) b.height += dy;
    b.width = std::max(b.width, 1);
    b.height = std::max(b.height, 1);
    v.request_box(b);
}

void Seat::view_gone(View& view) {
    if (grab_view_ == &view) {
        grab_ = Grab::None;
        grab_view_ = nullptr;
    }
}

void Seat::keyboard_gone(Keyboard& keyboard) {
    std::erase_if(keyboards_, [&](auto& k) { return k.get() == &keyboard; });
    log().info("virtual keyboard removed");
}

void Seat::keyboard_focus(wlr_surface* surface) {
    if (!surface) {
        wlr_seat_keyboard_notify_clear_focus(wlr);
    } else if (wlr_keyboard* kb = wlr_seat_get_keyboard(wlr)) {
        wlr_seat_keyboard_notify_enter(wlr, surface, kb->keycodes, kb->num_keycodes, &kb->modifiers);
    } else {
        wlr_seat_keyboard_notify_enter(wlr, surface, nullptr, 0, nullptr);
    }
    update_constraint();
}

// pointer-constraints: a lock or confinement takes hold only on the surface that has both
// keyboard and pointer focus, with the pointer inside the constraint's region.
void Seat::update_constraint() {
    wlr_surface* focus = wlr->keyboard_state.focused_surface;
    wlr_pointer_constraint_v1* c = nullptr;
    if (focus && focus == wlr->pointer_state.focused_surface)
        c = wlr_pointer_constraints_v1_constraint_for_surface(constraints_, focus, wlr);
    if (c == active_constraint_) return;
    if (c && !pixman_region32_contains_point(&c->region, static_cast<int>(wlr->pointer_state.sx),
                                             static_cast<int>(wlr->pointer_state.sy), nullptr))
        c = nullptr;
    if (c == active_constraint_) return;
    if (active_constraint_) wlr_pointer_constraint_v1_send_deactivated(active_constraint_);
    constraint_destroy_.disconnect();
    active_constraint_ = c;
    if (!c) return;
    wlr_pointer_constraint_v1_send_activated(c);
    constraint_destroy_.connect(c->events.destroy, [this](void*) {
        constraint_destroy_.disconnect();
        active_constraint_ = nullptr;
    });
}

void Seat::set_image_named(const std::string& name) {
    if (image_.kind == CursorImage::Kind::Named && image_.name == name) return;
    cursor_surface_commit_.disconnect();
    cursor_surface_destroy_.disconnect();
    image_ = {CursorImage::Kind::Named, name, nullptr, 0, 0};
    apply_image();
}

void Seat::set_image_surface(wlr_surface* surface, int hx, int hy) {
    cursor_surface_commit_.disconnect();
    cursor_surface_destroy_.disconnect();
    if (!surface) {
        image_ = {CursorImage::Kind::Hidden, {}, nullptr, 0, 0};
        apply_image();
        return;
    }
    image_ = {CursorImage::Kind::Surface, {}, surface, hx, hy};
    cursor_surface_commit_.connect(surface->events.commit, [this](void*) {
        // Attach offsets move the hotspot (wl_surface.offset / attach dx, dy).
        image_.hotspot_x -= image_.surface->current.dx;
        image_.hotspot_y -= image_.surface->current.dy;
        if (server_.session) server_.session->cursor_image_changed();
    });
    cursor_surface_destroy_.connect(surface->events.destroy, [this](void*) { set_image_surface(nullptr, 0, 0); });
    apply_image();
}

void Seat::set_cursor_composited(bool composited) {
    if (composited == composited_) return;
    composited_ = composited;
    apply_image();
}

void Seat::apply_image() {
    if (!composited_ || image_.kind == CursorImage::Kind::Hidden)
        wlr_cursor_unset_image(cursor);
    else if (image_.kind == CursorImage::Kind::Named)
        wlr_cursor_set_xcursor(cursor, xcursor, image_.name.c_str());
    else
        wlr_cursor_set_surface(cursor, image_.surface, image_.hotspot_x, image_.hotspot_y);
    if (server_.session) server_.session->cursor_image_changed();
}

}  // namespace wrd::compositor
