#include "session_fixture.hpp"

#include <sys/wait.h>

#include <cstdio>
#include <format>
#include <stdexcept>

#include "common/pattern.hpp"

namespace wrd::rdp::test {

void SessionTest::TearDown() {
    frames_.clear();
    session_.reset();
    clients_.clear();
    if (!compositor_) return;
    // Whatever the session did, the compositor must still end cleanly (sanitizers included).
    if (!compositor_->ended()) {
        const auto status = compositor_->terminate();
        EXPECT_TRUE(status) << "wrd-compositor did not exit on SIGTERM";
        const bool clean = status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0;
        EXPECT_TRUE(!status || clean) << "wrd-compositor ended with wait status " << *status;
    }
    if (HasFailure()) std::printf("--- compositor log tail ---\n%s\n", compositor_->log_tail().c_str());
    compositor_.reset();
}

void SessionTest::start(const std::vector<std::string>& compositor_options) {
    std::vector<std::string> args{"--no-xwayland", "--background", background,
                                  "--output", std::format("{}x{}", output_width, output_height)};
    args.insert(args.end(), compositor_options.begin(), compositor_options.end());
    compositor_ = std::make_unique<TestCompositor>(args);
    auto target = WaylandSession::Target::named(compositor_->socket_path());
    auto session = WaylandSession::connect(loop_, std::move(target), recording_callbacks());
    // Thrown, not asserted: gtest then skips the test body instead of running it without a session.
    if (!session) throw std::runtime_error("connect: " + session.error());
    session_ = std::move(*session);
}

WaylandSession::Callbacks SessionTest::recording_callbacks() {
    return {
        .frame = [this](std::shared_ptr<const CapturedFrame> frame) {
            ++frame_count_;
            buffers_seen_.insert(frame->view().data);
            if (keep_frames_) frames_.push_back(std::move(frame));
        },
        .capture_stopped = [this](const std::string& output, const std::string&) {
            stopped_captures_.push_back(output);
        },
        .outputs_changed = [this] { ++outputs_changed_; },
        .cursor_image = [this](const CursorImage& image) { cursor_images_.push_back(image); },
        .cursor_hidden = [this] { ++cursor_hidden_; },
        .cursor_position = [this](double x, double y) { cursor_positions_.emplace_back(x, y); },
        .lost = [this](const std::string& reason) {
            ++lost_;
            lost_reason_ = reason;
        },
    };
}

bool SessionTest::pump_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        loop_.run_once(10);
    }
    return true;
}

void SessionTest::pump_for(std::chrono::milliseconds duration) {
    pump_until([] { return false; }, duration);
}

ChildProcess& SessionTest::pattern_client(const std::vector<std::string>& args) {
    ChildProcess& client = *clients_.emplace_back(compositor_->spawn_pattern(args));
    EXPECT_TRUE(wait_line(client, "^ready$")) << "the pattern client did not get ready";
    return client;
}

std::optional<std::smatch> SessionTest::wait_line(ChildProcess& client, const std::string& pattern, size_t since,
                                                  std::chrono::milliseconds timeout) {
    const std::regex rx(pattern);
    std::optional<std::smatch> match;
    pump_until([&] { return (match = client.find(rx, since)).has_value(); }, timeout);
    return match;
}

bool SessionTest::settle(std::chrono::milliseconds quiet, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const size_t before = frame_count_;
        pump_for(quiet);
        if (frame_count_ == before) return true;
    }
    return false;
}

bool SessionTest::wait_frame_after(size_t count, std::chrono::milliseconds timeout) {
    return pump_until([&] { return frame_count_ > count; }, timeout);
}

bool shows_pattern(const encoder::FrameView& frame, const Rect& where) {
    for (int32_t y = 0; y < where.height; ++y) {
        for (int32_t x = 0; x < where.width; ++x) {
            const uint32_t want = wrd::test::pattern_pixel(static_cast<uint32_t>(x), static_cast<uint32_t>(y));
            if (rgb_at(frame, where.x + x, where.y + y) != (want & 0xffffff)) return false;
        }
    }
    return true;
}

uint32_t rgb_at(const encoder::FrameView& frame, int32_t x, int32_t y) {
    const uint8_t* p = frame.pixel(x, y);  // B, G, R, X
    return (uint32_t{p[2]} << 16) | (uint32_t{p[1]} << 8) | p[0];
}

int64_t damage_area(const CapturedFrame& frame) {
    int64_t area = 0;
    for (const Rect& r : frame.damage) area += r.area();
    return area;
}

}  // namespace wrd::rdp::test
