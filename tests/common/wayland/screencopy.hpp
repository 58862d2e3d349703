// One zwlr_screencopy_frame_v1 of a whole output and what the compositor says about it
// (wlr-screencopy-unstable-v1): buffer offers -> buffer_done (v3) -> our copy request ->
// flags, damage -> ready | failed. wrd-capture copies one frame into an image; the latency
// benchmark times ready against its commits. Main thread only.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

#include "display_loop.hpp"
#include "shm_buffer.hpp"

namespace wrd::test {

// CLOCK_MONOTONIC in seconds: the clock wlroots stamps output commits (and so `ready`) with.
double monotonic_seconds();

class ScreencopyFrame {
public:
    // The wl_shm buffer the compositor wants the frame copied into.
    struct ShmOffer {
        uint32_t format = 0, width = 0, height = 0, stride = 0;
    };

    // Asks for the next frame of `output`, with the cursor drawn in when `cursor`.
    ScreencopyFrame(zwlr_screencopy_manager_v1* manager, wl_output* output, bool cursor);
    ScreencopyFrame(const ScreencopyFrame&) = delete;  // the frame listener points here
    ScreencopyFrame& operator=(const ScreencopyFrame&) = delete;

    // Waits until the buffer offers are complete (buffer_done; before v3 the one shm offer is
    // all there is) and returns the shm offer. The error is one line: failed, no shm offer, a
    // malformed offer, timed out, or the lost connection.
    std::expected<ShmOffer, std::string> wait_offer(wl_display* display, Clock::time_point deadline);

    // Sends copy (or copy_with_damage, which waits for the next output commit with damage).
    // Not flushed: the caller's next dispatch sends it.
    void copy(const ShmBuffer& buffer, bool with_damage);

    // Waits for ready; the error is one line like wait_offer's.
    std::expected<void, std::string> wait_ready(wl_display* display, Clock::time_point deadline);

    bool y_invert() const { return y_invert_; }
    double ready_at() const { return ready_at_; }            // monotonic_seconds() when ready was dispatched
    double output_commit() const { return output_commit_; }  // the compositor's time of the copied commit
    long damage_pixels() const { return damage_pixels_; }    // area of the damage events

private:
    static const zwlr_screencopy_frame_v1_listener listener;

    std::expected<void, std::string> wait(wl_display* display, Clock::time_point deadline,
                                          bool (*done)(const ScreencopyFrame&), const char* what);

    Proxy<zwlr_screencopy_frame_v1> frame_;
    bool v3_;
    std::optional<ShmOffer> shm_;
    bool buffer_done_ = false;
    bool ready_ = false;
    bool failed_ = false;
    bool y_invert_ = false;
    double ready_at_ = 0;
    double output_commit_ = 0;
    long damage_pixels_ = 0;
};

}  // namespace wrd::test
