#include "tile_damage.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

namespace wrd::encoder {

namespace {

int32_t tiles_for(int32_t pixels) {
    return (pixels + kTileSize - 1) / kTileSize;
}

Rect tile_rect(int32_t tx, int32_t ty, int32_t width, int32_t height) {
    int32_t x = tx * kTileSize, y = ty * kTileSize;
    return {x, y, std::min(kTileSize, width - x), std::min(kTileSize, height - y)};
}

}  // namespace

std::vector<Rect> TileDamage::update(const FrameView& frame, std::span<const Rect> hints) {
    if (frame.width <= 0 || frame.height <= 0) return {};
    if (!valid_ || frame.width != width_ || frame.height != height_) return take_whole_frame(frame);

    mark_hinted(frame, hints);
    std::vector<Rect> changed;
    for (int32_t band = 0; band < tiles_y_; ++band) compare_band(frame, band, changed);
    return changed;
}

std::vector<Rect> TileDamage::take_whole_frame(const FrameView& frame) {
    width_ = frame.width;
    height_ = frame.height;
    tiles_x_ = tiles_for(width_);
    tiles_y_ = tiles_for(height_);
    const size_t row_bytes = size_t(width_) * 4;
    previous_.resize(row_bytes * size_t(height_));
    state_.assign(size_t(tiles_x_) * size_t(tiles_y_), TileState::skip);
    for (int32_t y = 0; y < height_; ++y) std::memcpy(&previous_[row_bytes * size_t(y)], frame.pixel(0, y), row_bytes);
    valid_ = true;

    std::vector<Rect> all;
    all.reserve(state_.size());
    for (int32_t ty = 0; ty < tiles_y_; ++ty)
        for (int32_t tx = 0; tx < tiles_x_; ++tx) all.push_back(tile_rect(tx, ty, width_, height_));
    return all;
}

void TileDamage::mark_hinted(const FrameView& frame, std::span<const Rect> hints) {
    std::fill(state_.begin(), state_.end(), TileState::skip);
    for (const Rect& hint : hints) {
        Rect r = hint.intersect(frame.bounds());
        if (r.empty()) continue;
        const int32_t tx0 = r.x / kTileSize, tx1 = (r.right() - 1) / kTileSize;
        const int32_t ty0 = r.y / kTileSize, ty1 = (r.bottom() - 1) / kTileSize;
        for (int32_t ty = ty0; ty <= ty1; ++ty)
            std::fill_n(&state_[size_t(ty) * size_t(tiles_x_) + size_t(tx0)], tx1 - tx0 + 1, TileState::same_so_far);
    }
}

// Walks the band's pixel rows top to bottom across all its tiles, so both buffers are read
// sequentially (the prefetcher's best case) instead of tile by tile with a stride jump per
// row. A tile that differs in some row is copied from that row on; rows above were equal.
// (One memcmp per run of tiles instead of per tile measured no faster: at 1080p this is
// memory-bound, 16 MB read when nothing changed.)
void TileDamage::compare_band(const FrameView& frame, int32_t band, std::vector<Rect>& changed) {
    TileState* states = &state_[size_t(band) * size_t(tiles_x_)];
    if (std::all_of(states, states + tiles_x_, [](TileState s) { return s == TileState::skip; })) return;

    const int32_t y0 = band * kTileSize, y1 = std::min(y0 + kTileSize, height_);
    const size_t row_bytes = size_t(width_) * 4;
    constexpr size_t kTileBytes = size_t(kTileSize) * 4;
    for (int32_t y = y0; y < y1; ++y) {
        const uint8_t* src = frame.pixel(0, y);
        uint8_t* prev = &previous_[row_bytes * size_t(y)];
        for (int32_t tx = 0; tx < tiles_x_; ++tx) {
            TileState& state = states[tx];
            if (state == TileState::skip) continue;
            const size_t offset = size_t(tx) * kTileBytes;
            const size_t bytes = std::min(kTileBytes, row_bytes - offset);
            if (state == TileState::same_so_far && std::memcmp(src + offset, prev + offset, bytes) != 0)
                state = TileState::changed;
            if (state == TileState::changed) std::memcpy(prev + offset, src + offset, bytes);
        }
    }
    for (int32_t tx = 0; tx < tiles_x_; ++tx)
        if (states[tx] == TileState::changed) changed.push_back(tile_rect(tx, band, width_, height_));
}

std::vector<Rect> merge_tiles(std::span<const Rect> tiles) {
    std::vector<Rect> sorted(tiles.begin(), tiles.end());
    std::erase_if(sorted, [](const Rect& r) { return r.empty(); });
    std::sort(sorted.begin(), sorted.end(),
              [](const Rect& a, const Rect& b) { return std::pair(a.y, a.x) < std::pair(b.y, b.x); });

    // Horizontal runs: same row (y and height), each starting where the previous one ends.
    std::vector<Rect> runs;
    for (const Rect& r : sorted) {
        if (!runs.empty()) {
            Rect& last = runs.back();
            if (last.y == r.y && last.height == r.height && last.right() == r.x) {
                last.width += r.width;
                continue;
            }
        }
        runs.push_back(r);
    }

    // Vertical merge: a run continues the open rectangle with the same x-span that ends
    // exactly where the run begins. `open` maps an x-span to its rectangle in `merged`.
    std::vector<Rect> merged;
    std::map<std::pair<int32_t, int32_t>, size_t> open;
    for (const Rect& r : runs) {
        auto it = open.find({r.x, r.width});
        if (it != open.end() && merged[it->second].bottom() == r.y) {
            merged[it->second].height += r.height;
            continue;
        }
        open[{r.x, r.width}] = merged.size();
        merged.push_back(r);
    }
    std::sort(merged.begin(), merged.end(),
              [](const Rect& a, const Rect& b) { return std::pair(a.y, a.x) < std::pair(b.y, b.x); });
    return merged;
}

}  // namespace wrd::encoder
