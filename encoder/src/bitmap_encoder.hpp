// BitmapEncoder: legacy bitmap updates for clients without GFX or RemoteFX (rdesktop 1.9, old
// thin clients).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "frame.hpp"
#include "rect.hpp"

namespace wrd::encoder {

// What the client accepts, from its capability sets.
struct BitmapOptions {
    uint32_t color_depth = 32;  // 15, 16, 24 or 32: the session's colour depth
    bool compression = true;    // compressed bitmaps allowed (Bitmap Capability Set, MS-RDPBCGR 2.2.7.1.2)
    bool planar = false;        // RDP 6.0 bitmap compression allowed (32 bpp only, MS-RDPEGDI 2.2.2.5.1)
};

// The contents of one TS_BITMAP_DATA (MS-RDPBCGR 2.2.9.1.1.3.1.2.2).
//
// `dest` is the area of the screen the tile paints, and the PDU fields are
//   destLeft = dest.x,  destRight  = dest.x + dest.width - 1   (inclusive)
//   destTop  = dest.y,  destBottom = dest.y + dest.height - 1  (inclusive)
//   width = `width` = dest.width rounded up to a multiple of 4 (MS-RDPBCGR 2.2.9.1.1.3.1.2.3
//           wants cbScanWidth divisible by 4, and so do FreeRDP's and Windows' encoders; the
//           extra columns repeat the rightmost pixel and the client clips them away),
//   height = `height` = dest.height.
// `bytes` is bitmapDataStream: for a compressed tile the codec output without a TS_CD_HEADER
// (when the client did not set NO_BITMAP_COMPRESSION_HDR the caller adds one with
// cbCompMainBodySize = bytes.size(), cbScanWidth = width, cbUncompressedSize =
// width * height * ((bpp + 7) / 8)); for an uncompressed tile bottom-up rows of `width` pixels
// (BGRA with A = 0xFF at 32 bpp, BGR at 24, little-endian RGB565 at 16, RGB555 at 15).
struct BitmapTile {
    Rect dest;
    uint32_t bpp = 0;         // bitsPerPixel
    bool compressed = false;  // BITMAP_COMPRESSION flag
    uint16_t width = 0;
    uint16_t height = 0;
    std::vector<uint8_t> bytes;
};

// Cuts the damaged area of a BGRX frame into tiles of at most 64x64 pixels and encodes each:
// RDP 6.0 planar at 32 bpp when the client allows it (rdp6_planar.hpp), interleaved RLE at 15, 16
// and 24 bpp (interleaved_rle.hpp), and uncompressed when compression is off, at 32 bpp without
// planar (interleaved RLE has no 32 bpp form), or when the codec output would not be smaller.
// All are lossless at the colour depth (15 and 16 bpp keep the top 5/6 bits of each channel).
// Both codecs are our own: FreeRDP 3.15's encoders for them corrupt pixels (see those headers);
// FreeRDP's decoders check them in the tests.
//
// Holds only scratch buffers. Used by one thread at a time (the encoder thread).
class BitmapEncoder {
public:
    // Never fails today (nothing to set up); it returns std::expected like the other encoders'
    // create() so that callers treat every codec alike.
    static std::expected<BitmapEncoder, std::string> create();

    // The tiles covering `rects` clipped to the frame, each screen pixel in exactly one tile, in
    // top-to-bottom, left-to-right order per rectangle. Empty when nothing lies inside the frame.
    // The caller packs them into Bitmap Update PDUs within the client's request size.
    std::expected<std::vector<BitmapTile>, std::string> encode(const FrameView& frame, std::span<const Rect> rects,
                                                               const BitmapOptions& options);

private:
    BitmapEncoder() = default;
    void copy_tile(const FrameView& frame, const Rect& dest, int32_t padded_width);
    BitmapTile encode_tile(const FrameView& frame, const Rect& dest, const BitmapOptions& options);
    void store_uncompressed(BitmapTile& tile);

    std::vector<uint8_t> tile_;  // the current tile as padded BGRX rows, X = 0xFF
};

}  // namespace wrd::encoder
