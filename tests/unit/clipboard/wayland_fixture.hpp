// Test fixture for the Wayland side of the clipboard: a real headless wrd-compositor in its own
// runtime dir, our Wayland connection dispatched by an EventLoop, and real child processes
// (wl-copy, wl-paste) whose stdin and stdout go through the same loop, so the test thread can
// serve a paste while it waits for one. Every wait is bounded.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "clipboard/bytes.hpp"
#include "event_loop.hpp"
#include "unique_fd.hpp"

struct wl_display;

namespace wrd::rdp::test {

using namespace std::chrono_literals;

// A headless wrd-compositor; the constructor returns once it printed WRD_COMPOSITOR_READY=1.
class Compositor {
public:
    Compositor();
    ~Compositor();
    Compositor(const Compositor&) = delete;
    Compositor& operator=(const Compositor&) = delete;

    const std::string& runtime_dir() const { return runtime_dir_; }
    const std::string& display_name() const { return display_name_; }
    // The environment a client of this compositor needs ("KEY=value").
    std::vector<std::string> client_env() const;

private:
    std::string temp_dir_;
    std::string runtime_dir_;
    std::string display_name_;
    pid_t pid_ = -1;
    UniqueFd stdout_keeper_;
};

// A child process whose stdin is fed and stdout collected through the loop.
class Child {
public:
    Child(EventLoop& loop, const std::vector<std::string>& argv, const std::vector<std::string>& env, Bytes input);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // True once stdout reached end-of-file and the process was reaped.
    bool done();
    int exit_status() const { return status_; }
    const Bytes& output() const { return output_; }
    void terminate();

private:
    void feed_stdin();
    void read_stdout();

    EventLoop& loop_;
    pid_t pid_ = -1;
    UniqueFd stdin_, stdout_;
    EventLoop::Id stdin_watch_ = 0, stdout_watch_ = 0;
    Bytes input_;
    size_t fed_ = 0;
    Bytes output_;
    bool stdout_closed_ = false;
    int status_ = -1;
};

// Our own Wayland connection to the compositor, dispatched by `loop`.
class WaylandConnection {
public:
    WaylandConnection(EventLoop& loop, const Compositor& compositor);
    ~WaylandConnection();
    WaylandConnection(const WaylandConnection&) = delete;
    WaylandConnection& operator=(const WaylandConnection&) = delete;

    wl_display* display() const { return display_; }

private:
    EventLoop& loop_;
    wl_display* display_ = nullptr;
    EventLoop::Id watch_ = 0;
};

// Runs the loop until `done()` or the timeout; returns done().
bool run_until(EventLoop& loop, const std::function<bool()>& done, std::chrono::milliseconds timeout = 15s);
// Runs the loop for `duration`, whatever happens.
void run_for(EventLoop& loop, std::chrono::milliseconds duration);

}  // namespace wrd::rdp::test
