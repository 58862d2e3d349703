// KeyboardTranslator: turns the RDP keyboard events FreeRDP delivers (see rdp_input_flags.hpp)
// into virtual-keyboard calls on a KeyboardSink: the keymap of the client's layout, evdev key
// presses and releases, and the modifier state after each of them. A zwp_virtual_keyboard_v1
// client must send modifiers itself (wlroots 0.18 creates virtual key events with
// update_state = false), so an xkb_state here follows every key we send. I/O thread only.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <set>
#include <string>

#include "extended_keymap.hpp"
#include "input_sink.hpp"
#include "keyboard_layouts.hpp"
#include "xkb.hpp"

namespace wrd::rdp {

class KeyboardTranslator {
public:
    // Throws std::runtime_error if xkbcommon cannot create a context. Sends nothing until the
    // first set_layout() or event (which loads the US layout if no layout was set).
    explicit KeyboardTranslator(KeyboardSink& sink);
    KeyboardTranslator(const KeyboardTranslator&) = delete;
    KeyboardTranslator& operator=(const KeyboardTranslator&) = delete;

    // The client's keyboardLayout, keyboardType and keyboardSubType (Client Core Data,
    // MS-RDPBCGR 2.2.1.3.2). Releases held keys, uploads the new keymap and keeps the lock
    // state. Unknown layouts fall back (see xkb_layout_for) with a log line.
    std::expected<void, std::string> set_layout(uint32_t klid, uint32_t keyboard_type, uint32_t subtype);

    // A keyboard event (2.2.8.1.1.3.1.1.1): KBDFLAGS_* and the 8-bit scancode.
    void scancode(uint16_t flags, uint16_t code);
    // A Unicode keyboard event (2.2.8.1.1.3.1.1.2): one UTF-16 code unit.
    void unicode(uint16_t flags, uint16_t code_unit);
    // A synchronize event (2.2.8.1.1.3.1.1.5): TS_SYNC_* toggle flags.
    void synchronize(uint32_t toggle_flags);
    // Releases every key we pressed (disconnect, focus loss).
    void release_all();

    const XkbLayoutNames& layout() const { return layout_; }

private:
    struct Modifiers {
        uint32_t depressed = 0, latched = 0, locked = 0, group = 0;
        bool operator==(const Modifiers&) const = default;
    };

    void ensure_keymap();
    std::expected<void, std::string> load(const XkbLayoutNames& names);
    std::optional<uint32_t> resolve(uint16_t flags, uint8_t code, bool release);
    void press(uint32_t evdev);
    void release(uint32_t evdev);
    void update_state(uint32_t evdev, bool pressed);
    Modifiers current_modifiers() const;
    void send_modifiers();
    void upload_keymap();
    void apply_locks(uint32_t toggle_flags);
    bool tap_toggles(const char* led, uint32_t evdev) const;
    void type_codepoint(char32_t codepoint);
    void log_unknown_once(uint32_t key, const char* what);

    KeyboardSink& sink_;
    XkbContextPtr context_;
    XkbLayoutNames layout_;
    std::optional<ExtendedKeymap> keymap_;
    XkbStatePtr state_;
    std::set<uint32_t> pressed_;     // evdev codes we sent as pressed
    std::optional<Modifiers> sent_;  // last modifiers sent, none after a keymap upload
    bool pause_prefix_ = false;      // E1 1D seen: the next NumLock press is Pause
    bool numlock_is_pause_ = false;  // the NumLock scancode now held stands for Pause
    char16_t high_surrogate_ = 0;    // first half of a pair, waiting for the second
    std::set<uint32_t> logged_;      // unknown scancodes / characters already logged
};

}  // namespace wrd::rdp
