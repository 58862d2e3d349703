// ScreencopyCapture: captures one output continuously with zwlr_screencopy_manager_v1.
// Each round creates a frame object (capture_output), takes the wl_shm layout the compositor
// offers (XRGB8888 or ARGB8888: BGRX bytes), and copies with copy_with_damage into a pool
// buffer; the compositor answers only once something changed, so an idle desktop costs
// nothing. Every finished copy goes to `frame` and the next round starts at once. When every
// pool buffer is held by the consumer the round waits until one comes back. A failed copy or
// a new output mode starts a fresh round whose frame is all damage; after several failures
// in a row the capture stops and reports why.
// I/O thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "event_loop.hpp"
#include "rect.hpp"
#include "wayland/captured_frame.hpp"
#include "wayland/shm_pool.hpp"
#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

// A y-inverted copy (ZWLR_SCREENCOPY_FRAME_V1_FLAGS_Y_INVERT) is turned upright in place,
// so every consumer sees top-down rows; its damage rectangles move with it. Row padding
// (stride beyond width * 4) is left alone.
void flip_rows(uint8_t* pixels, const BufferFormat& format);
Rect flip_rect(const Rect& rect, int32_t height);

class ScreencopyCapture {
public:
    using FrameCallback = std::function<void(std::shared_ptr<const CapturedFrame>)>;
    using FailedCallback = std::function<void(const std::string& reason)>;

    static constexpr size_t pool_capacity = 3;
    static constexpr int max_failures_in_a_row = 5;

    struct Context {
        EventLoop& loop;
        zwlr_screencopy_manager_v1* manager;
        wl_shm* shm;
    };

    // Starts capturing at once. The callbacks may destroy this object; nothing here touches
    // it after calling one of them.
    ScreencopyCapture(Context context, wl_output* output, std::string output_name, FrameCallback frame,
                      FailedCallback failed);
    ScreencopyCapture(const ScreencopyCapture&) = delete;
    ScreencopyCapture& operator=(const ScreencopyCapture&) = delete;
    ~ScreencopyCapture();

    const std::string& output_name() const { return output_name_; }
    // The output's current mode as the registry last reported it. A change starts a fresh
    // round: wlroots would otherwise finish a pending copy cropped to the old size, then wait
    // for damage that an idle desktop never makes.
    void output_mode(int32_t width, int32_t height);
    // A round is waiting because every buffer is out (for tests and stats).
    bool waiting_for_buffer() const { return waiting_for_buffer_; }

private:
    void start_round();
    void on_buffer(uint32_t format, uint32_t width, uint32_t height, uint32_t stride);
    void on_flags(uint32_t flags);
    void on_ready(uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec);
    void on_failed();
    void on_damage(uint32_t x, uint32_t y, uint32_t width, uint32_t height);
    void on_buffer_done();
    void try_copy();
    void on_buffer_returned();
    void restart();
    void stop(const std::string& reason);
    std::vector<Rect> take_damage(const BufferFormat& format);

    static const zwlr_screencopy_frame_v1_listener listener;

    zwlr_screencopy_manager_v1* manager_;
    wl_output* output_;
    std::string output_name_;
    FrameCallback frame_callback_;
    FailedCallback failed_callback_;
    BufferPool pool_;

    WlProxy<zwlr_screencopy_frame_v1> frame_;  // the current round's
    std::optional<BufferFormat> offer_;
    std::optional<BufferPool::Buffer> filling_;
    bool waiting_for_buffer_ = false;
    bool y_invert_ = false;
    std::vector<Rect> damage_;
    bool whole_frame_next_ = true;
    // After a restart the copy is a plain one, taken at the next output commit whether or not
    // anything changed (copy_with_damage could wait for ever); the first round of a capture
    // needs none, as the compositor starts a new capture's damage as the whole output.
    bool plain_copy_next_ = false;
    int32_t mode_width_ = 0;
    int32_t mode_height_ = 0;
    int failures_in_a_row_ = 0;
    uint64_t sequence_ = 0;
    bool stopped_ = false;
};

}  // namespace wrd::rdp
