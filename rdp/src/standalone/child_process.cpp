#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <format>

namespace wrd::rdp {

std::expected<ChildProcess, std::string> ChildProcess::spawn(const SpawnOptions& options) {
    if (options.argv.empty()) return std::unexpected("nothing to run");
    int out_pipe[2] = {-1, -1};
    if (options.capture_stdout && ::pipe2(out_pipe, O_CLOEXEC) != 0)
        return std::unexpected(std::format("pipe: {}", std::strerror(errno)));
    std::vector<char*> argv;
    for (const auto& a : options.argv) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);

    pid_t pid = ::fork();
    if (pid < 0) return std::unexpected(std::format("fork: {}", std::strerror(errno)));
    if (pid == 0) {
        // Child: only async-signal-safe calls until exec.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        if (options.capture_stdout) ::dup2(out_pipe[1], STDOUT_FILENO);
        // Move every source out of the way first: a source may sit on another's target number.
        std::array<int, 16> moved{};
        size_t count = std::min(options.fds.size(), moved.size());
        for (size_t i = 0; i < count; ++i) moved[i] = ::fcntl(options.fds[i].first, F_DUPFD_CLOEXEC, 64);
        for (size_t i = 0; i < count; ++i) ::dup2(moved[i], options.fds[i].second);  // dup2 clears CLOEXEC
        for (const auto& name : options.unset_env) ::unsetenv(name.c_str());
        if (options.before_exec) options.before_exec();
        ::execvp(argv[0], argv.data());
        const char msg[] = "exec failed\n";
        [[maybe_unused]] auto n = ::write(STDERR_FILENO, msg, sizeof msg - 1);
        ::_exit(127);
    }
    ChildProcess child;
    child.pid_ = pid;
    if (options.capture_stdout) {
        ::close(out_pipe[1]);
        child.stdout_.reset(out_pipe[0]);
    }
    return child;
}

std::expected<std::string, std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (auto nl = buffered_.find('\n'); nl != std::string::npos) {
            std::string line = buffered_.substr(0, nl);
            buffered_.erase(0, nl + 1);
            return line;
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::unexpected("timed out");
        pollfd p{stdout_.get(), POLLIN, 0};
        int n = ::poll(&p, 1, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) continue;
        char buf[4096];
        ssize_t got = ::read(stdout_.get(), buf, sizeof buf);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return std::unexpected("end of output");
        buffered_.append(buf, static_cast<size_t>(got));
    }
}

int ChildProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0 || reaped_) return status_;
    // A pidfd lets us wait for the exit with a timeout instead of polling waitpid.
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)));
    ::kill(pid_, SIGTERM);
    if (pidfd) {
        pollfd p{pidfd.get(), POLLIN, 0};
        while (::poll(&p, 1, static_cast<int>(grace.count())) < 0 && errno == EINTR) {
        }
    }
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == 0) {
        ::kill(pid_, SIGKILL);
        r = ::waitpid(pid_, &status, 0);
    }
    mark_reaped(r == pid_ ? status : 0);
    return status_;
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) return std::format("exit {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::format("killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
    return std::format("status {:#x}", status);
}

}  // namespace wrd::rdp
