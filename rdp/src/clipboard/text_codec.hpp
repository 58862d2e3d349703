// Text conversions between the RDP clipboard formats and Wayland's text/plain;charset=utf-8.
// Pure functions, any thread.
//
// CF_UNICODETEXT is UTF-16LE, NUL-terminated, with CRLF line ends (MS-RDPECLIP 2.2.5.2 passes
// it through as Windows keeps it); Wayland text is UTF-8 with LF. Broken input never fails:
// every ill-formed sequence becomes U+FFFD, so a paste always produces something readable.
#pragma once

#include <string>
#include <string_view>

#include "clipboard/bytes.hpp"

namespace wrd::rdp {

inline constexpr char32_t replacement_char = 0xFFFD;

// Decodes the code point at text[pos] and advances pos. An ill-formed sequence yields U+FFFD
// and consumes its maximal subpart (Unicode 15, section 3.9, "U+FFFD substitution").
char32_t next_code_point(std::string_view text, size_t& pos);

// Appends `code_point` as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t code_point);

// CF_UNICODETEXT bytes to UTF-8 with LF line ends. Stops at the first NUL unit; lone
// surrogates and an odd trailing byte become U+FFFD.
std::string utf16le_to_utf8(ByteView data);

// UTF-8 (invalid bytes become U+FFFD) to CF_UNICODETEXT: UTF-16LE, LF expanded to CRLF
// (an existing CRLF stays as it is), NUL-terminated.
Bytes utf8_to_utf16le(std::string_view text);

// CF_TEXT in Windows-1252 (the ANSI code page of western Windows; we only take it when a
// client offers no CF_UNICODETEXT) to UTF-8 with LF line ends; stops at the first NUL.
std::string cp1252_to_utf8(ByteView data);

}  // namespace wrd::rdp
