#include "keymap.hpp"

#include <array>
#include <optional>

namespace wrd::probe {
namespace {

// The US layout as rows of (unshifted, shifted, scancode); letters are handled apart.
struct KeyCap {
    char plain;
    char shifted;
    uint8_t scancode;
};

constexpr std::array<KeyCap, 25> kKeyCaps{{
    {'`', '~', 0x29},  {'1', '!', 0x02}, {'2', '@', 0x03},   {'3', '#', 0x04},   {'4', '$', 0x05},
    {'5', '%', 0x06},  {'6', '^', 0x07}, {'7', '&', 0x08},   {'8', '*', 0x09},   {'9', '(', 0x0a},
    {'0', ')', 0x0b},  {'-', '_', 0x0c}, {'=', '+', 0x0d},   {'[', '{', 0x1a},   {']', '}', 0x1b},
    {'\\', '|', 0x2b}, {';', ':', 0x27}, {'\'', '"', 0x28},  {',', '<', 0x33},   {'.', '>', 0x34},
    {'/', '?', 0x35},  {' ', ' ', 0x39}, {'\n', '\n', 0x1c}, {'\t', '\t', 0x0f}, {'\r', '\r', 0x1c},
}};

// Scancodes of a..z in alphabetical order: the keyboard rows are not alphabetical.
constexpr std::array<uint8_t, 26> kLetters{0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17,
                                           0x24, 0x25, 0x26, 0x32, 0x31, 0x18, 0x19, 0x10, 0x13,
                                           0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d, 0x15, 0x2c};

std::optional<KeyStroke> stroke_for(char c) {
    if (c >= 'a' && c <= 'z') return KeyStroke{kLetters[static_cast<size_t>(c - 'a')], false};
    if (c >= 'A' && c <= 'Z') return KeyStroke{kLetters[static_cast<size_t>(c - 'A')], true};
    for (const KeyCap& k : kKeyCaps) {
        if (k.plain == c) return KeyStroke{k.scancode, false};
        if (k.shifted == c) return KeyStroke{k.scancode, true};
    }
    return std::nullopt;
}

}  // namespace

std::expected<std::vector<KeyStroke>, std::string> keystrokes_for(std::string_view text) {
    std::vector<KeyStroke> out;
    for (char c : text) {
        auto stroke = stroke_for(c);
        if (!stroke) {
            const auto byte = static_cast<unsigned>(static_cast<unsigned char>(c));
            std::string shown = byte >= 0x20 && byte < 0x7f ? std::string(1, c) : "\\x" + std::to_string(byte);
            return std::unexpected("no US key types '" + shown + "' (use the type step for Unicode)");
        }
        out.push_back(*stroke);
    }
    return out;
}

}  // namespace wrd::probe
