#include "pointer_constraint.hpp"

#include "event_log.hpp"

namespace wrd::test {

const zwp_locked_pointer_v1_listener PointerConstraint::locked_listener{
    .locked = [](void*, zwp_locked_pointer_v1*) { log_event("pointer_locked"); },
    .unlocked = [](void*, zwp_locked_pointer_v1*) { log_event("pointer_unlocked"); },
};

const zwp_confined_pointer_v1_listener PointerConstraint::confined_listener{
    .confined = [](void*, zwp_confined_pointer_v1*) { log_event("pointer_confined"); },
    .unconfined = [](void*, zwp_confined_pointer_v1*) { log_event("pointer_unconfined"); },
};

// The unaccelerated deltas are what the device reported, so a test can compare them with the
// motion it sent whatever acceleration the compositor applies.
const zwp_relative_pointer_v1_listener PointerConstraint::relative_listener{
    .relative_motion = [](void*, zwp_relative_pointer_v1*, uint32_t, uint32_t, wl_fixed_t, wl_fixed_t,
                          wl_fixed_t dx_unaccel, wl_fixed_t dy_unaccel) {
        log_event("relative {:.0f} {:.0f}", wl_fixed_to_double(dx_unaccel), wl_fixed_to_double(dy_unaccel));
    },
};

PointerConstraint::PointerConstraint(wl_pointer* pointer, const Globals& globals, const PatternOptions& options)
    : pointer_(pointer), constraints_(globals.pointer_constraints.get()), lock_(options.lock_pointer) {
    require_global(globals.pointer_constraints != nullptr, "zwp_pointer_constraints_v1");
    require_global(globals.relative_pointers != nullptr, "zwp_relative_pointer_manager_v1");
    relative_.reset(zwp_relative_pointer_manager_v1_get_relative_pointer(globals.relative_pointers.get(), pointer));
    zwp_relative_pointer_v1_add_listener(relative_.get(), &relative_listener, this);
}

PointerConstraint::~PointerConstraint() = default;

void PointerConstraint::entered(wl_surface* surface) {
    if (locked_ || confined_) return;
    // A persistent constraint survives deactivation, so leaving and coming back re-arms it.
    const auto lifetime = ZWP_POINTER_CONSTRAINTS_V1_LIFETIME_PERSISTENT;
    if (lock_) {
        locked_.reset(zwp_pointer_constraints_v1_lock_pointer(constraints_, surface, pointer_, nullptr, lifetime));
        zwp_locked_pointer_v1_add_listener(locked_.get(), &locked_listener, this);
    } else {
        confined_.reset(zwp_pointer_constraints_v1_confine_pointer(constraints_, surface, pointer_, nullptr, lifetime));
        zwp_confined_pointer_v1_add_listener(confined_.get(), &confined_listener, this);
    }
}

}  // namespace wrd::test
