// CapturedFrame: one finished screencopy of an output: its pixels (BGRX, see FrameView), what
// changed since the capture's previous frame, and when the copy became ready. Immutable once
// made; any thread may read it and drop it. The pixels live in one buffer of the capture's
// small pool: holding a frame holds that buffer, and while every buffer of an output is held
// its capture pauses. Dropping the last reference gives the buffer back (thread-safe).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "frame.hpp"
#include "rect.hpp"

namespace wrd::rdp {

struct CapturedFrame {
    // What changed since the previous frame of this capture, in buffer pixels, clipped to the
    // frame. The first frame of a capture (and the first after a restart) is the whole frame.
    std::vector<Rect> damage;
    uint64_t sequence = 0;  // counts this capture's frames from 1
    std::chrono::steady_clock::time_point ready_at;  // when the compositor's ready event came
    // When the compositor committed the frame (the ready event's CLOCK_MONOTONIC timestamp,
    // the clock steady_clock uses on Linux); ready_at when the compositor sent none.
    std::chrono::steady_clock::time_point presented_at;
    std::string output_name;

    // `buffer` keeps the pixels mapped and gives the buffer back when it goes.
    CapturedFrame(encoder::FrameView view, std::shared_ptr<const void> buffer)
        : view_(view), buffer_(std::move(buffer)) {}

    encoder::FrameView view() const { return view_; }

private:
    encoder::FrameView view_;
    std::shared_ptr<const void> buffer_;
};

}  // namespace wrd::rdp
