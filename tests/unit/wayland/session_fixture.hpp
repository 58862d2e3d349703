// SessionTest: a gtest fixture with a real headless wrd-compositor, a WaylandSession on an
// EventLoop driven by the test thread, and what the session's callbacks reported. Every wait
// pumps the loop with a deadline. Test thread only (it is the session's I/O thread).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "event_loop.hpp"
#include "wayland/wayland_session.hpp"

namespace wrd::rdp::test {

using namespace std::chrono_literals;

// The desktop every test starts with unless it asks otherwise: one 640x480 output.
inline constexpr const char* background = "#102030";
inline constexpr int32_t output_width = 640;
inline constexpr int32_t output_height = 480;

class SessionTest : public ::testing::Test {
protected:
    void TearDown() override;

    // Starts the compositor and connects; extra options are appended to the defaults. Throws
    // when either fails.
    void start(const std::vector<std::string>& compositor_options = {});
    WaylandSession::Callbacks recording_callbacks();

    // Runs the loop until `done()` or the timeout; returns done().
    bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s);
    void pump_for(std::chrono::milliseconds duration);

    // Starts wrd-test-pattern with `args` and waits for its "ready" line.
    ChildProcess& pattern_client(const std::vector<std::string>& args);
    // Waits for a line of `client` at or after index `since` matching `pattern`.
    std::optional<std::smatch> wait_line(ChildProcess& client, const std::string& pattern, size_t since = 0,
                                         std::chrono::milliseconds timeout = 10s);

    // Pumps until the frames recorded stay the same for `quiet`, at most `timeout`.
    bool settle(std::chrono::milliseconds quiet = 300ms, std::chrono::milliseconds timeout = 10s);
    // Waits for one more frame than `count` was.
    bool wait_frame_after(size_t count, std::chrono::milliseconds timeout = 10s);

    // Where the compositor places a new window of this size on an empty 640x480 output.
    static Rect centred(int32_t width, int32_t height) {
        return {(output_width - width) / 2, (output_height - height) / 2, width, height};
    }

    EventLoop loop_;
    std::unique_ptr<TestCompositor> compositor_;
    std::unique_ptr<WaylandSession> session_;
    std::vector<std::unique_ptr<ChildProcess>> clients_;

    // What the callbacks reported.
    std::vector<std::shared_ptr<const CapturedFrame>> frames_;
    bool keep_frames_ = true;  // false: frames are counted and dropped at once
    size_t frame_count_ = 0;
    std::set<const uint8_t*> buffers_seen_;  // the pixel addresses of every frame delivered
    int outputs_changed_ = 0;
    std::vector<CursorImage> cursor_images_;
    int cursor_hidden_ = 0;
    std::vector<std::pair<double, double>> cursor_positions_;
    std::vector<std::string> stopped_captures_;
    int lost_ = 0;
    std::string lost_reason_;
};

// Whether `frame` shows the known test pattern (a client's window) at `where`.
bool shows_pattern(const encoder::FrameView& frame, const Rect& where);
// The pixel at (x, y) as 0xRRGGBB.
uint32_t rgb_at(const encoder::FrameView& frame, int32_t x, int32_t y);
// The union of the damage rectangles' areas (they do not overlap).
int64_t damage_area(const CapturedFrame& frame);

}  // namespace wrd::rdp::test
