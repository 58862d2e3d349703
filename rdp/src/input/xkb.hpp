// Owning handles for xkbcommon objects and the few helpers every user of them needs.
// xkbcommon objects are not thread-safe: each is used by the thread that made it.
#pragma once

#include <xkbcommon/xkbcommon.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace wrd::rdp {

struct XkbContextUnref {
    void operator()(xkb_context* p) const noexcept { xkb_context_unref(p); }
};
struct XkbKeymapUnref {
    void operator()(xkb_keymap* p) const noexcept { xkb_keymap_unref(p); }
};
struct XkbStateUnref {
    void operator()(xkb_state* p) const noexcept { xkb_state_unref(p); }
};
using XkbContextPtr = std::unique_ptr<xkb_context, XkbContextUnref>;
using XkbKeymapPtr = std::unique_ptr<xkb_keymap, XkbKeymapUnref>;
using XkbStatePtr = std::unique_ptr<xkb_state, XkbStateUnref>;

// A context that ignores XKB_DEFAULT_* in the environment: the keymap must follow the RDP
// client's layout, not whatever the server process inherited. Null on failure.
inline XkbContextPtr make_xkb_context() {
    return XkbContextPtr(xkb_context_new(XKB_CONTEXT_NO_ENVIRONMENT_NAMES));
}

// The keymap in the text format zwp_virtual_keyboard_v1.keymap expects (XKB_KEYMAP_FORMAT_TEXT_V1);
// empty if xkbcommon cannot serialize it.
inline std::string keymap_text(xkb_keymap* keymap) {
    char* text = xkb_keymap_get_as_string(keymap, XKB_KEYMAP_FORMAT_TEXT_V1);
    if (!text) return {};
    std::string result(text);
    std::free(text);
    return result;
}

// xkbcommon keycodes are evdev codes + 8 (the X11 offset).
inline constexpr xkb_keycode_t xkb_keycode_offset = 8;

}  // namespace wrd::rdp
