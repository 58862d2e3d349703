// PNG through libpng's simplified png_image API: it converts any PNG (palette, grey, 16-bit,
// alpha) to 8-bit RGB for us and reports errors in png_image.message instead of longjmp, so
// no C++ frame is ever jumped over.
#include <png.h>

#include <cstring>

#include "image.hpp"

namespace wrd::tools {
namespace {

// Frees libpng's internal state on every path out; png_image_free is safe to call twice.
struct PngImage {
    png_image image;
    PngImage() {
        std::memset(&image, 0, sizeof image);
        image.version = PNG_IMAGE_VERSION;
    }
    PngImage(const PngImage&) = delete;
    PngImage& operator=(const PngImage&) = delete;
    ~PngImage() { png_image_free(&image); }
};

std::string png_error(const std::string& path, const png_image& image) {
    return path + ": " + (image.message[0] ? image.message : "libpng error");
}

// Shared by the file and memory readers once png.image has been begun.
std::expected<Image, std::string> finish_read(PngImage& png, const std::string& what) {
    png.image.format = PNG_FORMAT_RGB;
    // Flatten any transparency onto black, as a screenshot of an opaque desktop would be.
    png_color black{0, 0, 0};
    std::vector<unsigned char> rgb(PNG_IMAGE_SIZE(png.image));
    if (!png_image_finish_read(&png.image, &black, rgb.data(), 0, nullptr))
        return std::unexpected(png_error(what, png.image));
    Image img(static_cast<int>(png.image.width), static_cast<int>(png.image.height));
    const unsigned char* p = rgb.data();
    for (uint32_t& px : img.pixels) {
        px = (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
        p += 3;
    }
    return img;
}

}  // namespace

std::expected<Image, std::string> load_png(const std::string& path) {
    PngImage png;
    if (!png_image_begin_read_from_file(&png.image, path.c_str())) return std::unexpected(png_error(path, png.image));
    return finish_read(png, path);
}

std::expected<Image, std::string> decode_png(const void* data, size_t size, const std::string& what) {
    PngImage png;
    if (!png_image_begin_read_from_memory(&png.image, data, size)) return std::unexpected(png_error(what, png.image));
    return finish_read(png, what);
}

std::expected<void, std::string> save_png(const Image& img, const std::string& path) {
    PngImage png;
    png.image.width = static_cast<png_uint_32>(img.width);
    png.image.height = static_cast<png_uint_32>(img.height);
    png.image.format = PNG_FORMAT_RGB;
    std::vector<unsigned char> rgb(img.pixels.size() * 3);
    unsigned char* p = rgb.data();
    for (uint32_t px : img.pixels) {
        *p++ = static_cast<unsigned char>(px >> 16);
        *p++ = static_cast<unsigned char>(px >> 8);
        *p++ = static_cast<unsigned char>(px);
    }
    if (!png_image_write_to_file(&png.image, path.c_str(), 0, rgb.data(), 0, nullptr))
        return std::unexpected(png_error(path, png.image));
    return {};
}

}  // namespace wrd::tools
