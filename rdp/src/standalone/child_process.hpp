// ChildProcess: a program we started with fork+exec, with optional pipes for its stdout, and
// helpers to stop it politely then firmly. Used by wrd-server's main thread only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace wrd::rdp {

struct SpawnOptions {
    std::vector<std::string> argv;
    std::vector<std::pair<int, int>> fds;  // (fd in the parent, fd number in the child)
    bool capture_stdout = false;           // child's stdout to a pipe we read
    std::vector<std::string> unset_env;    // variables removed in the child
    std::function<void()> before_exec;     // in the child after fork; async-signal-safe only
};

class ChildProcess {
public:
    static std::expected<ChildProcess, std::string> spawn(const SpawnOptions& options);

    ChildProcess() = default;
    // A child started by other means (fork without exec), to stop it the same way.
    explicit ChildProcess(pid_t pid) : pid_(pid) {}
    ChildProcess(ChildProcess&&) noexcept = default;
    ChildProcess& operator=(ChildProcess&&) noexcept = default;

    pid_t pid() const { return pid_; }
    int stdout_fd() const { return stdout_.get(); }
    // Reads one line from the child's stdout, waiting at most `timeout`; nullopt on EOF/timeout.
    std::expected<std::string, std::string> read_line(std::chrono::milliseconds timeout);

    // SIGTERM, wait up to `grace`, then SIGKILL. Returns the wait status. Safe to call once the
    // child was already reaped elsewhere (returns its recorded status).
    int stop(std::chrono::milliseconds grace);
    // Records that the child was reaped by someone else (a SIGCHLD handler's waitpid).
    void mark_reaped(int status) {
        reaped_ = true;
        status_ = status;
    }
    bool reaped() const { return reaped_; }

private:
    pid_t pid_ = -1;
    UniqueFd stdout_;
    std::string buffered_;
    bool reaped_ = false;
    int status_ = 0;
};

// "exit 3", "killed by signal 9 (Killed)".
std::string describe_wait_status(int status);

}  // namespace wrd::rdp
