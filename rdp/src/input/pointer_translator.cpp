#include "pointer_translator.hpp"

#include <linux/input-event-codes.h>

#include <algorithm>

#include "logging.hpp"
#include "rdp_input_flags.hpp"

namespace wrd::rdp {
namespace {

// Wayland scroll distance of one wheel notch. libinput reports 15 for a notch of a physical
// wheel (its "degrees" per click), and toolkits scale their scrolling to that.
constexpr double axis_units_per_notch = 15.0;
constexpr double rotation_per_notch = 120.0;  // WHEEL_DELTA: Windows reports 120 per notch

}  // namespace

void PointerTranslator::set_desktop_size(uint32_t width, uint32_t height) {
    width_ = width;
    height_ = height;
    have_position_ = false;  // the same coordinates may now be a different place
}

void PointerTranslator::mouse(uint16_t flags, uint16_t x, uint16_t y) {
    // xPos/yPos SHOULD be ignored for wheel events (2.2.8.1.2.2.3); FreeRDP's client sends 0, 0.
    if (flags & (rdp_flags::ptr_wheel | rdp_flags::ptr_hwheel)) {
        wheel(flags);
        return;
    }
    const uint16_t buttons = rdp_flags::ptr_button1 | rdp_flags::ptr_button2 | rdp_flags::ptr_button3;
    bool sent = false;
    // A button event happens "at the position specified by xPos and yPos" (2.2.8.1.1.3.1.1.3),
    // so the pointer goes there first even without PTRFLAGS_MOVE.
    if (flags & (rdp_flags::ptr_move | buttons)) sent |= move_to(x, y);
    bool down = flags & rdp_flags::ptr_down;
    if (flags & rdp_flags::ptr_button1) sent |= set_button(BTN_LEFT, down);
    if (flags & rdp_flags::ptr_button2) sent |= set_button(BTN_RIGHT, down);
    if (flags & rdp_flags::ptr_button3) sent |= set_button(BTN_MIDDLE, down);
    if (sent) sink_.frame();
}

void PointerTranslator::extended_mouse(uint16_t flags, uint16_t x, uint16_t y) {
    // XBUTTON1 is "back" and XBUTTON2 "forward" on Windows; evdev calls them BTN_SIDE and
    // BTN_EXTRA, which is what libinput reports for a real mouse's back/forward buttons.
    if (!(flags & (rdp_flags::ptrx_button1 | rdp_flags::ptrx_button2))) return;
    bool sent = move_to(x, y);
    bool down = flags & rdp_flags::ptrx_down;
    if (flags & rdp_flags::ptrx_button1) sent |= set_button(BTN_SIDE, down);
    if (flags & rdp_flags::ptrx_button2) sent |= set_button(BTN_EXTRA, down);
    if (sent) sink_.frame();
}

void PointerTranslator::release_all() {
    bool sent = false;
    for (uint32_t button = BTN_LEFT; button <= BTN_EXTRA; ++button) sent |= set_button(button, false);
    if (sent) sink_.frame();
}

int32_t PointerTranslator::wheel_rotation(uint16_t flags) {
    int32_t rotation = flags & rdp_flags::ptr_wheel_rotation_mask;
    if (flags & rdp_flags::ptr_wheel_negative) rotation -= 0x200;  // 9-bit two's complement
    return rotation;
}

// Signs: a positive vertical rotation is the wheel turned away from the user, i.e. scroll up
// (WM_MOUSEWHEEL; xfreerdp sends X11 button 4 as +120), and Wayland's vertical axis grows
// downwards, so the sign flips. A positive horizontal rotation is a tilt to the right
// (WM_MOUSEHWHEEL; xfreerdp sends button 7 "right" as +120, the SDL and Wayland clients agree),
// and Wayland's horizontal axis grows rightwards, so it is kept.
void PointerTranslator::wheel(uint16_t flags) {
    int32_t rotation = wheel_rotation(flags);
    if (rotation == 0) return;
    bool vertical = flags & rdp_flags::ptr_wheel;
    int32_t discrete = vertical ? -rotation : rotation;
    double value = discrete * axis_units_per_notch / rotation_per_notch;
    sink_.axis(vertical ? PointerSink::Axis::vertical : PointerSink::Axis::horizontal, value, discrete);
    sink_.frame();
}

bool PointerTranslator::move_to(uint16_t x, uint16_t y) {
    if (width_ == 0 || height_ == 0) {
        if (!warned_no_size_) logger("rdp").warn("pointer motion before the desktop size is known: dropped");
        warned_no_size_ = true;
        return false;
    }
    uint32_t cx = std::min<uint32_t>(x, width_ - 1);
    uint32_t cy = std::min<uint32_t>(y, height_ - 1);
    if (have_position_ && cx == x_ && cy == y_) return false;
    sink_.motion_absolute(cx, cy, width_, height_);
    x_ = cx;
    y_ = cy;
    have_position_ = true;
    return true;
}

// Presses of a held button and releases of a free one are dropped, so the compositor never
// sees a button go down twice (a client may send a press again after a synchronize).
bool PointerTranslator::set_button(uint32_t evdev_button, bool pressed) {
    uint32_t bit = 1u << (evdev_button - BTN_LEFT);
    if (((held_ & bit) != 0) == pressed) return false;
    held_ ^= bit;
    sink_.button(evdev_button, pressed);
    return true;
}

}  // namespace wrd::rdp
