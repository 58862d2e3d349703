// Animation: what the latency client paints each frame. A rectangle moves across the
// screen; its colour encodes the frame number so a capture can be matched to the commit
// it should contain. In Rect mode only the rectangle's old and new places change (a
// window's worth of the screen, like a video or a scrolling pane); in Full mode every row
// changes too (like full-screen scrolling). Main thread only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "wayland/shm_buffer.hpp"

namespace wrd::bench {

using test::Rect;
using test::ShmBuffer;

enum class DamageMode { Full, Rect };

class Animation {
public:
    Animation(int width, int height, DamageMode mode, int rect_width, int rect_height);

    // Paints frame `n` into `buffer`, which is buffer `slot` of a 2-buffer swap chain and
    // still holds whatever this class last painted into that slot. Returns the damage
    // against frame n-1, the one on screen now (empty: the whole buffer).
    std::vector<Rect> paint(ShmBuffer& buffer, int slot, uint64_t n);

    Rect rect_at(uint64_t n) const;
    static uint32_t rect_colour(uint64_t n);
    // Pixels that change from one frame to the next, as a fraction of the screen.
    double changed_fraction() const;

private:
    void fill(ShmBuffer& buffer, const Rect& r, uint32_t colour) const;
    void fill_rows(ShmBuffer& buffer, uint64_t n) const;

    int width_, height_;
    DamageMode mode_;
    int rect_width_, rect_height_;
    std::array<std::optional<uint64_t>, 2> painted_;  // last frame painted into each slot
};

}  // namespace wrd::bench
