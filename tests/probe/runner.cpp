// The steps that wait, look at the screen, send input or change the layout. The clipboard
// steps are in runner_clipboard.cpp.
#include "runner.hpp"

#include <poll.h>
#include <unistd.h>

#include <format>
#include <thread>

#include "input.hpp"
#include "keymap.hpp"
#include "screen.hpp"

namespace wrd::probe {
namespace {

using std::chrono::milliseconds;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

template <typename T>
StepRunner::Result done(const std::expected<void, std::string>& r, T&& detail) {
    if (!r) return std::unexpected(r.error());
    return std::string(std::forward<T>(detail));
}

}  // namespace

StepRecord StepRunner::run(const Step& step) {
    StepRecord record;
    record.text = step.text;
    const auto start = Clock::now();
    const Stats before = client_.stats();
    Result result = std::unexpected("not connected");
    if (client_.connected() || std::holds_alternative<step::Sleep>(step.action))
        result = std::visit(*this, step.action);
    record.ms = ms_since(start);
    record.frames = client_.stats().frames_since(before);
    record.ok = result.has_value();
    record.detail = result ? *result : result.error();
    return record;
}

Clock::time_point StepRunner::deadline() const {
    return Clock::now() + std::chrono::seconds(client_.options().timeout_s);
}

Clock::time_point StepRunner::channel_deadline() const {
    const auto now = Clock::now();
    const auto connected = client_.stats().connected_at.value_or(now);
    return std::min(deadline(), std::max(now + std::chrono::seconds(1), connected + std::chrono::seconds(5)));
}

StepRunner::Result StepRunner::operator()(const step::WaitFrames& s) {
    const Stats& stats = client_.stats();
    const Stats start = stats;
    const auto want = static_cast<uint64_t>(s.count);
    auto r = client_.wait_until([&] { return stats.frames_since(start) >= want; }, deadline(),
                                std::format("{} frame(s)", s.count));
    if (!r) return std::unexpected(std::format("{} (saw {})", r.error(), stats.frames_since(start)));
    return std::format("{} frame(s), {} in all", s.count, stats.frames());
}

std::expected<void, std::string> StepRunner::wait_quiet(milliseconds quiet) {
    const auto start = Clock::now();
    const Stats& stats = client_.stats();
    return client_.wait_until([&] { return Clock::now() - std::max(start, stats.last_update_at) >= quiet; },
                              deadline() + quiet, std::format("{} ms without a screen update", quiet.count()));
}

StepRunner::Result StepRunner::operator()(const step::WaitStable& s) {
    return done(wait_quiet(milliseconds(s.ms)), std::format("no update for {} ms", s.ms));
}

StepRunner::Result StepRunner::operator()(const step::Screenshot& s) {
    const rdpGdi* gdi = client_.gdi();
    if (!gdi) return std::unexpected("no desktop decoded yet");
    auto saved = tools::save_png(desktop_image(gdi), s.path);
    return done(saved, std::format("{}x{} to {}", gdi->width, gdi->height, s.path));
}

StepRunner::Result StepRunner::operator()(const step::Type& s) {
    return done(send_unicode(client_.input(), s.text), std::format("{} byte(s) as Unicode events", s.text.size()));
}

StepRunner::Result StepRunner::operator()(const step::Keys& s) {
    auto strokes = keystrokes_for(s.text);
    if (!strokes) return std::unexpected(strokes.error());
    return done(send_keystrokes(client_.input(), *strokes), std::format("{} key(s)", strokes->size()));
}

StepRunner::Result StepRunner::operator()(const step::Key& s) {
    auto r = send_scancode(client_.input(), s.scancode, s.extended, true);
    if (r) r = send_scancode(client_.input(), s.scancode, s.extended, false);
    return done(r, std::format("scancode 0x{:02x}{}", s.scancode, s.extended ? " extended" : ""));
}

StepRunner::Result StepRunner::operator()(const step::Click& s) {
    pointer_x_ = s.x;
    pointer_y_ = s.y;
    return done(send_click(client_.input(), s.x, s.y, s.button), std::format("at {},{}", s.x, s.y));
}

StepRunner::Result StepRunner::operator()(const step::Move& s) {
    pointer_x_ = s.x;
    pointer_y_ = s.y;
    return done(send_move(client_.input(), s.x, s.y), std::format("to {},{}", s.x, s.y));
}

StepRunner::Result StepRunner::operator()(const step::Wheel& s) {
    return done(send_wheel(client_.input(), pointer_x_, pointer_y_, s.notches, s.horizontal),
                std::format("{} notch(es)", s.notches));
}

// MS-RDPEDISP 2.2.2.2: one monitor of the new size; the server answers with a desktop resize
// or a graphics reset, and the GDI follows.
StepRunner::Result StepRunner::operator()(const step::Resize& s) {
    DisplayChannel& display = client_.display();
    auto r = client_.wait_until([&] { return display.context && display.caps_received; }, channel_deadline(),
                                "the server to open the display control channel");
    if (!r) return std::unexpected(r.error());
    DISPLAY_CONTROL_MONITOR_LAYOUT layout{};
    layout.Flags = DISPLAY_CONTROL_MONITOR_PRIMARY;
    layout.Width = static_cast<UINT32>(s.size.width);
    layout.Height = static_cast<UINT32>(s.size.height);
    // Millimetres at 96 dpi; the scale factors say "100 %".
    layout.PhysicalWidth = static_cast<UINT32>(s.size.width * 254 / 960);
    layout.PhysicalHeight = static_cast<UINT32>(s.size.height * 254 / 960);
    layout.DesktopScaleFactor = 100;
    layout.DeviceScaleFactor = 100;
    if (const UINT rc = display.context->SendMonitorLayout(display.context, 1, &layout); rc != CHANNEL_RC_OK)
        return std::unexpected(std::format("sending the monitor layout failed (error {})", rc));
    r = client_.wait_until(
        [&] { return client_.gdi() && client_.gdi()->width == s.size.width && client_.gdi()->height == s.size.height; },
        deadline(), std::format("the desktop to become {}x{}", s.size.width, s.size.height));
    return done(r, std::format("desktop is {}x{}", s.size.width, s.size.height));
}

StepRunner::Result StepRunner::operator()(const step::Sleep& s) {
    const auto until = Clock::now() + milliseconds(s.ms);
    if (!client_.connected()) {
        std::this_thread::sleep_until(until);
        return std::format("{} ms", s.ms);
    }
    // Keep handling events meanwhile: the server's frames must not queue up unread.
    return done(client_.wait_until([&] { return Clock::now() >= until; }, until + milliseconds(100), "the sleep"),
                std::format("{} ms", s.ms));
}

// Each sample: note the region, send the trigger, time until the region differs. Between
// samples wait for the screen to settle so one sample's trailing updates do not end the next.
StepRunner::Result StepRunner::latency_sample(const step::Latency& s) {
    const rdpGdi* gdi = client_.gdi();
    auto before = region_pixels(gdi, s.region);
    if (!before) return std::unexpected(before.error());
    const Stats& stats = client_.stats();
    uint64_t seen = stats.screen_updates;
    const auto sent = Clock::now();
    std::expected<void, std::string> r;
    if (s.trigger == step::Trigger::key) {
        r = send_keystrokes(client_.input(), {KeyStroke{kScancodeA, false}});
    } else {
        r = send_click(client_.input(), s.region.x + s.region.width / 2, s.region.y + s.region.height / 2,
                       Button::left);
    }
    if (!r) return std::unexpected(r.error());
    r = client_.wait_until(
        [&] {
        if (stats.screen_updates == seen) return false;
        seen = stats.screen_updates;
        auto now_pixels = region_pixels(client_.gdi(), s.region);
        return !now_pixels || *now_pixels != *before;
        },
        deadline(), "the region to change");
    if (!r) return std::unexpected(r.error());
    const double ms = ms_since(sent);
    client_.stats().latency_ms.push_back(ms);
    return std::format("{:.1f}", ms);
}

StepRunner::Result StepRunner::operator()(const step::Latency& s) {
    for (int i = 0; i < s.samples; ++i) {
        if (auto q = wait_quiet(milliseconds(100)); !q) return std::unexpected(q.error());
        if (auto r = latency_sample(s); !r) return std::unexpected(std::format("sample {}: {}", i + 1, r.error()));
    }
    const auto& samples = client_.stats().latency_ms;
    return std::format("{} sample(s), p50 {:.1f} ms, p95 {:.1f} ms", s.samples, percentile(samples, 50).value_or(0),
                       percentile(samples, 95).value_or(0));
}

bool StepRunner::poll_stdin_line() {
    while (!stdin_closed_ && stdin_buffer_.find('\n') == std::string::npos) {
        pollfd pfd{STDIN_FILENO, POLLIN, 0};
        if (poll(&pfd, 1, 0) <= 0) return false;
        char buf[256];
        const ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0)
            stdin_closed_ = true;
        else
            stdin_buffer_.append(buf, static_cast<size_t>(n));
    }
    return true;
}

StepRunner::Result StepRunner::operator()(const step::WaitStdin&) {
    auto r = client_.wait_until([&] { return poll_stdin_line(); }, deadline(), "a line on stdin");
    if (!r) return std::unexpected(r.error());
    const size_t newline = stdin_buffer_.find('\n');
    if (newline == std::string::npos) return std::unexpected("stdin was closed before a line came");
    std::string line = stdin_buffer_.substr(0, newline);
    stdin_buffer_.erase(0, newline + 1);
    return "got \"" + line + "\"";
}

StepRunner::Result StepRunner::operator()(const step::Disconnect&) {
    client_.disconnect();
    return std::string("disconnected");
}

StepRunner::Result StepRunner::operator()(const step::Kill&) {
    return std::unexpected("kill is done by main, after the report is written");
}

}  // namespace wrd::probe
