#include "keyboard_translator.hpp"

#include <linux/input-event-codes.h>

#include <stdexcept>

#include "logging.hpp"
#include "rdp_input_flags.hpp"
#include "scancode_map.hpp"

namespace wrd::rdp {
namespace {

constexpr uint8_t scancode_ctrl = 0x1D;     // E1 1D starts the Pause sequence
constexpr uint8_t scancode_numlock = 0x45;  // ... and 45 ends it

// Keys of the once-only log, one range per kind of unknown input.
constexpr uint32_t log_extended = 0x100;
constexpr uint32_t log_e1 = 0x20000;
constexpr uint32_t log_surrogate = 0x30000;
constexpr uint32_t log_lock = 0x40000;
constexpr uint32_t log_keymap = 0x50000;
constexpr uint32_t log_character = 0x1000000;

bool is_high_surrogate(char16_t u) {
    return u >= 0xD800 && u <= 0xDBFF;
}
bool is_low_surrogate(char16_t u) {
    return u >= 0xDC00 && u <= 0xDFFF;
}

struct LockKey {
    uint32_t sync_flag;
    const char* led;
    uint32_t evdev;
};
constexpr LockKey lock_keys[] = {
    {rdp_flags::sync_caps_lock, XKB_LED_NAME_CAPS, KEY_CAPSLOCK},
    {rdp_flags::sync_num_lock, XKB_LED_NAME_NUM, KEY_NUMLOCK},
    {rdp_flags::sync_scroll_lock, XKB_LED_NAME_SCROLL, KEY_SCROLLLOCK},
};

}  // namespace

KeyboardTranslator::KeyboardTranslator(KeyboardSink& sink) : sink_(sink), context_(make_xkb_context()) {
    if (!context_) throw std::runtime_error("xkbcommon: cannot create a context");
}

std::expected<void, std::string> KeyboardTranslator::set_layout(uint32_t klid, uint32_t keyboard_type,
                                                                uint32_t subtype) {
    LayoutChoice choice = xkb_layout_for(klid, keyboard_type);
    const XkbLayoutNames& n = choice.names;
    if (choice.exact) {
        logger("rdp").info("keyboard layout 0x{:08x} (type {}, subtype {}): xkb {}({})", klid, keyboard_type, subtype,
                           n.layout, n.variant);
    } else {
        logger("rdp").warn("unknown keyboard layout 0x{:08x} (type {}, subtype {}): using {} 0x{:08x}, xkb {}({})",
                           klid, keyboard_type, subtype, choice.matched_klid ? "the layout of" : "the default",
                           choice.matched_klid, n.layout, n.variant);
    }
    // An older or newer xkeyboard-config may lack a variant of the table: then the layout's
    // default variant, then US, rather than no keyboard at all.
    auto loaded = load(n);
    for (const XkbLayoutNames& fallback : {XkbLayoutNames{n.model, n.layout, ""}, XkbLayoutNames{"pc105", "us", ""}}) {
        if (loaded || fallback == n) continue;
        logger("rdp").warn("{}; trying xkb {}({})", loaded.error(), fallback.layout, fallback.variant);
        loaded = load(fallback);
    }
    return loaded;
}

void KeyboardTranslator::ensure_keymap() {
    if (keymap_) return;
    if (auto loaded = load({"pc105", "us", ""}); !loaded) log_unknown_once(log_keymap, loaded.error().c_str());
}

// Compiles the layout, then swaps it in: held keys are released first because their codes may
// mean something else in the new keymap, and the lock state carries over.
std::expected<void, std::string> KeyboardTranslator::load(const XkbLayoutNames& names) {
    auto compiled = compile_layout(context_.get(), names);
    if (!compiled) return std::unexpected(compiled.error());
    auto extended = ExtendedKeymap::create(context_.get(), compiled->get());
    if (!extended) return std::unexpected(extended.error());
    XkbStatePtr state(xkb_state_new(compiled->get()));
    if (!state) return std::unexpected("xkbcommon: cannot create a keyboard state");
    if (extended->capacity() == 0) logger("rdp").warn("layout {} has no free keycode for Unicode input", names.layout);

    uint32_t locks = 0;
    if (keymap_) {
        for (const LockKey& lock : lock_keys)
            if (xkb_state_led_name_is_active(state_.get(), lock.led) > 0) locks |= lock.sync_flag;
        release_all();
    }
    keymap_ = std::move(*extended);
    state_ = std::move(state);
    layout_ = names;
    upload_keymap();
    apply_locks(locks);
    return {};
}

void KeyboardTranslator::scancode(uint16_t flags, uint16_t code) {
    ensure_keymap();
    if (!keymap_) return;
    bool released = flags & rdp_flags::kbd_release;
    // KBDFLAGS_DOWN ("was down") is not needed: a press of a key already held is a repeat.
    if (auto evdev = resolve(flags, static_cast<uint8_t>(code), released)) {
        if (released)
            release(*evdev);
        else
            press(*evdev);
    }
}

std::optional<uint32_t> KeyboardTranslator::resolve(uint16_t flags, uint8_t code, bool released) {
    if (flags & rdp_flags::kbd_extended1) {
        // Pause is sent as E1 1D down, 45 down, E1 1D up, 45 up (2.2.8.1.2.2.1): E1 1D only
        // marks the next NumLock scancode as Pause.
        if (code == scancode_ctrl) {
            if (!released) pause_prefix_ = true;
        } else {
            log_unknown_once(log_e1 | code, "E1-prefixed scancode");
        }
        return std::nullopt;
    }
    bool extended = flags & rdp_flags::kbd_extended;
    if (!extended && code == scancode_numlock) {
        if (!released && pause_prefix_) {
            pause_prefix_ = false;
            numlock_is_pause_ = true;
            return KEY_PAUSE;
        }
        if (released && numlock_is_pause_) {
            numlock_is_pause_ = false;
            return KEY_PAUSE;
        }
    }
    pause_prefix_ = false;
    auto evdev = evdev_from_scancode(code, extended);
    if (!evdev) log_unknown_once((extended ? log_extended : 0) | code, "scancode");
    return evdev;
}

// Clients repeat a held key by sending more presses (fast-path input has no "was down" flag).
// Forwarding them would make wlroots emit another wl_keyboard.key "pressed" for a key its
// clients already hold down (wlr_keyboard_notify_key only dedups its key set, not the event),
// which toolkits take as a fresh press. So only the first press goes out; the compositor's
// clients run their own repeat from the held key, at the rate the seat advertises.
void KeyboardTranslator::press(uint32_t evdev) {
    if (!pressed_.insert(evdev).second) return;
    sink_.key(evdev, true);
    update_state(evdev, true);
    send_modifiers();
}

// A release of a key we never pressed (held before the session, or after release_all) is
// dropped: clients would see a release without a press.
void KeyboardTranslator::release(uint32_t evdev) {
    if (pressed_.erase(evdev) == 0) return;
    sink_.key(evdev, false);
    update_state(evdev, false);
    send_modifiers();
}

void KeyboardTranslator::update_state(uint32_t evdev, bool pressed) {
    xkb_state_update_key(state_.get(), evdev + xkb_keycode_offset, pressed ? XKB_KEY_DOWN : XKB_KEY_UP);
}

KeyboardTranslator::Modifiers KeyboardTranslator::current_modifiers() const {
    xkb_state* s = state_.get();
    return {xkb_state_serialize_mods(s, XKB_STATE_MODS_DEPRESSED), xkb_state_serialize_mods(s, XKB_STATE_MODS_LATCHED),
            xkb_state_serialize_mods(s, XKB_STATE_MODS_LOCKED),
            xkb_state_serialize_layout(s, XKB_STATE_LAYOUT_EFFECTIVE)};
}

void KeyboardTranslator::send_modifiers() {
    Modifiers now = current_modifiers();
    if (sent_ == now) return;
    sink_.modifiers(now.depressed, now.latched, now.locked, now.group);
    sent_ = now;
}

// wlroots gives a virtual keyboard a fresh xkb_state with each keymap, losing the locks, so the
// modifiers always follow an upload.
void KeyboardTranslator::upload_keymap() {
    sink_.keymap(keymap_->text());
    sent_.reset();
    send_modifiers();
}

void KeyboardTranslator::synchronize(uint32_t toggle_flags) {
    ensure_keymap();
    if (!keymap_) return;
    // 2.2.8.1.1.3.1.1.5: the event also resets the server's key state to all keys up; the
    // client follows it with presses for the keys it still holds.
    release_all();
    apply_locks(toggle_flags);
    if (toggle_flags & rdp_flags::sync_kana_lock) log_unknown_once(log_lock | KEY_KATAKANA, "Kana lock (ignored)");
}

// Taps each lock key whose LED differs from `toggle_flags`, so a repeated synchronize with the
// same flags sends nothing.
void KeyboardTranslator::apply_locks(uint32_t toggle_flags) {
    for (const LockKey& lock : lock_keys) {
        bool wanted = toggle_flags & lock.sync_flag;
        int active = xkb_state_led_name_is_active(state_.get(), lock.led);
        if (active < 0 || (active > 0) == wanted) continue;
        if (!tap_toggles(lock.led, lock.evdev)) {
            log_unknown_once(log_lock | lock.evdev, lock.led);
            continue;
        }
        press(lock.evdev);
        release(lock.evdev);
    }
}

// Whether tapping the lock key flips its LED in this keymap (xkeyboard-config's Scroll Lock key
// locks no modifier unless an option maps one); tried on a scratch state so a useless tap never
// reaches the clients.
bool KeyboardTranslator::tap_toggles(const char* led, uint32_t evdev) const {
    XkbStatePtr scratch(xkb_state_new(keymap_->base()));
    if (!scratch) return false;
    Modifiers m = current_modifiers();
    xkb_state_update_mask(scratch.get(), m.depressed, m.latched, m.locked, 0, 0, m.group);
    int before = xkb_state_led_name_is_active(scratch.get(), led);
    xkb_keycode_t kc = evdev + xkb_keycode_offset;
    xkb_state_update_key(scratch.get(), kc, XKB_KEY_DOWN);
    xkb_state_update_key(scratch.get(), kc, XKB_KEY_UP);
    return xkb_state_led_name_is_active(scratch.get(), led) != before;
}

void KeyboardTranslator::release_all() {
    pause_prefix_ = false;
    numlock_is_pause_ = false;
    high_surrogate_ = 0;
    std::set<uint32_t> held = pressed_;
    for (uint32_t evdev : held) release(evdev);
}

void KeyboardTranslator::unicode(uint16_t flags, uint16_t code_unit) {
    ensure_keymap();
    if (!keymap_) return;
    // A Unicode event names a character, not a key: it is typed (pressed and released) when its
    // key-down arrives and the key-up is ignored. A client's auto-repeat thus types the
    // character again, and no extra key can stay held.
    if (flags & rdp_flags::kbd_release) return;
    auto unit = static_cast<char16_t>(code_unit);
    if (is_high_surrogate(unit)) {
        high_surrogate_ = unit;  // the low half follows (xfreerdp sends the high unit's key-up in between)
        return;
    }
    char32_t codepoint = unit;
    if (is_low_surrogate(unit)) {
        if (!high_surrogate_) {
            log_unknown_once(log_surrogate | unit, "unpaired low surrogate");
            return;
        }
        codepoint = 0x10000 + ((char32_t{high_surrogate_} - 0xD800) << 10) + (unit - 0xDC00);
    }
    high_surrogate_ = 0;
    type_codepoint(codepoint);
}

void KeyboardTranslator::type_codepoint(char32_t codepoint) {
    xkb_keysym_t keysym = xkb_utf32_to_keysym(codepoint);
    if (keysym == XKB_KEY_NoSymbol) {
        log_unknown_once(log_character | codepoint, "character without keysym");
        return;
    }
    Modifiers mine = current_modifiers();
    auto stroke = keymap_->stroke_for(keysym, mine.group, pressed_);
    if (!stroke) {
        log_unknown_once(log_character | codepoint, stroke.error().c_str());
        return;
    }
    if (stroke->keymap_changed) upload_keymap();
    // Exactly the stroke's modifiers while the key goes down and up: whatever the client holds
    // or has locked must not change the character (Caps Lock would capitalize it, Ctrl would
    // make it a shortcut). Ours are restored right after.
    sink_.modifiers(stroke->mods, 0, 0, mine.group);
    sink_.key(stroke->evdev_code, true);
    sink_.key(stroke->evdev_code, false);
    sent_.reset();
    send_modifiers();
}

void KeyboardTranslator::log_unknown_once(uint32_t key, const char* what) {
    if (!logged_.insert(key).second) return;
    logger("rdp").warn("keyboard input: {} (0x{:x}); further occurrences not logged", what, key);
}

}  // namespace wrd::rdp
