#include "clipboard/formats.hpp"

#include <algorithm>
#include <array>
#include <format>

#include "clipboard/html_codec.hpp"
#include "clipboard/image_codec.hpp"
#include "clipboard/text_codec.hpp"

namespace wrd::rdp {
namespace {

// Wayland text types, best first. Toolkits offer several of these for one text; X11 names
// (UTF8_STRING...) come from Xwayland clients. All carry UTF-8 in practice.
constexpr std::array<std::string_view, 5> text_mimes = {mime_utf8_text, "UTF8_STRING", "text/plain", "TEXT",
                                                        "STRING"};

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::ranges::find(list, item) != list.end();
}

const ClipFormat* find_id(const std::vector<ClipFormat>& formats, uint32_t id) {
    auto it = std::ranges::find_if(formats, [id](const ClipFormat& f) { return f.id == id; });
    return it == formats.end() ? nullptr : &*it;
}

// Registered format names are case-insensitive on Windows.
const ClipFormat* find_name(const std::vector<ClipFormat>& formats, std::string_view name) {
    auto it = std::ranges::find_if(formats, [name](const ClipFormat& f) {
        return f.id >= 0xC000 && std::ranges::equal(f.name, name, [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
    });
    return it == formats.end() ? nullptr : &*it;
}

void add_text_imports(const std::vector<ClipFormat>& formats, std::vector<ImportFormat>& out) {
    uint32_t id = clip_format::unicode_text;
    Conversion conversion = Conversion::unicode_text;
    if (!find_id(formats, id)) {
        id = clip_format::text;
        conversion = Conversion::ansi_text;
        if (!find_id(formats, id)) return;
    }
    for (std::string_view mime : text_mimes) out.push_back({std::string(mime), id, conversion});
}

void add_image_import(const std::vector<ClipFormat>& formats, std::vector<ImportFormat>& out) {
    std::string mime(mime_png);
    if (const ClipFormat* png = find_name(formats, png_format_name)) {
        out.push_back({mime, png->id, Conversion::png});
    } else if (const ClipFormat* named = find_name(formats, mime_png)) {
        out.push_back({mime, named->id, Conversion::png});
    } else if (find_id(formats, clip_format::dibv5)) {
        out.push_back({mime, clip_format::dibv5, Conversion::dibv5});
    } else if (find_id(formats, clip_format::dib)) {
        out.push_back({mime, clip_format::dib, Conversion::dib});
    }
}

}  // namespace

std::vector<ExportFormat> export_formats(const std::vector<std::string>& mime_types) {
    std::vector<ExportFormat> out;
    auto text = std::ranges::find_if(text_mimes, [&](std::string_view m) { return contains(mime_types, m); });
    if (text != text_mimes.end())
        out.push_back({{clip_format::unicode_text, {}}, std::string(*text), Conversion::unicode_text});
    if (contains(mime_types, mime_html))
        out.push_back(
            {{clip_format::our_html, std::string(html_format_name)}, std::string(mime_html), Conversion::html});
    if (contains(mime_types, mime_png)) {
        std::string png(mime_png);
        out.push_back({{clip_format::dib, {}}, png, Conversion::dib});
        out.push_back({{clip_format::dibv5, {}}, png, Conversion::dibv5});
        out.push_back({{clip_format::our_png, std::string(png_format_name)}, png, Conversion::png});
    }
    return out;
}

std::vector<ImportFormat> import_formats(const std::vector<ClipFormat>& client_formats) {
    std::vector<ImportFormat> out;
    add_text_imports(client_formats, out);
    if (const ClipFormat* html = find_name(client_formats, html_format_name))
        out.push_back({std::string(mime_html), html->id, Conversion::html});
    add_image_import(client_formats, out);
    return out;
}

BytesResult to_clipboard_format(Conversion conversion, ByteView data) {
    switch (conversion) {
    case Conversion::unicode_text:
        return utf8_to_utf16le(as_chars(data));
    case Conversion::html:
        return cf_html_from_html(data);
    case Conversion::dib:
        return dib_from_png(data, DibVersion::v3);
    case Conversion::dibv5:
        return dib_from_png(data, DibVersion::v5);
    case Conversion::png:
        return Bytes(data.begin(), data.end());
    case Conversion::ansi_text:
        break;
    }
    return std::unexpected("CF_TEXT is never announced, so never produced");
}

BytesResult from_clipboard_format(Conversion conversion, ByteView data) {
    auto text = [](std::string s) { return Bytes(s.begin(), s.end()); };
    switch (conversion) {
    case Conversion::unicode_text:
        return text(utf16le_to_utf8(data));
    case Conversion::ansi_text:
        return text(cp1252_to_utf8(data));
    case Conversion::html:
        return text(html_from_cf_html(data));
    case Conversion::dib:
    case Conversion::dibv5:
        return png_from_dib(data);
    case Conversion::png:
        return Bytes(data.begin(), data.end());
    }
    return std::unexpected("unknown conversion");
}

std::string describe(const std::vector<ClipFormat>& formats) {
    std::string out;
    for (const ClipFormat& f : formats) {
        if (!out.empty()) out += ", ";
        out += f.name.empty() ? std::format("{}", f.id) : std::format("{} '{}'", f.id, f.name);
    }
    return out.empty() ? "none" : out;
}

}  // namespace wrd::rdp
