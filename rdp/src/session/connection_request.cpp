#include "session/connection_request.hpp"

#include <sys/socket.h>

#include <array>

namespace wrd::rdp {

std::optional<uint32_t> requested_protocols(std::span<const uint8_t> b) {
    // TPKT (RFC 1006): version 3, reserved, 16-bit big-endian length of the whole packet.
    if (b.size() < 11 || b[0] != 0x03) return std::nullopt;
    size_t length = size_t{b[2]} << 8 | b[3];
    if (length < 11 || b.size() < length) return std::nullopt;
    // X.224 CR TPDU: length indicator, then code 0xE0, dst-ref, src-ref, class (6 bytes).
    size_t li = b[4];
    if ((b[5] & 0xF0) != 0xE0 || 5 + li > length || li < 6) return std::nullopt;
    size_t end = 5 + li;  // variable part: optional cookie/token line, then RDP_NEG_REQ
    size_t pos = 11;
    // A routing token or cookie ends with CR LF.
    for (size_t i = pos; i + 1 < end; ++i) {
        if (b[i] == '\r' && b[i + 1] == '\n') {
            pos = i + 2;
            break;
        }
    }
    if (pos + 8 > end) return kProtocolRdp;  // no RDP_NEG_REQ: an old client, RDP security
    if (b[pos] != 0x01) return kProtocolRdp;  // TYPE_RDP_NEG_REQ
    return uint32_t{b[pos + 4]} | uint32_t{b[pos + 5]} << 8 | uint32_t{b[pos + 6]} << 16 |
           uint32_t{b[pos + 7]} << 24;
}

std::optional<uint32_t> peek_requested_protocols(int socket_fd) {
    std::array<uint8_t, 512> buf{};
    ssize_t n = ::recv(socket_fd, buf.data(), buf.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n <= 0) return std::nullopt;
    return requested_protocols(std::span<const uint8_t>(buf.data(), static_cast<size_t>(n)));
}

}  // namespace wrd::rdp
