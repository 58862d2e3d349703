#include "capture.hpp"

namespace wrd::bench {

using namespace std::chrono_literals;

void Capture::arm() {
    frame_.reset();  // the old frame goes before the new one is asked for
    frame_ = std::make_unique<test::ScreencopyFrame>(conn_.screencopy(), conn_.output(), false);
}

void Capture::prepare() {
    const auto offer = frame_->wait_offer(conn_.display(), test::Clock::now() + 5000ms);
    if (!offer) throw BenchError("screencopy: " + offer.error());
    const auto width = static_cast<int>(offer->width);
    const auto height = static_cast<int>(offer->height);
    if (!buffer_ || buffer_->format() != offer->format || buffer_->width() != width || buffer_->height() != height ||
        buffer_->stride() != static_cast<int>(offer->stride))
        buffer_ =
            std::make_unique<ShmBuffer>(conn_.shm(), width, height, offer->format, static_cast<int>(offer->stride));
}

CaptureResult Capture::wait_ready(std::chrono::milliseconds timeout) {
    // copy_with_damage waits for an output commit with damage: a lost commit shows here.
    if (auto ready = frame_->wait_ready(conn_.display(), test::Clock::now() + timeout); !ready)
        throw BenchError("screencopy: " + ready.error());
    return {.received = frame_->ready_at(),
            .output_commit = frame_->output_commit(),
            .damage_pixels = frame_->damage_pixels(),
            .y_invert = frame_->y_invert()};
}

}  // namespace wrd::bench
