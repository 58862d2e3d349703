#include "screencopy.hpp"

#include <ctime>
#include <format>

namespace wrd::test {

double monotonic_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const zwlr_screencopy_frame_v1_listener ScreencopyFrame::listener{
    .buffer = [](void* data, zwlr_screencopy_frame_v1*, uint32_t format, uint32_t width, uint32_t height,
                 uint32_t stride) {
        static_cast<ScreencopyFrame*>(data)->shm_ = ShmOffer{format, width, height, stride};
    },
    .flags = [](void* data, zwlr_screencopy_frame_v1*, uint32_t flags) {
        static_cast<ScreencopyFrame*>(data)->y_invert_ = (flags & ZWLR_SCREENCOPY_FRAME_V1_FLAGS_Y_INVERT) != 0;
    },
    .ready = [](void* data, zwlr_screencopy_frame_v1*, uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec) {
        auto* self = static_cast<ScreencopyFrame*>(data);
        // Stamped first: this is the moment the copy is usable by a consumer.
        self->ready_at_ = monotonic_seconds();
        const uint64_t sec = (static_cast<uint64_t>(sec_hi) << 32) | sec_lo;
        self->output_commit_ = static_cast<double>(sec) + static_cast<double>(nsec) * 1e-9;
        self->ready_ = true;
    },
    .failed = [](void* data, zwlr_screencopy_frame_v1*) { static_cast<ScreencopyFrame*>(data)->failed_ = true; },
    // wlroots sends the rectangles of one pixman region, so they do not overlap.
    .damage = [](void* data, zwlr_screencopy_frame_v1*, uint32_t, uint32_t, uint32_t width, uint32_t height) {
        static_cast<ScreencopyFrame*>(data)->damage_pixels_ += static_cast<long>(width) * static_cast<long>(height);
    },
    .linux_dmabuf = [](void*, zwlr_screencopy_frame_v1*, uint32_t, uint32_t, uint32_t) {},
    .buffer_done = [](void* data, zwlr_screencopy_frame_v1*) {
        static_cast<ScreencopyFrame*>(data)->buffer_done_ = true;
    },
};

ScreencopyFrame::ScreencopyFrame(zwlr_screencopy_manager_v1* manager, wl_output* output, bool cursor)
    : frame_(zwlr_screencopy_manager_v1_capture_output(manager, cursor ? 1 : 0, output)),
      v3_(zwlr_screencopy_manager_v1_get_version(manager) >= 3) {
    zwlr_screencopy_frame_v1_add_listener(frame_.get(), &listener, this);
}

std::expected<ScreencopyFrame::ShmOffer, std::string> ScreencopyFrame::wait_offer(wl_display* display,
                                                                                  Clock::time_point deadline) {
    // Before v3 there is no buffer_done: the single shm offer is all there is.
    const auto offered_or_failed = [](const ScreencopyFrame& f) {
        return f.failed_ || (f.v3_ ? f.buffer_done_ : f.shm_.has_value());
    };
    auto offered = wait(display, deadline, offered_or_failed, "the buffer offer");
    if (!offered) return std::unexpected(offered.error());
    if (failed_) return std::unexpected("the compositor failed the frame before offering a buffer");
    if (!shm_) return std::unexpected("the compositor offered no wl_shm buffer (dmabuf only?)");
    const ShmOffer& s = *shm_;
    if (s.width == 0 || s.height == 0 || s.stride < s.width * 4)
        return std::unexpected(
            std::format("the compositor offered a malformed buffer: {}x{} stride {}", s.width, s.height, s.stride));
    return s;
}

void ScreencopyFrame::copy(const ShmBuffer& buffer, bool with_damage) {
    if (with_damage) zwlr_screencopy_frame_v1_copy_with_damage(frame_.get(), buffer.buffer());
    else zwlr_screencopy_frame_v1_copy(frame_.get(), buffer.buffer());
}

std::expected<void, std::string> ScreencopyFrame::wait_ready(wl_display* display, Clock::time_point deadline) {
    auto copied = wait(display, deadline, [](const ScreencopyFrame& f) { return f.ready_ || f.failed_; }, "the frame");
    if (!copied) return copied;
    if (failed_) return std::unexpected("the compositor failed the copy");
    return {};
}

std::expected<void, std::string> ScreencopyFrame::wait(wl_display* display, Clock::time_point deadline,
                                                       bool (*done)(const ScreencopyFrame&), const char* what) {
    switch (wait_until(display, deadline, [&] { return done(*this); })) {
        case Wait::done: return {};
        case Wait::timed_out: return std::unexpected(std::string("timed out waiting for ") + what);
        case Wait::failed: break;
    }
    return std::unexpected(describe_display_error(display));
}

}  // namespace wrd::test
