// The pattern client's wl_seat: creates the keyboard and pointer as the seat announces them
// and drops them when it withdraws them. Main thread only.
#pragma once

#include <memory>

#include "globals.hpp"
#include "options.hpp"

namespace wrd::test {

class Keyboard;
class Pointer;

class Seat {
public:
    Seat(const Globals& globals, const PatternOptions& options);
    Seat(const Seat&) = delete;
    Seat& operator=(const Seat&) = delete;
    ~Seat();

private:
    static const wl_seat_listener listener;

    void handle_capabilities(uint32_t caps);

    const Globals& globals_;
    const PatternOptions& options_;
    Proxy<wl_seat> seat_;
    std::unique_ptr<Keyboard> keyboard_;
    std::unique_ptr<Pointer> pointer_;
};

}  // namespace wrd::test
