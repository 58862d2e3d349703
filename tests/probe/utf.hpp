// UTF-8 <-> UTF-16 for Unicode keyboard events and CF_UNICODETEXT. Any thread; no state.
#pragma once

#include <string>
#include <string_view>

namespace wrd::probe {

// Invalid UTF-8 becomes U+FFFD; characters above U+FFFF become surrogate pairs.
std::u16string utf8_to_utf16(std::string_view text);
// Stops at the first NUL (clipboard text is NUL-terminated); unpaired surrogates become U+FFFD.
std::string utf16_to_utf8(std::u16string_view text);

}  // namespace wrd::probe
