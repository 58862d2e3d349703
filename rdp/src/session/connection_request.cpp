#include "session/connection_request.hpp"

#include <sys/socket.h>

#include <array>

namespace wrd::rdp {
namespace {

constexpr std::string_view kCookie = "Cookie: mstshash=";
constexpr size_t kMaxCookieUser = 64;

// Only printable ASCII goes into a log line; anything else makes the name unusable.
std::string cookie_user(std::span<const uint8_t> line) {
    if (line.size() <= kCookie.size() ||
        std::string_view(reinterpret_cast<const char*>(line.data()), kCookie.size()) != kCookie)
        return {};
    auto name = line.subspan(kCookie.size());
    if (name.size() > kMaxCookieUser) return {};
    std::string out;
    for (uint8_t c : name) {
        if (c < 0x21 || c > 0x7E) return {};
        out += static_cast<char>(c);
    }
    return out;
}

}  // namespace

std::optional<ConnectionRequest> parse_connection_request(std::span<const uint8_t> b) {
    // TPKT (RFC 1006): version 3, reserved, 16-bit big-endian length of the whole packet.
    if (b.size() < 11 || b[0] != 0x03) return std::nullopt;
    size_t length = size_t{b[2]} << 8 | b[3];
    if (length < 11 || b.size() < length) return std::nullopt;
    // X.224 CR TPDU: length indicator, then code 0xE0, dst-ref, src-ref, class (6 bytes).
    size_t li = b[4];
    if ((b[5] & 0xF0) != 0xE0 || 5 + li > length || li < 6) return std::nullopt;
    size_t end = 5 + li;  // variable part: optional cookie/token line, then RDP_NEG_REQ
    size_t pos = 11;
    ConnectionRequest out;
    // A routing token or cookie ends with CR LF.
    for (size_t i = pos; i + 1 < end; ++i) {
        if (b[i] == '\r' && b[i + 1] == '\n') {
            out.cookie_user = cookie_user(b.subspan(pos, i - pos));
            pos = i + 2;
            break;
        }
    }
    if (pos + 8 > end) return out;    // no RDP_NEG_REQ: an old client, RDP security
    if (b[pos] != 0x01) return out;   // TYPE_RDP_NEG_REQ
    out.protocols = uint32_t{b[pos + 4]} | uint32_t{b[pos + 5]} << 8 | uint32_t{b[pos + 6]} << 16 |
                    uint32_t{b[pos + 7]} << 24;
    return out;
}

std::optional<uint32_t> requested_protocols(std::span<const uint8_t> bytes) {
    auto request = parse_connection_request(bytes);
    if (!request) return std::nullopt;
    return request->protocols;
}

std::optional<ConnectionRequest> peek_connection_request(int socket_fd) {
    std::array<uint8_t, 512> buf{};
    ssize_t n = ::recv(socket_fd, buf.data(), buf.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n <= 0) return std::nullopt;
    return parse_connection_request(std::span<const uint8_t>(buf.data(), static_cast<size_t>(n)));
}

std::string describe_requested_protocols(uint32_t protocols) {
    if (protocols == kProtocolRdp) return "standard RDP security";
    std::string out;
    auto add = [&](uint32_t bit, const char* name) {
        if (!(protocols & bit)) return;
        if (!out.empty()) out += ", ";
        out += name;
    };
    add(kProtocolHybridEx, "NLA-EX");
    add(kProtocolHybrid, "NLA");
    add(kProtocolRdstls, "RDSTLS");
    add(kProtocolSsl, "TLS");
    if (out.empty()) out = "unknown protocols";
    return out;
}

}  // namespace wrd::rdp
