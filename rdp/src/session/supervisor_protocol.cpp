#include "session/supervisor_protocol.hpp"

#include <charconv>
#include <string_view>

namespace wrd::rdp {
namespace {

constexpr std::string_view kHex = "0123456789abcdef";

std::string to_hex(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

std::optional<std::string> from_hex(std::string_view s) {
    if (s.size() % 2 || s.size() / 2 > kMaxUserName) return std::nullopt;
    std::string out;
    for (size_t i = 0; i < s.size(); i += 2) {
        auto hi = kHex.find(s[i]), lo = kHex.find(s[i + 1]);
        if (hi == std::string_view::npos || lo == std::string_view::npos) return std::nullopt;
        out += static_cast<char>(hi << 4 | lo);
    }
    return out;
}

bool is_word(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (c < 0x21 || c > 0x7E) return false;
    return true;
}

}  // namespace

std::string encode(const SupervisorMessage& m) {
    using K = SupervisorMessage::Kind;
    switch (m.kind) {
    case K::Negotiated: return "negotiated " + m.text;
    case K::Try: return "try " + to_hex(m.text.substr(0, kMaxUserName));
    case K::Failed: return "failed " + to_hex(m.text.substr(0, kMaxUserName));
    case K::Authenticated: return "authenticated " + to_hex(m.text.substr(0, kMaxUserName));
    case K::Ok: return "ok";
    case K::Wait: return "wait " + std::to_string(m.seconds);
    case K::Deny: return "deny";
    }
    return {};
}

std::optional<SupervisorMessage> decode(const std::string& line) {
    using K = SupervisorMessage::Kind;
    if (line.size() > kMaxSupervisorMessage) return std::nullopt;
    if (line == "ok") return SupervisorMessage{K::Ok, {}, 0};
    if (line == "deny") return SupervisorMessage{K::Deny, {}, 0};
    auto space = line.find(' ');
    if (space == std::string::npos) return std::nullopt;
    std::string_view verb(line.data(), space), arg(line.data() + space + 1, line.size() - space - 1);
    if (verb == "negotiated") {
        if (!is_word(arg)) return std::nullopt;
        return SupervisorMessage{K::Negotiated, std::string(arg), 0};
    }
    if (verb == "wait") {
        long seconds = 0;
        auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), seconds);
        if (ec != std::errc{} || end != arg.data() + arg.size() || seconds < 0 || seconds > 86400) return std::nullopt;
        return SupervisorMessage{K::Wait, {}, seconds};
    }
    K kind;
    if (verb == "try") kind = K::Try;
    else if (verb == "failed") kind = K::Failed;
    else if (verb == "authenticated") kind = K::Authenticated;
    else return std::nullopt;
    auto user = from_hex(arg);
    if (!user) return std::nullopt;
    return SupervisorMessage{kind, *user, 0};
}

}  // namespace wrd::rdp
