// Capture: one zwlr_screencopy_frame_v1 of the whole output at a time, copied with
// copy_with_damage into a reused wl_shm buffer. The frame object is requested ahead
// (arm()) so its buffer description has arrived before the measured commit, keeping that
// round trip out of the latency. Main thread only.
#pragma once

#include <memory>

#include "connection.hpp"
#include "shm_buffer.hpp"

namespace wrd::bench {

struct CaptureResult {
    double received = 0;       // CLOCK_MONOTONIC seconds when `ready` was dispatched here
    double output_commit = 0;  // the compositor's timestamp of the output commit it copied
    long damage_pixels = 0;    // area of the damage events that came with it
    bool y_invert = false;
};

class Capture {
public:
    explicit Capture(Connection& conn) : conn_(conn) {}
    Capture(const Capture&) = delete;
    Capture& operator=(const Capture&) = delete;
    ~Capture();

    // Asks for the next frame object; its buffer events arrive while we do other work.
    void arm();
    // Waits for the armed frame's buffer description and sizes the target buffer.
    void prepare();
    // Sends copy_with_damage for the prepared frame (not flushed).
    void copy();
    // Waits for ready; throws BenchError on failed or timeout.
    CaptureResult wait_ready(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    const ShmBuffer& pixels() const { return *buffer_; }

private:
    static void on_buffer(void* data, zwlr_screencopy_frame_v1*, uint32_t format, uint32_t w, uint32_t h, uint32_t stride);
    static void on_flags(void* data, zwlr_screencopy_frame_v1*, uint32_t flags);
    static void on_ready(void* data, zwlr_screencopy_frame_v1*, uint32_t sec_hi, uint32_t sec_lo, uint32_t nsec);
    static void on_failed(void* data, zwlr_screencopy_frame_v1*);
    static void on_damage(void* data, zwlr_screencopy_frame_v1*, uint32_t x, uint32_t y, uint32_t w, uint32_t h);
    static void on_buffer_done(void* data, zwlr_screencopy_frame_v1*);
    void release_frame();

    Connection& conn_;
    zwlr_screencopy_frame_v1* frame_ = nullptr;
    std::unique_ptr<ShmBuffer> buffer_;
    uint32_t format_ = 0, width_ = 0, height_ = 0, stride_ = 0;
    bool have_shm_ = false, buffer_done_ = false, ready_ = false, failed_ = false;
    CaptureResult result_;
};

}  // namespace wrd::bench
