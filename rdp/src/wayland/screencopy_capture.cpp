#include "wayland/screencopy_capture.hpp"

#include <algorithm>
#include <cstring>
#include <format>
#include <limits>

#include "logging.hpp"
#include "wayland/listener.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("wayland"); }

// Both are B, G, R, X/A bytes in memory; the alpha of ARGB8888 is ignored downstream.
bool usable_format(uint32_t format) { return format == WL_SHM_FORMAT_XRGB8888 || format == WL_SHM_FORMAT_ARGB8888; }

int32_t to_int(uint32_t value) {
    return static_cast<int32_t>(std::min<uint32_t>(value, std::numeric_limits<int32_t>::max()));
}

}  // namespace

void flip_rows(uint8_t* pixels, const BufferFormat& format) {
    const size_t row_bytes = static_cast<size_t>(format.width) * 4;
    std::vector<uint8_t> row(row_bytes);
    for (int32_t top = 0, bottom = format.height - 1; top < bottom; ++top, --bottom) {
        uint8_t* a = pixels + static_cast<size_t>(top) * format.stride;
        uint8_t* b = pixels + static_cast<size_t>(bottom) * format.stride;
        std::memcpy(row.data(), a, row_bytes);
        std::memcpy(a, b, row_bytes);
        std::memcpy(b, row.data(), row_bytes);
    }
}

Rect flip_rect(const Rect& rect, int32_t height) { return {rect.x, height - rect.bottom(), rect.width, rect.height}; }

const zwlr_screencopy_frame_v1_listener ScreencopyCapture::listener{
    .buffer = forward<&ScreencopyCapture::on_buffer>,
    .flags = forward<&ScreencopyCapture::on_flags>,
    .ready = forward<&ScreencopyCapture::on_ready>,
    .failed = forward<&ScreencopyCapture::on_failed>,
    .damage = forward<&ScreencopyCapture::on_damage>,
    .linux_dmabuf = ignore,
    .buffer_done = forward<&ScreencopyCapture::on_buffer_done>,
};

ScreencopyCapture::ScreencopyCapture(Context context, wl_output* output, std::string output_name,
                                     FrameCallback frame, FailedCallback failed)
    : manager_(context.manager), output_(output), output_name_(std::move(output_name)),
      frame_callback_(std::move(frame)), failed_callback_(std::move(failed)),
      pool_(context.loop, context.shm, pool_capacity, [this] { on_buffer_returned(); }) {
    start_round();
}

ScreencopyCapture::~ScreencopyCapture() = default;

void ScreencopyCapture::start_round() {
    // overlay_cursor 1: without wrd_session_v1 the frames are the only way the cursor is seen.
    frame_.reset(zwlr_screencopy_manager_v1_capture_output(manager_, 1, output_));
    zwlr_screencopy_frame_v1_add_listener(frame_.get(), &listener, this);
    offer_.reset();
    filling_.reset();
    waiting_for_buffer_ = false;
    y_invert_ = false;
    damage_.clear();
}

void ScreencopyCapture::on_buffer(uint32_t format, uint32_t width, uint32_t height, uint32_t stride) {
    if (usable_format(format) && !offer_) offer_ = BufferFormat{format, to_int(width), to_int(height), to_int(stride)};
    // Before version 3 there is no buffer_done: the one wl_shm offer is all there is.
    if (zwlr_screencopy_frame_v1_get_version(frame_.get()) < ZWLR_SCREENCOPY_FRAME_V1_BUFFER_DONE_SINCE_VERSION)
        on_buffer_done();
}

void ScreencopyCapture::on_buffer_done() {
    if (!offer_)
        return stop(std::format("the compositor offers no XRGB8888 or ARGB8888 wl_shm buffer for {}", output_name_));
    try_copy();
}

void ScreencopyCapture::try_copy() {
    auto acquired = pool_.acquire(*offer_);
    if (!acquired) return stop(std::format("cannot make a capture buffer for {}: {}", output_name_, acquired.error()));
    waiting_for_buffer_ = !acquired->has_value();
    if (waiting_for_buffer_) return;
    filling_ = **acquired;
    if (plain_copy_next_) zwlr_screencopy_frame_v1_copy(frame_.get(), filling_->buffer);
    else zwlr_screencopy_frame_v1_copy_with_damage(frame_.get(), filling_->buffer);
}

void ScreencopyCapture::on_buffer_returned() {
    if (waiting_for_buffer_ && frame_ && !stopped_) try_copy();
}

void ScreencopyCapture::on_flags(uint32_t flags) { y_invert_ = (flags & ZWLR_SCREENCOPY_FRAME_V1_FLAGS_Y_INVERT) != 0; }

void ScreencopyCapture::on_damage(uint32_t x, uint32_t y, uint32_t width, uint32_t height) {
    damage_.push_back({to_int(x), to_int(y), to_int(width), to_int(height)});
}

void ScreencopyCapture::on_ready(uint32_t tv_sec_hi, uint32_t tv_sec_lo, uint32_t tv_nsec) {
    const auto ready_at = std::chrono::steady_clock::now();
    const uint64_t seconds = uint64_t{tv_sec_hi} << 32 | tv_sec_lo;
    auto presented_at = std::chrono::steady_clock::time_point(std::chrono::seconds(seconds) +
                                                              std::chrono::nanoseconds(tv_nsec));
    // A timestamp from another clock or none at all would make nonsense latencies.
    if (seconds == 0 || presented_at > ready_at || ready_at - presented_at > std::chrono::seconds(1))
        presented_at = ready_at;
    if (!filling_ || !offer_) return;
    const BufferFormat format = *offer_;
    const BufferPool::Buffer buffer = *filling_;
    if (y_invert_) flip_rows(buffer.pixels, format);
    auto frame = std::make_shared<CapturedFrame>(
        encoder::FrameView{buffer.pixels, format.width, format.height, format.stride}, pool_.hand_out(buffer.id));
    frame->damage = take_damage(format);
    frame->sequence = ++sequence_;
    frame->ready_at = ready_at;
    frame->presented_at = presented_at;
    frame->output_name = output_name_;
    whole_frame_next_ = false;
    plain_copy_next_ = false;
    failures_in_a_row_ = 0;
    start_round();
    // Last: the callback may stop this capture.
    FrameCallback callback = frame_callback_;
    if (callback) callback(std::move(frame));
}

std::vector<Rect> ScreencopyCapture::take_damage(const BufferFormat& format) {
    const Rect bounds{0, 0, format.width, format.height};
    std::vector<Rect> damage;
    if (!whole_frame_next_) {
        for (Rect r : damage_) {
            if (y_invert_) r = flip_rect(r, format.height);
            r = r.intersect(bounds);
            if (!r.empty()) damage.push_back(r);
        }
    }
    // A ready copy always changed something; damage we cannot place means all of it.
    if (damage.empty()) damage.push_back(bounds);
    return damage;
}

void ScreencopyCapture::on_failed() {
    if (++failures_in_a_row_ >= max_failures_in_a_row)
        return stop(std::format("{} copies of {} failed in a row", failures_in_a_row_, output_name_));
    log().debug("a copy of {} failed (resized?); capturing it afresh", output_name_);
    restart();
}

void ScreencopyCapture::output_mode(int32_t width, int32_t height) {
    const bool changed = mode_width_ != 0 && (width != mode_width_ || height != mode_height_);
    mode_width_ = width;
    mode_height_ = height;
    if (changed && !stopped_) {
        log().debug("{} is now {}x{}; capturing it afresh", output_name_, width, height);
        restart();
    }
}

void ScreencopyCapture::restart() {
    if (filling_) pool_.cancel(filling_->id);
    whole_frame_next_ = true;
    plain_copy_next_ = true;
    start_round();
}

void ScreencopyCapture::stop(const std::string& reason) {
    stopped_ = true;
    if (filling_) pool_.cancel(filling_->id);
    filling_.reset();
    frame_.reset();
    waiting_for_buffer_ = false;
    log().error("capture of {} stopped: {}", output_name_, reason);
    FailedCallback callback = failed_callback_;
    if (callback) callback(reason);
}

}  // namespace wrd::rdp
