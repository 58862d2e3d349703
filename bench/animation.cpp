#include "animation.hpp"

#include <algorithm>

namespace wrd::bench {
namespace {

constexpr uint32_t background = 0xff303030;
// Steps chosen so the rectangle sweeps the whole screen rather than one line.
constexpr int step_x = 16, step_y = 6;

// Triangle wave 0..span..0 so the rectangle bounces instead of jumping back.
int bounce(uint64_t t, int span) {
    if (span <= 0) return 0;
    const uint64_t period = 2 * static_cast<uint64_t>(span);
    const auto p = static_cast<int>(t % period);
    return p <= span ? p : 2 * span - p;
}

}  // namespace

Animation::Animation(int width, int height, DamageMode mode, int rect_width, int rect_height)
    : width_(width), height_(height), mode_(mode), rect_width_(std::min(rect_width, width)),
      rect_height_(std::min(rect_height, height)) {}

Rect Animation::rect_at(uint64_t n) const {
    return {bounce(n * step_x, width_ - rect_width_), bounce(n * step_y, height_ - rect_height_), rect_width_,
            rect_height_};
}

uint32_t Animation::rect_colour(uint64_t n) {
    // Red >= 0x80 keeps it apart from every background colour; the rest is a frame hash.
    uint32_t h = static_cast<uint32_t>(n * 2654435761u);
    return 0xff800000u | ((h ^ (h >> 13)) & 0x7fffffu);
}

double Animation::changed_fraction() const {
    if (mode_ == DamageMode::Full) return 1.0;
    const long moved = static_cast<long>(rect_width_ + step_x) * (rect_height_ + step_y);
    return static_cast<double>(moved) / (static_cast<double>(width_) * height_);
}

void Animation::fill(ShmBuffer& buffer, const Rect& r, uint32_t colour) const {
    for (int y = r.y; y < r.y + r.height; ++y) std::fill_n(buffer.row(y) + r.x, r.width, colour);
}

void Animation::fill_rows(ShmBuffer& buffer, uint64_t n) const {
    // Bands that scroll by a few rows per frame, so every row changes every frame.
    for (int y = 0; y < height_; ++y) {
        const auto band = static_cast<uint32_t>((static_cast<uint64_t>(y) + n * 4) / 8);
        const uint32_t grey = 0x20 + (band * 37) % 0x50;
        std::fill_n(buffer.row(y), width_, 0xff000000u | grey << 16 | grey << 8 | (grey + 0x10));
    }
}

std::vector<Rect> Animation::paint(ShmBuffer& buffer, int slot, uint64_t n) {
    const Rect now = rect_at(n);
    std::optional<uint64_t>& last = painted_[static_cast<size_t>(slot)];
    std::vector<Rect> damage;
    if (mode_ == DamageMode::Full) {
        fill_rows(buffer, n);
    } else {
        if (last) fill(buffer, rect_at(*last), background);
        else fill(buffer, {0, 0, width_, height_}, background);
        // The first frame has nothing on screen to diff against: damage everything.
        if (n > 0) damage = {rect_at(n - 1), now};
    }
    fill(buffer, now, rect_colour(n));
    last = n;
    return damage;
}

}  // namespace wrd::bench
