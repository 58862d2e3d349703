#include "panning_picture.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace wrd::bench {
namespace {

// Pixels the picture moves per frame; different in x and y so it does not slide along a diagonal
// of its own period.
constexpr int kStepX = 3, kStepY = 2;

// The text window inside each period: a title bar, then lines of glyph cells.
constexpr int kWindowLeft = 40, kWindowTop = 60, kWindowRight = 360, kWindowBottom = 420;
constexpr int kTitleHeight = 24, kLineHeight = 18, kCellWidth = 8;

uint64_t mix(uint64_t v) {
    v ^= v >> 33;
    v *= 0xff51afd7ed558ccdULL;
    v ^= v >> 33;
    v *= 0xc4ceb9fe1a85ec53ULL;
    return v ^ (v >> 33);
}

uint32_t rgb(int r, int g, int b) {
    return 0xff000000u | static_cast<uint32_t>(r) << 16 | static_cast<uint32_t>(g) << 8 | static_cast<uint32_t>(b);
}

uint32_t wallpaper(int x, int y) {
    constexpr double k = 2 * std::numbers::pi / PanningPicture::kPeriod;
    auto channel = [](double v) { return static_cast<int>(128 + 100 * v); };
    return rgb(channel(std::sin(k * x)), channel(std::sin(k * y + 1)), channel(std::cos(k * (x + y))));
}

// A glyph is a 6x12 block drawn from 36 bits of a hash, each bit a 1x2 stroke piece; about one
// cell in five is a space.
uint32_t text_pixel(int x, int y) {
    const int line = y / kLineHeight, row = y % kLineHeight;
    const int cell = x / kCellWidth, col = x % kCellWidth;
    const uint64_t h = mix(static_cast<uint64_t>(line) << 32 | static_cast<uint32_t>(cell));
    const bool inside = row >= 3 && row < 15 && col >= 1 && col < 7 && h % 5 != 0;
    const bool ink = inside && ((h >> 8) >> ((col - 1) + 6 * ((row - 3) / 2)) & 1);
    return ink ? rgb(0x20, 0x20, 0x28) : rgb(0xf8, 0xf8, 0xf4);
}

uint32_t picture(int x, int y) {
    if (x < kWindowLeft || x >= kWindowRight || y < kWindowTop || y >= kWindowBottom) return wallpaper(x, y);
    if (x == kWindowLeft || x == kWindowRight - 1 || y == kWindowBottom - 1) return rgb(0x40, 0x40, 0x40);
    if (y < kWindowTop + kTitleHeight) return rgb(0x30, 0x60, 0xa0);
    return text_pixel(x - kWindowLeft, y - kWindowTop - kTitleHeight);
}

}  // namespace

PanningPicture::PanningPicture(int width, int height)
    : width_(width), height_(height), texture_width_(static_cast<size_t>(width + kPeriod)) {
    // One period, then tiled: computing each pixel once keeps start-up short at 1080p.
    std::vector<uint32_t> tile(static_cast<size_t>(kPeriod) * kPeriod);
    for (int y = 0; y < kPeriod; ++y)
        for (int x = 0; x < kPeriod; ++x) tile[static_cast<size_t>(y) * kPeriod + static_cast<size_t>(x)] = picture(x, y);
    const int texture_height = height + kPeriod;
    texture_.resize(texture_width_ * static_cast<size_t>(texture_height));
    for (int y = 0; y < texture_height; ++y) {
        uint32_t* out = texture_.data() + static_cast<size_t>(y) * texture_width_;
        const uint32_t* in = tile.data() + static_cast<size_t>(y % kPeriod) * kPeriod;
        for (size_t x = 0; x < texture_width_; x += kPeriod)
            std::memcpy(out + x, in, std::min<size_t>(kPeriod, texture_width_ - x) * sizeof(uint32_t));
    }
}

void PanningPicture::paint(test::ShmBuffer& buffer, uint64_t n) const {
    const auto ox = static_cast<size_t>(n * kStepX % kPeriod);
    const auto oy = static_cast<int>(n * kStepY % kPeriod);
    const int rows = std::min(height_, buffer.height());
    const auto columns = static_cast<size_t>(std::min(width_, buffer.width()));
    for (int y = 0; y < rows; ++y) std::memcpy(buffer.row(y), texture_row(y + oy) + ox, columns * sizeof(uint32_t));
}

}  // namespace wrd::bench
