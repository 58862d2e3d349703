#include "frame_pipeline.hpp"

#include <pthread.h>

#include "logging.hpp"
#include "tile_damage.hpp"

namespace wrd::rdp {

namespace {
spdlog::logger& log() { return logger("encoder"); }

std::vector<Rect> unite(std::vector<Rect> a, const std::vector<Rect>& b) {
    a.insert(a.end(), b.begin(), b.end());
    // Many small rects are fine for TileDamage; only keep the list from growing without bound.
    if (a.size() > 256) {
        Rect all;
        for (const auto& r : a) all = all.bounding(r);
        a = {all};
    }
    return a;
}
}  // namespace

// Per-output codec state, touched only by the encoder thread.
struct FramePipeline::OutputState {
    uint64_t generation = 0;
    int32_t width = 0, height = 0;
    encoder::TileDamage tiles;
    std::unique_ptr<FrameEncoder> encoder;
    bool failed = false;  // logged once; retried when the size or codec changes
};

FramePipeline::FramePipeline(std::function<void(std::function<void()>)> post, std::function<void()> on_encoded)
    : post_(std::move(post)), on_encoded_(std::move(on_encoded)) {
    thread_ = std::thread([this] { encoder_thread(); });
}

FramePipeline::~FramePipeline() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void FramePipeline::configure(FrameCodec codec, const EncoderSettings& settings, int max_in_flight) {
    {
        std::lock_guard lock(mutex_);
        codec_ = codec;
        settings_ = settings;
        max_in_flight_ = std::max(1, max_in_flight);
        ++generation_;
        encoded_.clear();
        in_flight_ = 0;
        for (auto& [name, box] : mailboxes_) {
            box.full = true;
            if (!box.frame) box.frame = box.last;
        }
    }
    wake_.notify_all();
}

void FramePipeline::set_surface_id(const std::string& output, uint16_t surface_id) {
    {
        std::lock_guard lock(mutex_);
        auto& box = mailboxes_[output];
        box.surface_id = surface_id;
        box.full = true;
        if (!box.frame) box.frame = box.last;
        ++generation_;  // a new surface starts empty on the client: new codec state too
    }
    wake_.notify_all();
}

void FramePipeline::remove_output(const std::string& output) {
    std::lock_guard lock(mutex_);
    mailboxes_.erase(output);
}

void FramePipeline::set_paused(bool paused) {
    {
        std::lock_guard lock(mutex_);
        paused_ = paused;
    }
    wake_.notify_all();
}

void FramePipeline::submit(SourceFramePtr frame) {
    {
        std::lock_guard lock(mutex_);
        auto& box = mailboxes_[frame->output];
        ++stats_.frames_captured;
        if (box.frame && box.frame != box.last) ++stats_.frames_dropped;
        // Latency counts from the oldest change still waiting, not from the newest frame.
        else box.first_damage = frame->captured_at;
        box.damage = unite(std::move(box.damage), frame->damage);
        box.frame = std::move(frame);
    }
    wake_.notify_all();
}

void FramePipeline::request_refresh(const std::string& output) {
    {
        std::lock_guard lock(mutex_);
        for (auto& [name, box] : mailboxes_) {
            if (!output.empty() && name != output) continue;
            box.full = true;
            if (!box.frame) box.frame = box.last;
        }
    }
    wake_.notify_all();
}

std::optional<EncodedFrame> FramePipeline::pop_encoded() {
    std::lock_guard lock(mutex_);
    if (encoded_.empty()) return std::nullopt;
    EncodedFrame f = std::move(encoded_.front());
    encoded_.pop_front();
    return f;
}

void FramePipeline::frame_sent() {
    std::lock_guard lock(mutex_);
    if (acks_) ++in_flight_;
}

void FramePipeline::frame_acknowledged() {
    {
        std::lock_guard lock(mutex_);
        if (in_flight_ > 0) --in_flight_;
    }
    wake_.notify_all();
}

void FramePipeline::set_acknowledgements(bool enabled) {
    {
        std::lock_guard lock(mutex_);
        acks_ = enabled;
        if (!enabled) in_flight_ = 0;
    }
    wake_.notify_all();
}

int FramePipeline::frames_in_flight() const {
    std::lock_guard lock(mutex_);
    return in_flight_;
}

PipelineStats FramePipeline::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

bool FramePipeline::has_work_locked() const {
    if (paused_ || !codec_) return false;
    for (const auto& [name, box] : mailboxes_)
        if (box.frame && box.surface_id) return true;
    return false;
}

bool FramePipeline::credits_locked() const {
    return in_flight_ + static_cast<int>(encoded_.size()) < max_in_flight_;
}

void FramePipeline::encoder_thread() {
    pthread_setname_np(pthread_self(), "wrd-encoder");
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || (has_work_locked() && credits_locked()); });
        if (stopping_) break;
        encode_one(lock);
    }
    // Codec state belongs to this thread: it is destroyed here, not by the I/O thread.
    outputs_.clear();
}

void FramePipeline::encode_one(std::unique_lock<std::mutex>& lock) {
    // Round-robin: start after the output served last so one busy output cannot starve others.
    auto it = mailboxes_.upper_bound(next_output_);
    for (size_t i = 0; i < mailboxes_.size() * 2; ++i, ++it) {
        if (it == mailboxes_.end()) it = mailboxes_.begin();
        if (it->second.frame && it->second.surface_id) break;
    }
    Mailbox& box = it->second;
    std::string name = it->first;
    next_output_ = name;
    SourceFramePtr frame = std::exchange(box.frame, nullptr);
    std::vector<Rect> damage = std::exchange(box.damage, {});
    bool full = std::exchange(box.full, false);
    auto first_damage = box.first_damage;
    box.last = frame;
    EncoderSettings settings = settings_;
    settings.surface_id = *box.surface_id;
    FrameCodec codec = *codec_;
    uint64_t generation = generation_;
    lock.unlock();

    auto& state = outputs_[name];
    if (!state) state = std::make_unique<OutputState>();
    if (!state->encoder || state->generation != generation || state->width != frame->view.width ||
        state->height != frame->view.height) {
        state->encoder.reset();
        state->failed = false;
        auto made = make_frame_encoder(codec, frame->view.width, frame->view.height, settings);
        if (!made) {
            log().error("no {} encoder for {} at {}x{}: {}", to_string(codec), name, frame->view.width,
                        frame->view.height, made.error());
            state->failed = true;
        } else {
            state->encoder = std::move(*made);
        }
        state->generation = generation;
        state->width = frame->view.width;
        state->height = frame->view.height;
        state->tiles.reset();
        full = true;
    }
    std::optional<EncodedFrame> encoded;
    bool unchanged = false;
    auto started = std::chrono::steady_clock::now();
    if (state->encoder) {
        if (full) state->tiles.reset();
        std::vector<Rect> tiles = state->tiles.update(frame->view, full ? std::vector<Rect>{frame->view.bounds()} : damage);
        if (tiles.empty()) {
            unchanged = true;
        } else {
            auto result = state->encoder->encode(*frame, encoder::merge_tiles(tiles), full);
            if (result) {
                encoded = std::move(*result);
                encoded->output = name;
                encoded->capture_sequence = frame->sequence;
                encoded->captured_at = first_damage.time_since_epoch().count() ? first_damage : frame->captured_at;
                encoded->encoded_at = std::chrono::steady_clock::now();
            } else {
                log().error("encoding a frame of {} failed: {}", name, result.error());
                state->tiles.reset();  // the next frame starts over completely
            }
        }
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

    lock.lock();
    if (unchanged) ++stats_.frames_unchanged;
    if (!encoded) return;
    if (generation != generation_) return;  // configure() or a new surface came meanwhile
    ++stats_.frames_encoded;
    stats_.bytes_encoded += encoded->payload_bytes();
    stats_.encode_ms_total += ms;
    encoded_.push_back(std::move(*encoded));
    post_(on_encoded_);
}

}  // namespace wrd::rdp
