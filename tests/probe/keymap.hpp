// Characters to PC/AT set-1 scancodes as typed on a US keyboard (the layout the probe announces,
// 0x409), for the `keys` step. Any thread; no state.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace wrd::probe {

struct KeyStroke {
    uint8_t scancode = 0;
    bool shift = false;
};

constexpr uint8_t kScancodeLeftShift = 0x2a;
constexpr uint8_t kScancodeA = 0x1e;

// The keystrokes that type `text`: letters, digits, space, Enter (\n), Tab (\t) and the
// punctuation on a US keyboard. The error names the first character that has no key.
std::expected<std::vector<KeyStroke>, std::string> keystrokes_for(std::string_view text);

}  // namespace wrd::probe
