// The clipboard steps. Text travels as CF_UNICODETEXT (UTF-16LE with a NUL); images as
// CF_DIB and, when both sides know it, the registered "PNG" format (MS-RDPECLIP 1.3.1.2).
#include <format>
#include <fstream>
#include <iterator>

#include "dib.hpp"
#include "runner.hpp"
#include "utf.hpp"

namespace wrd::probe {
namespace {

std::vector<uint8_t> utf16le_with_nul(std::string_view utf8) {
    std::vector<uint8_t> out;
    for (char16_t unit : utf8_to_utf16(utf8)) {
        out.push_back(static_cast<uint8_t>(unit));
        out.push_back(static_cast<uint8_t>(unit >> 8));
    }
    out.push_back(0);
    out.push_back(0);
    return out;
}

std::string utf16le_to_utf8(const std::vector<uint8_t>& bytes) {
    std::u16string units;
    for (size_t i = 0; i + 1 < bytes.size(); i += 2) units += static_cast<char16_t>(bytes[i] | (bytes[i + 1] << 8));
    return utf16_to_utf8(units);
}

std::expected<void, std::string> write_file(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())) || !out.flush())
        return std::unexpected(path + ": cannot write");
    return {};
}

std::expected<std::vector<uint8_t>, std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(path + ": cannot open for reading");
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Short enough for a one-line report.
std::string abbreviated(const std::string& text) {
    return text.size() <= 80 ? text : text.substr(0, 77) + "...";
}

}  // namespace

std::expected<void, std::string> StepRunner::wait_for_clipboard() {
    const Clipboard& clip = client_.clipboard();
    return client_.wait_until([&] { return clip.ready(); }, channel_deadline(),
                              clip.loaded() ? "the server's clipboard Monitor Ready"
                                            : "the clipboard channel (FreeRDP did not load cliprdr)");
}

StepRunner::Result StepRunner::operator()(const step::WaitClipboard&) {
    if (auto r = wait_for_clipboard(); !r) return std::unexpected(r.error());
    const Clipboard& clip = client_.clipboard();
    auto r = client_.wait_until([&] { return clip.offer_answer().has_value(); }, deadline(),
                                "the server's answer to our first format list");
    if (!r) return std::unexpected(r.error());
    return std::format("ready; the server offers {} format(s)", clip.server_formats().size());
}

std::expected<void, std::string> StepRunner::offer(std::vector<Clipboard::Item> items) {
    if (auto r = wait_for_clipboard(); !r) return r;
    Clipboard& clip = client_.clipboard();
    if (auto r = clip.offer(std::move(items)); !r) return r;
    auto r = client_.wait_until([&] { return clip.offer_answer().has_value(); }, deadline(),
                                "the server's answer to our format list");
    if (!r) return r;
    if (!*clip.offer_answer()) return std::unexpected("the server refused our format list");
    return {};
}

std::expected<std::vector<uint8_t>, std::string> StepRunner::fetch(uint32_t format_id) {
    Clipboard& clip = client_.clipboard();
    if (auto r = clip.request(format_id); !r) return std::unexpected(r.error());
    auto r = client_.wait_until([&] { return clip.response().has_value(); }, deadline(), "the server's clipboard data");
    if (!r) return std::unexpected(r.error());
    return *clip.response();
}

StepRunner::Result StepRunner::operator()(const step::ClipboardSetText& s) {
    auto r = offer({{{CF_UNICODETEXT, ""}, utf16le_with_nul(s.text)}});
    if (!r) return std::unexpected(r.error());
    client_.clipboard().results().text_offered = s.text;
    return std::format("offered \"{}\"", abbreviated(s.text));
}

StepRunner::Result StepRunner::operator()(const step::ClipboardGetText& s) {
    if (auto r = wait_for_clipboard(); !r) return std::unexpected(r.error());
    const Clipboard& clip = client_.clipboard();
    auto r = client_.wait_until([&] { return clip.server_has({CF_UNICODETEXT}, {}).has_value(); }, deadline(),
                                "a server format list with CF_UNICODETEXT");
    if (!r) return std::unexpected(r.error());
    auto bytes = fetch(CF_UNICODETEXT);
    if (!bytes) return std::unexpected(bytes.error());
    const std::string text = utf16le_to_utf8(*bytes);
    if (auto w = write_file(s.path, text); !w) return std::unexpected(w.error());
    client_.clipboard().results().text_received = text;
    return std::format("got \"{}\"", abbreviated(text));
}

StepRunner::Result StepRunner::operator()(const step::ClipboardSetImage& s) {
    auto png = read_file(s.path);
    if (!png) return std::unexpected(png.error());
    auto image = tools::decode_png(png->data(), png->size(), s.path);
    if (!image) return std::unexpected(image.error());
    auto r = offer({{{CF_DIB, ""}, image_to_dib(*image)}, {{kPngFormatId, kPngFormatName}, std::move(*png)}});
    if (!r) return std::unexpected(r.error());
    const std::string what = std::format("{}x{}", image->width, image->height);
    client_.clipboard().results().image_offered = what;
    return "offered a " + what + " image as CF_DIB and PNG";
}

// Prefers PNG (the exact bytes) over the DIBs.
StepRunner::Result StepRunner::operator()(const step::ClipboardGetImage& s) {
    if (auto r = wait_for_clipboard(); !r) return std::unexpected(r.error());
    const Clipboard& clip = client_.clipboard();
    const std::vector<uint32_t> dibs{CF_DIBV5, CF_DIB};
    const std::vector<std::string> pngs{kPngFormatName, "image/png"};
    auto pick = [&] { return clip.server_has({}, pngs).or_else([&] { return clip.server_has(dibs, {}); }); };
    auto r = client_.wait_until([&] { return pick().has_value(); }, deadline(),
                                "a server format list with an image (PNG, CF_DIBV5 or CF_DIB)");
    if (!r) return std::unexpected(r.error());
    const Clipboard::Format format = *pick();
    auto bytes = fetch(format.id);
    if (!bytes) return std::unexpected(bytes.error());
    const std::string via = format.name.empty() ? (format.id == CF_DIB ? "CF_DIB" : "CF_DIBV5") : format.name;
    auto image = format.name.empty() ? dib_to_image(*bytes) : tools::decode_png(bytes->data(), bytes->size(), via);
    if (!image) return std::unexpected("the server's " + via + " data: " + image.error());
    if (auto w = tools::save_png(*image, s.path); !w) return std::unexpected(w.error());
    const std::string what = std::format("{}x{} via {}", image->width, image->height, via);
    client_.clipboard().results().image_received = what;
    return "got " + what;
}

}  // namespace wrd::probe
