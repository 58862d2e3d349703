// Logs pointer focus, buttons and scrolling, and sets the cursor image on enter when asked:
// --cursor shows a 16x16 image tests can find in a capture, --hide-cursor shows none. With
// --lock-pointer or --confine-pointer it also logs every motion as "motion X Y" (surface
// coordinates) and hands enters to the PointerConstraint. Main thread only.
#pragma once

#include <memory>

#include "globals.hpp"
#include "options.hpp"
#include "seat.hpp"
#include "wayland/shm_buffer.hpp"

namespace wrd::test {

class PointerConstraint;

class Pointer {
public:
    // Takes ownership of `pointer`.
    Pointer(wl_pointer* pointer, const Globals& globals, const PatternOptions& options, const SeatHooks& hooks);
    Pointer(const Pointer&) = delete;
    Pointer& operator=(const Pointer&) = delete;
    ~Pointer();  // where PointerConstraint is complete

    // The --cursor image: every pixel 0xff00ff00 but (0, 0), which is 0xffff0000, so a
    // capture shows both where the image lands and that it is not flipped.
    static constexpr int cursor_size = 16;
    static constexpr int hotspot_x = 3;
    static constexpr int hotspot_y = 5;

private:
    static const wl_pointer_listener listener;

    void handle_enter(uint32_t serial, wl_surface* surface, wl_fixed_t x, wl_fixed_t y);
    void handle_motion(wl_fixed_t x, wl_fixed_t y) const;
    void handle_button(uint32_t serial, uint32_t button, uint32_t state);
    void create_cursor(const Globals& globals);

    const PatternOptions& options_;
    const SeatHooks& hooks_;
    Proxy<wl_pointer> pointer_;
    wl_surface* focus_ = nullptr;  // which of our surfaces the pointer is over (the window or its popup)
    Proxy<wl_surface> cursor_surface_;
    std::unique_ptr<ShmBuffer> cursor_buffer_;
    std::unique_ptr<PointerConstraint> constraint_;  // declared last: goes before the pointer it uses
};

}  // namespace wrd::test
