// Keyboard and mouse input as RDP input events (MS-RDPBCGR 2.2.8.1.1.3). Main thread only:
// the events go straight into the connection's transport.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "freerdp.hpp"
#include "keymap.hpp"
#include "steps.hpp"

namespace wrd::probe {

using InputResult = std::expected<void, std::string>;

InputResult send_scancode(rdpInput* input, uint8_t scancode, bool extended, bool down);
// Press and release, with Shift held around the keys that need it.
InputResult send_keystrokes(rdpInput* input, const std::vector<KeyStroke>& strokes);
// Each UTF-16 code unit as a Unicode keyboard event press and release (surrogates as pairs).
InputResult send_unicode(rdpInput* input, std::string_view utf8);
InputResult send_move(rdpInput* input, int x, int y);
InputResult send_click(rdpInput* input, int x, int y, Button button);
// Positive notches turn the wheel away from the user (up) or to the right; (x, y) is where the
// pointer is, which some servers take from every mouse event.
InputResult send_wheel(rdpInput* input, int x, int y, int notches, bool horizontal);

}  // namespace wrd::probe
