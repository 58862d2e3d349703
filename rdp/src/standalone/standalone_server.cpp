#include "standalone_server.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <format>
#include <memory>

#include "child_process.hpp"
#include "connection_process.hpp"
#include "connection_supervisor.hpp"
#include "event_loop.hpp"
#include "credentials.hpp"
#include "logging.hpp"
#include "tls_identity.hpp"

namespace wrd::rdp {
namespace {

using namespace std::chrono_literals;

spdlog::logger& log() { return logger("server"); }

struct Compositor {
    ChildProcess process;
    std::string wayland_display;
};

std::expected<Compositor, std::string> start_compositor(const ServerOptions& o) {
    SpawnOptions spawn;
    spawn.argv = {o.compositor_path, "--log-level", o.front_end.log_level};
    std::error_code ec;
    if (!o.config_file.empty() && std::filesystem::exists(o.config_file, ec))
        spawn.argv.insert(spawn.argv.end(), {"--config", o.config_file});
    for (const auto& out : o.outputs) spawn.argv.insert(spawn.argv.end(), {"--output", out});
    for (const auto& cmd : o.exec) spawn.argv.insert(spawn.argv.end(), {"--exec", cmd});
    spawn.capture_stdout = true;
    // The compositor must make its own socket, not attach to one we happen to run inside.
    spawn.unset_env = {"WAYLAND_DISPLAY", "WAYLAND_SOCKET", "DISPLAY"};
    auto child = ChildProcess::spawn(spawn);
    if (!child) return std::unexpected(std::format("cannot start {}: {}", o.compositor_path, child.error()));
    Compositor c{std::move(*child), {}};
    for (;;) {
        auto line = c.process.read_line(30s);
        if (!line) {
            int status = c.process.stop(2s);
            return std::unexpected(std::format("{} did not become ready ({}; {})", o.compositor_path, line.error(),
                                               describe_wait_status(status)));
        }
        if (line->starts_with("WAYLAND_DISPLAY=")) c.wayland_display = line->substr(16);
        if (*line == "WRD_COMPOSITOR_READY=1") break;
    }
    if (c.wayland_display.empty()) return std::unexpected("the compositor did not say its WAYLAND_DISPLAY");
    return c;
}

std::vector<std::string> rdp_argv(const ServerOptions& o, const std::string& wayland_display) {
    const FrontEndConfig& f = o.front_end;
    std::vector<std::string> argv = {o.rdp_path,           "--socket-fd",     "3", "--supervisor-fd", "4",
                                     "--wayland-display",  wayland_display,   "--config-dir",
                                     f.config_dir,         "--security",      to_string(f.security),
                                     "--codec",            to_string(f.codec), "--log-level",
                                     f.log_level};
    if (!o.config_file.empty()) argv.insert(argv.end(), {"--config", o.config_file});
    return argv;
}

void print_banner(const std::string& address, const TlsIdentity& tls, const Credentials& creds,
                  const ServerOptions& o, const std::string& wayland_display) {
    std::printf("WRD server listening on %s\n", address.c_str());
    std::printf("  desktop: WAYLAND_DISPLAY=%s\n", wayland_display.c_str());
    std::printf("  certificate SHA-256 fingerprint: %s\n", tls.fingerprint.c_str());
    std::printf("  security: %s\n", o.front_end.security == Security::Nla
                                          ? "NLA (NTLM) over TLS 1.2+"
                                          : "TLS 1.2+; the login is checked from the client's logon info");
    std::printf("  username: %s\n", creds.username.c_str());
    if (creds.file.empty())
        std::printf("  password: as set in %s\n", o.config_file.c_str());
    else
        std::printf("  password: in %s\n", creds.file.c_str());
    std::printf("WRD_SERVER_ADDRESS=%s\nWRD_SERVER_READY=1\n", address.c_str());
    std::fflush(stdout);
}

class Server {
public:
    explicit Server(const ServerOptions& o) : options_(o) {}
    int run();

private:
    bool prepare();
    std::expected<pid_t, std::string> launch(int client_fd, int link_fd);
    void on_signal();
    void shut_down();

    const ServerOptions& options_;
    EventLoop loop_;
    Compositor compositor_;
    UniqueFd listen_fd_;
    UniqueFd signal_fd_;
    std::unique_ptr<ConnectionSupervisor> supervisor_;
    bool compositor_gone_ = false;
};

bool Server::prepare() {
    auto tls = ensure_tls_identity(options_.front_end.config_dir);
    if (!tls) {
        log().error("TLS certificate: {}", tls.error());
        return false;
    }
    if (tls->generated) log().info("made a new TLS certificate in {}", tls->certificate_path);
    // Both NLA and TLS logins check this one account, so it exists before the first client.
    auto creds = ensure_credentials(options_.front_end.config_dir, options_.front_end.username,
                                    options_.front_end.password);
    if (!creds) {
        log().error("credentials: {}", creds.error());
        return false;
    }
    auto listener = listen_tcp(options_.listen);
    if (!listener) {
        log().error("{}", listener.error());
        return false;
    }
    listen_fd_ = std::move(*listener);
    auto comp = start_compositor(options_);
    if (!comp) {
        log().error("{}", comp.error());
        return false;
    }
    compositor_ = std::move(*comp);
    log().info("compositor pid {} on WAYLAND_DISPLAY={}", compositor_.process.pid(), compositor_.wayland_display);
    log().info("{}", describe(options_.front_end.limits));
    supervisor_ = std::make_unique<ConnectionSupervisor>(
        loop_, listen_fd_.get(), options_.front_end.limits,
        [this](int client_fd, int link_fd) { return launch(client_fd, link_fd); });
    print_banner(local_address(listen_fd_.get()), *tls, *creds, options_, compositor_.wayland_display);
    return true;
}

std::expected<pid_t, std::string> Server::launch(int client_fd, int link_fd) {
    SpawnOptions spawn;
    spawn.argv = rdp_argv(options_, compositor_.wayland_display);
    spawn.fds = {{client_fd, 3}, {link_fd, 4}};
    const ServerLimits& limits = options_.front_end.limits;
    spawn.before_exec = [&limits] { apply_connection_limits(limits); };
    auto child = ChildProcess::spawn(spawn);
    if (!child) return std::unexpected(std::format("{}: {}", options_.rdp_path, child.error()));
    return child->pid();
}

void Server::on_signal() {
    signalfd_siginfo info;
    while (::read(signal_fd_.get(), &info, sizeof info) == sizeof info) {
        if (info.ssi_signo != SIGCHLD) {
            log().info("got {}", strsignal(static_cast<int>(info.ssi_signo)));
            loop_.stop();
            continue;
        }
        for (;;) {
            int status = 0;
            pid_t pid = ::waitpid(-1, &status, WNOHANG);
            if (pid <= 0) break;
            if (pid == compositor_.process.pid()) {
                compositor_.process.mark_reaped(status);
                log().error("the compositor ended ({}); stopping", describe_wait_status(status));
                compositor_gone_ = true;
                loop_.stop();
            } else if (supervisor_) {
                supervisor_->reaped(pid, status);
            }
        }
    }
}

void Server::shut_down() {
    if (supervisor_) {
        log().info("shutting down: {} connection(s), then the compositor", supervisor_->connections());
        supervisor_->stop_all(3s);
        supervisor_.reset();
    }
    if (compositor_.process.pid() > 0 && !compositor_.process.reaped()) {
        int status = compositor_.process.stop(5s);
        log().info("compositor ended ({})", describe_wait_status(status));
    }
}

int Server::run() {
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, nullptr);
    signal_fd_.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    // A client closing its socket while we write must not kill the server.
    ::signal(SIGPIPE, SIG_IGN);
    if (!prepare()) {
        shut_down();
        return 1;
    }
    auto watch = loop_.add_fd(signal_fd_.get(), POLLIN, [this](short) { on_signal(); });
    loop_.run();
    loop_.remove(watch);
    shut_down();
    return compositor_gone_ ? 1 : 0;
}

}  // namespace

int run_standalone_server(const ServerOptions& options) {
    Server server(options);
    return server.run();
}

}  // namespace wrd::rdp
