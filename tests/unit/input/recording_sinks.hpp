// Sinks that record what the translators send. RecordingKeyboard also plays the part of a
// Wayland client: it compiles each uploaded keymap with xkbcommon, applies each modifiers event
// with xkb_state_update_mask and turns each key press into text, as toolkits do with
// wl_keyboard events. So tests check the characters an application would receive, not just
// codes. (Nothing here is a mock of our code: the translators under test are real, and so are
// xkbcommon and the xkeyboard-config data.)
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "input/input_sink.hpp"
#include "input/xkb.hpp"

namespace wrd::rdp::test {

struct KeymapSent {
    std::string text;
};
struct KeySent {
    uint32_t code;
    bool pressed;
    bool operator==(const KeySent&) const = default;
};
struct ModifiersSent {
    uint32_t depressed, latched, locked, group;
    bool operator==(const ModifiersSent&) const = default;
};
using KeyboardEvent = std::variant<KeymapSent, KeySent, ModifiersSent>;

class RecordingKeyboard : public KeyboardSink {
public:
    RecordingKeyboard() : context_(make_xkb_context()) {}

    void keymap(const std::string& text) override {
        events.push_back(KeymapSent{text});
        ++keymaps_sent;
        keymap_.reset(xkb_keymap_new_from_string(context_.get(), text.c_str(), XKB_KEYMAP_FORMAT_TEXT_V1,
                                                 XKB_KEYMAP_COMPILE_NO_FLAGS));
        ASSERT_TRUE(keymap_) << "the uploaded keymap does not compile";
        state_.reset(xkb_state_new(keymap_.get()));
    }

    void key(uint32_t code, bool pressed) override {
        events.push_back(KeySent{code, pressed});
        ASSERT_TRUE(state_) << "key before keymap";
        if (!pressed) return;
        char utf8[16];
        xkb_state_key_get_utf8(state_.get(), code + xkb_keycode_offset, utf8, sizeof utf8);
        typed += utf8;
    }

    void modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group) override {
        events.push_back(ModifiersSent{depressed, latched, locked, group});
        ASSERT_TRUE(state_) << "modifiers before keymap";
        xkb_state_update_mask(state_.get(), depressed, latched, locked, 0, 0, group);
    }

    std::vector<KeySent> keys() const {
        std::vector<KeySent> out;
        for (const auto& e : events)
            if (auto* k = std::get_if<KeySent>(&e)) out.push_back(*k);
        return out;
    }
    std::vector<ModifiersSent> modifier_events() const {
        std::vector<ModifiersSent> out;
        for (const auto& e : events)
            if (auto* m = std::get_if<ModifiersSent>(&e)) out.push_back(*m);
        return out;
    }
    // Forget the events so far (the client's keymap and state stay).
    void clear() {
        events.clear();
        typed.clear();
    }

    // The keysym the current keymap gives `evdev_code` at level 0 of layout 0.
    xkb_keysym_t base_keysym(uint32_t evdev_code) const {
        const xkb_keysym_t* syms = nullptr;
        if (xkb_keymap_key_get_syms_by_level(keymap_.get(), evdev_code + xkb_keycode_offset, 0, 0, &syms) != 1)
            return XKB_KEY_NoSymbol;
        return syms[0];
    }
    bool keymap_has_keysym(xkb_keysym_t keysym) const {
        for (xkb_keycode_t kc = xkb_keymap_min_keycode(keymap_.get()); kc <= xkb_keymap_max_keycode(keymap_.get());
             ++kc)
            if (base_keysym(kc - xkb_keycode_offset) == keysym) return true;
        return false;
    }
    bool mod_active(const char* name, xkb_state_component type) const {
        return xkb_state_mod_name_is_active(state_.get(), name, type) > 0;
    }
    bool led_active(const char* name) const { return xkb_state_led_name_is_active(state_.get(), name) > 0; }
    xkb_mod_mask_t mod_mask(const char* name) const { return 1u << xkb_keymap_mod_get_index(keymap_.get(), name); }

    std::vector<KeyboardEvent> events;
    int keymaps_sent = 0;
    std::string typed;  // UTF-8 of every press, as the focused client would insert it

private:
    XkbContextPtr context_;
    XkbKeymapPtr keymap_;
    XkbStatePtr state_;
};

struct MotionSent {
    uint32_t x, y, width, height;
    bool operator==(const MotionSent&) const = default;
};
struct ButtonSent {
    uint32_t button;
    bool pressed;
    bool operator==(const ButtonSent&) const = default;
};
struct AxisSent {
    PointerSink::Axis axis;
    double value;
    int32_t discrete_120;
    bool operator==(const AxisSent&) const = default;
};
struct FrameSent {
    bool operator==(const FrameSent&) const = default;
};
using PointerEvent = std::variant<MotionSent, ButtonSent, AxisSent, FrameSent>;

class RecordingPointer : public PointerSink {
public:
    void motion_absolute(uint32_t x, uint32_t y, uint32_t width, uint32_t height) override {
        events.push_back(MotionSent{x, y, width, height});
    }
    void button(uint32_t evdev_button, bool pressed) override { events.push_back(ButtonSent{evdev_button, pressed}); }
    void axis(Axis a, double value, int32_t discrete_120) override {
        events.push_back(AxisSent{a, value, discrete_120});
    }
    void frame() override { events.push_back(FrameSent{}); }

    std::vector<PointerEvent> events;
};

}  // namespace wrd::rdp::test
