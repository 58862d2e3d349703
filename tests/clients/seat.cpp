#include "seat.hpp"

#include "keyboard.hpp"
#include "pointer.hpp"

namespace wrd::test {

const wl_seat_listener Seat::listener{
    .capabilities = [](void* data, wl_seat*, uint32_t caps) { static_cast<Seat*>(data)->handle_capabilities(caps); },
    .name = [](void*, wl_seat*, const char*) {},
};

Seat::Seat(const Globals& globals, const PatternOptions& options)
    : globals_(globals), options_(options), seat_(globals.bind_seat()) {
    wl_seat_add_listener(seat_.get(), &listener, this);
}

// The keyboard and pointer must be released before the seat they came from.
Seat::~Seat() {
    keyboard_.reset();
    pointer_.reset();
}

void Seat::handle_capabilities(uint32_t caps) {
    const bool has_keyboard = caps & WL_SEAT_CAPABILITY_KEYBOARD;
    const bool has_pointer = caps & WL_SEAT_CAPABILITY_POINTER;
    if (has_keyboard && !keyboard_) keyboard_ = std::make_unique<Keyboard>(wl_seat_get_keyboard(seat_.get()), hooks_);
    if (!has_keyboard) keyboard_.reset();
    if (has_pointer && !pointer_) pointer_ = std::make_unique<Pointer>(wl_seat_get_pointer(seat_.get()), globals_, options_, hooks_);
    if (!has_pointer) pointer_.reset();
}

}  // namespace wrd::test
