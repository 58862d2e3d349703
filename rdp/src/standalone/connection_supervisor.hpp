// ConnectionSupervisor: accepts RDP connections on a listening socket and supervises the
// process that serves each one (wrd-server execs wrd-rdp, `wrd-rdp --listen` forks). Before a
// connection has logged in it is held to the limits of ServerLimits: how many may wait at
// once (in all, per source), how fast a source may connect, a handshake deadline and a login
// grace time (event-loop timers; at a deadline the socket is shut down under the child, which
// unblocks a handshake stuck in a read, then the child is ended), and a backoff after failed
// logins per user and per source. Each connection reports its progress over a socketpair
// (session/supervisor_protocol.hpp). A refused connection is closed at once, logged.
// Runs on the thread of the EventLoop it is given; the owner reaps children and calls reaped().
#pragma once

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "config.hpp"
#include "event_loop.hpp"
#include "standalone/admission.hpp"
#include "unique_fd.hpp"

namespace wrd::rdp {

struct SupervisorMessage;

class ConnectionSupervisor {
public:
    // Starts the process serving `client_fd`, handing it `link_fd` as its supervisor link
    // (the child keeps its own copies; the caller's are closed afterwards).
    using Launch = std::function<std::expected<pid_t, std::string>(int client_fd, int link_fd)>;

    ConnectionSupervisor(EventLoop& loop, int listen_fd, const ServerLimits& limits, Launch launch);
    ~ConnectionSupervisor();
    ConnectionSupervisor(const ConnectionSupervisor&) = delete;
    ConnectionSupervisor& operator=(const ConnectionSupervisor&) = delete;

    // A child was reaped; false when it was not one of ours.
    bool reaped(pid_t pid, int status);
    size_t connections() const { return children_.size(); }
    // SIGTERM to every connection, then SIGKILL to those still there after `grace`; reaps them.
    void stop_all(std::chrono::milliseconds grace);

private:
    struct Child;
    enum class Stage { Accepted, Negotiated, LoggedIn };

    void accept_all();
    void refuse(const std::string& source, const std::string& peer, const std::string& why);
    void start(UniqueFd client, const std::string& source, const std::string& peer);
    void on_link(pid_t pid);
    void on_message(Child& child, const SupervisorMessage& message);
    void on_deadline(pid_t pid);
    void end(Child& child, const std::string& why);
    int pending(const std::string* source) const;

    EventLoop& loop_;
    int listen_fd_;
    const ServerLimits& limits_;
    Launch launch_;
    Admission admission_;
    LoginBackoff users_, sources_;
    std::map<pid_t, std::unique_ptr<Child>> children_;
    EventLoop::Id accept_watch_ = 0;
    // Refusals are logged once per source per few seconds, with a count of the ones not logged.
    struct Quiet {
        SteadyTime last;
        int suppressed = 0;
    };
    std::map<std::string, Quiet> refusal_log_;
};

}  // namespace wrd::rdp
