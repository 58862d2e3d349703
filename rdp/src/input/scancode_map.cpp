#include "scancode_map.hpp"

#include <linux/input-event-codes.h>

#include <array>
#include <utility>

namespace wrd::rdp {
namespace {

using Entry = std::pair<uint8_t, uint16_t>;  // scancode, evdev code

// Scancodes without prefix: the PC/AT 84/101/102-key set, then Windows' codes for the extra
// keys of the USB HID table (F13-F24, keypad '=' and ',', the Japanese and Korean keys).
// Four entries a row keep the table readable.
// clang-format off
constexpr Entry plain_keys[] = {
    {0x01, KEY_ESC},         {0x02, KEY_1},           {0x03, KEY_2},           {0x04, KEY_3},
    {0x05, KEY_4},           {0x06, KEY_5},           {0x07, KEY_6},           {0x08, KEY_7},
    {0x09, KEY_8},           {0x0A, KEY_9},           {0x0B, KEY_0},           {0x0C, KEY_MINUS},
    {0x0D, KEY_EQUAL},       {0x0E, KEY_BACKSPACE},   {0x0F, KEY_TAB},         {0x10, KEY_Q},
    {0x11, KEY_W},           {0x12, KEY_E},           {0x13, KEY_R},           {0x14, KEY_T},
    {0x15, KEY_Y},           {0x16, KEY_U},           {0x17, KEY_I},           {0x18, KEY_O},
    {0x19, KEY_P},           {0x1A, KEY_LEFTBRACE},   {0x1B, KEY_RIGHTBRACE},  {0x1C, KEY_ENTER},
    {0x1D, KEY_LEFTCTRL},    {0x1E, KEY_A},           {0x1F, KEY_S},           {0x20, KEY_D},
    {0x21, KEY_F},           {0x22, KEY_G},           {0x23, KEY_H},           {0x24, KEY_J},
    {0x25, KEY_K},           {0x26, KEY_L},           {0x27, KEY_SEMICOLON},   {0x28, KEY_APOSTROPHE},
    {0x29, KEY_GRAVE},       {0x2A, KEY_LEFTSHIFT},   {0x2B, KEY_BACKSLASH},   {0x2C, KEY_Z},
    {0x2D, KEY_X},           {0x2E, KEY_C},           {0x2F, KEY_V},           {0x30, KEY_B},
    {0x31, KEY_N},           {0x32, KEY_M},           {0x33, KEY_COMMA},       {0x34, KEY_DOT},
    {0x35, KEY_SLASH},       {0x36, KEY_RIGHTSHIFT},  {0x37, KEY_KPASTERISK},  {0x38, KEY_LEFTALT},
    {0x39, KEY_SPACE},       {0x3A, KEY_CAPSLOCK},    {0x3B, KEY_F1},          {0x3C, KEY_F2},
    {0x3D, KEY_F3},          {0x3E, KEY_F4},          {0x3F, KEY_F5},          {0x40, KEY_F6},
    {0x41, KEY_F7},          {0x42, KEY_F8},          {0x43, KEY_F9},          {0x44, KEY_F10},
    {0x45, KEY_NUMLOCK},     {0x46, KEY_SCROLLLOCK},  {0x47, KEY_KP7},         {0x48, KEY_KP8},
    {0x49, KEY_KP9},         {0x4A, KEY_KPMINUS},     {0x4B, KEY_KP4},         {0x4C, KEY_KP5},
    {0x4D, KEY_KP6},         {0x4E, KEY_KPPLUS},      {0x4F, KEY_KP1},         {0x50, KEY_KP2},
    {0x51, KEY_KP3},         {0x52, KEY_KP0},         {0x53, KEY_KPDOT},
    // Alt+PrintScreen sends 0x54 (SysRq) instead of E0 37.
    {0x54, KEY_SYSRQ},
    // The ISO key between left Shift and Z (102nd key of the 105-key board).
    {0x56, KEY_102ND},       {0x57, KEY_F11},         {0x58, KEY_F12},
    {0x59, KEY_KPEQUAL},    // HID Keypad =
    {0x5C, KEY_KPJPCOMMA},  // HID International6 (Japanese keypad ',')
    {0x64, KEY_F13},         {0x65, KEY_F14},         {0x66, KEY_F15},         {0x67, KEY_F16},
    {0x68, KEY_F17},         {0x69, KEY_F18},         {0x6A, KEY_F19},         {0x6B, KEY_F20},
    {0x6C, KEY_F21},         {0x6D, KEY_F22},         {0x6E, KEY_F23},         {0x76, KEY_F24},
    {0x70, KEY_KATAKANAHIRAGANA},  // HID International2
    {0x73, KEY_RO},                // HID International1, the JIS "\ _" key (also ABNT C1 "/ ?")
    {0x77, KEY_HIRAGANA},          // HID LANG4
    {0x78, KEY_KATAKANA},          // HID LANG3
    {0x79, KEY_HENKAN},            // HID International4
    {0x7B, KEY_MUHENKAN},          // HID International5
    {0x7D, KEY_YEN},               // HID International3
    {0x7E, KEY_KPCOMMA},           // HID Keypad , (Brazilian ABNT2 keypad '.')
    // Korean Hanja and Hangul keys send only the make codes F1/F2 (HID LANG2/LANG1). Clients
    // report them with the break bit stripped (0x71/0x72, FreeRDP's RDP_SCANCODE_HANJA/HANGUL)
    // or as the raw byte.
    {0x71, KEY_HANJA},       {0x72, KEY_HANGEUL},     {0xF1, KEY_HANJA},       {0xF2, KEY_HANGEUL},
};
// clang-format on

// Scancodes with the E0 prefix (KBDFLAGS_EXTENDED).
// clang-format off
constexpr Entry extended_keys[] = {
    {0x1C, KEY_KPENTER},    {0x1D, KEY_RIGHTCTRL},  {0x35, KEY_KPSLASH},
    {0x37, KEY_SYSRQ},  // PrintScreen
    {0x38, KEY_RIGHTALT},   // AltGr on most European layouts
    {0x46, KEY_PAUSE},  // Ctrl+Pause (Break) sends E0 46
    {0x47, KEY_HOME},       {0x48, KEY_UP},         {0x49, KEY_PAGEUP},     {0x4B, KEY_LEFT},
    {0x4D, KEY_RIGHT},      {0x4F, KEY_END},        {0x50, KEY_DOWN},       {0x51, KEY_PAGEDOWN},
    {0x52, KEY_INSERT},     {0x53, KEY_DELETE},     {0x5B, KEY_LEFTMETA},   {0x5C, KEY_RIGHTMETA},
    {0x5D, KEY_COMPOSE},  // Menu (VK_APPS)
    // Windows keyboard hooks report these two with the extended bit although the keys are not
    // E0-prefixed (see FreeRDP's RDP_SCANCODE_NUMLOCK_EXTENDED / RSHIFT_EXTENDED).
    {0x45, KEY_NUMLOCK},    {0x36, KEY_RIGHTSHIFT},
    // ACPI keys.
    {0x5E, KEY_POWER},      {0x5F, KEY_SLEEP},      {0x63, KEY_WAKEUP},
    // Consumer keys: media and volume.
    {0x10, KEY_PREVIOUSSONG}, {0x19, KEY_NEXTSONG}, {0x20, KEY_MUTE},       {0x22, KEY_PLAYPAUSE},
    {0x24, KEY_STOPCD},     {0x2E, KEY_VOLUMEDOWN}, {0x30, KEY_VOLUMEUP},   {0x6D, KEY_MEDIA},
    // Consumer keys: browser and applications.
    {0x32, KEY_HOMEPAGE},   {0x65, KEY_SEARCH},     {0x66, KEY_BOOKMARKS},  {0x67, KEY_REFRESH},
    {0x68, KEY_STOP},       {0x69, KEY_FORWARD},    {0x6A, KEY_BACK},       {0x6B, KEY_COMPUTER},
    {0x6C, KEY_MAIL},       {0x21, KEY_CALC},
};
// clang-format on

using Table = std::array<uint16_t, 256>;  // 0 = no key

template <size_t N>
constexpr Table make_table(const Entry (&entries)[N]) {
    Table table{};
    for (const auto& [code, evdev] : entries) table[code] = evdev;
    return table;
}

constexpr Table plain_table = make_table(plain_keys);
constexpr Table extended_table = make_table(extended_keys);

// Every code appears once per table: a duplicate would silently drop a mapping.
template <size_t N>
constexpr bool unique_codes(const Entry (&entries)[N]) {
    for (size_t i = 0; i < N; ++i)
        for (size_t j = i + 1; j < N; ++j)
            if (entries[i].first == entries[j].first) return false;
    return true;
}
static_assert(unique_codes(plain_keys) && unique_codes(extended_keys));

}  // namespace

std::optional<uint32_t> evdev_from_scancode(uint8_t code, bool extended) {
    uint16_t evdev = (extended ? extended_table : plain_table)[code];
    if (evdev == 0) return std::nullopt;
    return evdev;
}

bool evdev_reachable_from_scancode(uint32_t evdev_code) {
    for (const auto* table : {&plain_table, &extended_table})
        for (uint16_t evdev : *table)
            if (evdev != 0 && evdev == evdev_code) return true;
    return evdev_code == KEY_PAUSE;  // also reached through the E1 sequence
}

}  // namespace wrd::rdp
