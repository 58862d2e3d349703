// HTML between the Windows "HTML Format" (CF_HTML) and Wayland's text/html. Pure functions,
// any thread.
//
// CF_HTML (Microsoft docs, "HTML Clipboard Format") is UTF-8: a header of "Key:Value" lines
// (Version, StartHTML, EndHTML, StartFragment, EndFragment, optional SourceURL...) whose
// values are byte offsets from the start of the data, then the document, in which the copied
// part is delimited by <!--StartFragment--> and <!--EndFragment-->. MS-RDPECLIP carries it as
// a registered format named "HTML Format" (2.2.3.1.1.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "clipboard/bytes.hpp"

namespace wrd::rdp {

// The offsets of a CF_HTML header; -1 where a key is missing or says "none".
struct CfHtmlHeader {
    long start_html = -1;
    long end_html = -1;
    long start_fragment = -1;
    long end_fragment = -1;
    size_t header_end = 0;  // where the first line that is not "Key:Value" starts
};

// Reads the header leniently (any key order and case, CRLF/LF/CR line ends, padded numbers).
// nullopt if no offset key was found.
std::optional<CfHtmlHeader> parse_cf_html_header(std::string_view data);

// CF_HTML bytes to text/html: the document StartHTML..EndHTML (it keeps the fragment's context,
// e.g. the <table> around copied cells), else the fragment, else what the markers or the first
// tag delimit. Offsets past the end are clamped. A charset declaration is prepended when the
// document has none, because Linux browsers otherwise may not read it as UTF-8.
std::string html_from_cf_html(ByteView data);

// text/html bytes (UTF-8, or UTF-16 with a byte-order mark as old Firefox wrote it) to CF_HTML
// with exact offsets. The fragment is what <!--StartFragment-->/<!--EndFragment--> delimit if
// present, else the <body> content, else the whole input, which is then wrapped in
// <html><body>. The result ends with a NUL that the offsets do not cover (apps using strlen).
Bytes cf_html_from_html(ByteView html);

}  // namespace wrd::rdp
