// FramePipeline: the hand-over between the I/O thread (captured frames in, encoded frames out
// to the client) and the encoder thread it owns (ARCHITECTURE.md section 4).
// - In: a latest-frame mailbox per output; a newer frame replaces an unencoded older one and
//   their damage is united, so a slow encoder or client never builds a backlog.
// - Out: encoded frames wait in a queue bounded by the flow-control window: frames encoded but
//   not yet sent plus frames sent but not acknowledged never exceed `max_in_flight`.
// - Damage is refined against the previous frame on 64x64 tiles; a frame whose pixels did not
//   really change produces nothing.
// Methods are for the I/O thread unless marked "any thread".
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "encoded_frame.hpp"
#include "frame_encoder.hpp"
#include "source_frame.hpp"

namespace wrd::rdp {

struct PipelineStats {
    uint64_t frames_captured = 0;
    uint64_t frames_encoded = 0;
    uint64_t frames_dropped = 0;  // replaced in the mailbox before being encoded
    uint64_t frames_unchanged = 0;  // damage that refined to nothing
    uint64_t bytes_encoded = 0;
    double encode_ms_total = 0;
};

class FramePipeline {
public:
    // `on_encoded` runs on the I/O thread (posted through `post`) whenever frames are waiting.
    FramePipeline(std::function<void(std::function<void()>)> post, std::function<void()> on_encoded);
    ~FramePipeline();
    FramePipeline(const FramePipeline&) = delete;
    FramePipeline& operator=(const FramePipeline&) = delete;

    // Chooses the codec (and settings) for every output; encoders restart with a full frame.
    void configure(FrameCodec codec, const EncoderSettings& settings, int max_in_flight);
    // Frames for an output are only encoded once it has a surface id (GFX) or a place.
    void set_surface_id(const std::string& output, uint16_t surface_id);
    void remove_output(const std::string& output);
    // Paused: frames are kept in the mailbox but not encoded (not activated, suppress-output).
    void set_paused(bool paused);

    void submit(SourceFramePtr frame);
    // Resend everything of `output` (empty: every output) at full quality.
    void request_refresh(const std::string& output = {});

    std::optional<EncodedFrame> pop_encoded();
    // Flow control: one frame was written to the client / acknowledged by it.
    void frame_sent();
    void frame_acknowledged();
    // The client stopped acknowledging (MS-RDPEGFX SUSPEND_FRAME_ACKNOWLEDGEMENT) or never will.
    void set_acknowledgements(bool enabled);
    int frames_in_flight() const;

    PipelineStats stats() const;

private:
    struct Mailbox {
        SourceFramePtr frame;        // newest unencoded frame
        std::vector<Rect> damage;    // united damage since the last encode
        bool full = false;           // resend everything
        std::chrono::steady_clock::time_point first_damage;  // of the oldest frame merged in
        SourceFramePtr last;         // the frame encoded last, for refreshes
        std::optional<uint16_t> surface_id;
    };
    struct OutputState;

    void encoder_thread();
    bool has_work_locked() const;
    bool credits_locked() const;
    void encode_one(std::unique_lock<std::mutex>& lock);

    std::function<void(std::function<void()>)> post_;
    std::function<void()> on_encoded_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::string, Mailbox> mailboxes_;
    std::deque<EncodedFrame> encoded_;
    std::optional<FrameCodec> codec_;
    EncoderSettings settings_;
    uint64_t generation_ = 0;  // bumped by configure(): encoders of older generations are dropped
    int max_in_flight_ = 3;
    int in_flight_ = 0;
    bool acks_ = true;
    bool paused_ = true;
    bool stopping_ = false;
    PipelineStats stats_;
    std::string next_output_;  // round-robin between outputs

    // Encoder-thread state.
    std::map<std::string, std::unique_ptr<OutputState>> outputs_;
    std::thread thread_;
};

}  // namespace wrd::rdp
