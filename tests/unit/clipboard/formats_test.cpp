// Mime type <-> clipboard format mapping and the conversions behind it
// (rdp/src/clipboard/formats.hpp).
#include <gtest/gtest.h>

#include "clipboard/formats.hpp"
#include "clipboard/image_codec.hpp"

namespace wrd::rdp {
namespace {

std::vector<ClipFormat> formats_of(const std::vector<ExportFormat>& exports) {
    std::vector<ClipFormat> out;
    for (const auto& e : exports) out.push_back(e.format);
    return out;
}

const ImportFormat* import_for(const std::vector<ImportFormat>& imports, const std::string& mime) {
    for (const auto& i : imports)
        if (i.mime == mime) return &i;
    return nullptr;
}

// What Windows puts in a Format List after copying in a browser (ids of registered formats
// differ per session).
const std::vector<ClipFormat> windows_list = {
    {13, ""}, {16, ""}, {1, ""}, {7, ""}, {0xC09E, "HTML Format"}, {0xC0A1, "Rich Text Format"},
    {8, ""},  {17, ""}, {2, ""},
};

TEST(Formats, TextIsAnnouncedOnceAsUnicodeText) {
    auto exports = export_formats({"TEXT", "text/plain", mime_utf8_text.data(), "STRING"});
    ASSERT_EQ(exports.size(), 1u);
    EXPECT_EQ(exports[0].format, (ClipFormat{clip_format::unicode_text, ""}));
    EXPECT_EQ(exports[0].mime, mime_utf8_text);  // the explicit UTF-8 type wins
    EXPECT_EQ(export_formats({"UTF8_STRING", "TEXT"})[0].mime, "UTF8_STRING");
    EXPECT_EQ(export_formats({"text/plain"})[0].mime, "text/plain");
}

TEST(Formats, HtmlAndPng) {
    auto exports = export_formats({"text/html", "image/png", "text/plain;charset=utf-8"});
    std::vector<ClipFormat> expected = {{clip_format::unicode_text, ""},
                                        {clip_format::our_html, "HTML Format"},
                                        {clip_format::dib, ""},
                                        {clip_format::dibv5, ""},
                                        {clip_format::our_png, "PNG"}};
    EXPECT_EQ(formats_of(exports), expected);
    EXPECT_EQ(exports[2].conversion, Conversion::dib);
    EXPECT_EQ(exports[3].conversion, Conversion::dibv5);
    EXPECT_EQ(exports[4].conversion, Conversion::png);
}

TEST(Formats, UnknownTypesAreNotAnnounced) {
    EXPECT_TRUE(export_formats({"image/jpeg", "text/uri-list", "x-special/gnome-copied-files"}).empty());
    EXPECT_TRUE(export_formats({}).empty());
}

TEST(Formats, WindowsListImports) {
    auto imports = import_formats(windows_list);
    const ImportFormat* text = import_for(imports, mime_utf8_text.data());
    ASSERT_TRUE(text);
    EXPECT_EQ(text->format_id, clip_format::unicode_text);
    for (const char* alias : {"text/plain", "UTF8_STRING", "TEXT", "STRING"}) EXPECT_TRUE(import_for(imports, alias));
    const ImportFormat* html = import_for(imports, "text/html");
    ASSERT_TRUE(html);
    EXPECT_EQ(html->format_id, 0xC09Eu);
    const ImportFormat* png = import_for(imports, "image/png");
    ASSERT_TRUE(png);
    EXPECT_EQ(png->format_id, clip_format::dibv5);
    EXPECT_EQ(imports.size(), 7u);
}

TEST(Formats, ImportPreferences) {
    auto with_png = import_formats({{8, ""}, {17, ""}, {0xC123, "png"}});  // names are case-insensitive
    EXPECT_EQ(import_for(with_png, "image/png")->format_id, 0xC123u);
    EXPECT_EQ(import_for(with_png, "image/png")->conversion, Conversion::png);
    EXPECT_EQ(import_for(import_formats({{8, ""}}), "image/png")->conversion, Conversion::dib);
    auto ansi = import_formats({{1, ""}});
    EXPECT_EQ(import_for(ansi, mime_utf8_text.data())->conversion, Conversion::ansi_text);
    // A standard id below 0xC000 is never taken for a registered name.
    EXPECT_TRUE(import_formats({{5, "HTML Format"}}).empty());
    EXPECT_TRUE(import_formats({{0xC0FF, "FileGroupDescriptorW"}, {15, ""}}).empty());
}

TEST(Formats, ConversionsRoundTrip) {
    ByteView text = as_bytes("a\nb ✓");
    auto wire = to_clipboard_format(Conversion::unicode_text, text);
    ASSERT_TRUE(wire);
    auto back = from_clipboard_format(Conversion::unicode_text, *wire);
    EXPECT_EQ(as_chars(*back), "a\nb ✓");

    auto html = to_clipboard_format(Conversion::html, as_bytes("<b>x</b>"));
    ASSERT_TRUE(html);
    EXPECT_EQ(as_chars(*html).substr(0, 12), "Version:0.9\r");
    EXPECT_NE(as_chars(*from_clipboard_format(Conversion::html, *html)).find("<b>x</b>"), std::string_view::npos);

    RgbaImage image{2, 2, {1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10, 11, 12, 255}};
    Bytes png = *encode_png(image);
    for (Conversion c : {Conversion::dib, Conversion::dibv5}) {
        auto dib = to_clipboard_format(c, png);
        ASSERT_TRUE(dib) << dib.error();
        auto png_again = from_clipboard_format(c, *dib);
        ASSERT_TRUE(png_again);
        EXPECT_EQ(decode_png(*png_again)->rgba, image.rgba);
    }
    EXPECT_EQ(*to_clipboard_format(Conversion::png, png), png);
    EXPECT_FALSE(to_clipboard_format(Conversion::dib, as_bytes("not a png")));
    EXPECT_FALSE(to_clipboard_format(Conversion::ansi_text, text));
}

TEST(Formats, Describe) {
    EXPECT_EQ(describe({{13, ""}, {0xC09E, "HTML Format"}}), "13, 49310 'HTML Format'");
    EXPECT_EQ(describe({}), "none");
}

}  // namespace
}  // namespace wrd::rdp
