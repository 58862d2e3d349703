#include "rgba_png.hpp"

#include <png.h>

#include <bit>

namespace wrd::probe {

static_assert(std::endian::native == std::endian::little, "pixels are read as little-endian words");

std::expected<void, std::string> save_rgba_png(const std::vector<uint32_t>& argb, uint32_t width, uint32_t height,
                                               const std::string& path) {
    if (width == 0 || height == 0 || argb.size() != size_t{width} * height)
        return std::unexpected(path + ": the image is empty or its size does not match its pixels");
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    image.width = width;
    image.height = height;
    // 0xAARRGGBB words are bytes B, G, R, A on this little-endian machine. 8-bit formats take
    // straight (not premultiplied) alpha, which is what the words hold.
    image.format = PNG_FORMAT_BGRA;
    const bool ok = png_image_write_to_file(&image, path.c_str(), 0, argb.data(), 0, nullptr) != 0;
    std::string why = image.message[0] ? image.message : "libpng error";
    png_image_free(&image);
    if (!ok) return std::unexpected(path + ": " + why);
    return {};
}

}  // namespace wrd::probe
