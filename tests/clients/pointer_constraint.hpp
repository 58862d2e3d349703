// --lock-pointer and --confine-pointer (pointer-constraints, relative-pointer). On the first
// pointer enter it locks the pointer where it is or confines it to the entered surface (no
// region: all of it), both with a persistent lifetime so the constraint comes back each time
// the compositor activates it again; it logs "pointer_locked"/"pointer_unlocked" or
// "pointer_confined"/"pointer_unconfined" as that happens. A relative pointer logs
// "relative DX DY" (unaccelerated) for every relative motion, constrained or not: that is
// how a game or a remote viewer reads a locked mouse. Main thread only.
#pragma once

#include "globals.hpp"
#include "options.hpp"

namespace wrd::test {

class PointerConstraint {
public:
    // `pointer` stays the caller's and must outlive this. Throws std::runtime_error when the
    // compositor lacks either protocol.
    PointerConstraint(wl_pointer* pointer, const Globals& globals, const PatternOptions& options);
    PointerConstraint(const PointerConstraint&) = delete;  // the listeners point here
    PointerConstraint& operator=(const PointerConstraint&) = delete;
    ~PointerConstraint();

    // The pointer entered `surface`. The first enter asks for the lock or confinement there;
    // later ones find it in place already.
    void entered(wl_surface* surface);

private:
    static const zwp_locked_pointer_v1_listener locked_listener;
    static const zwp_confined_pointer_v1_listener confined_listener;
    static const zwp_relative_pointer_v1_listener relative_listener;

    wl_pointer* pointer_;
    zwp_pointer_constraints_v1* constraints_;
    const bool lock_;  // else confine
    Proxy<zwp_relative_pointer_v1> relative_;
    Proxy<zwp_locked_pointer_v1> locked_;
    Proxy<zwp_confined_pointer_v1> confined_;
};

}  // namespace wrd::test
