#include "pointer.hpp"

#include <linux/input-event-codes.h>

#include "event_log.hpp"
#include "pointer_constraint.hpp"

namespace wrd::test {
namespace {

const char* button_state(uint32_t state) { return state == WL_POINTER_BUTTON_STATE_PRESSED ? "pressed" : "released"; }

const char* axis_name(uint32_t axis) { return axis == WL_POINTER_AXIS_VERTICAL_SCROLL ? "vertical" : "horizontal"; }

}  // namespace

// Events we do not log still need a handler: libwayland calls every slot of the bound version.
const wl_pointer_listener Pointer::listener{
    .enter = [](void* data, wl_pointer*, uint32_t serial, wl_surface* surface, wl_fixed_t x, wl_fixed_t y) {
        static_cast<Pointer*>(data)->handle_enter(serial, surface, x, y);
    },
    .leave = [](void* data, wl_pointer*, uint32_t, wl_surface*) {
        static_cast<Pointer*>(data)->focus_ = nullptr;
        log_event("pointer_leave");
    },
    .motion = [](void* data, wl_pointer*, uint32_t, wl_fixed_t x, wl_fixed_t y) {
        static_cast<Pointer*>(data)->handle_motion(x, y);
    },
    .button = [](void* data, wl_pointer*, uint32_t serial, uint32_t, uint32_t button, uint32_t state) {
        static_cast<Pointer*>(data)->handle_button(serial, button, state);
    },
    .axis = [](void*, wl_pointer*, uint32_t, uint32_t axis, wl_fixed_t value) {
        log_event("axis {} {}", axis_name(axis), wl_fixed_to_double(value));
    },
    .frame = [](void*, wl_pointer*) {},
    .axis_source = [](void*, wl_pointer*, uint32_t) {},
    .axis_stop = [](void*, wl_pointer*, uint32_t, uint32_t) {},
    .axis_discrete = [](void*, wl_pointer*, uint32_t, int32_t) {},
    .axis_value120 = [](void*, wl_pointer*, uint32_t, int32_t) {},
    .axis_relative_direction = [](void*, wl_pointer*, uint32_t, uint32_t) {},
};

Pointer::Pointer(wl_pointer* pointer, const Globals& globals, const PatternOptions& options, const SeatHooks& hooks)
    : options_(options), hooks_(hooks), pointer_(pointer) {
    wl_pointer_add_listener(pointer_.get(), &listener, this);
    if (options.cursor) create_cursor(globals);
    if (options.constrains_pointer())
        constraint_ = std::make_unique<PointerConstraint>(pointer_.get(), globals, options);
}

Pointer::~Pointer() = default;

void Pointer::create_cursor(const Globals& globals) {
    cursor_buffer_ = std::make_unique<ShmBuffer>(globals.shm.get(), cursor_size, cursor_size, WL_SHM_FORMAT_ARGB8888);
    for (uint32_t& pixel : cursor_buffer_->pixels()) pixel = 0xff00ff00;  // opaque, so premultiplied as is
    cursor_buffer_->at(0, 0) = 0xffff0000;
    cursor_surface_.reset(wl_compositor_create_surface(globals.compositor.get()));
    commit_buffer(cursor_surface_.get(), *cursor_buffer_);
}

void Pointer::handle_enter(uint32_t serial, wl_surface* surface, wl_fixed_t x, wl_fixed_t y) {
    focus_ = surface;
    log_event("pointer_enter {} {}", wl_fixed_to_double(x), wl_fixed_to_double(y));
    // set_cursor is only honoured with the serial of the latest enter, so it is sent here.
    if (options_.cursor) wl_pointer_set_cursor(pointer_.get(), serial, cursor_surface_.get(), hotspot_x, hotspot_y);
    else if (options_.hide_cursor) wl_pointer_set_cursor(pointer_.get(), serial, nullptr, 0, 0);
    if (constraint_) constraint_->entered(surface);
}

// Only the constraint tests want motion: they check where a locked or confined pointer stays,
// and the other tests' clients would otherwise log a line per pixel of every drag.
void Pointer::handle_motion(wl_fixed_t x, wl_fixed_t y) const {
    if (options_.constrains_pointer())
        log_event("motion {:.0f} {:.0f}", wl_fixed_to_double(x), wl_fixed_to_double(y));
}

// The press serial is what xdg_toplevel.move/resize need, so the hook runs here, after the
// button line is out.
void Pointer::handle_button(uint32_t serial, uint32_t button, uint32_t state) {
    log_event("button {} {}", button, button_state(state));
    if (button == BTN_LEFT && state == WL_POINTER_BUTTON_STATE_PRESSED && focus_ && hooks_.left_press)
        hooks_.left_press(focus_, serial);
}

}  // namespace wrd::test
