// FrameView: a read-only view of one captured frame in the Wayland XRGB8888 layout (bytes
// B, G, R, X per pixel; FreeRDP's PIXEL_FORMAT_BGRX32). It does not own the pixels: whoever
// hands it out keeps the buffer alive while the view is used. Any thread.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "rect.hpp"

namespace wrd::encoder {

struct FrameView {
    const uint8_t* data = nullptr;
    int32_t width = 0;
    int32_t height = 0;
    int32_t stride = 0;  // bytes per row, at least 4 * width

    Rect bounds() const { return {0, 0, width, height}; }
    const uint8_t* pixel(int32_t x, int32_t y) const { return data + int64_t{y} * stride + int64_t{x} * 4; }
};

// `rects` clipped to the frame, empty ones dropped.
std::vector<Rect> clip_to_frame(const FrameView& frame, std::span<const Rect> rects);

}  // namespace wrd::encoder
