// Reading the decoded desktop: the GDI's primary buffer (BGRX, the format the probe asked for)
// as an Image for screenshots, and raw copies of a region to notice when it changes. Main
// thread only (the buffer is written by the decoders inside Client::pump()).
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "freerdp.hpp"
#include "image.hpp"
#include "steps.hpp"

namespace wrd::probe {

// The whole desktop as the client sees it now.
tools::Image desktop_image(const rdpGdi* gdi);

// The region's pixels, row by row; an error when the region does not lie inside the desktop.
std::expected<std::vector<uint8_t>, std::string> region_pixels(const rdpGdi* gdi, const Region& region);

}  // namespace wrd::probe
