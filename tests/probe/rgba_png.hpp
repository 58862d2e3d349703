// Writes an image with its alpha channel as an 8-bit RGBA PNG: the test tools' Image is RGB
// only, and a pointer image is mostly about which pixels are transparent. Any thread; no state.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace wrd::probe {

// `argb` holds width * height 0xAARRGGBB words (straight alpha), rows top-down. The error names
// the file and libpng's reason.
std::expected<void, std::string> save_rgba_png(const std::vector<uint32_t>& argb, uint32_t width, uint32_t height,
                                               const std::string& path);

}  // namespace wrd::probe
