// CF_UNICODETEXT / CF_TEXT <-> UTF-8 conversions (rdp/src/clipboard/text_codec.hpp).
#include <gtest/gtest.h>

#include <string>

#include "clipboard/text_codec.hpp"

namespace wrd::rdp {
namespace {

// UTF-16LE bytes from a u16string, without adding a terminator.
Bytes utf16(std::u16string_view text) {
    Bytes out;
    for (char16_t u : text) {
        out.push_back(static_cast<uint8_t>(u & 0xFF));
        out.push_back(static_cast<uint8_t>(u >> 8));
    }
    return out;
}

Bytes utf16z(std::u16string_view text) {
    Bytes out = utf16(text);
    out.push_back(0);
    out.push_back(0);
    return out;
}

const std::string fffd = "\xEF\xBF\xBD";

TEST(TextCodec, AsciiGetsCrlfAndTerminator) {
    EXPECT_EQ(utf8_to_utf16le("a\nb"), utf16z(u"a\r\nb"));
    EXPECT_EQ(utf8_to_utf16le(""), utf16z(u""));
    EXPECT_EQ(utf8_to_utf16le("\n\n"), utf16z(u"\r\n\r\n"));
}

TEST(TextCodec, ExistingCrlfAndLoneCrAreKept) {
    EXPECT_EQ(utf8_to_utf16le("a\r\nb"), utf16z(u"a\r\nb"));
    EXPECT_EQ(utf8_to_utf16le("a\rb"), utf16z(u"a\rb"));
    EXPECT_EQ(utf16le_to_utf8(utf16z(u"a\rb\r")), "a\rb\r");
}

TEST(TextCodec, CrlfBecomesLf) {
    EXPECT_EQ(utf16le_to_utf8(utf16z(u"one\r\ntwo\r\n")), "one\ntwo\n");
    EXPECT_EQ(utf16le_to_utf8(utf16z(u"\r\r\n")), "\r\n");
}

TEST(TextCodec, NonAsciiBothWays) {
    std::string text = "grüße ✓ 日本語 😀";
    Bytes wire = utf8_to_utf16le(text);
    EXPECT_EQ(wire, utf16z(u"grüße ✓ 日本語 😀"));
    EXPECT_EQ(utf16le_to_utf8(wire), text);
}

TEST(TextCodec, SupplementaryPlaneUsesSurrogatePair) {
    EXPECT_EQ(utf8_to_utf16le("\xF0\x9F\x98\x80"), (Bytes{0x3D, 0xD8, 0x00, 0xDE, 0, 0}));
    EXPECT_EQ(utf8_to_utf16le("\xF4\x8F\xBF\xBF"), (Bytes{0xFF, 0xDB, 0xFF, 0xDF, 0, 0}));  // U+10FFFF
}

TEST(TextCodec, StopsAtFirstNul) {
    Bytes wire = utf16z(u"kept");
    Bytes garbage = utf16(u"garbage");
    wire.insert(wire.end(), garbage.begin(), garbage.end());
    EXPECT_EQ(utf16le_to_utf8(wire), "kept");
    EXPECT_EQ(utf16le_to_utf8(utf16(u"no terminator")), "no terminator");
    EXPECT_EQ(utf16le_to_utf8({}), "");
}

TEST(TextCodec, LoneSurrogatesBecomeReplacement) {
    EXPECT_EQ(utf16le_to_utf8(utf16(u"a\xD800" u"b")), "a" + fffd + "b");
    EXPECT_EQ(utf16le_to_utf8(utf16(u"a\xDC00" u"b")), "a" + fffd + "b");
    EXPECT_EQ(utf16le_to_utf8(utf16(u"end\xD83D")), "end" + fffd);
    // Two highs then a low: the first is lone, the second pairs.
    EXPECT_EQ(utf16le_to_utf8(utf16(u"\xD83D\xD83D\xDE00")), fffd + "\xF0\x9F\x98\x80");
    // Reversed pair: both lone.
    EXPECT_EQ(utf16le_to_utf8(utf16(u"\xDE00\xD83D")), fffd + fffd);
}

TEST(TextCodec, OddTrailingByteBecomesReplacement) {
    Bytes wire = utf16(u"ab");
    wire.push_back('c');
    EXPECT_EQ(utf16le_to_utf8(wire), "ab" + fffd);
}

TEST(TextCodec, InvalidUtf8UsesMaximalSubparts) {
    // The example of Unicode 15 section 3.9 (Table 3-8): 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64.
    std::string input = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
    EXPECT_EQ(utf8_to_utf16le(input), utf16z(u"a\uFFFD\uFFFD\uFFFDb\uFFFDc\uFFFD\uFFFDd"));
}

TEST(TextCodec, Utf8ForbiddenForms) {
    EXPECT_EQ(utf8_to_utf16le("\xC0\xAF"), utf16z(u"\uFFFD\uFFFD"));              // overlong '/'
    EXPECT_EQ(utf8_to_utf16le("\xE0\x80\xAF"), utf16z(u"\uFFFD\uFFFD\uFFFD"));     // overlong
    EXPECT_EQ(utf8_to_utf16le("\xED\xA0\x80"), utf16z(u"\uFFFD\uFFFD\uFFFD"));     // surrogate D800
    EXPECT_EQ(utf8_to_utf16le("\xF4\x90\x80\x80"), utf16z(u"\uFFFD\uFFFD\uFFFD\uFFFD"));  // > U+10FFFF
    EXPECT_EQ(utf8_to_utf16le("\xF5\xFF"), utf16z(u"\uFFFD\uFFFD"));
    EXPECT_EQ(utf8_to_utf16le("x\xE2\x82"), utf16z(u"x\uFFFD"));  // cut-off sequence at the end
    EXPECT_EQ(utf8_to_utf16le("\xE2\x82" "a"), utf16z(u"\uFFFD" "a"));
}

TEST(TextCodec, AppendUtf8RefusesSurrogatesAndOutOfRange) {
    std::string out;
    append_utf8(out, 0xD800);
    append_utf8(out, 0x110000);
    append_utf8(out, 0x7FF);
    EXPECT_EQ(out, fffd + fffd + "\xDF\xBF");
}

TEST(TextCodec, EveryBmpAndAstralCodePointRoundTrips) {
    std::string text;
    for (char32_t cp = 1; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 97))
        if ((cp < 0xD800 || cp > 0xDFFF) && cp != '\r') append_utf8(text, cp);
    EXPECT_EQ(utf16le_to_utf8(utf8_to_utf16le(text)), text);
}

TEST(TextCodec, TenMegabytesBothWays) {
    std::string text;
    text.reserve(10'500'000);
    for (int i = 0; text.size() < 10'000'000; ++i) text += "Zeile " + std::to_string(i) + " — grüße ✓ 😀\n";
    Bytes wire = utf8_to_utf16le(text);
    EXPECT_EQ(wire[wire.size() - 2], 0);
    EXPECT_EQ(wire[wire.size() - 4], '\n');
    EXPECT_EQ(wire[wire.size() - 6], '\r');
    EXPECT_EQ(utf16le_to_utf8(wire), text);
}

TEST(TextCodec, Cp1252) {
    Bytes ansi = {0x80, ' ', 0x93, 'h', 'i', 0x94, '\r', '\n', 0xE9, 0x81, 0, 'x'};
    EXPECT_EQ(cp1252_to_utf8(ansi), "€ “hi”\né\xC2\x81");
}

}  // namespace
}  // namespace wrd::rdp
