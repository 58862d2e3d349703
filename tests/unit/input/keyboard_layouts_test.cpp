// Windows layout ids to XKB layouts: the lookup and fallbacks, that every table entry compiles
// with the installed xkeyboard-config, and that the compiled layouts put the characters where
// the Windows layouts have them.
#include <gtest/gtest.h>
#include <linux/input-event-codes.h>

#include "input/keyboard_layouts.hpp"
#include "input/rdp_input_flags.hpp"

namespace wrd::rdp {
namespace {

constexpr uint32_t ibm = rdp_flags::keyboard_type_ibm_enhanced;
constexpr uint32_t japanese = rdp_flags::keyboard_type_japanese;

TEST(KeyboardLayouts, ExactIds) {
    auto us = xkb_layout_for(0x00000409, ibm);
    EXPECT_TRUE(us.exact);
    EXPECT_EQ(us.names, (XkbLayoutNames{"pc105", "us", ""}));
    EXPECT_EQ(xkb_layout_for(0x00000407, ibm).names.layout, "de");
    EXPECT_EQ(xkb_layout_for(0x00000407, ibm).names.variant, "");  // dead keys, like Windows
    EXPECT_EQ(xkb_layout_for(0x0000040C, ibm).names.layout, "fr");
    EXPECT_EQ(xkb_layout_for(0x00000809, ibm).names.layout, "gb");
    EXPECT_EQ(xkb_layout_for(0x00010409, ibm).names, (XkbLayoutNames{"pc105", "us", "dvorak"}));
    EXPECT_EQ(xkb_layout_for(0x0000100C, ibm).names, (XkbLayoutNames{"pc105", "ch", "fr"}));
    EXPECT_EQ(xkb_layout_for(0x00000807, ibm).names, (XkbLayoutNames{"pc105", "ch", ""}));
    EXPECT_EQ(xkb_layout_for(0x0000080A, ibm).names.layout, "latam");
    EXPECT_EQ(xkb_layout_for(0x00000416, ibm).names.layout, "br");
    EXPECT_EQ(xkb_layout_for(0x00000419, ibm).names.layout, "ru");
}

TEST(KeyboardLayouts, JapaneseDependsOnKeyboardType) {
    EXPECT_EQ(xkb_layout_for(0x00000411, japanese).names.layout, "jp");
    // Windows' "Japanese (101)" layout on a 101/102-key keyboard is the US layout.
    EXPECT_EQ(xkb_layout_for(0x00000411, ibm).names.layout, "us");
}

TEST(KeyboardLayouts, Fallbacks) {
    // An IME id: its low word is the language.
    auto ime = xkb_layout_for(0xE0010411, japanese);
    EXPECT_FALSE(ime.exact);
    EXPECT_EQ(ime.matched_klid, 0x00000411u);
    EXPECT_EQ(ime.names.layout, "jp");
    // German (Austria) has no layout of its own: the language's primary layout.
    auto at = xkb_layout_for(0x00000C07, ibm);
    EXPECT_EQ(at.matched_klid, 0x00000407u);
    EXPECT_EQ(at.names.layout, "de");
    // Nothing known: us.
    auto unknown = xkb_layout_for(0x0000007F, ibm);
    EXPECT_FALSE(unknown.exact);
    EXPECT_EQ(unknown.matched_klid, 0u);
    EXPECT_EQ(unknown.names.layout, "us");
}

TEST(KeyboardLayouts, UnknownVariantDoesNotCompile) {
    XkbContextPtr context = make_xkb_context();
    EXPECT_FALSE(compile_layout(context.get(), {"pc105", "de", "no-such-variant"}));
}

// Every row names a layout and variant that exists in the installed xkeyboard-config.
TEST(KeyboardLayouts, EveryEntryCompiles) {
    XkbContextPtr context = make_xkb_context();
    for (const KlidEntry& entry : known_klids()) {
        auto keymap = compile_layout(context.get(), {"pc105", std::string(entry.layout), std::string(entry.variant)});
        EXPECT_TRUE(keymap) << std::hex << entry.klid << ": " << (keymap ? "" : keymap.error());
    }
}

class LayoutKeys : public ::testing::Test {
protected:
    // The keysym at `level` of `evdev` in the layout of `klid`.
    xkb_keysym_t sym(uint32_t klid, uint32_t evdev, xkb_level_index_t level = 0, uint32_t type = ibm) {
        auto keymap = compile_layout(context_.get(), xkb_layout_for(klid, type).names);
        if (!keymap) return XKB_KEY_NoSymbol;
        const xkb_keysym_t* syms = nullptr;
        if (xkb_keymap_key_get_syms_by_level(keymap->get(), evdev + xkb_keycode_offset, 0, level, &syms) != 1)
            return XKB_KEY_NoSymbol;
        return syms[0];
    }
    XkbContextPtr context_ = make_xkb_context();
};

TEST_F(LayoutKeys, CharactersWhereWindowsHasThem) {
    EXPECT_EQ(sym(0x00000407, KEY_Y), XKB_KEY_z);  // German QWERTZ
    EXPECT_EQ(sym(0x00000407, KEY_Z), XKB_KEY_y);
    EXPECT_EQ(sym(0x00000407, KEY_GRAVE), XKB_KEY_dead_circumflex);  // Windows German: dead ^
    EXPECT_EQ(sym(0x00000407, KEY_EQUAL), XKB_KEY_dead_acute);
    EXPECT_EQ(sym(0x0000040C, KEY_Q), XKB_KEY_a);  // French AZERTY
    EXPECT_EQ(sym(0x0000040C, KEY_2), XKB_KEY_eacute);
    EXPECT_EQ(sym(0x00010409, KEY_S), XKB_KEY_o);            // Dvorak
    EXPECT_EQ(sym(0x00000809, KEY_2, 1), XKB_KEY_quotedbl);  // UK: Shift+2 is "
    EXPECT_EQ(sym(0x00000809, KEY_3, 1), XKB_KEY_sterling);
    EXPECT_EQ(sym(0x00000419, KEY_Q), XKB_KEY_Cyrillic_shorti);
    EXPECT_EQ(sym(0x00000419, KEY_3, 1), XKB_KEY_numerosign);        // Windows Russian: Shift+3 is №
    EXPECT_EQ(sym(0x0000041D, KEY_SEMICOLON), XKB_KEY_odiaeresis);   // Swedish
    EXPECT_EQ(sym(0x00000413, KEY_GRAVE), XKB_KEY_at);               // Dutch (standard): @ left of 1
    EXPECT_EQ(sym(0x00020409, KEY_APOSTROPHE), XKB_KEY_dead_acute);  // US-International
    EXPECT_EQ(sym(0x00000411, KEY_HENKAN, 0, japanese), XKB_KEY_Henkan);
    EXPECT_EQ(sym(0x00000411, KEY_MUHENKAN, 0, japanese), XKB_KEY_Muhenkan);
    EXPECT_EQ(sym(0x00000412, KEY_HANGEUL), XKB_KEY_Hangul);
    EXPECT_EQ(sym(0x00000412, KEY_HANJA), XKB_KEY_Hangul_Hanja);
}

}  // namespace
}  // namespace wrd::rdp
