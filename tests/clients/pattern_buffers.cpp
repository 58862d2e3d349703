#include "pattern_buffers.hpp"

#include <algorithm>

#include "event_log.hpp"

namespace wrd::test {

void PatternBuffers::commit(wl_surface* surface, int width, int height) {
    std::erase_if(retired_, [](const auto& b) { return !b->busy(); });
    if (current_ && current_->width() == width && current_->height() == height) {
        wl_surface_commit(surface);  // the pixels have not changed
        return;
    }
    auto next = std::make_unique<ShmBuffer>(shm_, width, height, WL_SHM_FORMAT_XRGB8888);
    paint_pattern(*next, smooth_);
    commit_buffer(surface, *next);
    if (current_) retired_.push_back(std::move(current_));
    current_ = std::move(next);
    log_event("size {} {}", width, height);
}

}  // namespace wrd::test
