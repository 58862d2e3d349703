// KeyboardTranslator with scancode input: keymaps for the client's layout, the text a Wayland
// client would see, modifiers, locks, repeats, Pause and release_all.
#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include "input/keyboard_translator.hpp"
#include "input/rdp_input_flags.hpp"
#include "recording_sinks.hpp"

namespace wrd::rdp {
namespace {

using test::KeySent;
using test::RecordingKeyboard;
namespace f = rdp_flags;

constexpr uint16_t shift = 0x2A, ctrl = 0x1D, alt = 0x38, numlock = 0x45;

class KeyboardTest : public ::testing::Test {
protected:
    void use_layout(uint32_t klid, uint32_t type = f::keyboard_type_ibm_enhanced) {
        auto result = kb.set_layout(klid, type, 0);
        ASSERT_TRUE(result) << result.error();
    }
    void down(uint16_t code, uint16_t flags = 0) { kb.scancode(flags, code); }
    void up(uint16_t code, uint16_t flags = 0) { kb.scancode(flags | f::kbd_release, code); }
    void tap(uint16_t code, uint16_t flags = 0) {
        down(code, flags);
        up(code, flags);
    }

    RecordingKeyboard sink;
    KeyboardTranslator kb{sink};
};

TEST_F(KeyboardTest, FirstKeyLoadsUsLayout) {
    tap(0x1E);
    ASSERT_FALSE(sink.events.empty());
    EXPECT_TRUE(std::holds_alternative<test::KeymapSent>(sink.events.front()));
    EXPECT_EQ(sink.keymaps_sent, 1);
    EXPECT_EQ(kb.layout().layout, "us");
    EXPECT_EQ(sink.typed, "a");
}

TEST_F(KeyboardTest, UnknownLayoutFallsBackToUs) {
    use_layout(0x0000007F);
    EXPECT_EQ(kb.layout().layout, "us");
    tap(0x15);
    EXPECT_EQ(sink.typed, "y");
}

TEST_F(KeyboardTest, LettersDigitsAndShiftOnUs) {
    use_layout(0x409);
    down(shift);
    tap(0x23);  // h
    up(shift);
    for (uint16_t code : {0x12, 0x26, 0x26, 0x18, 0x39, 0x02}) tap(code);  // "ello 1"
    down(shift);
    tap(0x02);  // !
    up(shift);
    EXPECT_EQ(sink.typed, "Hello 1!");
}

TEST_F(KeyboardTest, GermanLayoutSwapsYAndZ) {
    use_layout(0x407);
    tap(0x15);  // the key labelled Y on US keyboards
    EXPECT_EQ(sink.keys().front(), (KeySent{KEY_Y, true}));
    EXPECT_EQ(sink.base_keysym(KEY_Y), XKB_KEY_z);
    EXPECT_EQ(sink.typed, "z");
}

TEST_F(KeyboardTest, AltGrOnGermanTypesAt) {
    use_layout(0x407);
    down(alt, f::kbd_extended);  // right Alt = AltGr
    tap(0x10);                   // Q
    up(alt, f::kbd_extended);
    EXPECT_EQ(sink.typed, "@");
    EXPECT_EQ(sink.keys().front(), (KeySent{KEY_RIGHTALT, true}));
}

TEST_F(KeyboardTest, ExtendedKeys) {
    use_layout(0x409);
    tap(0x48, f::kbd_extended);
    tap(0x1C, f::kbd_extended);
    tap(0x38, f::kbd_extended);
    tap(0x1C);
    std::vector<KeySent> expected{{KEY_UP, true},       {KEY_UP, false},      {KEY_KPENTER, true},
                                  {KEY_KPENTER, false}, {KEY_RIGHTALT, true}, {KEY_RIGHTALT, false},
                                  {KEY_ENTER, true},    {KEY_ENTER, false}};
    EXPECT_EQ(sink.keys(), expected);
}

TEST_F(KeyboardTest, ModifiersFollowShift) {
    use_layout(0x409);
    sink.clear();
    down(shift);
    auto mods = sink.modifier_events();
    ASSERT_EQ(mods.size(), 1u);
    EXPECT_EQ(mods[0].depressed, sink.mod_mask(XKB_MOD_NAME_SHIFT));
    // The modifiers come after the key, as wlroots sends them for a physical keyboard.
    EXPECT_TRUE(std::holds_alternative<test::ModifiersSent>(sink.events.back()));
    up(shift);
    EXPECT_EQ(sink.modifier_events().back().depressed, 0u);
    // A letter changes no modifier, so no modifiers event.
    sink.clear();
    tap(0x1E);
    EXPECT_TRUE(sink.modifier_events().empty());
}

TEST_F(KeyboardTest, RepeatedDownIsNotASecondPress) {
    use_layout(0x409);
    sink.clear();
    down(0x1E);
    down(0x1E);               // fast-path repeat: a plain press again
    down(0x1E, f::kbd_down);  // slow-path repeat: KBDFLAGS_DOWN set
    up(0x1E);
    up(0x1E);  // a second release is dropped too
    EXPECT_EQ(sink.keys(), (std::vector<KeySent>{{KEY_A, true}, {KEY_A, false}}));
}

TEST_F(KeyboardTest, ReleaseOfUnpressedKeyIsDropped) {
    use_layout(0x409);
    sink.clear();
    up(0x1E);
    EXPECT_TRUE(sink.events.empty());
}

TEST_F(KeyboardTest, ReleaseAllReleasesHeldKeys) {
    use_layout(0x409);
    down(ctrl);
    down(0x1E);
    sink.clear();
    kb.release_all();
    auto keys = sink.keys();
    EXPECT_EQ(keys.size(), 2u);
    EXPECT_NE(std::ranges::find(keys, KeySent{KEY_LEFTCTRL, false}), keys.end());
    EXPECT_NE(std::ranges::find(keys, KeySent{KEY_A, false}), keys.end());
    EXPECT_EQ(sink.modifier_events().back().depressed, 0u);
    sink.clear();
    kb.release_all();
    EXPECT_TRUE(sink.events.empty());
}

TEST_F(KeyboardTest, PauseSequence) {
    use_layout(0x409);
    sink.clear();
    // 2.2.8.1.2.2.1: CTRL down (EXTENDED1), NUMLOCK down, CTRL up (EXTENDED1), NUMLOCK up.
    down(ctrl, f::kbd_extended1);
    down(numlock);
    up(ctrl, f::kbd_extended1);
    up(numlock);
    EXPECT_EQ(sink.keys(), (std::vector<KeySent>{{KEY_PAUSE, true}, {KEY_PAUSE, false}}));
    // NumLock alone is NumLock.
    sink.clear();
    tap(numlock);
    EXPECT_EQ(sink.keys(), (std::vector<KeySent>{{KEY_NUMLOCK, true}, {KEY_NUMLOCK, false}}));
}

TEST_F(KeyboardTest, UnknownScancodeSendsNothing) {
    use_layout(0x409);
    sink.clear();
    tap(0x7F);
    tap(0x01, f::kbd_extended);
    tap(0x7F);  // logged once, still nothing
    EXPECT_TRUE(sink.events.empty());
}

TEST_F(KeyboardTest, SynchronizeSetsCapsLockOnce) {
    use_layout(0x409);
    sink.clear();
    kb.synchronize(f::sync_caps_lock);
    EXPECT_EQ(sink.keys(), (std::vector<KeySent>{{KEY_CAPSLOCK, true}, {KEY_CAPSLOCK, false}}));
    EXPECT_TRUE(sink.led_active(XKB_LED_NAME_CAPS));
    EXPECT_TRUE(sink.mod_active(XKB_MOD_NAME_CAPS, XKB_STATE_MODS_LOCKED));
    sink.clear();
    kb.synchronize(f::sync_caps_lock);  // the same state again: nothing to do
    EXPECT_TRUE(sink.events.empty());
    tap(0x1E);
    EXPECT_EQ(sink.typed, "A");
    sink.clear();
    kb.synchronize(0);
    EXPECT_EQ(sink.keys(), (std::vector<KeySent>{{KEY_CAPSLOCK, true}, {KEY_CAPSLOCK, false}}));
    EXPECT_FALSE(sink.led_active(XKB_LED_NAME_CAPS));
}

TEST_F(KeyboardTest, SynchronizeSetsNumLock) {
    use_layout(0x409);
    kb.synchronize(f::sync_num_lock);
    EXPECT_TRUE(sink.led_active(XKB_LED_NAME_NUM));
    sink.clear();
    tap(0x4F);  // keypad 1 with Num Lock on
    EXPECT_EQ(sink.typed, "1");
}

// Scroll Lock toggles no modifier in xkeyboard-config's default keymap, so its LED cannot be
// set by a key; the translator must then send nothing rather than tap in vain.
TEST_F(KeyboardTest, SynchronizeScrollLockNeverTapsInVain) {
    use_layout(0x409);
    sink.clear();
    kb.synchronize(f::sync_scroll_lock);
    kb.synchronize(f::sync_scroll_lock);
    if (sink.led_active(XKB_LED_NAME_SCROLL)) {
        EXPECT_EQ(sink.keys().size(), 2u);  // one tap turned it on
    } else {
        EXPECT_TRUE(sink.keys().empty());
    }
}

TEST_F(KeyboardTest, SynchronizeReleasesHeldKeys) {
    use_layout(0x409);
    down(0x1E);
    sink.clear();
    kb.synchronize(0);
    EXPECT_EQ(sink.keys(), (std::vector<KeySent>{{KEY_A, false}}));
}

TEST_F(KeyboardTest, LayoutChangeReleasesKeysAndKeepsLocks) {
    use_layout(0x409);
    kb.synchronize(f::sync_caps_lock);
    down(0x1E);
    sink.clear();
    use_layout(0x407);
    auto keys = sink.keys();
    ASSERT_FALSE(keys.empty());
    EXPECT_EQ(keys.front(), (KeySent{KEY_A, false}));
    EXPECT_EQ(sink.keymaps_sent, 2);  // us, then de
    EXPECT_TRUE(sink.led_active(XKB_LED_NAME_CAPS));
    sink.clear();
    tap(0x15);
    EXPECT_EQ(sink.typed, "Z");
}

}  // namespace
}  // namespace wrd::rdp
