#include "extended_keymap.hpp"

#include <algorithm>
#include <bit>
#include <optional>
#include <string_view>

#include "scancode_map.hpp"

namespace wrd::rdp {
namespace {

uint64_t layout_key_index(xkb_layout_index_t layout, xkb_keysym_t keysym) {
    return (uint64_t{layout} << 32) | keysym;
}

// Offset of the brace closing the xkb_symbols section of a serialized keymap: new key
// definitions go right before it. Quoted strings (group names) are skipped.
std::optional<size_t> symbols_section_end(std::string_view text) {
    size_t start = text.find("xkb_symbols");
    if (start == std::string_view::npos) return std::nullopt;
    int depth = 0;
    bool in_string = false;
    for (size_t i = text.find('{', start); i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return i;
        }
    }
    return std::nullopt;
}

// Of the modifier masks that select one shift level, the one a user would press: fewest
// modifiers, and Shift rather than Caps Lock for the capitals of alphabetic keys.
xkb_mod_mask_t simplest_mask(const xkb_mod_mask_t* masks, size_t count, xkb_mod_mask_t lock) {
    auto cost = [lock](xkb_mod_mask_t m) { return std::popcount(m) + ((m & lock) ? 8 : 0); };
    return *std::min_element(masks, masks + count, [&](auto a, auto b) { return cost(a) < cost(b); });
}

}  // namespace

std::expected<ExtendedKeymap, std::string> ExtendedKeymap::create(xkb_context* context, xkb_keymap* base,
                                                                  size_t max_bindings) {
    std::string text = keymap_text(base);
    if (text.empty()) return std::unexpected("xkbcommon cannot serialize the keymap");
    auto insert_at = symbols_section_end(text);
    if (!insert_at) return std::unexpected("serialized keymap has no xkb_symbols section");
    ExtendedKeymap keymap(context, XkbKeymapPtr(xkb_keymap_ref(base)), std::move(text), *insert_at);
    keymap.index_layout_keys();
    keymap.find_free_keycodes(max_bindings);
    return keymap;
}

ExtendedKeymap::ExtendedKeymap(xkb_context* context, XkbKeymapPtr base, std::string base_text, size_t insert_at)
    : context_(context),
      base_(std::move(base)),
      base_text_(std::move(base_text)),
      insert_at_(insert_at),
      text_(base_text_) {}

void ExtendedKeymap::index_layout_keys() {
    xkb_keymap* km = base_.get();
    xkb_mod_mask_t lock = 1u << xkb_keymap_mod_get_index(km, XKB_MOD_NAME_CAPS);
    for (xkb_keycode_t kc = xkb_keymap_min_keycode(km); kc <= xkb_keymap_max_keycode(km); ++kc) {
        for (xkb_layout_index_t layout = 0; layout < xkb_keymap_num_layouts_for_key(km, kc); ++layout) {
            for (xkb_level_index_t level = 0; level < xkb_keymap_num_levels_for_key(km, kc, layout); ++level) {
                const xkb_keysym_t* syms = nullptr;
                if (xkb_keymap_key_get_syms_by_level(km, kc, layout, level, &syms) != 1) continue;
                xkb_mod_mask_t masks[16];
                size_t count = xkb_keymap_key_get_mods_for_level(km, kc, layout, level, masks, std::size(masks));
                if (count == 0) continue;
                LayoutKey key{kc, simplest_mask(masks, count, lock)};
                auto [it, inserted] = layout_keys_.try_emplace(layout_key_index(layout, syms[0]), key);
                if (!inserted && std::popcount(key.mods) < std::popcount(it->second.mods)) it->second = key;
            }
        }
    }
}

// Keycodes the layout names but gives no symbols, minus any the client could press. Only codes
// up to 255 are used while there are a few of them: X11 clients (Xwayland) cannot receive
// larger ones. xkeyboard-config's evdev keymaps leave a dozen such codes empty.
void ExtendedKeymap::find_free_keycodes(size_t max_bindings) {
    constexpr size_t enough_x11_keycodes = 4;
    xkb_keymap* km = base_.get();
    std::vector<xkb_keycode_t> above_x11;
    for (xkb_keycode_t kc = xkb_keymap_min_keycode(km); kc <= xkb_keymap_max_keycode(km); ++kc) {
        if (kc < xkb_keycode_offset || !xkb_keymap_key_get_name(km, kc)) continue;
        if (xkb_keymap_num_layouts_for_key(km, kc) != 0) continue;
        if (evdev_reachable_from_scancode(kc - xkb_keycode_offset)) continue;
        (kc <= 255 ? free_keycodes_ : above_x11).push_back(kc);
    }
    if (free_keycodes_.size() < enough_x11_keycodes)
        free_keycodes_.insert(free_keycodes_.end(), above_x11.begin(), above_x11.end());
    capacity_ = std::min(max_bindings, free_keycodes_.size());
}

std::expected<ExtendedKeymap::Stroke, std::string> ExtendedKeymap::stroke_for(xkb_keysym_t keysym,
                                                                              xkb_layout_index_t layout,
                                                                              const std::set<uint32_t>& held) {
    auto it = layout_keys_.find(layout_key_index(layout, keysym));
    if (it != layout_keys_.end()) {
        uint32_t evdev = it->second.keycode - xkb_keycode_offset;
        if (!held.contains(evdev)) return Stroke{evdev, it->second.mods, false};
    }
    return bind(keysym);
}

std::expected<ExtendedKeymap::Stroke, std::string> ExtendedKeymap::bind(xkb_keysym_t keysym) {
    auto same = std::ranges::find(bindings_, keysym, &Binding::keysym);
    if (same != bindings_.end()) {
        same->last_use = ++clock_;
        return Stroke{same->keycode - xkb_keycode_offset, 0, false};
    }
    if (capacity_ == 0) return std::unexpected("the layout leaves no keycode free for extra keysyms");

    Binding* slot = nullptr;
    std::optional<Binding> evicted;
    if (bindings_.size() < capacity_) {
        // Bindings take free keycodes in order and are only ever replaced, so this one is unused.
        slot = &bindings_.emplace_back(Binding{free_keycodes_[bindings_.size()], keysym, 0});
    } else {
        slot = &*std::ranges::min_element(bindings_, {}, &Binding::last_use);
        evicted = *slot;
        slot->keysym = keysym;
    }
    slot->last_use = ++clock_;

    std::string text = render();
    if (!verify(text, *slot)) {
        if (evicted)
            *slot = *evicted;
        else
            bindings_.pop_back();
        char name[64];
        xkb_keysym_get_name(keysym, name, sizeof name);
        return std::unexpected(std::string("cannot bind keysym ") + name + " in the keymap");
    }
    text_ = std::move(text);
    return Stroke{slot->keycode - xkb_keycode_offset, 0, true};
}

std::string ExtendedKeymap::render() const {
    std::string lines;
    for (const Binding& b : bindings_) {
        char name[64];
        if (xkb_keysym_get_name(b.keysym, name, sizeof name) < 0) continue;
        lines += "\tkey <";
        lines += xkb_keymap_key_get_name(base_.get(), b.keycode);
        lines += "> { [ ";
        lines += name;
        lines += " ] };\n";
    }
    std::string text = base_text_;
    text.insert(insert_at_, lines);
    return text;
}

// The compositor parses what we upload (wlroots compiles it with xkb_keymap_new_from_string);
// parse it here first so a keymap it would reject is never sent.
bool ExtendedKeymap::verify(const std::string& text, const Binding& binding) const {
    XkbKeymapPtr km(
        xkb_keymap_new_from_string(context_, text.c_str(), XKB_KEYMAP_FORMAT_TEXT_V1, XKB_KEYMAP_COMPILE_NO_FLAGS));
    if (!km) return false;
    const xkb_keysym_t* syms = nullptr;
    int n = xkb_keymap_key_get_syms_by_level(km.get(), binding.keycode, 0, 0, &syms);
    return n == 1 && syms[0] == binding.keysym;
}

}  // namespace wrd::rdp
