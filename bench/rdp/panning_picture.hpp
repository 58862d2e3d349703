// PanningPicture: what the RDP benchmark's full-screen animation shows. A desktop-like picture
// (smooth colour gradients with "windows" of dark text-like glyphs on white) pans diagonally by
// a few pixels per frame, so every pixel of the screen changes every frame and the content mixes
// smooth areas (cheap for H.264) with fine detail (expensive for RemoteFX), like dragging a
// window full of text across a wallpaper. The picture repeats every `kPeriod` pixels in both
// directions, so one precomputed texture of (width + kPeriod) x (height + kPeriod) serves every
// frame and painting is one row copy per line. Main thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "wayland/shm_buffer.hpp"

namespace wrd::bench {

class PanningPicture {
public:
    static constexpr int kPeriod = 512;

    PanningPicture(int width, int height);

    // Paints frame `n` into `buffer` (at least width x height).
    void paint(test::ShmBuffer& buffer, uint64_t n) const;

private:
    const uint32_t* texture_row(int y) const { return texture_.data() + static_cast<size_t>(y) * texture_width_; }

    int width_, height_;
    size_t texture_width_;
    std::vector<uint32_t> texture_;
};

}  // namespace wrd::bench
