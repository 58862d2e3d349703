// RdpPeer: the FreeRDP server peer of one connection and its virtual channel manager. It owns
// both, installs every FreeRDP callback and turns them into PeerEvents calls, and knows which
// descriptors to watch. It knows nothing of the desktop.
// Created and used on the connection's I/O thread only; callbacks arrive there.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "session/connection_request.hpp"
#include "session/peer_settings.hpp"

typedef struct rdp_freerdp_peer freerdp_peer;
typedef struct rdp_context rdpContext;
typedef struct rdp_settings rdpSettings;
typedef void* HANDLE;

namespace wrd::rdp {

// What the peer reports, in connection order. A false return refuses: the caller ends the
// connection itself (FreeRDP's handling of a FALSE has changed between versions).
class PeerEvents {
public:
    virtual ~PeerEvents() = default;
    // NLA: the user CredSSP names; the NTLMv2 hash of its password into `hash`, or false.
    virtual bool nla_hash(const std::string& user, const std::u16string& user_utf16, const std::u16string& domain,
                          uint8_t* hash) = 0;
    // X.224 negotiation and the TLS/CredSSP handshake are done; `selected` is the protocol.
    virtual bool on_negotiated(uint32_t selected) = 0;
    // The Client Info PDU (MS-RDPBCGR 2.2.1.11) was read: its credentials are in the settings.
    virtual bool on_client_info() = 0;
    virtual bool on_capabilities() = 0;
    virtual bool on_post_connect() = 0;
    virtual bool on_activate() = 0;
    virtual void on_keyboard(uint16_t flags, uint8_t code) = 0;
    virtual void on_unicode(uint16_t flags, uint16_t code) = 0;
    virtual void on_mouse(uint16_t flags, uint16_t x, uint16_t y, bool extended) = 0;
    virtual void on_synchronize(uint32_t flags) = 0;
    virtual void on_suppress_output(bool allow) = 0;
    virtual void on_refresh() = 0;
    virtual void on_surface_frame_ack(uint32_t frame_id) = 0;
};

class RdpPeer {
public:
    // Takes over `socket_fd` (an accepted client socket; FreeRDP's transport closes it).
    static std::expected<std::unique_ptr<RdpPeer>, std::string> create(int socket_fd, const PeerSecurity& security,
                                                                       PeerEvents& events);
    ~RdpPeer();
    RdpPeer(const RdpPeer&) = delete;
    RdpPeer& operator=(const RdpPeer&) = delete;

    rdpContext* context() const;
    rdpSettings* settings() const;
    HANDLE channel_manager() const { return vcm_; }
    // The client's address and port ("127.0.0.1:50412"), for log lines.
    const std::string& address() const { return address_; }
    bool connected() const;
    uint32_t selected_protocol() const;
    // The client's first PDU, once it has arrived (peeked, never consumed).
    const std::optional<ConnectionRequest>& request() const { return request_; }

    // The descriptors to poll: the transport's and the channel manager's.
    std::vector<HANDLE> event_handles() const;
    // Reads and handles what arrived; false when the connection failed or was refused.
    bool check();
    // Services the channel manager; dynamic channels open only once `ready` (PITFALLS.md).
    bool check_channels(bool ready);
    bool drdynvc_joined() const;
    bool drdynvc_ready() const;
    // Writes queued channel data now.
    bool flush_channels();
    // Tells a client past MCS that the server denied the connection (Set Error Info PDU,
    // MS-RDPBCGR 2.2.5.1.1), so it shows a reason instead of waiting on a closed socket.
    void send_denied();
    // Whether the client takes Heartbeat PDUs; sends one announcing `period_s`.
    bool supports_heartbeat() const;
    bool send_heartbeat(uint8_t period_s);

private:
    RdpPeer() = default;

    freerdp_peer* peer_ = nullptr;
    HANDLE vcm_ = nullptr;
    int socket_fd_ = -1;  // owned by FreeRDP's transport; we only peek at it
    std::string address_;
    std::optional<ConnectionRequest> request_;
};

}  // namespace wrd::rdp
