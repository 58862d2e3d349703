// Which RDP clipboard formats stand for which Wayland mime types, and the conversion between
// each pair. Pure functions, any thread.
//
// Formats travel in Format List PDUs as (id, name) pairs (MS-RDPECLIP 2.2.3.1): standard
// Windows formats by their fixed ids with no name, registered formats ("HTML Format", "PNG")
// by name with an id the sender picks from 0xC000..0xFFFF.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clipboard/bytes.hpp"

namespace wrd::rdp {

// Standard clipboard format ids (winuser.h values, which MS-RDPECLIP uses on the wire).
namespace clip_format {
inline constexpr uint32_t text = 1;
inline constexpr uint32_t dib = 8;
inline constexpr uint32_t unicode_text = 13;
inline constexpr uint32_t dibv5 = 17;
// The ids we give our registered formats (any value from 0xC000 on will do).
inline constexpr uint32_t our_html = 0xD010;
inline constexpr uint32_t our_png = 0xD011;
}  // namespace clip_format

inline constexpr std::string_view html_format_name = "HTML Format";
inline constexpr std::string_view png_format_name = "PNG";
inline constexpr std::string_view mime_utf8_text = "text/plain;charset=utf-8";
inline constexpr std::string_view mime_html = "text/html";
inline constexpr std::string_view mime_png = "image/png";

// How the bytes of one side become the bytes of the other.
enum class Conversion { unicode_text, ansi_text, html, dib, dibv5, png };

// A format as a Format List PDU carries it; `name` is empty for standard formats.
struct ClipFormat {
    uint32_t id = 0;
    std::string name;
    bool operator==(const ClipFormat&) const = default;
};

// A format we announce to the client for the Wayland selection: read `mime`, convert.
struct ExportFormat {
    ClipFormat format;
    std::string mime;
    Conversion conversion;
};

// A mime type we offer on Wayland for the client's clipboard: ask for `format_id`, convert.
struct ImportFormat {
    std::string mime;
    uint32_t format_id;
    Conversion conversion;
};

// The formats to announce for a Wayland selection with these mime types: text as
// CF_UNICODETEXT (Windows synthesizes CF_TEXT and CF_OEMTEXT from it), text/html as
// "HTML Format", image/png as CF_DIB, CF_DIBV5 and "PNG". Unknown types are left out.
std::vector<ExportFormat> export_formats(const std::vector<std::string>& mime_types);

// The mime types to offer for a client's Format List: the text types (from CF_UNICODETEXT,
// else CF_TEXT), text/html (from "HTML Format") and image/png (from "PNG", else CF_DIBV5,
// else CF_DIB).
std::vector<ImportFormat> import_formats(const std::vector<ClipFormat>& client_formats);

// Wayland bytes of an export's mime type to the data of its RDP format.
BytesResult to_clipboard_format(Conversion conversion, ByteView wayland_data);
// RDP format data to the bytes of an import's mime type.
BytesResult from_clipboard_format(Conversion conversion, ByteView format_data);

// "13, 49161 'HTML Format'" for log lines.
std::string describe(const std::vector<ClipFormat>& formats);

}  // namespace wrd::rdp
