// Packed DIB reading and writing (image_codec.hpp). Field offsets follow BITMAPINFOHEADER and
// BITMAPV5HEADER as documented for wingdi.h; all values are little-endian.
#include <bit>
#include <cstring>
#include <format>

#include "clipboard/image_codec.hpp"

namespace wrd::rdp {
namespace {

constexpr uint32_t bi_rgb = 0;
constexpr uint32_t bi_bitfields = 3;
constexpr uint32_t bi_png = 5;
constexpr uint32_t bi_alphabitfields = 6;
constexpr uint32_t lcs_srgb = 0x73524742;  // 'sRGB'
constexpr uint32_t lcs_gm_images = 4;
constexpr uint32_t pixels_per_metre_96dpi = 3780;

uint32_t u32_at(ByteView d, size_t at) { return d[at] | d[at + 1] << 8 | d[at + 2] << 16 | uint32_t{d[at + 3]} << 24; }
uint16_t u16_at(ByteView d, size_t at) { return static_cast<uint16_t>(d[at] | d[at + 1] << 8); }

void put_u32(uint8_t* at, uint32_t v) {
    for (int i = 0; i < 4; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_u16(uint8_t* at, uint16_t v) {
    at[0] = static_cast<uint8_t>(v);
    at[1] = static_cast<uint8_t>(v >> 8);
}

// One colour channel described by a bit mask, scaled to 8 bits.
struct Channel {
    uint32_t mask = 0;
    int shift = 0;
    int bits = 0;

    explicit Channel(uint32_t m) : mask(m), shift(m ? std::countr_zero(m) : 0), bits(std::popcount(m)) {}
    uint8_t get(uint32_t pixel) const {
        if (!bits) return 0;
        uint32_t v = (pixel & mask) >> shift;
        if (bits >= 8) return static_cast<uint8_t>(v >> (bits - 8));
        return static_cast<uint8_t>(v * 255 / ((1u << bits) - 1));
    }
};

struct Layout {
    uint32_t width;
    uint32_t height;
    bool top_down;
    uint16_t bpp;
    uint32_t masks[4];  // R, G, B, A
    size_t pixel_offset;
    size_t stride;
};

size_t row_stride(uint64_t width, unsigned bpp) { return static_cast<size_t>((width * bpp + 31) / 32 * 4); }

// Reads the colour masks; returns the bytes they take after a 40-byte header.
std::expected<size_t, std::string> read_masks(ByteView dib, uint32_t header, uint32_t compression, uint16_t bpp,
                                              uint32_t (&masks)[4]) {
    if (compression == bi_rgb) {
        uint32_t defaults32[4] = {0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000};
        uint32_t defaults16[4] = {0x7C00, 0x03E0, 0x001F, 0};
        std::memcpy(masks, bpp == 16 ? defaults16 : defaults32, sizeof masks);
        return 0;
    }
    if (bpp == 24) return std::unexpected("bit fields with 24 bits per pixel");
    size_t count = compression == bi_alphabitfields ? 4 : 3;
    // BITMAPV2 and later headers hold the masks themselves (alpha from V3 on).
    size_t at = header >= 52 ? 40 : header;
    if (header >= 56) count = 4;
    if (at + 4 * count > dib.size()) return std::unexpected("the colour masks are cut off");
    masks[3] = 0;
    for (size_t i = 0; i < count; ++i) masks[i] = u32_at(dib, at + 4 * i);
    return header >= 52 ? 0 : 4 * count;
}

std::expected<Layout, std::string> read_layout(ByteView dib) {
    if (dib.size() < 40) return std::unexpected(std::format("{} bytes are too short for a DIB", dib.size()));
    uint32_t header = u32_at(dib, 0);
    if (header < 40 || header > dib.size())
        return std::unexpected(std::format("unsupported DIB header size {}", header));
    auto width = static_cast<int32_t>(u32_at(dib, 4));
    auto height = static_cast<int32_t>(u32_at(dib, 8));
    uint16_t bpp = u16_at(dib, 14);
    uint32_t compression = u32_at(dib, 16);
    if (width <= 0 || height == 0 || height == INT32_MIN)
        return std::unexpected(std::format("bad DIB size {}x{}", width, height));
    uint64_t rows = height < 0 ? uint64_t(-int64_t{height}) : uint64_t(height);
    if (uint64_t(width) * rows > max_image_pixels)
        return std::unexpected(std::format("DIB {}x{} is too large", width, rows));
    if (bpp != 16 && bpp != 24 && bpp != 32) return std::unexpected(std::format("unsupported DIB depth {} bits", bpp));
    if (compression != bi_rgb && compression != bi_bitfields && compression != bi_alphabitfields)
        return std::unexpected(std::format("unsupported DIB compression {}", compression));
    Layout layout{uint32_t(width), uint32_t(rows), height < 0, bpp, {}, 0, row_stride(uint32_t(width), bpp)};
    auto mask_bytes = read_masks(dib, header, compression, bpp, layout.masks);
    if (!mask_bytes) return std::unexpected(mask_bytes.error());
    uint64_t colours = u32_at(dib, 32);
    uint64_t offset = uint64_t{header} + *mask_bytes + colours * 4;
    uint64_t needed = uint64_t{layout.stride} * layout.height;
    // Some writers repeat the three masks after a V4/V5 header; the size gives them away.
    if (compression != bi_rgb && header > 40 && dib.size() == offset + 12 + needed) offset += 12;
    if (offset > dib.size() || dib.size() - offset < needed)
        return std::unexpected(std::format("DIB pixels cut off: {} bytes, {} needed", dib.size(), offset + needed));
    layout.pixel_offset = static_cast<size_t>(offset);
    return layout;
}

void convert_row(const Layout& layout, const uint8_t* src, uint8_t* dst, const Channel (&ch)[4]) {
    if (layout.bpp == 24) {
        for (uint32_t x = 0; x < layout.width; ++x, src += 3, dst += 4) {
            dst[0] = src[2], dst[1] = src[1], dst[2] = src[0], dst[3] = 255;
        }
        return;
    }
    bool bgra = layout.bpp == 32 && layout.masks[0] == 0x00FF0000 && layout.masks[1] == 0x0000FF00 &&
                layout.masks[2] == 0x000000FF && layout.masks[3] == 0xFF000000;
    if (bgra) {
        for (uint32_t x = 0; x < layout.width; ++x, src += 4, dst += 4) {
            dst[0] = src[2], dst[1] = src[1], dst[2] = src[0], dst[3] = src[3];
        }
        return;
    }
    for (uint32_t x = 0; x < layout.width; ++x, dst += 4) {
        uint32_t pixel = layout.bpp == 16 ? uint32_t{u16_at({src, 2}, 0)} : u32_at({src, 4}, 0);
        src += layout.bpp / 8;
        for (int c = 0; c < 4; ++c) dst[c] = ch[c].get(pixel);
    }
}

// Alpha bytes that are all zero mean "no alpha": CF_DIB leaves the fourth byte reserved.
void fix_alpha(RgbaImage& image, bool has_alpha_mask) {
    bool any = false;
    for (size_t i = 3; i < image.rgba.size() && has_alpha_mask && !any; i += 4) any = image.rgba[i] != 0;
    if (any) return;
    for (size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
}

// Writes the rows bottom-up with `bytes_per_pixel` (3: BGR over white, 4: BGRA).
void write_rows(const RgbaImage& image, int bytes_per_pixel, uint8_t* out) {
    size_t stride = row_stride(image.width, static_cast<unsigned>(bytes_per_pixel * 8));
    for (uint32_t y = 0; y < image.height; ++y) {
        const uint8_t* src = image.rgba.data() + size_t{image.height - 1 - y} * image.width * 4;
        uint8_t* dst = out + y * stride;
        for (uint32_t x = 0; x < image.width; ++x, src += 4, dst += bytes_per_pixel) {
            if (bytes_per_pixel == 4) {
                dst[0] = src[2], dst[1] = src[1], dst[2] = src[0], dst[3] = src[3];
                continue;
            }
            unsigned a = src[3];
            for (int c = 0; c < 3; ++c) dst[2 - c] = static_cast<uint8_t>((src[c] * a + 255 * (255 - a) + 127) / 255);
        }
    }
}

Bytes dib_with_header(const RgbaImage& image, uint32_t header_size, uint16_t bpp, uint32_t compression) {
    size_t image_size = row_stride(image.width, bpp) * image.height;
    Bytes out(header_size + image_size, 0);
    uint8_t* h = out.data();
    put_u32(h, header_size);
    put_u32(h + 4, image.width);
    put_u32(h + 8, image.height);  // positive: bottom-up, the layout every reader handles
    put_u16(h + 12, 1);
    put_u16(h + 14, bpp);
    put_u32(h + 16, compression);
    put_u32(h + 20, static_cast<uint32_t>(image_size));
    put_u32(h + 24, pixels_per_metre_96dpi);
    put_u32(h + 28, pixels_per_metre_96dpi);
    return out;
}

}  // namespace

bool is_opaque(const RgbaImage& image) {
    for (size_t i = 3; i < image.rgba.size(); i += 4)
        if (image.rgba[i] != 255) return false;
    return true;
}

std::expected<RgbaImage, std::string> decode_dib(ByteView dib) {
    auto layout = read_layout(dib);
    if (!layout) return std::unexpected(layout.error());
    RgbaImage image{layout->width, layout->height, Bytes(size_t{layout->width} * layout->height * 4)};
    const Channel channels[4] = {Channel(layout->masks[0]), Channel(layout->masks[1]), Channel(layout->masks[2]),
                                 Channel(layout->masks[3])};
    for (uint32_t y = 0; y < layout->height; ++y) {
        uint32_t source_row = layout->top_down ? y : layout->height - 1 - y;
        const uint8_t* src = dib.data() + layout->pixel_offset + size_t{source_row} * layout->stride;
        convert_row(*layout, src, image.rgba.data() + size_t{y} * layout->width * 4, channels);
    }
    fix_alpha(image, layout->bpp != 24 && layout->masks[3] != 0);
    return image;
}

std::optional<ByteView> embedded_png(ByteView dib) {
    if (dib.size() < 40 || u32_at(dib, 16) != bi_png) return std::nullopt;
    uint32_t header = u32_at(dib, 0);
    if (header < 40 || header >= dib.size()) return std::nullopt;
    return dib.subspan(header);
}

Bytes encode_dib(const RgbaImage& image) {
    Bytes out = dib_with_header(image, 40, 24, bi_rgb);
    write_rows(image, 3, out.data() + 40);
    return out;
}

Bytes encode_dibv5(const RgbaImage& image) {
    Bytes out = dib_with_header(image, 124, 32, bi_bitfields);
    uint8_t* h = out.data();
    put_u32(h + 40, 0x00FF0000);
    put_u32(h + 44, 0x0000FF00);
    put_u32(h + 48, 0x000000FF);
    put_u32(h + 52, 0xFF000000);
    put_u32(h + 56, lcs_srgb);
    put_u32(h + 108, lcs_gm_images);
    write_rows(image, 4, out.data() + 124);
    return out;
}

BytesResult png_from_dib(ByteView dib) {
    if (auto png = embedded_png(dib)) return Bytes(png->begin(), png->end());
    auto image = decode_dib(dib);
    if (!image) return std::unexpected(image.error());
    return encode_png(*image);
}

BytesResult dib_from_png(ByteView png, DibVersion version) {
    auto image = decode_png(png);
    if (!image) return std::unexpected(image.error());
    return version == DibVersion::v5 ? encode_dibv5(*image) : encode_dib(*image);
}

}  // namespace wrd::rdp
