#include "launcher.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "log.hpp"
#include "server.hpp"

namespace wrd::compositor {

Launcher::Launcher(Server& server) : server_(server) {
    sigchld_ = wl_event_loop_add_signal(
        server.loop, SIGCHLD,
        [](int, void* data) {
        static_cast<Launcher*>(data)->reap();
        return 0;
        },
        this);
}

Launcher::~Launcher() {
    if (sigchld_) wl_event_source_remove(sigchld_);
    // The session is over: end what it started. Each app leads its own process group.
    if (!children_.empty()) log().info("ending {} remaining app(s)", children_.size());
    for (pid_t pid : children_) kill(-pid, SIGTERM);
}

pid_t Launcher::spawn(const std::string& command) {
    pid_t pid = fork();
    if (pid < 0) {
        log().error("cannot start '{}': fork failed: {}", command, std::strerror(errno));
        return -1;
    }
    if (pid == 0) {
        // The loop's signalfd blocked these in us; apps must get them back.
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, nullptr);
        setsid();
        // Our stdout carries the lines scripts read (WAYLAND_DISPLAY=...); apps log to stderr.
        dup2(STDERR_FILENO, STDOUT_FILENO);
        execl("/bin/sh", "/bin/sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    children_.push_back(pid);
    log().info("started '{}' (pid {})", command, pid);
    return pid;
}

void Launcher::start_autostart() {
    for (const auto& cmd : server_.config.autostart) {
        pid_t pid = spawn(cmd);
        if (session_pid_ < 0 && server_.config.exit_with_session) {
            session_pid_ = pid;
            if (pid < 0) server_.terminate(1);
        }
    }
}

void Launcher::reap() {
    for (size_t i = 0; i < children_.size();) {
        pid_t pid = children_[i];
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) != pid) {
            ++i;
            continue;
        }
        children_.erase(children_.begin() + static_cast<long>(i));
        int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        log().info("app pid {} exited with status {}", pid, code);
        if (pid == session_pid_) {
            log().info("the session's first app exited: shutting down (--exit-with-session)");
            server_.terminate(code);
        }
    }
}

}  // namespace wrd::compositor
