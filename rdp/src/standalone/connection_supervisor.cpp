#include "standalone/connection_supervisor.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <format>

#include "logging.hpp"
#include "session/supervisor_protocol.hpp"
#include "standalone/child_process.hpp"
#include "standalone/connection_process.hpp"
#include "standalone/listen_socket.hpp"
#include "timer.hpp"

namespace wrd::rdp {
namespace {

using namespace std::chrono_literals;

spdlog::logger& log() { return logger("server"); }

constexpr auto kKillGrace = 3s;
constexpr auto kRefusalLogEvery = 5s;

std::string host_of(const std::string& address) {
    auto colon = address.rfind(':');
    std::string host = colon == std::string::npos ? address : address.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    return host;
}

SteadyTime now() { return std::chrono::steady_clock::now(); }

}  // namespace

struct ConnectionSupervisor::Child {
    pid_t pid = -1;
    std::string source, peer, user;
    Stage stage = Stage::Accepted;
    SteadyTime accepted;
    UniqueFd client;  // our copy, until logged in: shut down at a deadline
    UniqueFd link;
    EventLoop::Id link_watch = 0;
    std::unique_ptr<Timer> deadline;
    bool ending = false;
};

ConnectionSupervisor::ConnectionSupervisor(EventLoop& loop, int listen_fd, const ServerLimits& limits, Launch launch)
    : loop_(loop),
      listen_fd_(listen_fd),
      limits_(limits),
      launch_(std::move(launch)),
      admission_(limits),
      users_(std::chrono::seconds(limits.login_backoff_s), std::chrono::seconds(limits.login_backoff_max_s)),
      sources_(std::chrono::seconds(limits.login_backoff_s), std::chrono::seconds(limits.login_backoff_max_s)) {
    accept_watch_ = loop_.add_fd(listen_fd_, POLLIN, [this](short) { accept_all(); });
}

ConnectionSupervisor::~ConnectionSupervisor() {
    loop_.remove(accept_watch_);
    for (auto& [pid, child] : children_) loop_.remove(child->link_watch);
}

int ConnectionSupervisor::pending(const std::string* source) const {
    int n = 0;
    for (const auto& [pid, child] : children_)
        if (child->stage != Stage::LoggedIn && (!source || child->source == *source)) ++n;
    return n;
}

void ConnectionSupervisor::accept_all() {
    for (;;) {
        UniqueFd client(::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC));
        if (!client) {
            if (errno == EMFILE || errno == ENFILE) log().error("accept: {}", std::strerror(errno));
            else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED)
                log().warn("accept: {}", std::strerror(errno));
            return;
        }
        std::string peer = peer_address(client.get());
        std::string source = host_of(peer);
        if (auto wait = sources_.wait(source, now())) {
            refuse(source, peer, std::format("failed logins from this address; try again in {} s", wait->count()));
            continue;
        }
        if (auto why = admission_.admit(source, now(), pending(nullptr), pending(&source))) {
            refuse(source, peer, *why);
            continue;
        }
        start(std::move(client), source, peer);
    }
}

void ConnectionSupervisor::refuse(const std::string& source, const std::string& peer, const std::string& why) {
    Quiet& q = refusal_log_[source];
    auto t = now();
    if (q.suppressed > 0 && t - q.last < kRefusalLogEvery) {
        ++q.suppressed;
        return;
    }
    std::string more = q.suppressed > 1 ? std::format(" ({} more refused since the last line)", q.suppressed - 1) : "";
    log().warn("connection from {} refused before login: {}{}", peer, why, more);
    q.last = t;
    q.suppressed = 1;
    if (refusal_log_.size() > 4096) refusal_log_.clear();
}

void ConnectionSupervisor::start(UniqueFd client, const std::string& source, const std::string& peer) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        log().error("connection from {}: socketpair: {}", peer, std::strerror(errno));
        return;
    }
    UniqueFd ours(pair[0]), theirs(pair[1]);
    enable_keepalive(client.get());
    auto pid = launch_(client.get(), theirs.get());
    if (!pid) {
        log().error("connection from {}: cannot start its process: {}", peer, pid.error());
        return;
    }
    auto child = std::make_unique<Child>();
    child->pid = *pid;
    child->source = source;
    child->peer = peer;
    child->accepted = now();
    child->client = std::move(client);
    child->link = std::move(ours);
    pid_t id = *pid;
    child->link_watch = loop_.add_fd(child->link.get(), POLLIN, [this, id](short) { on_link(id); });
    child->deadline = std::make_unique<Timer>(loop_, [this, id] { on_deadline(id); });
    child->deadline->start(std::chrono::seconds(limits_.handshake_timeout_s));
    log().info("connection from {}: wrd-rdp pid {}", peer, id);
    children_.emplace(id, std::move(child));
}

void ConnectionSupervisor::on_link(pid_t pid) {
    auto it = children_.find(pid);
    if (it == children_.end()) return;
    Child& child = *it->second;
    char buf[kMaxSupervisorMessage + 1];
    ssize_t n = ::recv(child.link.get(), buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n <= 0) {  // the child closed its end (it is exiting); its exit status comes by SIGCHLD
        loop_.remove(child.link_watch);
        child.link_watch = 0;
        return;
    }
    auto message = decode(std::string(buf, static_cast<size_t>(n)));
    if (!message) return end(child, "it sent a malformed message to its supervisor");
    on_message(child, *message);
}

void ConnectionSupervisor::on_message(Child& child, const SupervisorMessage& m) {
    using K = SupervisorMessage::Kind;
    auto t = now();
    switch (m.kind) {
    case K::Negotiated: {
        if (child.stage != Stage::Accepted) return end(child, "it reported its security twice");
        child.stage = Stage::Negotiated;
        auto left = std::chrono::seconds(limits_.login_timeout_s) - (t - child.accepted);
        child.deadline->start(std::max(std::chrono::duration_cast<std::chrono::milliseconds>(left), 1ms));
        return;
    }
    case K::Try: {
        auto wait = std::max(users_.wait(m.text, t).value_or(0s), sources_.wait(child.source, t).value_or(0s));
        std::string answer = encode({wait.count() ? K::Wait : K::Ok, {}, wait.count()});
        [[maybe_unused]] auto n = ::send(child.link.get(), answer.data(), answer.size(), MSG_NOSIGNAL);
        return;
    }
    case K::Failed: {
        users_.failed(m.text, t);
        sources_.failed(child.source, t);
        auto wait = users_.wait(m.text, t);
        if (wait)
            log().warn("failed login for user '{}' from {}: the next login of this user or from this address "
                       "waits {} s",
                       m.text, child.source, wait->count());
        return;
    }
    case K::Authenticated: {
        if (child.stage == Stage::LoggedIn) return end(child, "it reported its login twice");
        int sessions = 0;
        for (const auto& [pid, c] : children_)
            if (c->stage == Stage::LoggedIn) ++sessions;
        bool room = sessions < limits_.max_sessions;
        // The connection waits for this answer before it attaches to the desktop; refused, it
        // ends itself (and the login deadline still holds it if it does not).
        std::string answer = encode({room ? K::Ok : K::Deny, {}, 0});
        [[maybe_unused]] auto n = ::send(child.link.get(), answer.data(), answer.size(), MSG_NOSIGNAL);
        if (!room) {
            log().warn("connection from {}: user '{}' logged in, but there are already {} sessions "
                       "(server.max_sessions)",
                       child.peer, m.text, sessions);
            return;
        }
        child.stage = Stage::LoggedIn;
        child.user = m.text;
        child.deadline->cancel();
        child.client.reset();  // from now on the connection is the child's alone
        users_.succeeded(m.text);
        sources_.succeeded(child.source);
        return;
    }
    case K::Ok:
    case K::Wait:
    case K::Deny: return end(child, "it sent a supervisor's answer");
    }
}

void ConnectionSupervisor::on_deadline(pid_t pid) {
    auto it = children_.find(pid);
    if (it == children_.end()) return;
    Child& child = *it->second;
    if (child.ending) {
        log().warn("connection from {}: wrd-rdp pid {} did not end; killing it", child.peer, pid);
        ::kill(pid, SIGKILL);
        return;
    }
    if (child.stage == Stage::Accepted)
        end(child, std::format("no security negotiated within {} s", limits_.handshake_timeout_s));
    else if (child.stage == Stage::Negotiated)
        end(child, std::format("no login within {} s", limits_.login_timeout_s));
}

void ConnectionSupervisor::end(Child& child, const std::string& why) {
    if (child.ending) return;
    log().warn("connection from {}: closing it: {}", child.peer, why);
    child.ending = true;
    // A handshake blocked in a read returns once its socket is shut down under it.
    if (child.client) ::shutdown(child.client.get(), SHUT_RDWR);
    ::kill(child.pid, SIGTERM);
    child.deadline->start(std::chrono::duration_cast<std::chrono::milliseconds>(kKillGrace));
}

bool ConnectionSupervisor::reaped(pid_t pid, int status) {
    auto it = children_.find(pid);
    if (it == children_.end()) return false;
    Child& child = *it->second;
    log().info("connection from {} ended (wrd-rdp {})", child.peer, describe_wait_status(status));
    loop_.remove(child.link_watch);
    children_.erase(it);
    return true;
}

void ConnectionSupervisor::stop_all(std::chrono::milliseconds grace) {
    for (auto& [pid, child] : children_) ::kill(pid, SIGTERM);
    for (auto& [pid, child] : children_) {
        ChildProcess process(pid);
        int status = process.stop(grace);
        log().info("connection from {} ended (wrd-rdp {})", child->peer, describe_wait_status(status));
        loop_.remove(child->link_watch);
    }
    children_.clear();
}

}  // namespace wrd::rdp
