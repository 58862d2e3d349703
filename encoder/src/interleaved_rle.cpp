#include "interleaved_rle.hpp"

#include <algorithm>

namespace wrd::encoder {
namespace {

// Order codes (MS-RDPBCGR 2.2.9.1.1.3.1.2.4). A regular order keeps its count in the low 5 bits
// of the header; 0 there means a count byte follows, holding count - 32. A MEGA_MEGA order has a
// 16-bit count after the header.
constexpr uint8_t kRegularBgRun = 0x0;
constexpr uint8_t kRegularColorRun = 0x3;
constexpr uint8_t kRegularColorImage = 0x4;
constexpr uint8_t kMegaMegaBgRun = 0xF0;
constexpr uint8_t kMegaMegaColorRun = 0xF3;
constexpr uint8_t kMegaMegaColorImage = 0xF4;
constexpr size_t kMaxCount = 0xFFFF;

// Shorter runs cost more as orders than as part of a colour image: a background run needs only
// its header, a colour run a header and one pixel.
constexpr size_t kMinBgRun = 2;
constexpr size_t kMinColorRun = 3;

// One pixel as the format stores it: BGR bytes at 24 bpp, RGB565 / RGB555 at 16 / 15 bpp.
uint32_t pack(const uint8_t* p, uint32_t bpp) {
    const uint32_t b = p[0], g = p[1], r = p[2];
    if (bpp == 24) return b | (g << 8) | (r << 16);
    if (bpp == 16) return ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
    return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
}

// The pixels in the order they are coded: the bottom scanline first.
std::vector<uint32_t> coded_pixels(const uint8_t* bgrx, int32_t width, int32_t height, int32_t stride, uint32_t bpp) {
    std::vector<uint32_t> px;
    px.reserve(size_t(width) * size_t(height));
    for (int32_t y = height - 1; y >= 0; --y) {
        const uint8_t* row = bgrx + int64_t{y} * stride;
        for (int32_t x = 0; x < width; ++x) px.push_back(pack(row + x * 4, bpp));
    }
    return px;
}

class OrderWriter {
public:
    OrderWriter(std::vector<uint8_t>& out, uint32_t bpp) : out_(out), bpp_(bpp) {}

    void bg_run(size_t count) { header(kRegularBgRun, kMegaMegaBgRun, count); }
    void color_run(size_t count, uint32_t pixel) {
        header(kRegularColorRun, kMegaMegaColorRun, count);
        put_pixel(pixel);
    }
    void color_image(const uint32_t* pixels, size_t count) {
        while (count > 0) {
            const size_t n = std::min(count, kMaxCount);
            header(kRegularColorImage, kMegaMegaColorImage, n);
            for (size_t i = 0; i < n; ++i) put_pixel(pixels[i]);
            pixels += n;
            count -= n;
        }
    }

private:
    void header(uint8_t regular, uint8_t mega, size_t count) {
        if (count < 32) {
            out_.push_back(static_cast<uint8_t>((regular << 5) | count));
        } else if (count < 32 + 256) {
            out_.push_back(static_cast<uint8_t>(regular << 5));
            out_.push_back(static_cast<uint8_t>(count - 32));
        } else {
            out_.push_back(mega);
            out_.push_back(static_cast<uint8_t>(count));
            out_.push_back(static_cast<uint8_t>(count >> 8));
        }
    }
    void put_pixel(uint32_t v) {
        out_.push_back(static_cast<uint8_t>(v));
        out_.push_back(static_cast<uint8_t>(v >> 8));
        if (bpp_ == 24) out_.push_back(static_cast<uint8_t>(v >> 16));
    }

    std::vector<uint8_t>& out_;
    uint32_t bpp_;
};

// How many pixels from `i` on equal the pixel one scanline before (black on the first
// scanline): a background run.
size_t bg_run_length(const std::vector<uint32_t>& px, size_t i, size_t width) {
    size_t j = i;
    while (j < px.size() && j - i < kMaxCount && px[j] == (j >= width ? px[j - width] : 0)) ++j;
    return j - i;
}

size_t color_run_length(const std::vector<uint32_t>& px, size_t i) {
    size_t j = i + 1;
    while (j < px.size() && j - i < kMaxCount && px[j] == px[i]) ++j;
    return j - i;
}

}  // namespace

std::vector<uint8_t> encode_interleaved_rle(const uint8_t* bgrx, int32_t width, int32_t height, int32_t stride,
                                            uint32_t bpp) {
    const std::vector<uint32_t> px = coded_pixels(bgrx, width, height, stride, bpp);
    std::vector<uint8_t> out;
    out.reserve(px.size() * (bpp == 24 ? 3 : 2) / 2);
    OrderWriter w(out, bpp);
    size_t literal = 0;  // start of the pixels not yet sent
    size_t i = 0;
    bool after_bg = false;
    while (i < px.size()) {
        // Two background runs in a row would make the decoder change the first pixel of the
        // second one (it inserts a foreground pixel), so a run never directly follows a run.
        const size_t bg = after_bg && literal == i ? 0 : bg_run_length(px, i, size_t(width));
        const size_t color = color_run_length(px, i);
        if (bg >= kMinBgRun && bg >= color) {
            w.color_image(px.data() + literal, i - literal);
            w.bg_run(bg);
            after_bg = true;
            i += bg;
            literal = i;
        } else if (color >= kMinColorRun) {
            w.color_image(px.data() + literal, i - literal);
            w.color_run(color, px[i]);
            after_bg = false;
            i += color;
            literal = i;
        } else {
            ++i;
        }
    }
    w.color_image(px.data() + literal, px.size() - literal);
    return out;
}

}  // namespace wrd::encoder
