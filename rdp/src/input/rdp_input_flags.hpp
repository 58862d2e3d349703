// The flag values of RDP input events, as FreeRDP 3.15's server hands them to the rdpInput
// callbacks. Defined here (not taken from <freerdp/input.h>) so the translators stay free of
// FreeRDP headers; each value is checked against MS-RDPBCGR and freerdp3/freerdp/input.h.
//
// What reaches the callbacks (FreeRDP 3.15 libfreerdp/core/input.c and fastpath.c):
// - KeyboardEvent(flags, code): `code` is the 8-bit scancode (set 1, without the 0x80 break bit).
//   Slow path (TS_KEYBOARD_EVENT, 2.2.8.1.1.3.1.1.1): keyboardFlags as sent, except that DOWN is
//   cleared when RELEASE is set; a keyCode with a high byte is logged and masked to 8 bits.
//   Fast path (TS_FP_KEYBOARD_EVENT, 2.2.8.1.2.2.1): the 5-bit eventFlags are converted, RELEASE
//   (0x01) -> KBD_FLAGS_RELEASE, EXTENDED (0x02) -> KBD_FLAGS_EXTENDED, EXTENDED1 (0x04) ->
//   KBD_FLAGS_EXTENDED1. Fast path has no "was down" bit, so KBD_FLAGS_DOWN never arrives from
//   it: a client's auto-repeat is just another press without RELEASE.
// - The Pause key has no scancode of its own. 2.2.8.1.2.2.1 prescribes the sequence
//   CTRL (0x1D) down with EXTENDED1, NUMLOCK (0x45) down, CTRL up with EXTENDED1, NUMLOCK up;
//   FreeRDP's KeyboardPauseEvent is only the client-side sender of that sequence.
// - UnicodeKeyboardEvent(flags, code): one UTF-16 code unit; flags carry only RELEASE
//   (2.2.8.1.1.3.1.1.2 / 2.2.8.1.2.2.2). Characters outside the BMP arrive as two events, the
//   high surrogate first (xfreerdp sends down+up for each unit).
// - MouseEvent(flags, x, y) and ExtendedMouseEvent(flags, x, y): pointerFlags and positions
//   unchanged on both paths (2.2.8.1.1.3.1.1.3/.4, 2.2.8.1.2.2.3/.4); extended mouse events only
//   if the server announced them (FreeRDP_HasExtendedMouseEvent).
// - SynchronizeEvent(flags): slow path the 32-bit toggleFlags (2.2.8.1.1.3.1.1.5), fast path the
//   5-bit eventFlags (2.2.8.1.2.2.5) whose bits have the same values.
#pragma once

#include <cstdint>

namespace wrd::rdp::rdp_flags {

// Keyboard event, MS-RDPBCGR 2.2.8.1.1.3.1.1.1 (input.h KBD_FLAGS_*).
inline constexpr uint16_t kbd_extended = 0x0100;   // KBDFLAGS_EXTENDED: E0-prefixed scancode
inline constexpr uint16_t kbd_extended1 = 0x0200;  // KBDFLAGS_EXTENDED1: E1 prefix (Pause)
inline constexpr uint16_t kbd_down = 0x4000;       // KBDFLAGS_DOWN: key was already down
inline constexpr uint16_t kbd_release = 0x8000;    // KBDFLAGS_RELEASE: key-up; absent = key-down

// Synchronize event toggle flags, 2.2.8.1.1.3.1.1.5 (input.h KBD_SYNC_*).
inline constexpr uint32_t sync_scroll_lock = 0x01;  // TS_SYNC_SCROLL_LOCK
inline constexpr uint32_t sync_num_lock = 0x02;     // TS_SYNC_NUM_LOCK
inline constexpr uint32_t sync_caps_lock = 0x04;    // TS_SYNC_CAPS_LOCK
inline constexpr uint32_t sync_kana_lock = 0x08;    // TS_SYNC_KANA_LOCK

// Mouse event, 2.2.8.1.1.3.1.1.3 (input.h PTR_FLAGS_*).
inline constexpr uint16_t ptr_hwheel = 0x0400;               // PTRFLAGS_HWHEEL: horizontal wheel
inline constexpr uint16_t ptr_wheel = 0x0200;                // PTRFLAGS_WHEEL: vertical wheel
inline constexpr uint16_t ptr_wheel_negative = 0x0100;       // PTRFLAGS_WHEEL_NEGATIVE: sign bit
inline constexpr uint16_t ptr_wheel_rotation_mask = 0x01FF;  // WheelRotationMask, 9-bit two's complement
inline constexpr uint16_t ptr_move = 0x0800;                 // PTRFLAGS_MOVE
inline constexpr uint16_t ptr_down = 0x8000;                 // PTRFLAGS_DOWN: press; absent = release
inline constexpr uint16_t ptr_button1 = 0x1000;              // PTRFLAGS_BUTTON1: left
inline constexpr uint16_t ptr_button2 = 0x2000;              // PTRFLAGS_BUTTON2: right
inline constexpr uint16_t ptr_button3 = 0x4000;              // PTRFLAGS_BUTTON3: middle

// Extended mouse event, 2.2.8.1.1.3.1.1.4 (input.h PTR_XFLAGS_*).
inline constexpr uint16_t ptrx_down = 0x8000;     // PTRXFLAGS_DOWN
inline constexpr uint16_t ptrx_button1 = 0x0001;  // PTRXFLAGS_BUTTON1: button 4 (XBUTTON1, "back")
inline constexpr uint16_t ptrx_button2 = 0x0002;  // PTRXFLAGS_BUTTON2: button 5 (XBUTTON2, "forward")

// Client Core Data keyboardType (2.2.1.3.2 TS_UD_CS_CORE): 4 = IBM enhanced (101/102 keys),
// 7 = Japanese. Windows also uses 8 for Korean keyboards, which the spec does not list.
inline constexpr uint32_t keyboard_type_ibm_enhanced = 4;
inline constexpr uint32_t keyboard_type_japanese = 7;
inline constexpr uint32_t keyboard_type_korean = 8;

}  // namespace wrd::rdp::rdp_flags
