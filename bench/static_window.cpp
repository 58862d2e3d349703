// wrd-bench-static-window: the idle app for bench/idle_cpu.sh. It maps one floating
// window, paints it once, asks for no frame callbacks after the first, and then only
// answers pings and configures, so any CPU the compositor spends afterwards is its own.
// Prints "ready" once the first frame has been shown.
//
// With --capture it also plays the remote-desktop server: it keeps a screencopy
// copy_with_damage of the output pending at all times, as a server waiting for changes
// would, and prints "capture N DAMAGE_PIXELS" for each frame the compositor hands over,
// so the caller can count frames produced while nothing changed.
#include <cstdio>
#include <cstring>

#include "capture.hpp"
#include "connection.hpp"
#include "window.hpp"

namespace wrd::bench {
namespace {

using namespace std::chrono_literals;

void paint(ShmBuffer& buf) {
    // Something that looks like content (stripes), so no renderer can shortcut a solid fill.
    for (int y = 0; y < buf.height(); ++y)
        for (int x = 0; x < buf.width(); ++x) buf.row(y)[x] = ((x / 32 + y / 32) % 2) ? 0xffe0e0e0u : 0xff2060a0u;
}

// Waits in copy_with_damage for ever; each ready is one output frame with damage.
[[noreturn]] void capture_forever(Connection& conn) {
    Capture cap(conn);
    for (long n = 1;; ++n) {
        cap.arm();
        cap.prepare();
        cap.copy();
        const CaptureResult r = cap.wait_ready(std::chrono::hours(24 * 365));
        std::printf("capture %ld %ld\n", n, r.damage_pixels);
        std::fflush(stdout);
    }
}

int run(bool capture) {
    Connection conn(capture);
    Window win(conn, "wrd-bench-static-window", false, 800, 600);
    ShmBuffer buf(conn.shm(), win.width(), win.height(), WL_SHM_FORMAT_XRGB8888);
    paint(buf);
    win.present(buf, {}, true);
    conn.dispatch_until([&] { return win.frame_done(); }, 5000ms, "the first frame callback");
    std::printf("ready %dx%d\n", win.width(), win.height());
    std::fflush(stdout);
    if (capture) capture_forever(conn);
    conn.dispatch_forever();
    return 0;
}

}  // namespace
}  // namespace wrd::bench

int main(int argc, char** argv) {
    const bool capture = argc == 2 && std::strcmp(argv[1], "--capture") == 0;
    if (argc > 2 || (argc == 2 && !capture)) {
        std::fprintf(stderr, "usage: wrd-bench-static-window [--capture]\n");
        return 2;
    }
    try {
        return wrd::bench::run(capture);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wrd-bench-static-window: %s\n", e.what());
        return 1;
    }
}
