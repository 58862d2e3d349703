#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace wrd::rdp::test {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (const std::string& s : strings) result.push_back(const_cast<char*>(s.c_str()));
    result.push_back(nullptr);
    return result;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                           const std::string& stderr_path) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) < 0) throw std::system_error(errno, std::generic_category(), "pipe2");
    stdout_.reset(pipe_fds[0]);
    UniqueFd write_end(pipe_fds[1]);
    ::fcntl(stdout_.get(), F_SETFL, O_NONBLOCK);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0644);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    auto args = c_strings(argv);
    auto environment = c_strings(env);
    const int error = ::posix_spawn(&pid_, argv.at(0).c_str(), &actions, &attributes, args.data(), environment.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) throw std::system_error(error, std::generic_category(), "posix_spawn " + argv.at(0));
}

ChildProcess::~ChildProcess() {
    if (reaped_) return;
    signal_group(SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

void ChildProcess::read_available() {
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(stdout_.get(), buffer, sizeof buffer);
        if (n <= 0) break;
        partial_.append(buffer, static_cast<size_t>(n));
    }
    for (size_t end; (end = partial_.find('\n')) != std::string::npos;) {
        lines_.push_back(partial_.substr(0, end));
        partial_.erase(0, end + 1);
    }
}

std::optional<std::smatch> ChildProcess::find(const std::regex& pattern, size_t since) {
    read_available();
    for (size_t i = since; i < lines_.size(); ++i) {
        std::smatch match;
        if (std::regex_search(lines_[i], match, pattern)) return match;
    }
    return std::nullopt;
}

void ChildProcess::signal_group(int signal) {
    if (!reaped_) ::kill(-pid_, signal);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!reaped_) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            reaped_ = true;
            return status;
        }
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

std::vector<std::string> child_environment(const std::string& runtime_dir, const std::string& wayland_display) {
    std::vector<std::string> env{"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "XDG_RUNTIME_DIR=" + runtime_dir,
                                 "HOME=" + runtime_dir, "XDG_CONFIG_HOME=" + runtime_dir + "/config"};
    for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
        if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
    if (!wayland_display.empty()) env.push_back("WAYLAND_DISPLAY=" + wayland_display);
    return env;
}

std::string program_from_env(const char* variable) {
    const char* value = std::getenv(variable);
    if (!value || !*value) throw std::runtime_error(std::string(variable) + " is not set (ctest sets it)");
    return value;
}

TempDir::TempDir() {
    std::string dir_template = (std::filesystem::temp_directory_path() / "wrd-unit-wayland-XXXXXX").string();
    if (!::mkdtemp(dir_template.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    path_ = dir_template;
    std::filesystem::create_directory(runtime_dir());
    std::filesystem::permissions(runtime_dir(), std::filesystem::perms::owner_all);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

TestCompositor::TestCompositor(const std::vector<std::string>& args) {
    std::vector<std::string> argv{program_from_env("WRD_COMPOSITOR")};
    argv.insert(argv.end(), args.begin(), args.end());
    process_ = std::make_unique<ChildProcess>(argv, child_environment(runtime_dir()), dir_.path() + "/compositor.log");
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    const std::regex ready("^WRD_COMPOSITOR_READY=1$"), display("^WAYLAND_DISPLAY=(.+)$");
    while (!process_->find(ready)) {
        if (Clock::now() >= deadline || process_->wait(std::chrono::milliseconds(0)))
            throw std::runtime_error("wrd-compositor did not get ready:\n" + log_tail());
        pollfd fd{process_->stdout_fd(), POLLIN, 0};
        ::poll(&fd, 1, 50);
    }
    if (auto match = process_->find(display)) display_ = (*match)[1];
}

TestCompositor::~TestCompositor() {
    if (!ended_) terminate();
    process_.reset();  // SIGKILL if it is still there
}

std::optional<int> TestCompositor::terminate() {
    if (std::exchange(ended_, true)) return std::nullopt;
    process_->signal_group(SIGTERM);
    return process_->wait(std::chrono::seconds(10));
}

std::unique_ptr<ChildProcess> TestCompositor::spawn_pattern(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{program_from_env("WRD_TEST_PATTERN")};
    argv.insert(argv.end(), args.begin(), args.end());
    return std::make_unique<ChildProcess>(argv, child_environment(runtime_dir(), display_),
                                          dir_.path() + "/pattern.log");
}

void TestCompositor::kill() {
    ended_ = true;
    process_->signal_group(SIGKILL);
    process_->wait(std::chrono::seconds(10));
}

std::string TestCompositor::log_tail(size_t bytes) const {
    std::ifstream file(dir_.path() + "/compositor.log");
    std::stringstream text;
    text << file.rdbuf();
    const std::string all = text.str();
    return all.size() > bytes ? all.substr(all.size() - bytes) : all;
}

}  // namespace wrd::rdp::test
