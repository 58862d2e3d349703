// wrd-rdp: the RDP front end for one connection. A Wayland client of the compositor and a
// FreeRDP server peer on an accepted socket (--socket-fd), or listening itself (--listen),
// serving each connection in a child process.
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <poll.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <format>
#include <optional>

#include <CLI/CLI.hpp>

#include "config.hpp"
#include "credentials.hpp"
#include "event_loop.hpp"
#include "freerdp.hpp"
#include "logging.hpp"
#include "session/connection.hpp"
#include "standalone/close_fds.hpp"
#include "standalone/connection_process.hpp"
#include "standalone/connection_supervisor.hpp"
#include "standalone/listen_socket.hpp"
#include "tls_identity.hpp"
#include "wlog_bridge.hpp"

namespace {

using namespace wrd::rdp;

spdlog::logger& log() { return wrd::logger("rdp"); }

struct Args {
    int socket_fd = -1;
    int supervisor_fd = -1;
    std::string listen;
    std::string wayland_display;
    int wayland_fd = -1;
    std::string config_file;
    std::string security, codec, log_level;
};

int serve(Connection::Options options, int socket_fd) {
    EventLoop loop;
    // SIGTERM/SIGINT end the connection politely: the client sees a disconnect, not a reset.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, nullptr);
    wrd::UniqueFd signals(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    loop.add_fd(signals.get(), POLLIN, [&](short) {
        log().info("stopping on a signal");
        loop.stop();
    });
    auto connection = Connection::create(loop, std::move(options), socket_fd);
    if (!connection) {
        log().error("{}", connection.error());
        ::close(socket_fd);
        return 1;
    }
    loop.run();
    return 0;
}

// --listen: the same supervision as wrd-server's, with each connection in a forked child.
int listen_and_serve(const Connection::Options& options, const std::string& address_text) {
    auto address = parse_listen_address(address_text);
    if (!address) {
        log().error("--listen {}", address.error());
        return 2;
    }
    auto listener = listen_tcp(*address);
    if (!listener) {
        log().error("{}", listener.error());
        return 1;
    }
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, nullptr);
    wrd::UniqueFd signals(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
    EventLoop loop;
    const wrd::rdp::ServerLimits& limits = options.config.limits;
    log().info("{}", describe(limits));
    ConnectionSupervisor supervisor(loop, listener->get(), limits, [&](int client_fd, int link_fd) -> std::expected<pid_t, std::string> {
        pid_t pid = ::fork();
        if (pid < 0) return std::unexpected(std::string("fork: ") + std::strerror(errno));
        if (pid > 0) return pid;
        // The child: nothing of the supervisor's stays open but the two descriptors it serves.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        apply_connection_limits(limits);
        int keep[] = {client_fd, link_fd, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO};
        close_other_fds(keep);
        Connection::Options child = options;
        child.supervisor_fd = link_fd;
        ::_exit(serve(std::move(child), client_fd));
    });
    loop.add_fd(signals.get(), POLLIN, [&](short) {
        signalfd_siginfo info;
        while (::read(signals.get(), &info, sizeof info) == sizeof info) {
            if (info.ssi_signo != SIGCHLD) {
                log().info("stopping on a signal");
                loop.stop();
                continue;
            }
            int status = 0;
            for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) supervisor.reaped(pid, status);
        }
    });
    std::printf("WRD_RDP_LISTENING=%s\n", local_address(listener->get()).c_str());
    std::fflush(stdout);
    loop.run();
    supervisor.stop_all(std::chrono::seconds(3));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"wrd-rdp: the RDP front end of a WRD desktop, one connection per process"};
    Args a;
    FrontEndConfig config;
    config.config_dir = default_config_dir();
    auto* sock = app.add_option("--socket-fd", a.socket_fd, "serve this accepted client socket");
    app.add_option("--supervisor-fd", a.supervisor_fd, "report progress to the supervisor on this socket")->needs(sock);
    app.add_option("--listen", a.listen, "ADDRESS:PORT: listen and serve each connection in a child")->excludes(sock);
    auto* wd = app.add_option("--wayland-display", a.wayland_display, "the compositor's socket name");
    app.add_option("--wayland-fd", a.wayland_fd, "an already connected compositor socket")->excludes(wd);
    app.add_option("-c,--config", a.config_file, "the wrd.toml file");
    app.add_option("--config-dir", config.config_dir, "certificate and credentials directory")->capture_default_str();
    app.add_option("--security", a.security, "nla or tls");
    app.add_option("--codec", a.codec, "auto, avc420, progressive, rfx or bitmap");
    app.add_option("--log-level", a.log_level, "trace, debug, info, warn or error");
    try {
        app.parse(argc, argv);
        if (a.socket_fd < 0 && a.listen.empty()) throw CLI::ValidationError("--socket-fd or --listen is required");
        // One Wayland connection cannot be shared by the many connections a listener serves.
        if (a.wayland_fd >= 0 && !a.listen.empty())
            throw CLI::ValidationError("--wayland-fd serves one connection: use it with --socket-fd, not --listen");
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        std::vector<std::string> warnings;
        if (a.config_file.empty()) a.config_file = config.config_dir + "/wrd.toml";
        load_front_end_config(a.config_file, false, config, warnings);
        if (!a.log_level.empty()) config.log_level = a.log_level;
        if (!wrd::set_log_level(config.log_level)) throw ConfigError("unknown log level '" + config.log_level + "'");
        for (const auto& w : warnings) log().warn("{}", w);
        if (!a.security.empty()) {
            auto s = parse_security(a.security);
            if (!s) throw ConfigError("--security: expected nla or tls");
            config.security = *s;
        }
        if (!a.codec.empty()) {
            auto c = parse_codec(a.codec);
            if (!c) throw ConfigError("--codec: expected auto, avc420, progressive, rfx or bitmap");
            config.codec = *c;
        }
    } catch (const ConfigError& e) {
        log().error("{}", e.what());
        return 2;
    }
    ::signal(SIGPIPE, SIG_IGN);
    route_wlog_to_spdlog();
    // Before any other OpenSSL use: WinPR loads OpenSSL's legacy provider here, which NTLM
    // needs for MD4; a server peer never does this by itself.
    winpr_InitializeSSL(WINPR_SSL_INIT_DEFAULT);
    WTSRegisterWtsApiFunctionTable(FreeRDP_InitWtsApi());

    Connection::Options options;
    options.config = config;
    options.compositor = {a.wayland_display, a.wayland_fd};
    options.supervisor_fd = a.supervisor_fd;
    auto tls = ensure_tls_identity(config.config_dir);
    if (!tls) {
        log().error("TLS certificate: {}", tls.error());
        return 1;
    }
    options.security.mode = config.security;
    options.security.tls = *tls;
    auto creds = ensure_credentials(config.config_dir, config.username, config.password);
    if (!creds) {
        log().error("credentials: {}", creds.error());
        return 1;
    }
    options.security.username = creds->username;
    options.security.password = creds->password;
    log().debug("{}", describe(config));
    return a.listen.empty() ? serve(options, a.socket_fd) : listen_and_serve(options, a.listen);
}
