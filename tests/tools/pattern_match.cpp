// Checking a rectangle of an image against the shared test pattern, and finding where the
// pattern sits. Alpha is ignored: captures of XRGB buffers carry arbitrary padding there.
#include <algorithm>
#include <functional>

#include "common/pattern.hpp"
#include "image.hpp"

namespace wrd::tools {
namespace {

constexpr uint32_t kRgb = 0x00ffffff;

uint32_t want_at(int px, int py) {
    return test::pattern_pixel(static_cast<uint32_t>(px), static_cast<uint32_t>(py)) & kRgb;
}

// True when the whole w x h pattern sits at (x, y); the caller has checked the bounds.
bool matches_at(const Image& img, int x, int y, int w, int h) {
    for (int py = 0; py < h; ++py)
        for (int px = 0; px < w; ++px)
            if ((img.at(x + px, y + py) & kRgb) != want_at(px, py)) return false;
    return true;
}

}  // namespace

PatternCheck check_pattern(const Image& img, int x, int y, int w, int h, size_t keep) {
    PatternCheck result;
    for (int py = 0; py < h; ++py) {
        for (int px = 0; px < w; ++px) {
            Mismatch m{{x + px, y + py}, 0, want_at(px, py), false};
            if (!img.contains(m.at.x, m.at.y)) {
                m.outside = true;
            } else {
                m.got = img.at(m.at.x, m.at.y) & kRgb;
                if (m.got == m.want) continue;
            }
            ++result.mismatches;
            if (result.first.size() < keep) result.first.push_back(m);
        }
    }
    return result;
}

std::optional<Point> find_pattern(const Image& img, int w, int h) {
    if (w < 1 || h < 1 || w > img.width || h > img.height) return std::nullopt;
    // The pattern's first row has few repeats, so Boyer-Moore-Horspool skips most of each image
    // row; only the rare first-row hit pays for a full-rectangle comparison.
    std::vector<uint32_t> first_row(static_cast<size_t>(w));
    for (int px = 0; px < w; ++px) first_row[static_cast<size_t>(px)] = want_at(px, 0);
    const std::boyer_moore_horspool_searcher searcher(first_row.begin(), first_row.end());

    std::vector<uint32_t> row(static_cast<size_t>(img.width));
    for (int y = 0; y + h <= img.height; ++y) {
        const auto src = img.pixels.begin() + static_cast<std::ptrdiff_t>(img.index(0, y));
        std::transform(src, src + img.width, row.begin(), [](uint32_t px) { return px & kRgb; });
        for (auto it = row.begin();;) {
            it = std::search(it, row.end(), searcher);
            if (it == row.end()) break;
            const int x = static_cast<int>(it - row.begin());
            if (matches_at(img, x, y, w, h)) return Point{x, y};
            ++it;
        }
    }
    return std::nullopt;
}

}  // namespace wrd::tools
