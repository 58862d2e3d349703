// PNG encoding and decoding in memory with libpng (image_codec.hpp).
//
// libpng reports errors by longjmp. Each function below that calls libpng after setjmp keeps
// only trivially destructible locals, so the jump skips no destructor; buffers live in the
// callers.
#include <png.h>

#include <csetjmp>
#include <cstring>
#include <format>
#include <vector>

#include "clipboard/image_codec.hpp"

namespace wrd::rdp {
namespace {

// zlib level 3: clipboard images are made and read once, locally; level 6 costs about twice
// the time for a few percent of size.
constexpr int compression_level = 3;

struct PngState {
    ByteView input;
    size_t position = 0;
    Bytes* output = nullptr;
    std::string error;
};

PngState& state_of(png_structp png) { return *static_cast<PngState*>(png_get_io_ptr(png)); }

[[noreturn]] void on_error(png_structp png, png_const_charp message) {
    auto* state = static_cast<PngState*>(png_get_error_ptr(png));
    state->error = message;
    png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

void read_bytes(png_structp png, png_bytep out, size_t length) {
    PngState& state = state_of(png);
    if (state.input.size() - state.position < length) png_error(png, "PNG data cut off");
    std::memcpy(out, state.input.data() + state.position, length);
    state.position += length;
}

void write_bytes(png_structp png, png_bytep data, size_t length) {
    Bytes& out = *state_of(png).output;
    out.insert(out.end(), data, data + length);
}

void flush_nothing(png_structp) {}

// Reads the header and sets the transforms that make every PNG 8-bit RGBA.
bool read_header(png_structp png, png_infop info, uint32_t& width, uint32_t& height) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_set_user_limits(png, 1u << 16, 1u << 16);
    png_read_info(png, info);
    width = png_get_image_width(png, info);
    height = png_get_image_height(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    return png_get_rowbytes(png, info) == size_t{width} * 4;
}

bool read_rows(png_structp png, png_infop info, png_bytepp rows) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_read_image(png, rows);
    png_read_end(png, info);
    return true;
}

bool write_image(png_structp png, png_infop info, const RgbaImage& image, bool alpha, png_bytepp rows) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_set_write_fn(png, png_get_error_ptr(png), write_bytes, flush_nothing);
    png_set_compression_level(png, compression_level);
    png_set_IHDR(png, info, image.width, image.height, 8, alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_sRGB(png, info, PNG_sRGB_INTENT_PERCEPTUAL);
    png_write_info(png, info);
    // Our rows are RGBA; for an RGB file libpng drops the fourth byte itself.
    if (!alpha) png_set_filler(png, 0, PNG_FILLER_AFTER);
    png_write_image(png, rows);
    png_write_end(png, info);
    return true;
}

std::vector<png_bytep> row_pointers(uint8_t* pixels, uint32_t width, uint32_t height) {
    std::vector<png_bytep> rows(height);
    for (uint32_t y = 0; y < height; ++y) rows[y] = pixels + size_t{y} * width * 4;
    return rows;
}

struct ReadStructs {
    png_structp png = nullptr;
    png_infop info = nullptr;
    ~ReadStructs() { png_destroy_read_struct(&png, &info, nullptr); }
};

struct WriteStructs {
    png_structp png = nullptr;
    png_infop info = nullptr;
    ~WriteStructs() { png_destroy_write_struct(&png, &info); }
};

}  // namespace

std::expected<RgbaImage, std::string> decode_png(ByteView data) {
    if (data.size() < 8 || png_sig_cmp(data.data(), 0, 8) != 0) return std::unexpected("not a PNG");
    PngState state;
    state.input = data;
    ReadStructs s;
    s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (s.png) s.info = png_create_info_struct(s.png);
    if (!s.info) return std::unexpected("out of memory for libpng");
    png_set_read_fn(s.png, &state, read_bytes);
    RgbaImage image;
    if (!read_header(s.png, s.info, image.width, image.height))
        return std::unexpected("bad PNG: " + (state.error.empty() ? "unexpected row size" : state.error));
    if (uint64_t{image.width} * image.height > max_image_pixels)
        return std::unexpected(std::format("PNG {}x{} is too large", image.width, image.height));
    image.rgba.resize(size_t{image.width} * image.height * 4);
    auto rows = row_pointers(image.rgba.data(), image.width, image.height);
    if (!read_rows(s.png, s.info, rows.data())) return std::unexpected("bad PNG: " + state.error);
    return image;
}

std::expected<Bytes, std::string> encode_png(const RgbaImage& image) {
    if (image.width == 0 || image.height == 0 || image.rgba.size() != size_t{image.width} * image.height * 4)
        return std::unexpected(std::format("cannot encode a {}x{} image", image.width, image.height));
    Bytes out;
    out.reserve(image.rgba.size() / 4 + 1024);
    PngState state;
    state.output = &out;
    WriteStructs s;
    s.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (s.png) s.info = png_create_info_struct(s.png);
    if (!s.info) return std::unexpected("out of memory for libpng");
    // libpng wants non-const rows even when it only reads them.
    auto rows = row_pointers(const_cast<uint8_t*>(image.rgba.data()), image.width, image.height);
    if (!write_image(s.png, s.info, image, !is_opaque(image), rows.data()))
        return std::unexpected("PNG encoding failed: " + state.error);
    return out;
}

}  // namespace wrd::rdp
