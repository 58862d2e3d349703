// wrd-test-pattern: an xdg-shell toplevel (or with --panel a layer-shell panel) over wl_shm
// that paints the known test pattern and prints one line per event (configure, size, focus,
// keys, buttons, scrolling, clipboard, popup, pointer constraints, idle inhibition) for tests
// to read. See options.cpp for the command line.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "clipboard.hpp"
#include "event_log.hpp"
#include "globals.hpp"
#include "main_surface.hpp"
#include "options.hpp"
#include "panel.hpp"
#include "seat.hpp"
#include "window.hpp"

namespace wrd::test {
namespace {

constexpr const char* program = "wrd-test-pattern";

[[noreturn]] void lost_connection(wl_display* display) {
    std::fprintf(stderr, "%s: lost the connection: %s\n", program, describe_display_error(display).c_str());
    std::exit(1);
}

// Dispatches, serving the clipboard's pipes, until `done()` or the deadline; false when the
// deadline came first.
bool dispatch_while_not(wl_display* display, Clock::time_point deadline, Clipboard* clipboard,
                        const std::function<bool()>& done) {
    const auto watches = [clipboard] { return clipboard ? clipboard->watches() : std::vector<FdWatch>(); };
    const Wait result = wait_until(display, deadline, done, watches);
    if (result == Wait::failed) lost_connection(display);
    return result == Wait::done;
}

// A roundtrip, so that a line printed after it means the compositor has what we sent; false
// when the deadline (--exit-after-ms) came first.
bool confirm(wl_display* display, Clock::time_point deadline) {
    if (roundtrip_until(display, deadline)) return true;
    if (wl_display_get_error(display) != 0) lost_connection(display);
    return false;
}

std::unique_ptr<MainSurface> make_main_surface(const Globals& globals, const PatternOptions& options) {
    if (options.panel) return std::make_unique<Panel>(globals, options);
    return std::make_unique<Window>(globals, options);
}

// --inhibit-idle, once the surface is mapped: the compositor may ignore an inhibitor of a
// surface nobody sees. Null without the option.
Proxy<zwp_idle_inhibitor_v1> inhibit_idle(const Globals& globals, const PatternOptions& options, wl_surface* surface) {
    if (!options.inhibit_idle) return nullptr;
    require_global(globals.idle_inhibit != nullptr, "zwp_idle_inhibit_manager_v1");
    return Proxy<zwp_idle_inhibitor_v1>(
        zwp_idle_inhibit_manager_v1_create_inhibitor(globals.idle_inhibit.get(), surface));
}

int run(const PatternOptions& options, Clock::time_point deadline) {
    const Display display = connect_display();
    Globals globals(display.get());
    Seat seat(globals, options);
    const std::unique_ptr<MainSurface> main_surface = make_main_surface(globals, options);
    MainSurface& window = *main_surface;
    std::unique_ptr<Clipboard> clipboard;
    if (options.uses_clipboard()) clipboard = std::make_unique<Clipboard>(display.get(), globals, seat.get(), options);
    seat.set_hooks({
        .keyboard_enter = [&](uint32_t serial) {
            if (clipboard) clipboard->keyboard_entered(serial);
        },
        .left_press = [&](wl_surface* surface, uint32_t serial) { window.handle_left_press(seat.get(), surface, serial); },
    });
    auto closed = [&] { return window.closed(); };
    Proxy<zwp_idle_inhibitor_v1> inhibitor;  // --inhibit-idle, for as long as we live
    if (!dispatch_while_not(display.get(), deadline, clipboard.get(), [&] { return window.has_buffer() || closed(); }))
        return 0;
    if (window.has_buffer()) {
        // "ready" means the compositor has the buffer, not just that we sent it.
        if (!confirm(display.get(), deadline)) return 0;
        log_event("ready");
        inhibitor = inhibit_idle(globals, options, window.surface());
        if (inhibitor) {
            if (!confirm(display.get(), deadline)) return 0;
            log_event("idle_inhibited");
        }
        if (options.minimize_after_ms) {
            // Minimizing after the deadline would never be seen, so it is skipped then.
            const auto at = Clock::now() + std::chrono::milliseconds(*options.minimize_after_ms);
            if (at < deadline && !dispatch_while_not(display.get(), at, clipboard.get(), closed)) window.minimize();
        }
    }
    if (!dispatch_while_not(display.get(), deadline, clipboard.get(), closed)) return 0;
    log_event("closed");
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
    // A paste reader that closes its pipe early must be a failed write, not the end of us.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return run(*options, deadline);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", program, e.what());
        return 1;
    }
}
