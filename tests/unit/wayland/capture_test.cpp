// Screencopy capture through WaylandSession against a real wrd-compositor and real clients.
#include <numeric>

#include "session_fixture.hpp"
#include "wayland/screencopy_capture.hpp"

namespace wrd::rdp::test {
namespace {

const Rect whole_output{0, 0, output_width, output_height};

class CaptureTest : public SessionTest {
protected:
    void SetUp() override {
        start();
        // Client-side cursor, as a front end with wrd_session_v1 runs: no cursor in frames.
        session_->set_cursor_composited(false);
    }
};

TEST_F(CaptureTest, FirstFrameIsWholeAndShowsTheClientsPixels) {
    pattern_client({"--size", "200x100"});
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    const CapturedFrame& first = *frames_.front();
    EXPECT_EQ(first.output_name, "HEADLESS-1");
    EXPECT_EQ(first.sequence, 1u);
    EXPECT_EQ(first.view().width, output_width);
    EXPECT_EQ(first.view().height, output_height);
    EXPECT_GE(first.view().stride, output_width * 4);
    ASSERT_EQ(first.damage.size(), 1u);
    EXPECT_EQ(first.damage[0], whole_output);
    // The window may reach the output a frame later than the client's "ready".
    const Rect window = centred(200, 100);
    ASSERT_TRUE(pump_until([&] { return shows_pattern(frames_.back()->view(), window); }, 5s))
        << "no frame shows the pattern at " << window.x << "," << window.y;
    const auto& view = frames_.back()->view();
    EXPECT_EQ(rgb_at(view, 5, 5), 0x102030u);
    EXPECT_EQ(rgb_at(view, window.x - 1, window.y), 0x102030u);
    EXPECT_EQ(rgb_at(view, window.right(), window.bottom() - 1), 0x102030u);
}

TEST_F(CaptureTest, NoFrameArrivesWhileNothingChanges) {
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    ASSERT_TRUE(settle());
    const size_t count = frame_count_;
    pump_for(500ms);
    EXPECT_EQ(frame_count_, count) << "frames came while the desktop was idle";
    EXPECT_TRUE(session_->capturing("HEADLESS-1"));
}

TEST_F(CaptureTest, DamageCoversASmallChangeAndLittleElse) {
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    ASSERT_TRUE(settle());
    const size_t before = frames_.size();
    pattern_client({"--size", "40x30"});
    const Rect window = centred(40, 30);
    ASSERT_TRUE(pump_until([&] { return frames_.size() > before && shows_pattern(frames_.back()->view(), window); }));
    // Union of the new frames' damage: the window, and far less than the output.
    Rect covered;
    int64_t area = 0;
    for (size_t i = before; i < frames_.size(); ++i) {
        for (const Rect& r : frames_[i]->damage) {
            EXPECT_FALSE(r.intersect(whole_output) != r) << "damage outside the output";
            covered = covered.bounding(r);
        }
        area += damage_area(*frames_[i]);
    }
    EXPECT_EQ(covered.intersect(window), window) << "damage misses the new window";
    EXPECT_LT(area, whole_output.area() / 8) << "damage is not much smaller than the output";
}

TEST_F(CaptureTest, HeldFramesPauseCaptureUntilOneIsReleased) {
    // The composited cursor makes damage on demand: each move repaints where it was and is.
    session_->set_cursor_composited(true);
    uint32_t x = 100;
    const auto move_pointer = [&] {
        x += 20;
        session_->pointer().motion_absolute(x, 100, output_width, output_height);
        session_->pointer().frame();
    };
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    while (frames_.size() < 3) {
        const size_t count = frame_count_;
        move_pointer();
        ASSERT_TRUE(wait_frame_after(count)) << "no frame after a pointer move with " << frames_.size() << " held";
    }
    // All three buffers are held now: damage must not produce a frame.
    const size_t held = frame_count_;
    move_pointer();
    pump_for(500ms);
    EXPECT_EQ(frame_count_, held) << "a frame arrived although every buffer was held";
    // Handing one back resumes the capture with the damage that waited.
    frames_.erase(frames_.begin());
    ASSERT_TRUE(wait_frame_after(held)) << "capture did not resume after a frame was released";
    std::set<const uint8_t*> buffers;
    for (const auto& frame : frames_) buffers.insert(frame->view().data);
    EXPECT_EQ(buffers.size(), frames_.size()) << "two frames held at once share a buffer";
    EXPECT_LE(buffers_seen_.size(), ScreencopyCapture::pool_capacity) << "the capture made more buffers than its pool";
    EXPECT_EQ(frames_.back()->sequence, held + 1);
}

TEST_F(CaptureTest, ResizeRestartsWithAWholeFrameOfTheNewSize) {
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    frames_.clear();
    std::optional<std::expected<void, std::string>> result;
    session_->resize_output("HEADLESS-1", 800, 600, [&](std::expected<void, std::string> r) { result = r; });
    ASSERT_TRUE(pump_until([&] { return result.has_value(); }));
    ASSERT_TRUE(*result) << result->error();
    // An idle desktop: the new size must come without any client drawing.
    ASSERT_TRUE(pump_until([&] { return !frames_.empty() && frames_.back()->view().width == 800; }));
    const CapturedFrame& frame = *frames_.back();
    EXPECT_EQ(frame.view().height, 600);
    ASSERT_EQ(frame.damage.size(), 1u);
    EXPECT_EQ(frame.damage[0], (Rect{0, 0, 800, 600}));
    EXPECT_TRUE(session_->capturing("HEADLESS-1"));
    auto outputs = session_->outputs();
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_EQ(outputs[0].mode_width, 800);
    EXPECT_EQ(outputs[0].mode_height, 600);
    EXPECT_EQ(outputs[0].width, 800);
}

TEST_F(CaptureTest, FramesOutliveTheSessionSafely) {
    pattern_client({"--size", "200x100"});
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    const Rect window = centred(200, 100);
    ASSERT_TRUE(pump_until([&] { return !frames_.empty() && shows_pattern(frames_.back()->view(), window); }));
    session_.reset();
    loop_.run_once(0);  // a posted buffer return must find nothing to touch
    EXPECT_TRUE(shows_pattern(frames_.back()->view(), window)) << "the pixels changed after the session went";
    frames_.clear();
    loop_.run_once(0);
}

TEST_F(CaptureTest, StoppingAndUnknownOutputs) {
    EXPECT_FALSE(session_->start_capture("NO-SUCH-OUTPUT"));
    ASSERT_TRUE(session_->start_capture("HEADLESS-1"));
    ASSERT_TRUE(wait_frame_after(0));
    session_->stop_capture("HEADLESS-1");
    EXPECT_FALSE(session_->capturing("HEADLESS-1"));
    const size_t count = frame_count_;
    pattern_client({"--size", "40x30"});
    pump_for(300ms);
    EXPECT_EQ(frame_count_, count) << "a stopped capture still delivers frames";
}

// wrd-compositor's pixman renderer never sets y_invert (a GLES one may), so the turn-around
// is checked on its own: rows swap, padding stays, damage follows.
TEST(FlipRows, TurnsAYInvertedCopyUpright) {
    const BufferFormat format{WL_SHM_FORMAT_XRGB8888, 2, 3, 12};  // 8 bytes of pixels, 4 of padding
    std::vector<uint8_t> pixels(36);
    std::iota(pixels.begin(), pixels.end(), 0);
    flip_rows(pixels.data(), format);
    const std::vector<uint8_t> want{24, 25, 26, 27, 28, 29, 30, 31, 8,  9,  10, 11,  // last row, own padding
                                    12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,  // middle row stays
                                    0,  1,  2,  3,  4,  5,  6,  7,  32, 33, 34, 35};
    EXPECT_EQ(pixels, want);
    EXPECT_EQ(flip_rect(Rect{1, 0, 5, 10}, 100), (Rect{1, 90, 5, 10}));
    EXPECT_EQ(flip_rect(Rect{0, 0, 640, 480}, 480), (Rect{0, 0, 640, 480}));
}

}  // namespace
}  // namespace wrd::rdp::test
