// CF_DIB / CF_DIBV5 clipboard data (a BITMAPINFOHEADER or larger header, then the pixels) to and
// from the test tools' Image. Any thread; no state.
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "image.hpp"

namespace wrd::probe {

// A 24-bit bottom-up BI_RGB DIB: the form every reader understands.
std::vector<uint8_t> image_to_dib(const tools::Image& image);

// Reads 24- and 32-bit DIBs, BI_RGB or BI_BITFIELDS with 8-bit channels, bottom-up or top-down,
// with any header size from BITMAPINFOHEADER (40) to BITMAPV5HEADER (124). Alpha is dropped.
std::expected<tools::Image, std::string> dib_to_image(std::span<const uint8_t> dib);

}  // namespace wrd::probe
