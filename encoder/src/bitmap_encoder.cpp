#include "bitmap_encoder.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "freerdp_codecs.hpp"
#include "interleaved_rle.hpp"
#include "rdp6_planar.hpp"

namespace wrd::encoder {
namespace {

// Bitmap updates carry tiles of at most 64x64 pixels, as Windows servers and rdesktop use them.
constexpr int32_t kTileSide = 64;

int32_t round_up4(int32_t v) {
    return (v + 3) & ~3;
}
size_t bytes_per_pixel(uint32_t bpp) {
    return (bpp + 7) / 8;
}
size_t raw_size(const BitmapTile& t) {
    return size_t{t.width} * t.height * bytes_per_pixel(t.bpp);
}

bool valid_depth(uint32_t depth) {
    return depth == 15 || depth == 16 || depth == 24 || depth == 32;
}

// The tiles of one rectangle: 64x64 from its top-left corner, narrower or lower at its right and
// bottom edges.
std::vector<Rect> split(const Rect& r) {
    std::vector<Rect> out;
    for (int32_t y = r.y; y < r.bottom(); y += kTileSide) {
        for (int32_t x = r.x; x < r.right(); x += kTileSide) {
            out.push_back({x, y, std::min(kTileSide, r.right() - x), std::min(kTileSide, r.bottom() - y)});
        }
    }
    return out;
}

// One BGRX pixel in the uncompressed layout of `bpp` (MS-RDPBCGR 2.2.9.1.1.3.1.2.2: the client
// reads 32 bpp as BGRA, 24 as BGR, 16 as RGB565 and 15 as RGB555, little-endian).
uint8_t* put_pixel(uint8_t* out, const uint8_t* bgrx, uint32_t bpp) {
    const unsigned b = bgrx[0], g = bgrx[1], r = bgrx[2];
    switch (bpp) {
        case 32:
            *out++ = static_cast<uint8_t>(b);
            *out++ = static_cast<uint8_t>(g);
            *out++ = static_cast<uint8_t>(r);
            *out++ = 0xFF;
            return out;
        case 24:
            *out++ = static_cast<uint8_t>(b);
            *out++ = static_cast<uint8_t>(g);
            *out++ = static_cast<uint8_t>(r);
            return out;
        default: {
            const unsigned v = bpp == 16 ? ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3)
                                         : ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
            *out++ = static_cast<uint8_t>(v);
            *out++ = static_cast<uint8_t>(v >> 8);
            return out;
        }
    }
}

}  // namespace

std::expected<BitmapEncoder, std::string> BitmapEncoder::create() {
    return BitmapEncoder();
}

std::expected<std::vector<BitmapTile>, std::string> BitmapEncoder::encode(const FrameView& frame,
                                                                          std::span<const Rect> rects,
                                                                          const BitmapOptions& options) {
    if (!valid_depth(options.color_depth)) return std::unexpected("unsupported bitmap colour depth");
    if (auto ok = fr::check_frame(frame); !ok) return std::unexpected(ok.error());
    // Disjoint rectangles, so that no pixel is sent twice.
    auto damage = fr::damage_rects(frame, rects);
    if (!damage) return std::unexpected(damage.error());
    std::vector<BitmapTile> tiles;
    for (const Rect& r : *damage) {
        for (const Rect& dest : split(r)) tiles.push_back(encode_tile(frame, dest, options));
    }
    return tiles;
}

// The tile's pixels as rows of `padded_width` BGRX pixels, X = 0xFF: planar sends it as the alpha
// plane; the padding repeats the rightmost pixel, which the RLE codecs turn into cheap runs.
void BitmapEncoder::copy_tile(const FrameView& frame, const Rect& dest, int32_t padded_width) {
    const auto row_bytes = static_cast<size_t>(padded_width) * 4;
    tile_.resize(row_bytes * static_cast<size_t>(dest.height));
    for (int32_t y = 0; y < dest.height; ++y) {
        uint8_t* row = tile_.data() + row_bytes * static_cast<size_t>(y);
        std::memcpy(row, frame.pixel(dest.x, dest.y + y), static_cast<size_t>(dest.width) * 4);
        for (int32_t x = 0; x < dest.width; ++x) row[x * 4 + 3] = 0xFF;
        for (int32_t x = dest.width; x < padded_width; ++x) std::memcpy(row + x * 4, row + (dest.width - 1) * 4, 4);
    }
}

BitmapTile BitmapEncoder::encode_tile(const FrameView& frame, const Rect& dest, const BitmapOptions& options) {
    BitmapTile tile{dest,
                    options.color_depth,
                    false,
                    static_cast<uint16_t>(round_up4(dest.width)),
                    static_cast<uint16_t>(dest.height),
                    {}};
    copy_tile(frame, dest, tile.width);
    if (options.compression && (tile.bpp < 32 || options.planar)) {
        std::vector<uint8_t> packed =
            tile.bpp == 32
                ? encode_rdp6_planar(tile_.data(), tile.width, tile.height, tile.width * 4, ScanlineOrder::bottom_up)
                : encode_interleaved_rle(tile_.data(), tile.width, tile.height, tile.width * 4, tile.bpp);
        if (packed.size() < raw_size(tile)) {
            tile.bytes = std::move(packed);
            tile.compressed = true;
            return tile;
        }
    }
    store_uncompressed(tile);
    return tile;
}

// Bottom-up rows (MS-RDPBCGR 2.2.9.1.1.3.1.2.2), `width` pixels each; as width is a multiple of
// 4, every row also ends on a 4-byte boundary.
void BitmapEncoder::store_uncompressed(BitmapTile& tile) {
    tile.compressed = false;
    tile.bytes.resize(raw_size(tile));
    uint8_t* out = tile.bytes.data();
    const size_t row_bytes = size_t{tile.width} * 4;
    for (int32_t y = tile.height - 1; y >= 0; --y) {
        const uint8_t* src = tile_.data() + row_bytes * static_cast<size_t>(y);
        for (int32_t x = 0; x < tile.width; ++x) out = put_pixel(out, src + x * 4, tile.bpp);
    }
}

}  // namespace wrd::encoder
