#include "clipboard/text_codec.hpp"

#include <array>

namespace wrd::rdp {
namespace {

constexpr bool is_high_surrogate(char32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
constexpr bool is_low_surrogate(char32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

char16_t unit_at(ByteView data, size_t index) {
    return static_cast<char16_t>(data[2 * index] | (data[2 * index + 1] << 8));
}

void put_unit(Bytes& out, char32_t unit) {
    out.push_back(static_cast<uint8_t>(unit & 0xFF));
    out.push_back(static_cast<uint8_t>((unit >> 8) & 0xFF));
}

void put_utf16(Bytes& out, char32_t code_point) {
    if (code_point < 0x10000) {
        put_unit(out, code_point);
        return;
    }
    char32_t v = code_point - 0x10000;
    put_unit(out, 0xD800 + (v >> 10));
    put_unit(out, 0xDC00 + (v & 0x3FF));
}

// Windows-1252 0x80..0x9F; the five undefined bytes map to the C1 controls of the same value,
// as MultiByteToWideChar does.
constexpr std::array<char16_t, 32> cp1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

}  // namespace

char32_t next_code_point(std::string_view text, size_t& pos) {
    auto lead = static_cast<uint8_t>(text[pos++]);
    if (lead < 0x80) return lead;
    // Well-formed sequences per Unicode Table 3-7: the lead byte fixes the length and the
    // allowed range of the second byte (this excludes overlongs, surrogates and > U+10FFFF).
    int length = 0;
    char32_t value = 0;
    uint8_t low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        value = lead & 0x07;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return replacement_char;
    }
    for (int i = 1; i < length; ++i) {
        if (pos >= text.size()) return replacement_char;
        auto next = static_cast<uint8_t>(text[pos]);
        // The offending byte is not consumed: it may start the next character.
        if (next < low || next > high) return replacement_char;
        low = 0x80;
        high = 0xBF;
        value = (value << 6) | (next & 0x3F);
        ++pos;
    }
    return value;
}

void append_utf8(std::string& out, char32_t cp) {
    if (is_high_surrogate(cp) || is_low_surrogate(cp) || cp > 0x10FFFF) cp = replacement_char;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string utf16le_to_utf8(ByteView data) {
    size_t units = data.size() / 2;
    std::string out;
    out.reserve(units);
    for (size_t i = 0; i < units; ++i) {
        char32_t unit = unit_at(data, i);
        if (unit == 0) return out;
        if (unit == '\r' && i + 1 < units && unit_at(data, i + 1) == '\n') continue;
        char32_t cp = unit;
        if (is_high_surrogate(unit) && i + 1 < units && is_low_surrogate(unit_at(data, i + 1))) {
            cp = 0x10000 + ((unit - 0xD800) << 10) + (unit_at(data, i + 1) - 0xDC00);
            ++i;
        } else if (is_high_surrogate(unit) || is_low_surrogate(unit)) {
            cp = replacement_char;
        }
        append_utf8(out, cp);
    }
    if (data.size() % 2) append_utf8(out, replacement_char);
    return out;
}

Bytes utf8_to_utf16le(std::string_view text) {
    Bytes out;
    out.reserve(2 * text.size() + text.size() / 8 + 2);
    char32_t previous = 0;
    for (size_t pos = 0; pos < text.size();) {
        char32_t cp = next_code_point(text, pos);
        if (cp == '\n' && previous != '\r') put_unit(out, '\r');
        put_utf16(out, cp);
        previous = cp;
    }
    put_unit(out, 0);
    return out;
}

std::string cp1252_to_utf8(ByteView data) {
    std::string out;
    out.reserve(data.size());
    for (size_t i = 0; i < data.size(); ++i) {
        uint8_t byte = data[i];
        if (byte == 0) break;
        if (byte == '\r' && i + 1 < data.size() && data[i + 1] == '\n') continue;
        char32_t cp = byte >= 0x80 && byte < 0xA0 ? cp1252_high[byte - 0x80] : byte;
        append_utf8(out, cp);
    }
    return out;
}

}  // namespace wrd::rdp
