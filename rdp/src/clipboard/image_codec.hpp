// Images between the RDP clipboard bitmap formats and Wayland's image/png. Pure functions,
// any thread; a 3840x2160 image takes some tens of milliseconds.
//
// CF_DIB is a packed DIB: BITMAPINFOHEADER, optional colour masks and colour table, then the
// rows, each padded to 4 bytes, bottom-up unless the height is negative. CF_DIBV5 is the same
// with a BITMAPV5HEADER, which carries the masks (alpha included) and a colour space.
// MS-RDPECLIP 2.2.5.2 sends both as they are on the Windows clipboard.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "clipboard/bytes.hpp"

namespace wrd::rdp {

// Decoded pixels: top-down rows of RGBA, 4 bytes per pixel, straight (not premultiplied) alpha.
struct RgbaImage {
    uint32_t width = 0;
    uint32_t height = 0;
    Bytes rgba;
};

// Images beyond this many pixels are refused (256 MiB as RGBA) so a bogus header cannot
// make us allocate gigabytes.
inline constexpr uint64_t max_image_pixels = uint64_t{1} << 26;

bool is_opaque(const RgbaImage& image);

// Any packed DIB with a 40-, 52-, 56-, 108- or 124-byte header; 16, 24 or 32 bits per pixel;
// BI_RGB, BI_BITFIELDS or BI_ALPHABITFIELDS; bottom-up or top-down. A 32-bit image whose
// alpha bytes are all zero is taken as opaque (most apps leave that byte zero).
std::expected<RgbaImage, std::string> decode_dib(ByteView dib);

// The PNG inside a DIB with BI_PNG compression, if it is one.
std::optional<ByteView> embedded_png(ByteView dib);

// CF_DIB for the widest compatibility: BITMAPINFOHEADER, 24 bits, bottom-up, BI_RGB, any
// transparency flattened onto white (apps reading CF_DIB ignore alpha and would show black).
Bytes encode_dib(const RgbaImage& image);

// CF_DIBV5 that keeps transparency: BITMAPV5HEADER, 32 bits, bottom-up, BI_BITFIELDS with an
// alpha mask, sRGB.
Bytes encode_dibv5(const RgbaImage& image);

// PNG via libpng, in memory. Any PNG colour type and depth decodes to 8-bit RGBA; encoding
// writes RGB when every pixel is opaque, else RGBA.
std::expected<RgbaImage, std::string> decode_png(ByteView png);
std::expected<Bytes, std::string> encode_png(const RgbaImage& image);

// The conversions the clipboard needs, composed from the above.
BytesResult png_from_dib(ByteView dib);
enum class DibVersion { v3, v5 };
BytesResult dib_from_png(ByteView png, DibVersion version);

}  // namespace wrd::rdp
