#include "input.hpp"

#include "utf.hpp"

namespace wrd::probe {
namespace {

InputResult check(BOOL ok, const char* what) {
    if (ok) return {};
    return std::unexpected(std::string("sending ") + what + " failed");
}

UINT16 button_flag(Button b) {
    switch (b) {
        case Button::left:
            return PTR_FLAGS_BUTTON1;
        case Button::right:
            return PTR_FLAGS_BUTTON2;
        case Button::middle:
            return PTR_FLAGS_BUTTON3;
    }
    return PTR_FLAGS_BUTTON1;
}

// The server's input capability set (MS-RDPBCGR 2.2.7.1.6) says what it takes; FreeRDP keeps
// its answer in these settings and refuses the events otherwise.
InputResult server_accepts(rdpInput* input, FreeRDP_Settings_Keys_Bool key, const char* what) {
    if (freerdp_settings_get_bool(input->context->settings, key)) return {};
    return std::unexpected(std::string("the server does not accept ") + what);
}

}  // namespace

InputResult send_scancode(rdpInput* input, uint8_t scancode, bool extended, bool down) {
    return check(
        freerdp_input_send_keyboard_event_ex(input, down ? TRUE : FALSE, FALSE, MAKE_RDP_SCANCODE(scancode, extended)),
        "a key event");
}

InputResult send_keystrokes(rdpInput* input, const std::vector<KeyStroke>& strokes) {
    for (const KeyStroke& k : strokes) {
        InputResult r;
        if (k.shift) r = send_scancode(input, kScancodeLeftShift, false, true);
        if (r) r = send_scancode(input, k.scancode, false, true);
        if (r) r = send_scancode(input, k.scancode, false, false);
        if (r && k.shift) r = send_scancode(input, kScancodeLeftShift, false, false);
        if (!r) return r;
    }
    return {};
}

InputResult send_unicode(rdpInput* input, std::string_view utf8) {
    if (auto r = server_accepts(input, FreeRDP_UnicodeInput, "Unicode keyboard events"); !r) return r;
    for (char16_t unit : utf8_to_utf16(utf8)) {
        if (auto r = check(freerdp_input_send_unicode_keyboard_event(input, 0, unit), "a Unicode key event"); !r)
            return r;
        if (auto r =
                check(freerdp_input_send_unicode_keyboard_event(input, KBD_FLAGS_RELEASE, unit), "a Unicode key event");
            !r)
            return r;
    }
    return {};
}

InputResult send_move(rdpInput* input, int x, int y) {
    return check(freerdp_input_send_mouse_event(input, PTR_FLAGS_MOVE, static_cast<UINT16>(x), static_cast<UINT16>(y)),
                 "a mouse move");
}

InputResult send_click(rdpInput* input, int x, int y, Button button) {
    const auto ux = static_cast<UINT16>(x);
    const auto uy = static_cast<UINT16>(y);
    const UINT16 flag = button_flag(button);
    if (auto r = send_move(input, x, y); !r) return r;
    if (auto r = check(freerdp_input_send_mouse_event(input, flag | PTR_FLAGS_DOWN, ux, uy), "a button press"); !r)
        return r;
    return check(freerdp_input_send_mouse_event(input, flag, ux, uy), "a button release");
}

// One event per notch of 120 units (WHEEL_DELTA); the rotation is a 9-bit two's complement
// value whose sign bit is PTR_FLAGS_WHEEL_NEGATIVE (MS-RDPBCGR 2.2.8.1.1.3.1.1.3).
InputResult send_wheel(rdpInput* input, int x, int y, int notches, bool horizontal) {
    if (horizontal)
        if (auto r = server_accepts(input, FreeRDP_HasHorizontalWheel, "horizontal wheel events"); !r) return r;
    const UINT16 kind = horizontal ? PTR_FLAGS_HWHEEL : PTR_FLAGS_WHEEL;
    const int step = notches > 0 ? 120 : -120;
    const auto rotation = static_cast<UINT16>(step & WheelRotationMask);
    const auto ux = static_cast<UINT16>(x);
    const auto uy = static_cast<UINT16>(y);
    for (int i = 0; i < (notches > 0 ? notches : -notches); ++i)
        if (!freerdp_input_send_mouse_event(input, kind | rotation, ux, uy)) return check(FALSE, "a wheel event");
    return {};
}

}  // namespace wrd::probe
