// Launcher: starts the session's apps (--exec, autostart) with the session's environment,
// reaps them, and ends the compositor with the first app when --exit-with-session is set.
// Event-loop thread only (SIGCHLD arrives through the loop's signalfd).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "wlr.hpp"

namespace wrd::compositor {

class Server;

class Launcher {
public:
    explicit Launcher(Server& server);
    ~Launcher();
    Launcher(const Launcher&) = delete;
    Launcher& operator=(const Launcher&) = delete;

    // Runs `command` with /bin/sh -c; returns its pid or -1 (logged).
    pid_t spawn(const std::string& command);
    void start_autostart();

private:
    void reap();

    Server& server_;
    std::vector<pid_t> children_;  // only ours: wlroots reaps XWayland itself
    pid_t session_pid_ = -1;       // the first app, when --exit-with-session
    wl_event_source* sigchld_ = nullptr;
};

}  // namespace wrd::compositor
