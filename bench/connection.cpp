#include "connection.hpp"

#include <string>

#include "wayland/toplevel.hpp"

namespace wrd::bench {
namespace {

void require(const void* global, const char* what) {
    if (!global) throw BenchError(std::string("the compositor offers no ") + what);
}

test::Display connect() {
    test::capture_wayland_log();  // so fail() can quote a protocol error
    return test::connect_display();
}

}  // namespace

Connection::Connection(bool want_screencopy)
    : display_(connect()),
      registry_(display_.get()),
      outputs_(registry_),
      compositor_(registry_.bind<wl_compositor>(wl_compositor_interface, 4)),
      shm_(registry_.bind<wl_shm>(wl_shm_interface, 1)),
      wm_base_(test::bind_wm_base(registry_)) {
    // The registry's roundtrip delivered the globals; this one the outputs' modes.
    if (!test::roundtrip_until(display())) fail();
    require(compositor_.get(), "wl_compositor");
    require(shm_.get(), "wl_shm");
    require(wm_base_.get(), "xdg_wm_base (xdg-shell)");
    if (outputs_.list().empty()) throw BenchError("the compositor offers no wl_output");
    if (want_screencopy) {
        const test::Registry::Global* global = registry_.find(zwlr_screencopy_manager_v1_interface);
        require(global, "zwlr_screencopy_manager_v1 (wlr-screencopy)");
        if (global->version < 3)
            throw BenchError("zwlr_screencopy_manager_v1 is version " + std::to_string(global->version) +
                             "; copy_with_damage and buffer_done need version 3");
        screencopy_ = registry_.bind<zwlr_screencopy_manager_v1>(*global, zwlr_screencopy_manager_v1_interface, 3);
    }
    const test::OutputInfo& output = outputs_.list().front();
    mode_ = {output.width, output.height, output.refresh_mhz};
    if (mode_.width <= 0 || mode_.height <= 0) throw BenchError("the wl_output sent no current mode");
}

void Connection::fail() const {
    throw BenchError("lost the Wayland connection: " + test::describe_display_error(display()));
}

void Connection::dispatch_until(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                                const char* what) {
    switch (test::wait_until(display(), test::Clock::now() + timeout, done)) {
        case test::Wait::done: return;
        case test::Wait::timed_out:
            throw BenchError("timed out after " + std::to_string(timeout.count()) + " ms waiting for " + what);
        case test::Wait::failed: break;
    }
    fail();
}

void Connection::dispatch_for(std::chrono::nanoseconds span) {
    const auto deadline = test::Clock::now() + span;
    if (test::wait_until(display(), deadline, [] { return false; }) == test::Wait::failed) fail();
}

void Connection::dispatch_forever() {
    while (wl_display_dispatch(display()) >= 0) {
    }
}

}  // namespace wrd::bench
