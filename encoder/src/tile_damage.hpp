// Damage refinement on a 64x64 tile grid aligned at (0, 0). The compositor's damage is a hint:
// it is often larger than what changed (a whole window on a cursor blink) and sometimes
// repeats unchanged content. TileDamage compares every hinted tile with its copy of the
// previous frame and keeps only the tiles that really changed, so the codecs encode less.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "frame.hpp"

namespace wrd::encoder {

inline constexpr int32_t kTileSize = 64;

// Keeps a private copy of the previous frame (about 8 MB at 1080p). Used by one thread at a
// time (the encoder thread); not shared.
class TileDamage {
public:
    // The tiles touching any of `hints` whose pixels differ from the previous call's frame,
    // each clipped to the frame, in row-major order; their new pixels become the reference.
    // On the first call, after reset() and when the size changed every tile counts as changed.
    std::vector<Rect> update(const FrameView& frame, std::span<const Rect> hints);

    // Forget the previous frame: the next update() reports every tile (e.g. after the client
    // lost its surface and needs everything again).
    void reset() { valid_ = false; }

private:
    enum class TileState : uint8_t { skip, same_so_far, changed };

    std::vector<Rect> take_whole_frame(const FrameView& frame);
    void mark_hinted(const FrameView& frame, std::span<const Rect> hints);
    void compare_band(const FrameView& frame, int32_t band, std::vector<Rect>& changed);

    std::vector<uint8_t> previous_;  // width_ * 4 bytes per row, no padding
    std::vector<TileState> state_;   // one per tile, row-major; scratch for update()
    int32_t width_ = 0;
    int32_t height_ = 0;
    int32_t tiles_x_ = 0;
    int32_t tiles_y_ = 0;
    bool valid_ = false;
};

// Merges tile rectangles into fewer, larger ones: first horizontally adjacent tiles of one tile
// row, then vertically adjacent rows with identical x-spans. A full-screen change becomes one
// rectangle. The input need not be sorted; the output is sorted by (y, x).
std::vector<Rect> merge_tiles(std::span<const Rect> tiles);

}  // namespace wrd::encoder
