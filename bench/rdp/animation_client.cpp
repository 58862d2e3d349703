// wrd-bench-rdp-animation: the full-screen animation of the end-to-end RDP benchmark
// (bench/rdp/rdp_bench.py). A fullscreen xdg toplevel that paints a new PanningPicture frame on
// every frame callback, so the compositor's refresh rate paces it (60 Hz on the benchmark's
// outputs) and every pixel changes every frame. Plain xdg-shell + wl_shm: it runs on
// wrd-compositor and on Weston alike.
//
// Prints "ready WxH fullscreen|windowed" once its first frame is on screen, then once a second
// "frames N T": N frames committed so far at CLOCK_MONOTONIC time T (seconds), so the caller
// can tell the rate the application itself reached from the rate a remote client received.
// Runs until killed, or with --frames N exits 0 after N frames.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <optional>

#include "connection.hpp"
#include "panning_picture.hpp"
#include "window.hpp"

namespace wrd::bench {
namespace {

using namespace std::chrono_literals;

// A frame callback may be late while the compositor is busy, but not this late.
constexpr auto kFrameTimeout = 30000ms;

int run(std::optional<uint64_t> frames) {
    Connection conn(false);
    const OutputMode mode = conn.mode();
    Window win(conn, "wrd-bench-rdp-animation", true, mode.width, mode.height);
    PanningPicture picture(win.width(), win.height());
    // Three buffers: a compositor may hold the shown one and the one before it (Weston's
    // pixman renderer releases a buffer only after the next commit is applied).
    ShmBuffer buffers[3] = {{conn.shm(), win.width(), win.height(), WL_SHM_FORMAT_XRGB8888},
                            {conn.shm(), win.width(), win.height(), WL_SHM_FORMAT_XRGB8888},
                            {conn.shm(), win.width(), win.height(), WL_SHM_FORMAT_XRGB8888}};
    double next_report = 0;
    for (uint64_t n = 0; !frames || n < *frames; ++n) {
        ShmBuffer* buf = nullptr;
        conn.dispatch_until(
            [&] {
                if (!win.frame_done()) return false;
                for (ShmBuffer& b : buffers)
                    if (!b.busy()) buf = &b;
                return buf != nullptr;
            },
            kFrameTimeout, "the frame callback and a free buffer");
        if (n == 1) {
            std::printf("ready %dx%d %s\n", win.width(), win.height(), win.fullscreen() ? "fullscreen" : "windowed");
            std::fflush(stdout);
        }
        const double now = monotonic_seconds();
        if (n > 0 && now >= next_report) {
            std::printf("frames %llu %.6f\n", static_cast<unsigned long long>(n), now);
            std::fflush(stdout);
            next_report = now + 1.0;
        }
        picture.paint(*buf, n);
        win.present(*buf, {}, true);
    }
    return 0;
}

std::optional<uint64_t> parse_count(const char* text) {
    uint64_t v = 0;
    const char* end = text + std::strlen(text);
    auto [at, ec] = std::from_chars(text, end, v);
    if (ec != std::errc() || at != end || v == 0) return std::nullopt;
    return v;
}

}  // namespace
}  // namespace wrd::bench

int main(int argc, char** argv) {
    std::optional<uint64_t> frames;
    if (argc == 3 && std::strcmp(argv[1], "--frames") == 0) frames = wrd::bench::parse_count(argv[2]);
    if (argc == 2 || argc > 3 || (argc == 3 && !frames)) {
        std::fprintf(stderr, "usage: %s [--frames N]   (WAYLAND_DISPLAY selects the compositor)\n", argv[0]);
        return 2;
    }
    try {
        return wrd::bench::run(frames);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wrd-bench-rdp-animation: %s\n", e.what());
        return 1;
    }
}
