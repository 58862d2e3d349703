#include "capture.hpp"

namespace wrd::bench {

using namespace std::chrono_literals;

Capture::~Capture() { release_frame(); }

void Capture::release_frame() {
    if (frame_) zwlr_screencopy_frame_v1_destroy(frame_);
    frame_ = nullptr;
}

void Capture::arm() {
    release_frame();
    have_shm_ = buffer_done_ = ready_ = failed_ = false;
    result_ = {};
    frame_ = zwlr_screencopy_manager_v1_capture_output(conn_.screencopy(), 0, conn_.output());
    static const zwlr_screencopy_frame_v1_listener listener{
        .buffer = on_buffer,
        .flags = on_flags,
        .ready = on_ready,
        .failed = on_failed,
        .damage = on_damage,
        .linux_dmabuf = [](void*, zwlr_screencopy_frame_v1*, uint32_t, uint32_t, uint32_t) {},
        .buffer_done = on_buffer_done};
    zwlr_screencopy_frame_v1_add_listener(frame_, &listener, this);
}

void Capture::prepare() {
    conn_.dispatch_until([this] { return buffer_done_ || failed_; }, 5000ms, "screencopy buffer_done");
    if (failed_) throw BenchError("screencopy failed before copy (output gone or disabled?)");
    if (!have_shm_) throw BenchError("screencopy offered no wl_shm buffer format");
    if (!buffer_ || buffer_->format() != format_ || buffer_->width() != static_cast<int>(width_) ||
        buffer_->height() != static_cast<int>(height_))
        buffer_ = std::make_unique<ShmBuffer>(conn_.shm(), static_cast<int>(width_), static_cast<int>(height_), format_,
                                              static_cast<int>(stride_));
}

void Capture::copy() { zwlr_screencopy_frame_v1_copy_with_damage(frame_, buffer_->buffer()); }

CaptureResult Capture::wait_ready(std::chrono::milliseconds timeout) {
    // copy_with_damage waits for an output commit with damage: a lost commit shows here.
    conn_.dispatch_until([this] { return ready_ || failed_; }, timeout, "screencopy ready");
    if (failed_) throw BenchError("screencopy sent failed");
    return result_;
}

void Capture::on_buffer(void* data, zwlr_screencopy_frame_v1*, uint32_t format, uint32_t w, uint32_t h, uint32_t stride) {
    auto* self = static_cast<Capture*>(data);
    self->format_ = format;
    self->width_ = w;
    self->height_ = h;
    self->stride_ = stride;
    self->have_shm_ = true;
}

void Capture::on_flags(void* data, zwlr_screencopy_frame_v1*, uint32_t flags) {
    static_cast<Capture*>(data)->result_.y_invert = flags & ZWLR_SCREENCOPY_FRAME_V1_FLAGS_Y_INVERT;
}

void Capture::on_ready(void* data, zwlr_screencopy_frame_v1*, uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec) {
    auto* self = static_cast<Capture*>(data);
    // Stamp first: this is the moment the capture is usable by a consumer.
    self->result_.received = monotonic_seconds();
    const uint64_t sec = (static_cast<uint64_t>(sec_hi) << 32) | sec_lo;
    self->result_.output_commit = static_cast<double>(sec) + static_cast<double>(nsec) * 1e-9;
    self->ready_ = true;
}

void Capture::on_failed(void* data, zwlr_screencopy_frame_v1*) { static_cast<Capture*>(data)->failed_ = true; }

void Capture::on_damage(void* data, zwlr_screencopy_frame_v1*, uint32_t, uint32_t, uint32_t w, uint32_t h) {
    // wlroots sends the rectangles of one pixman region, so they do not overlap.
    static_cast<Capture*>(data)->result_.damage_pixels += static_cast<long>(w) * static_cast<long>(h);
}

void Capture::on_buffer_done(void* data, zwlr_screencopy_frame_v1*) { static_cast<Capture*>(data)->buffer_done_ = true; }

}  // namespace wrd::bench
