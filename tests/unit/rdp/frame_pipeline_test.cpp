// FramePipeline with real encoders (bitmaps: exact and fast) and frames from memory: the
// latest-frame mailbox, the flow-control window, damage refinement and refreshes.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "graphics/frame_pipeline.hpp"

namespace wrd::rdp {
namespace {

using namespace std::chrono_literals;

// Stands in for the I/O thread's EventLoop: tasks posted by the encoder thread are queued and
// run by the test when it asks.
class TaskQueue {
public:
    void post(std::function<void()> task) {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
        cv_.notify_all();
    }
    // Waits up to `timeout` for at least one task, then runs all queued tasks.
    bool run(std::chrono::milliseconds timeout) {
        std::deque<std::function<void()>> tasks;
        {
            std::unique_lock lock(mutex_);
            if (!cv_.wait_for(lock, timeout, [this] { return !tasks_.empty(); })) return false;
            tasks.swap(tasks_);
        }
        for (auto& t : tasks) t();
        return true;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;
};

struct Pixels {
    std::vector<uint8_t> bytes;
    int32_t width, height;
};

SourceFramePtr make_frame(uint64_t sequence, uint8_t shade, std::vector<Rect> damage, int32_t w = 256,
                          int32_t h = 128) {
    auto pixels = std::make_shared<Pixels>(Pixels{std::vector<uint8_t>(size_t(w) * h * 4, shade), w, h});
    auto frame = std::make_shared<SourceFrame>();
    frame->view = {pixels->bytes.data(), w, h, w * 4};
    frame->damage = std::move(damage);
    frame->output = "OUT-1";
    frame->sequence = sequence;
    frame->captured_at = std::chrono::steady_clock::now();
    frame->keepalive = pixels;
    return frame;
}

class PipelineTest : public ::testing::Test {
protected:
    PipelineTest()
        : pipeline_([this](std::function<void()> task) { tasks_.post(std::move(task)); }, [this] { drain(); }) {}

    void drain() {
        while (auto f = pipeline_.pop_encoded()) received_.push_back(std::move(*f));
    }
    // Runs posted tasks until `n` frames arrived or nothing more comes within `quiet`.
    void collect(size_t n, std::chrono::milliseconds quiet = 500ms) {
        while (received_.size() < n && tasks_.run(quiet)) {
        }
    }

    TaskQueue tasks_;
    std::vector<EncodedFrame> received_;
    FramePipeline pipeline_;
};

TEST_F(PipelineTest, NothingIsEncodedBeforeTheOutputHasASurface) {
    pipeline_.configure(FrameCodec::Bitmaps, {}, 3);
    pipeline_.set_paused(false);
    pipeline_.submit(make_frame(1, 10, {{0, 0, 256, 128}}));
    collect(1, 300ms);
    EXPECT_TRUE(received_.empty());
    pipeline_.set_surface_id("OUT-1", 1);
    collect(1);
    ASSERT_EQ(received_.size(), 1u);
    EXPECT_EQ(received_[0].capture_sequence, 1u);
}

TEST_F(PipelineTest, FlowControlWindowBoundsFramesInFlightAndTheNewestFrameWins) {
    pipeline_.configure(FrameCodec::Bitmaps, {}, 2);
    pipeline_.set_surface_id("OUT-1", 1);
    pipeline_.set_paused(false);
    // Each frame changes every pixel, so none refines to "unchanged".
    for (uint64_t i = 1; i <= 2; ++i) {
        pipeline_.submit(make_frame(i, uint8_t(i * 10), {{0, 0, 256, 128}}));
        collect(i);
        pipeline_.frame_sent();
    }
    ASSERT_EQ(received_.size(), 2u);
    EXPECT_EQ(pipeline_.frames_in_flight(), 2);
    // The window is full: eight more frames arrive, none is encoded, the mailbox keeps one.
    for (uint64_t i = 3; i <= 10; ++i) pipeline_.submit(make_frame(i, uint8_t(i * 10), {{0, 0, 256, 128}}));
    collect(3, 400ms);
    EXPECT_EQ(received_.size(), 2u);
    // One acknowledgement opens the window: the newest frame (10) goes, the rest were dropped.
    pipeline_.frame_acknowledged();
    collect(3);
    ASSERT_EQ(received_.size(), 3u);
    EXPECT_EQ(received_[2].capture_sequence, 10u);
    EXPECT_EQ(pipeline_.stats().frames_dropped, 7u);
    collect(4, 300ms);
    EXPECT_EQ(received_.size(), 3u);
}

TEST_F(PipelineTest, DamageIsRefinedToChangedTilesAndUnchangedFramesSendNothing) {
    pipeline_.configure(FrameCodec::Bitmaps, {}, 8);
    pipeline_.set_surface_id("OUT-1", 1);
    pipeline_.set_paused(false);
    auto first = make_frame(1, 50, {{0, 0, 256, 128}});
    pipeline_.submit(first);
    collect(1);
    ASSERT_EQ(received_.size(), 1u);
    // Same pixels, whole-frame damage (as compositors report on a redraw): nothing to send.
    pipeline_.submit(make_frame(2, 50, {{0, 0, 256, 128}}));
    collect(2, 400ms);
    EXPECT_EQ(received_.size(), 1u);
    EXPECT_EQ(pipeline_.stats().frames_unchanged, 1u);
    // One pixel changes inside a big damage hint: only its 64x64 tile is sent.
    auto third = make_frame(3, 50, {{0, 0, 256, 128}});
    auto* px = const_cast<uint8_t*>(third->view.pixel(70, 10));
    px[0] = 200;
    pipeline_.submit(third);
    collect(2);
    ASSERT_EQ(received_.size(), 2u);
    EXPECT_EQ(received_[1].bounds, (Rect{64, 0, 64, 64}));
}

TEST_F(PipelineTest, PausedPipelineHoldsFramesAndARefreshResendsEverything) {
    pipeline_.configure(FrameCodec::Bitmaps, {}, 8);
    pipeline_.set_surface_id("OUT-1", 1);
    pipeline_.submit(make_frame(1, 30, {{0, 0, 256, 128}}));
    collect(1, 300ms);
    EXPECT_TRUE(received_.empty());  // paused until the client is ready
    pipeline_.set_paused(false);
    collect(1);
    ASSERT_EQ(received_.size(), 1u);
    pipeline_.request_refresh();  // no new frame: the last one is sent again, whole
    collect(2);
    ASSERT_EQ(received_.size(), 2u);
    EXPECT_EQ(received_[1].capture_sequence, 1u);
    EXPECT_EQ(received_[1].bounds, (Rect{0, 0, 256, 128}));
}

TEST_F(PipelineTest, SuspendedAcknowledgementsStopCountingFramesInFlight) {
    pipeline_.configure(FrameCodec::Bitmaps, {}, 1);
    pipeline_.set_surface_id("OUT-1", 1);
    pipeline_.set_paused(false);
    pipeline_.set_acknowledgements(false);
    for (uint64_t i = 1; i <= 3; ++i) {
        pipeline_.submit(make_frame(i, uint8_t(i * 20), {{0, 0, 256, 128}}));
        collect(i);
        pipeline_.frame_sent();
    }
    EXPECT_EQ(received_.size(), 3u);
    EXPECT_EQ(pipeline_.frames_in_flight(), 0);
}

}  // namespace
}  // namespace wrd::rdp
