// What a client asks for in its first PDU, the X.224 Connection Request (MS-RDPBCGR 2.2.1.1),
// read with MSG_PEEK before FreeRDP consumes it, so that a refusal can say why. Any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace wrd::rdp {

// MS-RDPBCGR 2.2.1.1.1 requestedProtocols bits.
inline constexpr uint32_t kProtocolRdp = 0x0;  // standard RDP security only
inline constexpr uint32_t kProtocolSsl = 0x1;
inline constexpr uint32_t kProtocolHybrid = 0x2;

// The requested protocols of a complete Connection Request in `bytes`; a request without an
// RDP_NEG_REQ means standard RDP security (kProtocolRdp). nullopt when `bytes` does not hold a
// whole, well-formed request.
std::optional<uint32_t> requested_protocols(std::span<const uint8_t> bytes);

// Peeks at the socket without consuming anything; nullopt when nothing complete is there yet.
std::optional<uint32_t> peek_requested_protocols(int socket_fd);

}  // namespace wrd::rdp
