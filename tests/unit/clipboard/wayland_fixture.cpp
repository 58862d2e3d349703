#include "wayland_fixture.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wayland-client.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#ifndef WRD_COMPOSITOR_PATH
#error "WRD_COMPOSITOR_PATH must name the wrd-compositor binary"
#endif

namespace wrd::rdp::test {
namespace {

std::vector<char*> c_strings(const std::vector<std::string>& items) {
    std::vector<char*> out;
    for (const std::string& s : items) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

// Forks and execs argv[0] (searched in PATH) with `env`; stdin, stdout, stderr on the given
// fds (-1: inherited).
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, int in, int out, int err = -1) {
    auto args = c_strings(argv);
    auto envp = c_strings(env);
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::setpgid(0, 0);
        if (in >= 0) ::dup2(in, STDIN_FILENO);
        if (out >= 0) ::dup2(out, STDOUT_FILENO);
        if (err >= 0) ::dup2(err, STDERR_FILENO);
        ::execvpe(args[0], args.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

// Reads lines from `fd` until one equals `last`, within the timeout.
std::vector<std::string> read_lines_until(int fd, const std::string& last, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string buffer;
    std::vector<std::string> lines;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        char chunk[4096];
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) throw std::runtime_error("wrd-compositor exited before it was ready");
        buffer.append(chunk, static_cast<size_t>(n));
        for (size_t nl; (nl = buffer.find('\n')) != std::string::npos; buffer.erase(0, nl + 1)) {
            lines.push_back(buffer.substr(0, nl));
            if (lines.back() == last) return lines;
        }
    }
    throw std::runtime_error("wrd-compositor did not get ready in time");
}

void end_process(pid_t pid, std::chrono::milliseconds grace) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
        std::this_thread::sleep_for(10ms);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

}  // namespace

Compositor::Compositor() {
    std::string pattern = (std::filesystem::temp_directory_path() / "wrd-clip-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    temp_dir_ = pattern;
    runtime_dir_ = temp_dir_ + "/run";
    ::mkdir(runtime_dir_.c_str(), 0700);
    std::vector<std::string> env = {"PATH=" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"),
                                    "HOME=" + temp_dir_, "XDG_RUNTIME_DIR=" + runtime_dir_, "LANG=C.UTF-8"};
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
        if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) < 0) throw std::runtime_error("pipe failed");
    UniqueFd read_end(out[0]), write_end(out[1]);
    // Its log goes to a file, kept out of the test output.
    UniqueFd log(::open((temp_dir_ + "/compositor.log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    pid_ = spawn({WRD_COMPOSITOR_PATH, "--no-xwayland"}, env, -1, write_end.get(), log.get());
    write_end.reset();
    for (const std::string& line : read_lines_until(read_end.get(), "WRD_COMPOSITOR_READY=1", 15s))
        if (line.starts_with("WAYLAND_DISPLAY=")) display_name_ = line.substr(16);
    if (display_name_.empty()) throw std::runtime_error("wrd-compositor printed no WAYLAND_DISPLAY");
    // The compositor may still print: keep its stdout open (a closed pipe would kill it) and
    // leave it unread; it prints nothing more in these tests.
    stdout_keeper_ = std::move(read_end);
}

Compositor::~Compositor() {
    end_process(pid_, 10s);
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir_, ignored);
}

std::vector<std::string> Compositor::client_env() const {
    std::vector<std::string> env = {"PATH=" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"),
                                    "HOME=" + temp_dir_, "XDG_RUNTIME_DIR=" + runtime_dir_,
                                    "WAYLAND_DISPLAY=" + display_name_, "LANG=C.UTF-8"};
    return env;
}

Child::Child(EventLoop& loop, const std::vector<std::string>& argv, const std::vector<std::string>& env, Bytes input)
    : loop_(loop), input_(std::move(input)) {
    // A socket for stdin: send(MSG_NOSIGNAL) cannot raise SIGPIPE in the test if the child
    // stops reading; the test must not ignore SIGPIPE, the code under test has to avoid it.
    int in[2], out[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0 || ::pipe2(out, O_CLOEXEC) < 0)
        throw std::runtime_error("socketpair/pipe failed");
    UniqueFd child_in(in[1]), child_out(out[1]);
    stdin_.reset(in[0]);
    stdout_.reset(out[0]);
    pid_ = spawn(argv, env, child_in.get(), child_out.get());
    ::fcntl(stdin_.get(), F_SETFL, O_NONBLOCK);
    ::fcntl(stdout_.get(), F_SETFL, O_NONBLOCK);
    stdin_watch_ = loop_.add_fd(stdin_.get(), POLLOUT, [this](short) { feed_stdin(); });
    stdout_watch_ = loop_.add_fd(stdout_.get(), POLLIN, [this](short) { read_stdout(); });
}

Child::~Child() {
    if (stdin_) loop_.remove(stdin_watch_);
    if (stdout_) loop_.remove(stdout_watch_);
    if (status_ < 0) end_process(pid_, 5s);
}

void Child::feed_stdin() {
    while (fed_ < input_.size()) {
        ssize_t n = ::send(stdin_.get(), input_.data() + fed_, input_.size() - fed_, MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) break;
        fed_ += static_cast<size_t>(n);
    }
    loop_.remove(stdin_watch_);
    stdin_.reset();
}

void Child::read_stdout() {
    char chunk[65536];
    for (;;) {
        ssize_t n = ::read(stdout_.get(), chunk, sizeof chunk);
        if (n > 0) {
            output_.insert(output_.end(), chunk, chunk + n);
            continue;
        }
        if (n < 0 && errno == EAGAIN) return;
        loop_.remove(stdout_watch_);
        stdout_.reset();
        stdout_closed_ = true;
        return;
    }
}

bool Child::done() {
    if (status_ >= 0) return stdout_closed_;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return status_ >= 0 && stdout_closed_;
}

void Child::terminate() {
    if (status_ >= 0) return;
    end_process(pid_, 5s);
    status_ = 128;
}

WaylandConnection::WaylandConnection(EventLoop& loop, const Compositor& compositor) : loop_(loop) {
    std::string path = compositor.runtime_dir() + "/" + compositor.display_name();
    display_ = wl_display_connect(path.c_str());
    if (!display_) throw std::runtime_error("cannot connect to " + path);
    // What the real owner does: dispatch what was read, flush what was queued, then poll.
    loop_.add_before_poll([d = display_] {
        wl_display_dispatch_pending(d);
        wl_display_flush(d);
    });
    watch_ = loop_.add_fd(wl_display_get_fd(display_), POLLIN, [d = display_](short) {
        if (wl_display_dispatch(d) < 0) throw std::runtime_error("Wayland connection lost");
    });
}

WaylandConnection::~WaylandConnection() {
    loop_.remove(watch_);
    wl_display_disconnect(display_);
}

bool run_until(EventLoop& loop, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        loop.run_once(20);
    }
    return true;
}

void run_for(EventLoop& loop, std::chrono::milliseconds duration) {
    auto deadline = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < deadline) loop.run_once(20);
}

}  // namespace wrd::rdp::test
