// The display connection and dispatching with a deadline. wl_display_dispatch blocks without
// limit, and a test program must be able to give up (--exit-after-ms, the bad client's 5 s
// verdict, a capture's --timeout-ms, a benchmark's stuck frame). Main thread only.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "proxy.hpp"

namespace wrd::test {

using Clock = std::chrono::steady_clock;

// Connects to $WAYLAND_DISPLAY; throws std::runtime_error naming the display and the errno
// text, so every program reports a missing compositor the same way.
Display connect_display();

// Something besides the display the loop waits on: a clipboard pipe, stdin, or with fd -1 a
// plain timer. `ready` gets the poll revents, or 0 once `deadline` has passed with none. Pipes
// to other clients go through the loop so a slow or stuck peer never blocks the connection.
struct FdWatch {
    int fd = -1;
    short events = 0;
    Clock::time_point deadline = Clock::time_point::max();
    std::function<void(short revents)> ready;
};

enum class Wait {
    done,       // `done()` holds
    timed_out,  // the deadline came first
    failed,     // the connection is dead: see wl_display_get_error
};

// Dispatches events on the default queue until `done()` holds or `deadline` passes
// (Clock::time_point::max() waits for ever), serving the fds `watches()` lists, asked afresh
// each round as transfers start and end. Each round flushes, then waits in ppoll for the
// display or a watch; watches that fire are called after the events are read and before they
// are dispatched, so their revents still describe the fds polled. The deadline is checked
// after every round, as fd traffic can keep the loop busy past it.
Wait wait_until(wl_display* display, Clock::time_point deadline, const std::function<bool()>& done,
                const std::function<std::vector<FdWatch>()>& watches = {});

// wl_display_roundtrip with a deadline: true once the compositor has answered everything
// sent so far, false on timeout or a dead connection (wl_display_get_error tells which).
bool roundtrip_until(wl_display* display, Clock::time_point deadline = Clock::time_point::max());

// Why the connection died: the errno text, then libwayland's report of the protocol error if
// there was one, e.g. "Protocol error (errno 71): wl_surface#3: error 0: Specified scale
// value (0) is not positive". The report comes from libwayland's log, so call
// capture_wayland_log() before connecting.
std::string describe_display_error(wl_display* display);

// Routes libwayland-client's log through us (still to stderr) so the last protocol error
// message can be quoted by describe_display_error.
void capture_wayland_log();

}  // namespace wrd::test
