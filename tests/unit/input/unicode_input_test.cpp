// Unicode keyboard events: characters the layout has are typed with its keys, others through
// keysyms bound on the fly in an uploaded keymap, with a small LRU of such bindings.
#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include <string>

#include "input/extended_keymap.hpp"
#include "input/keyboard_layouts.hpp"
#include "input/keyboard_translator.hpp"
#include "input/rdp_input_flags.hpp"
#include "input/scancode_map.hpp"
#include "recording_sinks.hpp"

namespace wrd::rdp {
namespace {

using test::KeySent;
using test::RecordingKeyboard;
namespace f = rdp_flags;

class UnicodeTest : public ::testing::Test {
protected:
    void SetUp() override { use_layout(0x409); }
    void use_layout(uint32_t klid) {
        auto result = kb.set_layout(klid, f::keyboard_type_ibm_enhanced, 0);
        ASSERT_TRUE(result) << result.error();
        sink.clear();
        sink.keymaps_sent = 0;
    }
    // Sends `text` (UTF-16 units) the way xfreerdp does: key-down and key-up per code unit.
    void type(const std::u16string& text) {
        for (char16_t unit : text) {
            kb.unicode(0, unit);
            kb.unicode(f::kbd_release, unit);
        }
    }

    RecordingKeyboard sink;
    KeyboardTranslator kb{sink};
};

TEST_F(UnicodeTest, CharacterMissingFromLayoutIsBound) {
    type(u"é");
    EXPECT_EQ(sink.keymaps_sent, 1);
    EXPECT_TRUE(sink.keymap_has_keysym(XKB_KEY_eacute));
    auto keys = sink.keys();
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_TRUE(keys[0].pressed);
    EXPECT_EQ(keys[1], (KeySent{keys[0].code, false}));
    EXPECT_EQ(sink.base_keysym(keys[0].code), XKB_KEY_eacute);
    EXPECT_EQ(sink.typed, "é");
}

TEST_F(UnicodeTest, SurrogatePairTypesEmoji) {
    type(u"\U0001F600");  // two code units, high surrogate first
    EXPECT_EQ(sink.keymaps_sent, 1);
    xkb_keysym_t grinning = xkb_utf32_to_keysym(0x1F600);
    EXPECT_TRUE(sink.keymap_has_keysym(grinning));
    auto keys = sink.keys();
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(sink.base_keysym(keys[0].code), grinning);
    EXPECT_EQ(sink.typed, "\xF0\x9F\x98\x80");
}

TEST_F(UnicodeTest, UnpairedLowSurrogateIsDropped) {
    kb.unicode(0, 0xDE00);
    EXPECT_TRUE(sink.events.empty());
}

TEST_F(UnicodeTest, RepeatedCharacterUploadsOnce) {
    type(u"ééé");
    EXPECT_EQ(sink.keymaps_sent, 1);
    EXPECT_EQ(sink.typed, "ééé");
    EXPECT_EQ(sink.keys().size(), 6u);
}

TEST_F(UnicodeTest, LayoutCharactersUseLayoutKeys) {
    type(u"aA ");
    EXPECT_EQ(sink.keymaps_sent, 0);
    auto keys = sink.keys();
    ASSERT_EQ(keys.size(), 6u);
    EXPECT_EQ(keys[0].code, uint32_t{KEY_A});
    EXPECT_EQ(keys[2].code, uint32_t{KEY_A});
    EXPECT_EQ(keys[4].code, uint32_t{KEY_SPACE});
    EXPECT_EQ(sink.typed, "aA ");
}

TEST_F(UnicodeTest, ControlCharactersUseTheirKeys) {
    type(u"\r\t");
    EXPECT_EQ(sink.keymaps_sent, 0);
    auto keys = sink.keys();
    ASSERT_EQ(keys.size(), 4u);
    EXPECT_EQ(keys[0].code, uint32_t{KEY_ENTER});
    EXPECT_EQ(keys[2].code, uint32_t{KEY_TAB});
}

TEST_F(UnicodeTest, AltGrCharacterOnGerman) {
    use_layout(0x407);
    type(u"@€z");
    EXPECT_EQ(sink.keymaps_sent, 0);
    EXPECT_EQ(sink.typed, "@€z");
    EXPECT_EQ(sink.keys().front().code, uint32_t{KEY_Q});
}

TEST_F(UnicodeTest, CapsLockDoesNotChangeTheCharacter) {
    kb.synchronize(f::sync_caps_lock);
    sink.clear();
    type(u"éa");
    EXPECT_EQ(sink.typed, "éa");
    // Afterwards the client sees Caps Lock locked again.
    EXPECT_TRUE(sink.mod_active(XKB_MOD_NAME_CAPS, XKB_STATE_MODS_LOCKED));
}

TEST_F(UnicodeTest, HeldModifiersAreRestored) {
    kb.scancode(0, 0x1D);  // left Ctrl down
    sink.clear();
    type(u"x");
    auto mods = sink.modifier_events();
    ASSERT_EQ(mods.size(), 2u);
    EXPECT_EQ(mods[0].depressed, 0u);  // the character is typed without Ctrl
    EXPECT_EQ(mods[1].depressed, sink.mod_mask(XKB_MOD_NAME_CTRL));
    EXPECT_EQ(sink.typed, "x");
}

TEST_F(UnicodeTest, HeldLayoutKeyIsNotPressedAgain) {
    kb.scancode(0, 0x1E);  // the client holds A
    type(u"a");
    auto keys = sink.keys();
    ASSERT_EQ(keys.size(), 3u);
    EXPECT_EQ(keys[0], (KeySent{KEY_A, true}));
    EXPECT_NE(keys[1].code, uint32_t{KEY_A});
    EXPECT_EQ(sink.typed, "aa");
}

TEST_F(UnicodeTest, KeyUpAloneTypesNothing) {
    kb.unicode(f::kbd_release, u'é');
    EXPECT_TRUE(sink.events.empty());
}

// The LRU itself, with room for two bindings.
TEST(ExtendedKeymapTest, LeastRecentlyUsedBindingIsReplaced) {
    XkbContextPtr context = make_xkb_context();
    auto us = compile_layout(context.get(), {"pc105", "us", ""});
    ASSERT_TRUE(us);
    auto keymap = ExtendedKeymap::create(context.get(), us->get(), 2);
    ASSERT_TRUE(keymap) << keymap.error();
    ASSERT_EQ(keymap->capacity(), 2u);
    const std::set<uint32_t> none;
    auto stroke = [&](xkb_keysym_t sym) {
        auto s = keymap->stroke_for(sym, 0, none);
        EXPECT_TRUE(s) << (s ? "" : s.error());
        return s.value_or(ExtendedKeymap::Stroke{0, 0, false});
    };
    auto e = stroke(XKB_KEY_eacute);
    EXPECT_TRUE(e.keymap_changed);
    auto n = stroke(XKB_KEY_ntilde);
    EXPECT_TRUE(n.keymap_changed);
    EXPECT_NE(n.evdev_code, e.evdev_code);
    EXPECT_FALSE(stroke(XKB_KEY_eacute).keymap_changed);  // é is now the most recent
    auto u = stroke(XKB_KEY_udiaeresis);                  // replaces ñ
    EXPECT_TRUE(u.keymap_changed);
    EXPECT_EQ(u.evdev_code, n.evdev_code);
    EXPECT_FALSE(stroke(XKB_KEY_eacute).keymap_changed);
    EXPECT_TRUE(stroke(XKB_KEY_ntilde).keymap_changed);  // ñ was evicted
    EXPECT_NE(keymap->text().find("ntilde"), std::string::npos);
    EXPECT_EQ(keymap->text().find("udiaeresis"), std::string::npos);  // ü replaced in turn
}

// Bound keycodes are never ones the client can press, and X11 clients can receive them: on
// every layout of the table there are enough such codes.
TEST(ExtendedKeymapTest, FreeKeycodesAreUnreachableAndBelow256) {
    XkbContextPtr context = make_xkb_context();
    for (const KlidEntry& entry : known_klids()) {
        std::string name = std::string(entry.layout) + "(" + std::string(entry.variant) + ")";
        auto base = compile_layout(context.get(), {"pc105", std::string(entry.layout), std::string(entry.variant)});
        ASSERT_TRUE(base) << name;
        auto keymap = ExtendedKeymap::create(context.get(), base->get());
        ASSERT_TRUE(keymap) << name;
        EXPECT_GE(keymap->capacity(), 8u) << name;
        std::set<uint32_t> codes;
        for (xkb_keysym_t sym = 0x1000100; codes.size() < keymap->capacity(); ++sym) {
            auto s = keymap->stroke_for(sym, 0, {});
            ASSERT_TRUE(s) << name << ": " << s.error();
            codes.insert(s->evdev_code);
        }
        for (uint32_t code : codes) {
            EXPECT_FALSE(evdev_reachable_from_scancode(code)) << name << " " << code;
            EXPECT_LE(code + xkb_keycode_offset, 255u) << name;
        }
    }
}

}  // namespace
}  // namespace wrd::rdp
