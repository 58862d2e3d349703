// The layouts are MS-WMF 2.2.2.3 (BITMAPINFOHEADER) and 2.2.2.5 (BITMAPV5HEADER): little-endian
// fields, rows padded to 4 bytes, bottom-up unless the height is negative.
#include "dib.hpp"

#include <bit>

namespace wrd::probe {
namespace {

constexpr uint32_t kBiRgb = 0;
constexpr uint32_t kBiBitfields = 3;
constexpr size_t kInfoHeaderSize = 40;

uint32_t read_u32(std::span<const uint8_t> d, size_t at) {
    return uint32_t{d[at]} | (uint32_t{d[at + 1]} << 8) | (uint32_t{d[at + 2]} << 16) | (uint32_t{d[at + 3]} << 24);
}
uint16_t read_u16(std::span<const uint8_t> d, size_t at) {
    return static_cast<uint16_t>(d[at] | (d[at + 1] << 8));
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_u16(std::vector<uint8_t>& out, uint16_t v) {
    out.push_back(static_cast<uint8_t>(v));
    out.push_back(static_cast<uint8_t>(v >> 8));
}

size_t row_stride(size_t width, unsigned bpp) {
    return (width * bpp + 31) / 32 * 4;
}

// Where each 8-bit channel sits in a 32-bit pixel.
struct Masks {
    uint32_t red = 0x00ff0000;
    uint32_t green = 0x0000ff00;
    uint32_t blue = 0x000000ff;
};

std::expected<uint32_t, std::string> channel(uint32_t pixel, uint32_t mask) {
    if (std::popcount(mask) != 8) return std::unexpected("only 8-bit colour masks are supported");
    return (pixel & mask) >> std::countr_zero(mask);
}

struct Header {
    size_t size = 0;
    int64_t width = 0;
    int64_t height = 0;
    unsigned bpp = 0;
    uint32_t compression = 0;
    uint32_t colours_used = 0;
};

std::expected<Header, std::string> read_header(std::span<const uint8_t> dib) {
    if (dib.size() < kInfoHeaderSize) return std::unexpected("DIB shorter than its header");
    Header h;
    h.size = read_u32(dib, 0);
    h.width = static_cast<int32_t>(read_u32(dib, 4));
    h.height = static_cast<int32_t>(read_u32(dib, 8));
    h.bpp = read_u16(dib, 14);
    h.compression = read_u32(dib, 16);
    h.colours_used = read_u32(dib, 32);
    if (h.size < kInfoHeaderSize || h.size > dib.size()) return std::unexpected("bad DIB header size");
    if (h.width < 1 || h.height == 0 || h.width > 32768 || h.height > 32768 || h.height < -32768)
        return std::unexpected("bad DIB dimensions");
    if (h.bpp != 24 && h.bpp != 32) return std::unexpected("unsupported DIB depth " + std::to_string(h.bpp));
    if (h.compression != kBiRgb && h.compression != kBiBitfields)
        return std::unexpected("unsupported DIB compression " + std::to_string(h.compression));
    return h;
}

// The masks and the offset of the first pixel row. BI_BITFIELDS keeps its three masks after a
// 40-byte header and inside any larger one.
std::expected<std::pair<Masks, size_t>, std::string> layout(std::span<const uint8_t> dib, const Header& h) {
    Masks masks;
    size_t offset = h.size;
    if (h.compression == kBiBitfields) {
        const size_t at = kInfoHeaderSize;
        if (h.size == kInfoHeaderSize) offset += 12;
        if (dib.size() < at + 12) return std::unexpected("DIB masks are truncated");
        masks = {read_u32(dib, at), read_u32(dib, at + 4), read_u32(dib, at + 8)};
    }
    offset += size_t{h.colours_used} * 4;  // an optional palette, unused at 24/32 bpp
    return std::pair{masks, offset};
}

}  // namespace

std::vector<uint8_t> image_to_dib(const tools::Image& image) {
    const size_t stride = row_stride(static_cast<size_t>(image.width), 24);
    std::vector<uint8_t> out;
    out.reserve(kInfoHeaderSize + stride * static_cast<size_t>(image.height));
    put_u32(out, kInfoHeaderSize);
    put_u32(out, static_cast<uint32_t>(image.width));
    put_u32(out, static_cast<uint32_t>(image.height));  // positive: bottom-up
    put_u16(out, 1);                                    // planes
    put_u16(out, 24);
    put_u32(out, kBiRgb);
    put_u32(out, static_cast<uint32_t>(stride * static_cast<size_t>(image.height)));
    for (int i = 0; i < 4; ++i) put_u32(out, i < 2 ? 2835 : 0);  // 72 dpi; no palette
    for (int y = image.height - 1; y >= 0; --y) {
        const size_t row_start = out.size();
        for (int x = 0; x < image.width; ++x) {
            const uint32_t px = image.at(x, y);
            out.push_back(static_cast<uint8_t>(px));
            out.push_back(static_cast<uint8_t>(px >> 8));
            out.push_back(static_cast<uint8_t>(px >> 16));
        }
        out.resize(row_start + stride, 0);
    }
    return out;
}

std::expected<tools::Image, std::string> dib_to_image(std::span<const uint8_t> dib) {
    auto h = read_header(dib);
    if (!h) return std::unexpected(h.error());
    auto lay = layout(dib, *h);
    if (!lay) return std::unexpected(lay.error());
    const auto [masks, offset] = *lay;
    const auto width = static_cast<size_t>(h->width);
    const auto rows = static_cast<size_t>(h->height < 0 ? -h->height : h->height);
    const size_t stride = row_stride(width, h->bpp);
    if (offset > dib.size() || (dib.size() - offset) / stride < rows)
        return std::unexpected("DIB pixels are truncated");
    tools::Image img(static_cast<int>(width), static_cast<int>(rows));
    for (size_t row = 0; row < rows; ++row) {
        const size_t y = h->height < 0 ? row : rows - 1 - row;
        const size_t base = offset + row * stride;
        for (size_t x = 0; x < width; ++x) {
            uint32_t rgb = 0;
            if (h->bpp == 24) {
                const size_t at = base + x * 3;
                rgb = (uint32_t{dib[at + 2]} << 16) | (uint32_t{dib[at + 1]} << 8) | dib[at];
            } else {
                const uint32_t px = read_u32(dib, base + x * 4);
                auto r = channel(px, masks.red);
                auto g = channel(px, masks.green);
                auto b = channel(px, masks.blue);
                if (!r || !g || !b) return std::unexpected(r ? (g ? b.error() : g.error()) : r.error());
                rgb = (*r << 16) | (*g << 8) | *b;
            }
            img.at(static_cast<int>(x), static_cast<int>(y)) = rgb;
        }
    }
    return img;
}

}  // namespace wrd::probe
