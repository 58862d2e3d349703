#include "pattern_buffers.hpp"

#include <algorithm>

#include "event_log.hpp"
#include "pattern.hpp"

namespace wrd::test {
namespace {

// The pattern with its pixel (0, 0) at (margin, margin), so the window geometry (which leaves
// the margin out) starts with it, as paint_pattern's does at the buffer's corner.
void paint_with_margin(ShmBuffer& buffer, int margin, bool smooth) {
    constexpr uint32_t grey = 0xff808080u;
    for (int y = 0; y < buffer.height(); ++y)
        for (int x = 0; x < buffer.width(); ++x) {
            const int px = x - margin, py = y - margin;
            const bool inside = px >= 0 && py >= 0 && x < buffer.width() - margin && y < buffer.height() - margin;
            const auto ux = static_cast<uint32_t>(px), uy = static_cast<uint32_t>(py);
            buffer.at(x, y) = !inside ? grey : smooth ? smooth_pixel(ux, uy) : pattern_pixel(ux, uy);
        }
}

}  // namespace

void PatternBuffers::commit(wl_surface* surface, int width, int height) {
    std::erase_if(retired_, [](const auto& b) { return !b->busy(); });
    const int buffer_width = width + 2 * margin_, buffer_height = height + 2 * margin_;
    if (current_ && current_->width() == buffer_width && current_->height() == buffer_height) {
        wl_surface_commit(surface);  // the pixels have not changed
        return;
    }
    auto next = std::make_unique<ShmBuffer>(shm_, buffer_width, buffer_height, WL_SHM_FORMAT_XRGB8888);
    if (margin_ > 0)
        paint_with_margin(*next, margin_, smooth_);
    else
        paint_pattern(*next, smooth_);
    commit_buffer(surface, *next);
    if (current_) retired_.push_back(std::move(current_));
    current_ = std::move(next);
    log_event("size {} {}", width, height);
}

}  // namespace wrd::test
