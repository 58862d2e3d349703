// Rect: an axis-aligned pixel rectangle (x, y, width, height). A plain value; any thread.
#pragma once

#include <algorithm>
#include <cstdint>

namespace wrd {

struct Rect {
    int32_t x = 0;
    int32_t y = 0;
    int32_t width = 0;
    int32_t height = 0;

    bool empty() const { return width <= 0 || height <= 0; }
    int32_t right() const { return x + width; }
    int32_t bottom() const { return y + height; }
    int64_t area() const { return empty() ? 0 : int64_t{width} * height; }
    bool operator==(const Rect&) const = default;

    Rect intersect(const Rect& o) const {
        int32_t l = std::max(x, o.x), t = std::max(y, o.y);
        int32_t r = std::min(right(), o.right()), b = std::min(bottom(), o.bottom());
        if (r <= l || b <= t) return {};
        return {l, t, r - l, b - t};
    }
    // The smallest rectangle holding both; an empty side is ignored.
    Rect bounding(const Rect& o) const {
        if (empty()) return o;
        if (o.empty()) return *this;
        int32_t l = std::min(x, o.x), t = std::min(y, o.y);
        return {l, t, std::max(right(), o.right()) - l, std::max(bottom(), o.bottom()) - t};
    }
};

}  // namespace wrd
