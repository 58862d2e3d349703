// What a client asks for in its first PDU, the X.224 Connection Request (MS-RDPBCGR 2.2.1.1),
// read with MSG_PEEK before FreeRDP consumes it, so that a refusal can say why and for whom.
// Any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace wrd::rdp {

// MS-RDPBCGR 2.2.1.1.1 requestedProtocols bits.
inline constexpr uint32_t kProtocolRdp = 0x0;  // standard RDP security only
inline constexpr uint32_t kProtocolSsl = 0x1;
inline constexpr uint32_t kProtocolHybrid = 0x2;
inline constexpr uint32_t kProtocolRdstls = 0x4;
inline constexpr uint32_t kProtocolHybridEx = 0x8;

struct ConnectionRequest {
    uint32_t protocols = kProtocolRdp;
    // The user name of a "Cookie: mstshash=NAME" line (clients put the login name there), at
    // most 64 printable ASCII characters; empty when there is none.
    std::string cookie_user;
};

// A complete Connection Request in `bytes`; a request without an RDP_NEG_REQ means standard
// RDP security. nullopt when `bytes` does not hold a whole, well-formed request.
std::optional<ConnectionRequest> parse_connection_request(std::span<const uint8_t> bytes);
std::optional<uint32_t> requested_protocols(std::span<const uint8_t> bytes);

// Peeks at the socket without consuming anything; nullopt when nothing complete is there yet.
std::optional<ConnectionRequest> peek_connection_request(int socket_fd);

// "NLA", "TLS", "RDSTLS", "standard RDP" ... for the protocols a client asked for.
std::string describe_requested_protocols(uint32_t protocols);

}  // namespace wrd::rdp
