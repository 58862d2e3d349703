// The scancode table: the PC/AT block, the E0 keys of a 105-key board, the Japanese, Korean and
// media keys, and that every code it produces is a key xkeyboard-config's evdev keymap names.
#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include <set>

#include "input/keyboard_layouts.hpp"
#include "input/scancode_map.hpp"

namespace wrd::rdp {
namespace {

std::optional<uint32_t> plain(uint8_t code) {
    return evdev_from_scancode(code, false);
}
std::optional<uint32_t> e0(uint8_t code) {
    return evdev_from_scancode(code, true);
}

// For the 83 keys of the PC/AT keyboard, Linux numbered its key codes after the set-1 make
// codes: KEY_ESC = 1 ... KEY_KPDOT = 83. The table must agree key for key.
TEST(ScancodeMap, AtBlockEqualsLinuxNumbering) {
    for (uint8_t code = 0x01; code <= 0x53; ++code) EXPECT_EQ(plain(code), uint32_t{code}) << "scancode " << int(code);
}

TEST(ScancodeMap, Pc105KeysOutsideTheAtBlock) {
    EXPECT_EQ(plain(0x56), KEY_102ND);
    EXPECT_EQ(plain(0x57), KEY_F11);
    EXPECT_EQ(plain(0x58), KEY_F12);
    EXPECT_EQ(plain(0x54), KEY_SYSRQ);  // Alt+PrintScreen
}

TEST(ScancodeMap, ExtendedKeys) {
    EXPECT_EQ(e0(0x48), KEY_UP);
    EXPECT_EQ(e0(0x50), KEY_DOWN);
    EXPECT_EQ(e0(0x4B), KEY_LEFT);
    EXPECT_EQ(e0(0x4D), KEY_RIGHT);
    EXPECT_EQ(e0(0x52), KEY_INSERT);
    EXPECT_EQ(e0(0x53), KEY_DELETE);
    EXPECT_EQ(e0(0x47), KEY_HOME);
    EXPECT_EQ(e0(0x4F), KEY_END);
    EXPECT_EQ(e0(0x49), KEY_PAGEUP);
    EXPECT_EQ(e0(0x51), KEY_PAGEDOWN);
    EXPECT_EQ(e0(0x1C), KEY_KPENTER);
    EXPECT_EQ(e0(0x35), KEY_KPSLASH);
    EXPECT_EQ(e0(0x1D), KEY_RIGHTCTRL);
    EXPECT_EQ(e0(0x38), KEY_RIGHTALT);
    EXPECT_EQ(e0(0x5B), KEY_LEFTMETA);
    EXPECT_EQ(e0(0x5C), KEY_RIGHTMETA);
    EXPECT_EQ(e0(0x5D), KEY_COMPOSE);
    EXPECT_EQ(e0(0x37), KEY_SYSRQ);
    EXPECT_EQ(e0(0x46), KEY_PAUSE);
    // Without the prefix the same codes are the keypad and the left modifiers.
    EXPECT_EQ(plain(0x48), KEY_KP8);
    EXPECT_EQ(plain(0x1C), KEY_ENTER);
    EXPECT_EQ(plain(0x38), KEY_LEFTALT);
}

TEST(ScancodeMap, MediaAndBrowserKeys) {
    EXPECT_EQ(e0(0x20), KEY_MUTE);
    EXPECT_EQ(e0(0x2E), KEY_VOLUMEDOWN);
    EXPECT_EQ(e0(0x30), KEY_VOLUMEUP);
    EXPECT_EQ(e0(0x22), KEY_PLAYPAUSE);
    EXPECT_EQ(e0(0x24), KEY_STOPCD);
    EXPECT_EQ(e0(0x10), KEY_PREVIOUSSONG);
    EXPECT_EQ(e0(0x19), KEY_NEXTSONG);
    EXPECT_EQ(e0(0x6A), KEY_BACK);
    EXPECT_EQ(e0(0x69), KEY_FORWARD);
    EXPECT_EQ(e0(0x67), KEY_REFRESH);
    EXPECT_EQ(e0(0x65), KEY_SEARCH);
    EXPECT_EQ(e0(0x32), KEY_HOMEPAGE);
    EXPECT_EQ(e0(0x6C), KEY_MAIL);
}

TEST(ScancodeMap, JapaneseAndKoreanKeys) {
    EXPECT_EQ(plain(0x70), KEY_KATAKANAHIRAGANA);
    EXPECT_EQ(plain(0x73), KEY_RO);
    EXPECT_EQ(plain(0x79), KEY_HENKAN);
    EXPECT_EQ(plain(0x7B), KEY_MUHENKAN);
    EXPECT_EQ(plain(0x7D), KEY_YEN);
    EXPECT_EQ(plain(0x72), KEY_HANGEUL);
    EXPECT_EQ(plain(0x71), KEY_HANJA);
    EXPECT_EQ(plain(0xF2), KEY_HANGEUL);
    EXPECT_EQ(plain(0xF1), KEY_HANJA);
}

TEST(ScancodeMap, FunctionKeys13To24) {
    for (uint32_t i = 0; i < 11; ++i) EXPECT_EQ(plain(uint8_t(0x64 + i)), KEY_F13 + i);
    EXPECT_EQ(plain(0x76), KEY_F24);
}

TEST(ScancodeMap, UnknownCodes) {
    EXPECT_EQ(plain(0x00), std::nullopt);
    EXPECT_EQ(plain(0x7F), std::nullopt);
    EXPECT_EQ(e0(0x01), std::nullopt);
    EXPECT_EQ(e0(0x2A), std::nullopt);  // the "fake shift" of PrintScreen is not a key
}

// No two scancodes of one table share a key (a copy-paste slip would), apart from the known
// aliases: Hanja/Hangul with and without the break bit, SysRq.
TEST(ScancodeMap, NoUnexpectedDuplicates) {
    const std::multiset<uint32_t> allowed{KEY_HANJA, KEY_HANGEUL, KEY_SYSRQ, KEY_NUMLOCK, KEY_RIGHTSHIFT};
    std::multiset<uint32_t> seen;
    for (int ext = 0; ext < 2; ++ext)
        for (int code = 0; code < 256; ++code)
            if (auto evdev = evdev_from_scancode(uint8_t(code), ext)) seen.insert(*evdev);
    for (uint32_t evdev : seen) {
        if (seen.count(evdev) > 1) {
            EXPECT_TRUE(allowed.contains(evdev)) << "evdev " << evdev << " mapped twice";
        }
    }
}

// xkeyboard-config's evdev keycodes name every key the kernel can report; a code without a
// name would be a typo in the table.
TEST(ScancodeMap, EveryCodeIsAKeyXkbKnows) {
    XkbContextPtr context = make_xkb_context();
    auto keymap = compile_layout(context.get(), {"pc105", "us", ""});
    ASSERT_TRUE(keymap) << keymap.error();
    int mapped = 0;
    for (int ext = 0; ext < 2; ++ext) {
        for (int code = 0; code < 256; ++code) {
            auto evdev = evdev_from_scancode(uint8_t(code), ext);
            if (!evdev) continue;
            ++mapped;
            EXPECT_NE(xkb_keymap_key_get_name(keymap->get(), *evdev + xkb_keycode_offset), nullptr)
                << "scancode " << code << (ext ? " (E0)" : "") << " -> evdev " << *evdev;
            EXPECT_TRUE(evdev_reachable_from_scancode(*evdev));
        }
    }
    EXPECT_GT(mapped, 105);
    EXPECT_TRUE(evdev_reachable_from_scancode(KEY_PAUSE));
    EXPECT_FALSE(evdev_reachable_from_scancode(KEY_MACRO));
}

}  // namespace
}  // namespace wrd::rdp
