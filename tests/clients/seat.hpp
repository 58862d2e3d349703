// The pattern client's wl_seat: creates the keyboard and pointer as the seat announces them
// and drops them when it withdraws them. Main thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>

#include "globals.hpp"
#include "options.hpp"

namespace wrd::test {

class Keyboard;
class Pointer;

// What the rest of the client does with seat events; each may be empty. Set before the first
// dispatch: the keyboard and pointer keep a reference to them.
struct SeatHooks {
    std::function<void(uint32_t serial)> keyboard_enter;                   // the clipboard's set_selection serial
    std::function<void(wl_surface* surface, uint32_t serial)> left_press;  // the window's move/resize
};

class Seat {
public:
    Seat(const Globals& globals, const PatternOptions& options);
    Seat(const Seat&) = delete;
    Seat& operator=(const Seat&) = delete;
    ~Seat();

    wl_seat* get() const { return seat_.get(); }
    void set_hooks(SeatHooks hooks) { hooks_ = std::move(hooks); }

private:
    static const wl_seat_listener listener;

    void handle_capabilities(uint32_t caps);

    const Globals& globals_;
    const PatternOptions& options_;
    Proxy<wl_seat> seat_;
    SeatHooks hooks_;
    std::unique_ptr<Keyboard> keyboard_;
    std::unique_ptr<Pointer> pointer_;
};

}  // namespace wrd::test
