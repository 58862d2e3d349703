// ExtendedKeymap: the client's layout keymap plus keysyms bound on the fly, so that RDP Unicode
// keyboard events (MS-RDPBCGR 2.2.8.1.1.3.1.1.2) can type any character. A character the
// layout already has is typed with its own key and the modifiers of its shift level. Any other
// is bound to a keycode the layout leaves empty and the extended keymap is uploaded, as wtype
// does (wtype uploads a keymap of only its own keysyms; we keep the layout so scancode input
// goes on working between characters). At most `max_bindings` keysyms stay bound; the least
// recently used is rebound first, so typing a sentence uploads a keymap per new character, not
// per keystroke. I/O thread only (owns xkbcommon objects).
#pragma once

#include <cstdint>
#include <expected>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "xkb.hpp"

namespace wrd::rdp {

class ExtendedKeymap {
public:
    // How to type one keysym: tap `evdev_code` while exactly the modifiers `mods` are active.
    struct Stroke {
        uint32_t evdev_code;
        xkb_mod_mask_t mods;
        bool keymap_changed;  // text() changed and must be uploaded before the tap
    };

    // `context` must outlive this object; `base` gains a reference. Fails if xkbcommon cannot
    // serialize the keymap.
    static std::expected<ExtendedKeymap, std::string> create(xkb_context* context, xkb_keymap* base,
                                                             size_t max_bindings = 16);

    // The stroke for `keysym` in layout group `layout`. Keys in `held` (evdev codes pressed
    // by the client) are not used: pressing them again would be a duplicate press.
    std::expected<Stroke, std::string> stroke_for(xkb_keysym_t keysym, xkb_layout_index_t layout,
                                                  const std::set<uint32_t>& held);

    // The keymap to upload: the base keymap with the current bindings.
    const std::string& text() const { return text_; }
    xkb_keymap* base() const { return base_.get(); }
    // How many keysyms can be bound at once (free keycodes, capped by max_bindings).
    size_t capacity() const { return capacity_; }

private:
    struct LayoutKey {
        xkb_keycode_t keycode;
        xkb_mod_mask_t mods;
    };
    struct Binding {
        xkb_keycode_t keycode;
        xkb_keysym_t keysym;
        uint64_t last_use;
    };

    ExtendedKeymap(xkb_context* context, XkbKeymapPtr base, std::string base_text, size_t insert_at);
    void index_layout_keys();
    void find_free_keycodes(size_t max_bindings);
    std::expected<Stroke, std::string> bind(xkb_keysym_t keysym);
    std::string render() const;
    bool verify(const std::string& text, const Binding& binding) const;

    xkb_context* context_;
    XkbKeymapPtr base_;
    std::string base_text_;
    size_t insert_at_;  // offset in base_text_ of the closing brace of xkb_symbols
    // (layout << 32 | keysym) -> the layout key with the fewest modifiers that types it.
    std::unordered_map<uint64_t, LayoutKey> layout_keys_;
    std::vector<xkb_keycode_t> free_keycodes_;
    size_t capacity_ = 0;
    std::vector<Binding> bindings_;
    uint64_t clock_ = 0;
    std::string text_;
};

}  // namespace wrd::rdp
