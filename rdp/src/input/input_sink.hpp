// The two interfaces through which translated RDP input reaches the desktop. The Wayland
// session implements them with zwp_virtual_keyboard_v1 and zwlr_virtual_pointer_v1; unit tests
// record the calls. Called on the I/O thread only.
#pragma once

#include <cstdint>
#include <string>

namespace wrd::rdp {

class KeyboardSink {
public:
    virtual ~KeyboardSink() = default;
    // A complete XKB keymap in text form (xkb_keymap_get_as_string); evdev keycodes below are
    // interpreted with it. Must be sent before the first key.
    virtual void keymap(const std::string& keymap_text) = 0;
    // `evdev_code` is a Linux input event code (KEY_A = 30), not an XKB keycode (+8).
    virtual void key(uint32_t evdev_code, bool pressed) = 0;
    // The serialized XKB modifier state after the keys sent so far.
    virtual void modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group) = 0;
};

class PointerSink {
public:
    enum class Axis { vertical, horizontal };

    virtual ~PointerSink() = default;
    // Absolute position (x, y) inside an area of width x height (the whole desktop layout).
    virtual void motion_absolute(uint32_t x, uint32_t y, uint32_t width, uint32_t height) = 0;
    // `evdev_button` is BTN_LEFT, BTN_RIGHT, BTN_MIDDLE, BTN_SIDE or BTN_EXTRA.
    virtual void button(uint32_t evdev_button, bool pressed) = 0;
    // `value` in Wayland surface-local units (15 per wheel notch is usual); `discrete_120` in
    // multiples of 1/120 of a notch, as Windows reports wheel rotation.
    virtual void axis(Axis axis, double value, int32_t discrete_120) = 0;
    // Ends one logical pointer event (wl_pointer.frame).
    virtual void frame() = 0;
};

}  // namespace wrd::rdp
