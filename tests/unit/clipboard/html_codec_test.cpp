// CF_HTML ("HTML Format") <-> text/html (rdp/src/clipboard/html_codec.hpp).
#include <gtest/gtest.h>

#include <format>
#include <string>

#include "clipboard/html_codec.hpp"

namespace wrd::rdp {
namespace {

const std::string meta = "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">";

std::string as_string(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

std::string header(size_t start_html, size_t end_html, size_t start_fragment, size_t end_fragment) {
    return std::format(
        "Version:1.0\r\nStartHTML:{:010}\r\nEndHTML:{:010}\r\nStartFragment:{:010}\r\nEndFragment:{:010}\r\n",
        start_html, end_html, start_fragment, end_fragment);
}

// A CF_HTML as Windows apps write it, with offsets computed here independently of the codec.
std::string windows_cf_html(const std::string& before, const std::string& fragment, const std::string& after) {
    size_t h = header(0, 0, 0, 0).size();
    std::string document = before + "<!--StartFragment-->" + fragment + "<!--EndFragment-->" + after;
    size_t fragment_start = h + before.size() + 20;
    return header(h, h + document.size(), fragment_start, fragment_start + fragment.size()) + document;
}

// The pieces of a CF_HTML located by its own header.
struct Parts {
    std::string document;
    std::string fragment;
    size_t end_html;
};

Parts parts_of(const Bytes& cf_html) {
    std::string text = as_string(cf_html);
    auto h = parse_cf_html_header(text);
    EXPECT_TRUE(h.has_value());
    if (!h) return {};
    return {text.substr(h->start_html, h->end_html - h->start_html),
            text.substr(h->start_fragment, h->end_fragment - h->start_fragment), size_t(h->end_html)};
}

TEST(HtmlCodec, FragmentIsWrappedWithExactOffsets) {
    Bytes cf = cf_html_from_html(as_bytes("<b>bold</b> text"));
    std::string text = as_string(cf);
    EXPECT_TRUE(text.starts_with("Version:0.9\r\nStartHTML:"));
    Parts p = parts_of(cf);
    EXPECT_EQ(p.fragment, "<b>bold</b> text");
    EXPECT_TRUE(p.document.starts_with("<html>"));
    EXPECT_TRUE(p.document.ends_with("</html>"));
    EXPECT_EQ(p.end_html, cf.size() - 1);
    EXPECT_EQ(cf.back(), 0);
}

TEST(HtmlCodec, OffsetsCountBytesNotCharacters) {
    std::string fragment = "<p>grüße ✓ 😀</p>";
    Bytes cf = cf_html_from_html(as_bytes(fragment));
    EXPECT_EQ(parts_of(cf).fragment, fragment);
}

TEST(HtmlCodec, BodyContentIsTheFragment) {
    std::string html = "<html><head><title>t</title></head><BODY class=\"x\"><p>a</p><p>b</p></body></html>";
    Bytes cf = cf_html_from_html(as_bytes(html));
    Parts p = parts_of(cf);
    EXPECT_EQ(p.fragment, "<p>a</p><p>b</p>");
    EXPECT_EQ(p.document,
              "<html><head><title>t</title></head><BODY class=\"x\"><!--StartFragment--><p>a</p><p>b</p>"
              "<!--EndFragment--></body></html>");
}

TEST(HtmlCodec, ExistingMarkersAreUsed) {
    std::string html = "<html><body>x<!--StartFragment--><i>y</i><!--EndFragment-->z</body></html>";
    Parts p = parts_of(cf_html_from_html(as_bytes(html)));
    EXPECT_EQ(p.fragment, "<i>y</i>");
    EXPECT_EQ(p.document, html);
}

TEST(HtmlCodec, ByteOrderMarksAreHandled) {
    Bytes utf16 = {0xFF, 0xFE, '<', 0, 'b', 0, '>', 0, 0xE9, 0, '<', 0, '/', 0, 'b', 0, '>', 0};
    EXPECT_EQ(parts_of(cf_html_from_html(utf16)).fragment, "<b>é</b>");
    Bytes utf8 = {0xEF, 0xBB, 0xBF, '<', 'i', '>'};
    EXPECT_EQ(parts_of(cf_html_from_html(utf8)).fragment, "<i>");
}

TEST(HtmlCodec, ReadsTheWholeDocumentOfAWindowsClip) {
    std::string before = "<html>\r\n<body>\r\n";
    std::string after = "\r\n</body>\r\n</html>";
    std::string cf = windows_cf_html(before, "<b>grüße</b>", after);
    std::string expected = before + "<!--StartFragment--><b>grüße</b><!--EndFragment-->" + after;
    EXPECT_EQ(html_from_cf_html(as_bytes(cf)), meta + expected);
}

TEST(HtmlCodec, KeepsAnExistingCharset) {
    std::string before = "<html><head><meta charset=\"utf-8\"></head><body>";
    std::string cf = windows_cf_html(before, "x", "</body></html>");
    EXPECT_TRUE(html_from_cf_html(as_bytes(cf)).starts_with("<html><head><meta charset"));
}

TEST(HtmlCodec, FragmentWhenThereIsNoHtmlRange) {
    std::string cf = windows_cf_html("<html><body>", "<u>frag</u>", "</body></html>");
    size_t at = cf.find("StartHTML:");
    cf.replace(at, 20, "StartHTML:-000000001");
    EXPECT_EQ(html_from_cf_html(as_bytes(cf)), meta + "<u>frag</u>");
}

TEST(HtmlCodec, OffsetsPastTheEndAreClamped) {
    std::string cf = windows_cf_html("<html><body>", "x", "</body></html>");
    size_t at = cf.find("EndHTML:");
    cf.replace(at, 18, "EndHTML:0000099999");
    EXPECT_TRUE(html_from_cf_html(as_bytes(cf)).ends_with("</body></html>"));
}

TEST(HtmlCodec, TrailingNulAndGarbageAreIgnored) {
    std::string cf = windows_cf_html("<html><body>", "x", "</body></html>");
    cf += std::string("\0garbage", 8);
    EXPECT_TRUE(html_from_cf_html(as_bytes(cf)).ends_with("</body></html>"));
}

TEST(HtmlCodec, LenientHeader) {
    // Lower-case keys, LF line ends, spaces: 72 header bytes, then the document.
    std::string cf = "version:0.9\nstarthtml: 72\nendhtml:   88\nstartfragment:78\nendfragment:81\n<html>abc</html>";
    auto h = parse_cf_html_header(cf);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->start_html, 72);
    EXPECT_EQ(h->end_html, 88);
    EXPECT_EQ(h->start_fragment, 78);
    EXPECT_EQ(h->end_fragment, 81);
    EXPECT_EQ(cf.substr(72), "<html>abc</html>");
    EXPECT_EQ(cf.substr(78, 3), "abc");
    EXPECT_EQ(h->header_end, 72u);
    EXPECT_EQ(html_from_cf_html(as_bytes(cf)), meta + "<html>abc</html>");
}

TEST(HtmlCodec, NoHeaderAtAll) {
    EXPECT_FALSE(parse_cf_html_header("<p>plain html</p>"));
    EXPECT_EQ(html_from_cf_html(as_bytes("<p>plain html</p>")), meta + "<p>plain html</p>");
    EXPECT_EQ(html_from_cf_html(as_bytes("Version:0.9\r\nnoise <!--StartFragment-->f<!--EndFragment-->")),
              meta + "f");
    EXPECT_EQ(html_from_cf_html(as_bytes("Version:0.9\r\nSourceURL:http://x/\r\n<b>t</b>")), meta + "<b>t</b>");
    EXPECT_EQ(html_from_cf_html({}), meta);
}

TEST(HtmlCodec, RoundTripKeepsTheFragment) {
    std::string html = "<table><tr><td>1</td><td>ü</td></tr></table>";
    std::string back = html_from_cf_html(cf_html_from_html(as_bytes(html)));
    EXPECT_NE(back.find("<!--StartFragment-->" + html + "<!--EndFragment-->"), std::string::npos) << back;
}

TEST(HtmlCodec, LargeDocument) {
    std::string html = "<html><body>";
    while (html.size() < 10'000'000) html += "<p>Absatz mit Umlauten: äöü — ✓</p>\n";
    html += "</body></html>";
    Bytes cf = cf_html_from_html(as_bytes(html));
    Parts p = parts_of(cf);
    EXPECT_EQ(p.fragment.size(), html.size() - 12 - 14);
    EXPECT_EQ(html_from_cf_html(cf), meta + p.document);
}

}  // namespace
}  // namespace wrd::rdp
