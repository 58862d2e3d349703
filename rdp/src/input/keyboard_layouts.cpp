#include "keyboard_layouts.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "rdp_input_flags.hpp"

namespace wrd::rdp {
namespace {

// KLIDs as listed in Microsoft's "Keyboard identifiers and input method editors for Windows".
// The XKB choice types what the Windows layout types, dead keys included: Windows' German,
// French, Spanish, Nordic, Portuguese... layouts have dead accents, and so do the XKB "basic"
// variants, so "nodeadkeys" variants are never right here. Where xkeyboard-config carries a
// "winkeys" variant ("... (Windows)") it is taken: it adds the Windows-only keys (usually the
// euro sign on AltGr+5 or the Windows punctuation on the number row).
constexpr KlidEntry klid_table[] = {
    {0x00000401, "ara", ""},               // Arabic (101)
    {0x00000402, "bg", ""},                // Bulgarian (Typewriter)
    {0x00000404, "us", ""},                // Chinese (Traditional) - US
    {0x00000405, "cz", "winkeys"},         // Czech (QWERTZ)
    {0x00000406, "dk", "winkeys"},         // Danish
    {0x00000407, "de", ""},                // German: dead ^ ´ `, like XKB de(basic)
    {0x00000408, "gr", ""},                // Greek
    {0x00000409, "us", ""},                // US
    {0x0000040A, "es", "winkeys"},         // Spanish
    {0x0000040B, "fi", "winkeys"},         // Finnish
    {0x0000040C, "fr", ""},                // French (AZERTY)
    {0x0000040D, "il", ""},                // Hebrew
    {0x0000040E, "hu", ""},                // Hungarian
    {0x0000040F, "is", ""},                // Icelandic
    {0x00000410, "it", "winkeys"},         // Italian
    {0x00000411, "jp", ""},                // Japanese (106/109 keys; see xkb_layout_for)
    {0x00000412, "kr", ""},                // Korean
    {0x00000413, "nl", "std"},             // Dutch: the Dutch standard layout, not US-intl
    {0x00000414, "no", "winkeys"},         // Norwegian
    {0x00000415, "pl", ""},                // Polish (Programmers): US + AltGr letters
    {0x00000416, "br", ""},                // Portuguese (Brazil ABNT)
    {0x00000418, "ro", "winkeys"},         // Romanian (Legacy), QWERTZ
    {0x00000419, "ru", ""},                // Russian: XKB's default ru is the Windows one
    {0x0000041A, "hr", ""},                // Croatian
    {0x0000041B, "sk", ""},                // Slovak (QWERTZ)
    {0x0000041C, "al", ""},                // Albanian
    {0x0000041D, "se", ""},                // Swedish
    {0x0000041E, "th", ""},                // Thai Kedmanee
    {0x0000041F, "tr", ""},                // Turkish Q
    {0x00000422, "ua", "winkeys"},         // Ukrainian
    {0x00000423, "by", ""},                // Belarusian
    {0x00000424, "si", ""},                // Slovenian
    {0x00000425, "ee", ""},                // Estonian
    {0x00000427, "lt", "ibm"},             // Lithuanian IBM
    {0x00000429, "ir", ""},                // Persian
    {0x0000042A, "vn", ""},                // Vietnamese
    {0x0000042F, "mk", ""},                // Macedonian
    {0x00000437, "ge", ""},                // Georgian
    {0x00000438, "fo", ""},                // Faeroese
    {0x0000043A, "mt", ""},                // Maltese 47-key
    {0x0000043F, "kz", ""},                // Kazakh
    {0x00000452, "gb", "extd"},            // United Kingdom Extended
    {0x00000804, "us", ""},                // Chinese (Simplified) - US
    {0x00000807, "ch", ""},                // Swiss German
    {0x00000809, "gb", ""},                // United Kingdom
    {0x0000080A, "latam", ""},             // Latin American
    {0x0000080C, "be", ""},                // Belgian French
    {0x00000813, "be", ""},                // Belgian (Period)
    {0x00000816, "pt", ""},                // Portuguese
    {0x0000081A, "rs", "latin"},           // Serbian (Latin)
    {0x00000C0C, "ca", "fr-legacy"},       // Canadian French (Legacy)
    {0x00000C1A, "rs", ""},                // Serbian (Cyrillic)
    {0x00001009, "ca", ""},                // Canadian French
    {0x0000100C, "ch", "fr"},              // Swiss French
    {0x00001809, "ie", ""},                // Irish
    {0x00010405, "cz", "winkeys-qwerty"},  // Czech (QWERTY)
    {0x00010409, "us", "dvorak"},          // United States-Dvorak
    {0x00010415, "pl", "qwertz"},          // Polish (214)
    {0x00010416, "br", ""},                // Portuguese (Brazil ABNT2)
    {0x00010418, "ro", "std"},             // Romanian (Standard)
    {0x0001041B, "sk", "qwerty"},          // Slovak (QWERTY)
    {0x0001041F, "tr", "f"},               // Turkish F
    {0x00010427, "lt", ""},                // Lithuanian
    {0x0001080C, "be", ""},                // Belgian (Comma)
    {0x00011009, "ca", "multix"},          // Canadian Multilingual Standard
    {0x00020409, "us", "intl"},            // United States-International: dead ' " ` ~ ^
    {0x00020418, "ro", ""},                // Romanian (Programmers)
    {0x00030409, "us", "dvorak-l"},        // United States-Dvorak for left hand
    {0x00040409, "us", "dvorak-r"},        // United States-Dvorak for right hand
};

std::optional<KlidEntry> find_klid(uint32_t klid) {
    auto it = std::ranges::find(klid_table, klid, &KlidEntry::klid);
    if (it == std::end(klid_table)) return std::nullopt;
    return *it;
}

// The candidate ids in the order they are tried (see the header).
std::array<uint32_t, 3> candidates(uint32_t klid) {
    uint32_t language = klid & 0xFFFF;
    uint32_t primary = 0x0400 | (language & 0x03FF);  // sublanguage 1 of the same language
    return {klid, language, primary};
}

XkbLayoutNames names_for(const KlidEntry& entry, uint32_t keyboard_type) {
    XkbLayoutNames names{"pc105", std::string(entry.layout), std::string(entry.variant)};
    // Windows types Japanese with the 106/109-key layout only on a Japanese keyboard (type 7);
    // on a 101/102-key keyboard it loads "Japanese (101)", which is the US layout.
    if (entry.layout == "jp" && keyboard_type != rdp_flags::keyboard_type_japanese) names = {"pc105", "us", ""};
    return names;
}

}  // namespace

std::span<const KlidEntry> known_klids() {
    return klid_table;
}

LayoutChoice xkb_layout_for(uint32_t klid, uint32_t keyboard_type) {
    for (uint32_t candidate : candidates(klid)) {
        if (auto entry = find_klid(candidate)) return {names_for(*entry, keyboard_type), candidate, candidate == klid};
    }
    return {{"pc105", "us", ""}, 0, false};
}

std::expected<XkbKeymapPtr, std::string> compile_layout(xkb_context* context, const XkbLayoutNames& names) {
    xkb_rule_names rmlvo{
        .rules = "evdev",
        .model = names.model.c_str(),
        .layout = names.layout.c_str(),
        .variant = names.variant.c_str(),
        .options = "",
    };
    XkbKeymapPtr keymap(xkb_keymap_new_from_names(context, &rmlvo, XKB_KEYMAP_COMPILE_NO_FLAGS));
    if (!keymap) return std::unexpected("xkbcommon cannot compile layout " + names.layout + "(" + names.variant + ")");
    return keymap;
}

}  // namespace wrd::rdp
