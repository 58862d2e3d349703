// Capture: one zwlr_screencopy_frame_v1 of the whole output at a time, copied with
// copy_with_damage into a reused wl_shm buffer. The frame object is requested ahead
// (arm()) so its buffer description has arrived before the measured commit, keeping that
// round trip out of the latency. Main thread only.
#pragma once

#include <memory>

#include "connection.hpp"

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

    // Asks for the next frame object; its buffer events arrive while we do other work.
    void arm();
    // Waits for the armed frame's buffer description and sizes the target buffer.
    void prepare();
    // Sends copy_with_damage for the prepared frame (not flushed).
    void copy() { frame_->copy(*buffer_, true); }
    // Waits for ready; throws BenchError on failed or timeout.
    CaptureResult wait_ready(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
    const ShmBuffer& pixels() const { return *buffer_; }

private:
    Connection& conn_;
    std::unique_ptr<ShmBuffer> buffer_;
    std::unique_ptr<test::ScreencopyFrame> frame_;
};

}  // namespace wrd::bench
