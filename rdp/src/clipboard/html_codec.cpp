#include "clipboard/html_codec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "clipboard/text_codec.hpp"

namespace wrd::rdp {
namespace {

constexpr std::string_view start_marker = "<!--StartFragment-->";
constexpr std::string_view end_marker = "<!--EndFragment-->";
constexpr std::string_view charset_meta = "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">";

bool equal_ci(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

size_t find_ci(std::string_view text, std::string_view needle, size_t from = 0) {
    if (needle.empty()) return from;
    for (size_t i = from; i + needle.size() <= text.size(); ++i)
        if (lower(text[i]) == lower(needle[0]) && equal_ci(text.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

size_t rfind_ci(std::string_view text, std::string_view needle) {
    if (needle.size() > text.size()) return std::string_view::npos;
    for (size_t i = text.size() - needle.size() + 1; i-- > 0;)
        if (equal_ci(text.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

long parse_offset(std::string_view value) {
    value = trim(value);
    long result = -1;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), result);
    return ec == std::errc() ? result : -1;
}

// Stores `value` in the field named by `key`; false if the key names no offset.
bool store_offset(CfHtmlHeader& header, std::string_view key, std::string_view value) {
    long* field = nullptr;
    if (equal_ci(key, "StartHTML")) field = &header.start_html;
    if (equal_ci(key, "EndHTML")) field = &header.end_html;
    if (equal_ci(key, "StartFragment")) field = &header.start_fragment;
    if (equal_ci(key, "EndFragment")) field = &header.end_fragment;
    if (field) *field = parse_offset(value);
    return field != nullptr;
}

// The range [start, end) if it lies in a text of `size` bytes, with `end` clamped to it:
// some Windows apps count characters instead of bytes and overshoot.
std::optional<std::pair<size_t, size_t>> valid_range(long start, long end, size_t size) {
    if (start < 0 || end < 0 || static_cast<size_t>(start) > size || end < start) return std::nullopt;
    return std::pair{static_cast<size_t>(start), std::min(static_cast<size_t>(end), size)};
}

// Where the document starts when the header says nothing useful: the first tag after it.
std::string_view document_without_offsets(std::string_view text, size_t header_end) {
    size_t begin = find_ci(text, start_marker);
    size_t end = find_ci(text, end_marker);
    if (begin != std::string_view::npos && end != std::string_view::npos && end > begin)
        return text.substr(begin + start_marker.size(), end - begin - start_marker.size());
    size_t tag = text.find('<', header_end);
    return tag == std::string_view::npos ? text.substr(header_end) : text.substr(tag);
}

std::string utf8_from_html_bytes(ByteView html) {
    if (html.size() >= 2 && html[0] == 0xFF && html[1] == 0xFE) return utf16le_to_utf8(html.subspan(2));
    if (html.size() >= 3 && html[0] == 0xEF && html[1] == 0xBB && html[2] == 0xBF)
        return std::string(as_chars(html.subspan(3)));
    return std::string(as_chars(html));
}

struct Document {
    std::string text;
    size_t fragment_begin;
    size_t fragment_end;
};

// Puts the fragment markers into `html` (or finds them there) and reports the fragment's place.
Document with_fragment_markers(std::string html) {
    size_t begin = find_ci(html, start_marker);
    size_t end = find_ci(html, end_marker);
    if (begin != std::string::npos && end != std::string::npos && end > begin)
        return {std::move(html), begin + start_marker.size(), end};
    size_t body = find_ci(html, "<body");
    size_t body_open_end = body == std::string::npos ? body : html.find('>', body);
    size_t body_close = rfind_ci(html, "</body");
    if (body_open_end != std::string::npos && body_close != std::string::npos && body_close > body_open_end) {
        html.insert(body_close, end_marker);
        html.insert(body_open_end + 1, start_marker);
        size_t fragment_begin = body_open_end + 1 + start_marker.size();
        return {std::move(html), fragment_begin, body_close + start_marker.size()};
    }
    std::string prefix = "<html>\r\n<body>\r\n" + std::string(start_marker);
    std::string text = prefix + html + std::string(end_marker) + "\r\n</body>\r\n</html>";
    return {std::move(text), prefix.size(), prefix.size() + html.size()};
}

std::string header_text(size_t start_html, size_t end_html, size_t start_fragment, size_t end_fragment) {
    char buffer[160];
    int n = std::snprintf(buffer, sizeof buffer,
                          "Version:0.9\r\nStartHTML:%010zu\r\nEndHTML:%010zu\r\n"
                          "StartFragment:%010zu\r\nEndFragment:%010zu\r\n",
                          start_html, end_html, start_fragment, end_fragment);
    return std::string(buffer, static_cast<size_t>(n));
}

}  // namespace

std::optional<CfHtmlHeader> parse_cf_html_header(std::string_view data) {
    CfHtmlHeader header;
    bool found = false;
    size_t pos = 0;
    while (pos < data.size()) {
        size_t line_end = data.find_first_of("\r\n", pos);
        if (line_end == std::string_view::npos) line_end = data.size();
        std::string_view line = data.substr(pos, line_end - pos);
        size_t colon = line.find(':');
        if (line.empty() || line.front() == '<' || colon == std::string_view::npos) break;
        found = store_offset(header, trim(line.substr(0, colon)), line.substr(colon + 1)) || found;
        pos = line_end;
        if (pos < data.size() && data[pos] == '\r') ++pos;
        if (pos < data.size() && data[pos] == '\n') ++pos;
    }
    header.header_end = pos;
    if (!found) return std::nullopt;
    return header;
}

std::string html_from_cf_html(ByteView data) {
    std::string_view text = as_chars(data);
    text = text.substr(0, text.find('\0'));
    auto header = parse_cf_html_header(text);
    std::string_view document;
    if (!header) {
        document = document_without_offsets(text, 0);
    } else if (auto whole = valid_range(header->start_html, header->end_html, text.size())) {
        document = text.substr(whole->first, whole->second - whole->first);
    } else if (auto part = valid_range(header->start_fragment, header->end_fragment, text.size())) {
        document = text.substr(part->first, part->second - part->first);
    } else {
        document = document_without_offsets(text, header->header_end);
    }
    if (find_ci(document, "charset") != std::string_view::npos) return std::string(document);
    return std::string(charset_meta) + std::string(document);
}

Bytes cf_html_from_html(ByteView html) {
    Document document = with_fragment_markers(utf8_from_html_bytes(html));
    // Every number has ten digits, so the header's length does not depend on the values.
    size_t start_html = header_text(0, 0, 0, 0).size();
    std::string header = header_text(start_html, start_html + document.text.size(),
                                     start_html + document.fragment_begin, start_html + document.fragment_end);
    Bytes out;
    out.reserve(header.size() + document.text.size() + 1);
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), document.text.begin(), document.text.end());
    out.push_back(0);
    return out;
}

}  // namespace wrd::rdp
