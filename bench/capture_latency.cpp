// wrd-bench-capture-latency: how long from a client's commit until a screencopy client
// holds a copy of the output that contains it. One process plays both parts: a fullscreen
// xdg toplevel that animates, and a zwlr_screencopy_manager_v1 client of the same output.
//
// Per frame: wait for the frame callback and a free buffer, paint, commit (t0), send
// copy_with_damage, wait for ready (t1). The compositor's own timestamp of the output
// commit splits t1 - t0 into "waiting for the output to render" (frame pacing + render)
// and "read-back + delivery". --gap-ms idles between frames so the headless output's
// frame timer has expired before each commit: that measures the pipeline without pacing.
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "animation.hpp"
#include "capture.hpp"
#include "connection.hpp"
#include "stats.hpp"
#include "window.hpp"

namespace wrd::bench {
namespace {

using namespace std::chrono_literals;

struct Options {
    int frames = 300;
    int warmup = 10;
    std::string damage = "rect";
    int rect_width = 640, rect_height = 360;
    double gap_ms = 0;
};

// Per-frame figures in ms; times are CLOCK_MONOTONIC seconds.
struct Series {
    std::vector<double> total, to_output, to_ready, paint, interval;
    long damage_pixels = 0;
    int stale = 0, undamaged = 0;

    void add(double p0, double t0, const CaptureResult& r, double last_output_commit, bool shows) {
        total.push_back((r.received - t0) * 1e3);
        to_output.push_back((r.output_commit - t0) * 1e3);
        to_ready.push_back((r.received - r.output_commit) * 1e3);
        paint.push_back((t0 - p0) * 1e3);
        if (last_output_commit > 0) interval.push_back((r.output_commit - last_output_commit) * 1e3);
        damage_pixels += r.damage_pixels;
        stale += shows ? 0 : 1;
        undamaged += r.damage_pixels == 0 ? 1 : 0;
    }
};

// Did the capture show frame n's rectangle? Only checkable when our window covers the
// output from its origin and the capture format stores pixels as 0xXXRRGGBB.
bool capture_shows(const ShmBuffer& cap, const Animation& anim, uint64_t n, bool y_invert) {
    const Rect r = anim.rect_at(n);
    int x = r.x + r.width / 2, y = r.y + r.height / 2;
    if (y_invert) y = cap.height() - 1 - y;
    return ((cap.row(y)[x] ^ Animation::rect_colour(n)) & 0xffffffu) == 0;
}

void print_row(const char* name, const std::vector<double>& ms, const char* why) {
    const Summary s = summarize(ms);
    std::printf("  %-16s %7.2f %7.2f %7.2f %7.2f %7.2f   %s\n", name, s.p50, s.p95, s.p99, s.mean, s.max, why);
}

void report(const Options& opt, const OutputMode& mode, const Series& s, double nominal) {
    const double area = static_cast<double>(mode.width) * mode.height;
    std::printf("capture latency: output %dx%d @ %.2f Hz, damage %s (%.1f%% of the screen changes per frame), "
                "gap %.1f ms, %zu frames after %d warm-up\n",
                mode.width, mode.height, mode.refresh_mhz / 1000.0, opt.damage.c_str(), nominal * 100.0, opt.gap_ms,
                s.total.size(), opt.warmup);
    std::printf("  %-16s %7s %7s %7s %7s %7s   (ms)\n", "", "p50", "p95", "p99", "mean", "max");
    print_row("commit->ready", s.total, "what a capturing consumer sees");
    print_row("commit->output", s.to_output, "frame pacing wait + scene render, until the output commit");
    print_row("output->ready", s.to_ready, "screencopy read-back + event delivery");
    print_row("client paint", s.paint, "client drawing before the commit (not in the latency)");
    print_row("output interval", s.interval, "between the output commits that were copied (the pacing)");
    std::printf("  reported damage: mean %.1f%% of the output; captures missing their frame: %d; "
                "ready without damage: %d\n",
                s.total.empty() ? 0.0 : 100.0 * static_cast<double>(s.damage_pixels) / area / static_cast<double>(s.total.size()),
                s.stale, s.undamaged);
    const Summary t = summarize(s.total);
    std::printf("summary: hz=%.0f damage=%s gap_ms=%g frames=%zu p50=%.2f p95=%.2f p99=%.2f mean=%.2f max=%.2f "
                "to_output_p50=%.2f to_ready_p50=%.2f interval_p50=%.2f stale=%d\n",
                mode.refresh_mhz / 1000.0, opt.damage.c_str(), opt.gap_ms, s.total.size(), t.p50, t.p95, t.p99, t.mean,
                t.max, summarize(s.to_output).p50, summarize(s.to_ready).p50, summarize(s.interval).p50, s.stale);
}

int run(const Options& opt) {
    Connection conn(true);
    const OutputMode mode = conn.mode();
    Window win(conn, "wrd-bench-capture-latency", true, mode.width, mode.height);
    const bool checkable = win.fullscreen() && win.width() == mode.width && win.height() == mode.height;
    if (!checkable)
        std::fprintf(stderr, "wrd-bench-capture-latency: window is %dx%d%s, output %dx%d: frame check disabled\n",
                     win.width(), win.height(), win.fullscreen() ? " fullscreen" : "", mode.width, mode.height);

    ShmBuffer buffers[2] = {{conn.shm(), win.width(), win.height(), WL_SHM_FORMAT_XRGB8888},
                            {conn.shm(), win.width(), win.height(), WL_SHM_FORMAT_XRGB8888}};
    Animation anim(win.width(), win.height(), opt.damage == "full" ? DamageMode::Full : DamageMode::Rect,
                   opt.rect_width, opt.rect_height);
    Capture cap(conn);
    cap.arm();
    Series s;
    double last_output_commit = 0;
    const auto total = static_cast<uint64_t>(opt.warmup + opt.frames);
    for (uint64_t n = 0; n < total; ++n) {
        ShmBuffer& buf = buffers[n % 2];
        conn.dispatch_until([&] { return win.frame_done() && !buf.busy(); }, 5000ms, "the frame callback and a free buffer");
        cap.prepare();  // before the commit, so the commit and the copy leave in one flush
        const double p0 = monotonic_seconds();
        const std::vector<Rect> damage = anim.paint(buf, static_cast<int>(n % 2), n);
        win.present(buf, damage, true);
        const double t0 = monotonic_seconds();
        cap.copy();
        const CaptureResult r = cap.wait_ready();
        const bool shows = !checkable || capture_shows(cap.pixels(), anim, n, r.y_invert);
        cap.arm();
        if (n >= static_cast<uint64_t>(opt.warmup)) s.add(p0, t0, r, last_output_commit, shows);
        last_output_commit = r.output_commit;
        if (opt.gap_ms > 0) conn.dispatch_for(std::chrono::microseconds(static_cast<long>(opt.gap_ms * 1000)));
    }
    report(opt, mode, s, anim.changed_fraction());
    return 0;
}

}  // namespace
}  // namespace wrd::bench

int main(int argc, char** argv) {
    wrd::bench::Options opt;
    CLI::App app{"wrd-bench-capture-latency: client commit -> screencopy ready latency on $WAYLAND_DISPLAY"};
    app.add_option("--frames", opt.frames, "measured frames")->check(CLI::PositiveNumber);
    app.add_option("--warmup", opt.warmup, "frames run first and not measured")->check(CLI::NonNegativeNumber);
    app.add_option("--damage", opt.damage, "rect: a moving rectangle; full: every pixel changes")
        ->check(CLI::IsMember({"rect", "full"}));
    app.add_option("--rect-width", opt.rect_width, "moving rectangle width")->check(CLI::PositiveNumber);
    app.add_option("--rect-height", opt.rect_height, "moving rectangle height")->check(CLI::PositiveNumber);
    app.add_option("--gap-ms", opt.gap_ms, "idle this long after each capture (> 1 refresh: no frame pacing)")
        ->check(CLI::NonNegativeNumber);
    CLI11_PARSE(app, argc, argv);
    try {
        return wrd::bench::run(opt);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wrd-bench-capture-latency: %s\n", e.what());
        return 1;
    }
}
