// wrd-bench-rdp-animation: the full-screen animation of the end-to-end RDP benchmark
// (bench/rdp/rdp_bench.py). A fullscreen xdg toplevel that paints a new PanningPicture frame on
// every frame callback, so the compositor's refresh rate paces it (60 Hz on the benchmark's
// outputs) and every pixel changes every frame. Plain xdg-shell + wl_shm: it runs on
// wrd-compositor and on Weston alike.
//
// Prints "ready WxH fullscreen|windowed" once its first frame is on screen, then once a second
// "frames N T": N frames committed so far at CLOCK_MONOTONIC time T (seconds), so the caller
// can tell the rate the application itself reached from the rate a remote client received.
#include <cstdio>
#include <cstring>

#include "connection.hpp"
#include "panning_picture.hpp"
#include "window.hpp"

namespace wrd::bench {
namespace {

using namespace std::chrono_literals;

// A frame callback may be late while the compositor is busy, but not this late.
constexpr auto kFrameTimeout = 30000ms;

int run() {
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
    for (uint64_t n = 0;; ++n) {
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
}

}  // namespace
}  // namespace wrd::bench

int main(int argc, char** argv) {
    if (argc != 1) {
        std::fprintf(stderr, "usage: %s (no options; WAYLAND_DISPLAY selects the compositor)\n", argv[0]);
        return 2;
    }
    try {
        return wrd::bench::run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wrd-bench-rdp-animation: %s\n", e.what());
        return 1;
    }
}
