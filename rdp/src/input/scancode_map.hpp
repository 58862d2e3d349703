// RDP scancodes to Linux evdev key codes. An RDP keyboard event carries a set-1 ("XT") make
// code plus the E0 prefix as KBDFLAGS_EXTENDED (MS-RDPBCGR 2.2.8.1.1.3.1.1.1); the codes are the
// ones Windows reports, which for the keys beyond the PC/AT set (F13-F24, Japanese and Korean
// keys, media keys) follow Microsoft's "Keyboard Scan Code Specification" and its USB HID to
// PS/2 translation table rather than Linux's own atkbd tables. Pure functions, any thread.
#pragma once

#include <cstdint>
#include <optional>

namespace wrd::rdp {

// The evdev code (linux/input-event-codes.h KEY_*) of scancode `code` with or without the E0
// prefix, or nullopt for a code no PC keyboard sends. The Pause key's E1 sequence is not a
// single scancode and is handled by KeyboardTranslator.
std::optional<uint32_t> evdev_from_scancode(uint8_t code, bool extended);

// True if some scancode maps to `evdev_code`: such codes must not be reused for keysyms bound on
// the fly, since the client can press them.
bool evdev_reachable_from_scancode(uint32_t evdev_code);

}  // namespace wrd::rdp
