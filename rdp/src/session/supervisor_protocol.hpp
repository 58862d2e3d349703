// The lines a connection and its supervisor exchange over their socketpair: one message per
// SOCK_SEQPACKET packet, ASCII, at most kMaxSupervisorMessage bytes, user names hex-encoded so
// that nothing a client sent can forge a message. Any thread; pure functions.
//   connection → supervisor: "negotiated <protocol-word>", "try <hex-user>",
//                            "failed <hex-user>", "authenticated <hex-user>"
//   supervisor → connection: to "try", "ok" or "wait <seconds>"; to "authenticated" (the
//                            connection waits before it attaches), "ok" or "deny"
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace wrd::rdp {

inline constexpr size_t kMaxSupervisorMessage = 1024;
inline constexpr size_t kMaxUserName = 256;  // bytes of UTF-8, before hex

struct SupervisorMessage {
    enum class Kind { Negotiated, Try, Failed, Authenticated, Ok, Wait, Deny } kind;
    std::string text;  // the protocol word or the decoded user name
    long seconds = 0;  // Wait only
};

std::string encode(const SupervisorMessage& message);
// nullopt for anything malformed: unknown verb, bad hex, oversize, control characters.
std::optional<SupervisorMessage> decode(const std::string& line);

}  // namespace wrd::rdp
