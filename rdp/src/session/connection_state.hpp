// ConnectionState: where one RDP connection is in its life. Each state names what exists in it;
// nothing of the desktop exists before Attached. Plain data, any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace wrd::rdp {

enum class ConnectionState : uint8_t {
    // A TCP socket and the FreeRDP peer (the RdpPeer), nothing else. X.224 negotiation and the
    // TLS or CredSSP handshake run here, under the supervisor's handshake deadline.
    Accepted,
    // The security protocol is chosen and its handshake is done (TLS is up; for NLA, CredSSP
    // has verified the account). MCS and the Client Info PDU follow, under the login grace time.
    Negotiated,
    // Reserved for the login service: the client sent no usable credentials and wrd-rdp asks
    // for them with its own greeter, drawn by a graphics stream that has no desktop behind it.
    AwaitingCredentials,
    // The credentials were checked and accepted. Still nothing of the desktop exists.
    Authenticated,
    // The link to the desktop exists (Wayland connection, virtual keyboard and pointer, the
    // outputs sized to the client); the capability exchange and activation are under way.
    Attached,
    // Activated: capture, the encoder thread and the channels (graphics, display control,
    // clipboard) run.
    Streaming,
    // finish() ran: nothing new starts, the event loop stops and the process exits.
    Ending,
};

constexpr std::string_view to_string(ConnectionState state) {
    switch (state) {
    case ConnectionState::Accepted: return "accepted";
    case ConnectionState::Negotiated: return "security negotiated";
    case ConnectionState::AwaitingCredentials: return "awaiting credentials";
    case ConnectionState::Authenticated: return "authenticated";
    case ConnectionState::Attached: return "attached to the desktop";
    case ConnectionState::Streaming: return "streaming";
    case ConnectionState::Ending: return "ending";
    }
    return "?";
}

// Whether the desktop may be touched in `state` (input, outputs, clipboard).
constexpr bool desktop_allowed(ConnectionState state) {
    return state == ConnectionState::Attached || state == ConnectionState::Streaming;
}

}  // namespace wrd::rdp
