// wrd-test-pattern: an xdg-shell toplevel over wl_shm that paints the known test pattern and
// prints one line per event (configure, size, focus, keys, buttons, scrolling) for tests to
// read. See options.cpp for the command line.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>

#include "display_loop.hpp"
#include "event_log.hpp"
#include "globals.hpp"
#include "options.hpp"
#include "seat.hpp"
#include "window.hpp"

namespace wrd::test {
namespace {

constexpr const char* program = "wrd-test-pattern";

[[noreturn]] void lost_connection(wl_display* display) {
    std::fprintf(stderr, "%s: lost the connection: %s\n", program, describe_display_error(display).c_str());
    std::exit(1);
}

// Dispatches until `done()` or the deadline; false when the deadline came first.
template <typename Done>
bool dispatch_while_not(wl_display* display, Clock::time_point deadline, Done done) {
    while (!done()) {
        Dispatch result = dispatch_until(display, deadline);
        if (result == Dispatch::failed) lost_connection(display);
        if (result == Dispatch::timed_out && Clock::now() >= deadline) return false;
    }
    return true;
}

int run(const PatternOptions& options, Clock::time_point deadline) {
    Display display(wl_display_connect(nullptr));
    if (!display) {
        std::fprintf(stderr, "%s: cannot connect to the Wayland display (WAYLAND_DISPLAY=%s)\n", program,
                     std::getenv("WAYLAND_DISPLAY") ? std::getenv("WAYLAND_DISPLAY") : "unset");
        return 1;
    }
    Globals globals(display.get());
    Seat seat(globals, options);
    Window window(globals, options);
    if (!dispatch_while_not(display.get(), deadline, [&] { return window.has_buffer() || window.closed(); })) return 0;
    // The roundtrip makes "ready" mean the compositor has the buffer, not just that we sent it.
    if (wl_display_roundtrip(display.get()) < 0) lost_connection(display.get());
    log_event("ready");
    dispatch_while_not(display.get(), deadline, [&] { return window.closed(); });
    if (window.closed()) log_event("closed");
    return 0;
}

}  // namespace
}  // namespace wrd::test

int main(int argc, char** argv) {
    using namespace wrd::test;
    const auto start = Clock::now();
    auto options = parse_pattern_options(argc, argv);
    if (!options) return options.error();
    const Clock::time_point deadline =
        options->exit_after_ms ? start + std::chrono::milliseconds(*options->exit_after_ms) : Clock::time_point::max();
    capture_wayland_log();
    try {
        return run(*options, deadline);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", program, e.what());
        return 1;
    }
}
