// Windows keyboard layout ids (KLIDs, sent as keyboardLayout in the Client Core Data,
// MS-RDPBCGR 2.2.1.3.2) to the XKB layout that types the same characters from the same keys.
// Pure functions plus keymap compilation; any thread, with its own xkb_context.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

#include "xkb.hpp"

namespace wrd::rdp {

// XKB rule names (RMLVO, rules "evdev", no options) for one layout.
struct XkbLayoutNames {
    std::string model;
    std::string layout;
    std::string variant;

    bool operator==(const XkbLayoutNames&) const = default;
};

struct LayoutChoice {
    XkbLayoutNames names;
    // The id whose table entry was used: `klid` itself, its language's default layout, or 0
    // when nothing matched and "us" was taken.
    uint32_t matched_klid = 0;
    bool exact = false;
};

// One row of the KLID table, exposed so tests can compile every entry.
struct KlidEntry {
    uint32_t klid;
    std::string_view layout;
    std::string_view variant;
};
std::span<const KlidEntry> known_klids();

// Looks `klid` up: exact id; else for IME ids (0xE0xxxxxx) and layout variants (0x0001xxxx...)
// the language id in the low 16 bits; else that language's primary layout (sublanguage 1, e.g.
// de-AT 0x0C07 -> de-DE 0x0407); else "us". `keyboard_type` (2.2.1.3.2 keyboardType) picks
// between the Japanese 106/109-key layout (type 7) and Windows' "Japanese (101)" layout, which
// is the US layout.
LayoutChoice xkb_layout_for(uint32_t klid, uint32_t keyboard_type);

// Compiles the keymap for `names` with rules "evdev".
std::expected<XkbKeymapPtr, std::string> compile_layout(xkb_context* context, const XkbLayoutNames& names);

}  // namespace wrd::rdp
