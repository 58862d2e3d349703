#include "session/supervisor_link.hpp"

#include <poll.h>
#include <sys/socket.h>

#include "logging.hpp"
#include "session/supervisor_protocol.hpp"

namespace wrd::rdp {
namespace {

constexpr int kAnswerTimeoutMs = 5000;

}  // namespace

void SupervisorLink::send(const std::string& line) {
    if (!fd_) return;
    // SOCK_SEQPACKET: one message per packet; a supervisor gone away is not our problem here.
    [[maybe_unused]] auto n = ::send(fd_.get(), line.data(), line.size(), MSG_NOSIGNAL);
}

void SupervisorLink::negotiated(const std::string& protocol) {
    send(encode({SupervisorMessage::Kind::Negotiated, protocol, 0}));
}

void SupervisorLink::failed(const std::string& user) { send(encode({SupervisorMessage::Kind::Failed, user, 0})); }

bool SupervisorLink::authenticated(const std::string& user) {
    if (!fd_) return true;
    send(encode({SupervisorMessage::Kind::Authenticated, user, 0}));
    auto reply = answer();
    if (reply && reply->kind == SupervisorMessage::Kind::Ok) return true;
    if (!reply) logger("rdp").warn("the supervisor did not answer whether '{}' may attach; refusing", user);
    return false;
}

std::optional<SupervisorMessage> SupervisorLink::answer() {
    pollfd p{fd_.get(), POLLIN, 0};
    if (::poll(&p, 1, kAnswerTimeoutMs) != 1) return std::nullopt;
    char buf[kMaxSupervisorMessage + 1];
    ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    return decode(std::string(buf, static_cast<size_t>(n)));
}

std::optional<std::chrono::seconds> SupervisorLink::may_try(const std::string& user) {
    if (!fd_) return std::nullopt;
    send(encode({SupervisorMessage::Kind::Try, user, 0}));
    auto reply = answer();
    if (reply && reply->kind == SupervisorMessage::Kind::Ok) return std::nullopt;
    if (reply && reply->kind == SupervisorMessage::Kind::Wait) return std::chrono::seconds(reply->seconds);
    logger("rdp").warn("the supervisor did not answer whether '{}' may log in; refusing", user);
    return std::chrono::seconds(1);
}

}  // namespace wrd::rdp
