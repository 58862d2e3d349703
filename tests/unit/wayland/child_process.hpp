// Processes the Wayland session tests run: a child started with posix_spawn in its own process
// group, stdout read line by line without blocking, stderr into a file; and a headless
// wrd-compositor in a private runtime directory. Test thread only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace wrd::rdp::test {

class ChildProcess {
public:
    // Throws when the program cannot be started.
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                 const std::string& stderr_path);
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    // Kills the whole process group if it still runs.
    ~ChildProcess();

    // Takes in what stdout has now, without blocking.
    void read_available();
    const std::vector<std::string>& lines() const { return lines_; }
    // The first line at index >= since that matches, after read_available().
    std::optional<std::smatch> find(const std::regex& pattern, size_t since = 0);
    int stdout_fd() const { return stdout_.get(); }
    pid_t pid() const { return pid_; }

    void signal_group(int signal);
    // The wait status once the process has exited, waiting at most `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    UniqueFd stdout_;
    std::string partial_;
    std::vector<std::string> lines_;
};

// A private directory under $TMPDIR with a runtime dir (mode 0700) in it, removed with
// everything in it when it goes.
class TempDir {
public:
    TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    const std::string& path() const { return path_; }
    std::string runtime_dir() const { return path_ + "/run"; }

private:
    std::string path_;
};

// The environment every test child gets: a clean one plus the sanitizer settings of the run.
std::vector<std::string> child_environment(const std::string& runtime_dir, const std::string& wayland_display = {});

// The program named by environment variable `variable` (set by CMake); throws when unset.
std::string program_from_env(const char* variable);

class TestCompositor {
public:
    // Starts $WRD_COMPOSITOR with `args` and waits (bounded) for WRD_COMPOSITOR_READY=1.
    // Throws, with the log, when it does not get there.
    explicit TestCompositor(const std::vector<std::string>& args);
    TestCompositor(const TestCompositor&) = delete;
    TestCompositor& operator=(const TestCompositor&) = delete;
    // SIGTERM, a bounded wait, then SIGKILL.
    ~TestCompositor();

    const std::string& display() const { return display_; }
    std::string runtime_dir() const { return dir_.runtime_dir(); }
    // The display as an absolute path: this process has no XDG_RUNTIME_DIR of its own.
    std::string socket_path() const { return runtime_dir() + "/" + display_; }
    // Starts $WRD_TEST_PATTERN against this compositor (not waiting for anything).
    std::unique_ptr<ChildProcess> spawn_pattern(const std::vector<std::string>& args) const;
    // Ends the compositor at once, as a crash would.
    void kill();
    // SIGTERM and a bounded wait: the wait status, nullopt when it did not exit in time or
    // had already been ended.
    std::optional<int> terminate();
    bool ended() const { return ended_; }
    std::string log_tail(size_t bytes = 3000) const;

private:
    TempDir dir_;
    std::string display_;
    bool ended_ = false;
    std::unique_ptr<ChildProcess> process_;
};

}  // namespace wrd::rdp::test
