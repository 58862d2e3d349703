// SupervisorLink: a connection's line to the process that accepted it (wrd-server, or
// `wrd-rdp --listen`), over a socketpair. The connection reports how far it got, so the
// supervisor can count unauthenticated connections and enforce deadlines, and asks before
// checking a user's credentials, so failed logins back off per user across connections.
// Without a supervisor (a hand-started `wrd-rdp --socket-fd`) every call is a no-op that allows.
// I/O thread only. The wire format is in supervisor_protocol.hpp.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "session/supervisor_protocol.hpp"
#include "unique_fd.hpp"

namespace wrd::rdp {

class SupervisorLink {
public:
    SupervisorLink() = default;
    explicit SupervisorLink(UniqueFd fd) : fd_(std::move(fd)) {}

    bool connected() const { return static_cast<bool>(fd_); }
    // The security handshake is done with `protocol` (a log word, e.g. "TLS").
    void negotiated(const std::string& protocol);
    // May `user` try to log in now? nullopt: yes; otherwise how long it must wait. A supervisor
    // that does not answer within a few seconds is taken as a refusal of 1 s.
    std::optional<std::chrono::seconds> may_try(const std::string& user);
    void failed(const std::string& user);
    // `user` logged in: may the connection attach to the desktop (the supervisor's session
    // limit)? No answer within a few seconds is a no.
    bool authenticated(const std::string& user);

private:
    void send(const std::string& line);
    // The supervisor's answer to the message just sent, or nullopt after kAnswerTimeoutMs.
    std::optional<SupervisorMessage> answer();

    UniqueFd fd_;
};

}  // namespace wrd::rdp
