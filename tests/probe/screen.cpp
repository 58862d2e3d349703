#include "screen.hpp"

#include <cstring>

namespace wrd::probe {

tools::Image desktop_image(const rdpGdi* gdi) {
    tools::Image img(gdi->width, gdi->height);
    for (int y = 0; y < gdi->height; ++y) {
        const BYTE* row = gdi->primary_buffer + static_cast<size_t>(y) * gdi->stride;
        for (int x = 0; x < gdi->width; ++x) {
            // PIXEL_FORMAT_BGRX32: bytes B, G, R, X in memory.
            const BYTE* px = row + static_cast<size_t>(x) * 4;
            img.at(x, y) = (uint32_t{px[2]} << 16) | (uint32_t{px[1]} << 8) | px[0];
        }
    }
    return img;
}

std::expected<std::vector<uint8_t>, std::string> region_pixels(const rdpGdi* gdi, const Region& r) {
    if (r.x < 0 || r.y < 0 || r.x + r.width > gdi->width || r.y + r.height > gdi->height)
        return std::unexpected("the region " + std::to_string(r.width) + "x" + std::to_string(r.height) + "+" +
                               std::to_string(r.x) + "+" + std::to_string(r.y) + " is not inside the " +
                               std::to_string(gdi->width) + "x" + std::to_string(gdi->height) + " desktop");
    const size_t row_bytes = static_cast<size_t>(r.width) * 4;
    std::vector<uint8_t> out(row_bytes * static_cast<size_t>(r.height));
    for (int y = 0; y < r.height; ++y) {
        const BYTE* src =
            gdi->primary_buffer + static_cast<size_t>(r.y + y) * gdi->stride + static_cast<size_t>(r.x) * 4;
        std::memcpy(out.data() + static_cast<size_t>(y) * row_bytes, src, row_bytes);
    }
    return out;
}

}  // namespace wrd::probe
