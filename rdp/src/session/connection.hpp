// Connection: one RDP connection's life as a state machine (session/connection_state.hpp),
// on the I/O thread that runs its EventLoop. It owns one part per concern, each created when
// its state is reached and never earlier:
//   RdpPeer        from Accepted:  the FreeRDP peer and its channel manager
//   DesktopLink    from Attached:  the Wayland connection, input, outputs, clipboard
//   GraphicsStream from Streaming: codecs, the encoder thread, surfaces, the pointer
//   DisplayControl from Streaming: the client's monitor layout channel
// and decides, from the security mode, the negotiated protocol and the credentials, whether the
// connection may go on (session/login_check.hpp). A refused connection is closed by us, with
// one warning line naming the source address, the user tried and the protocol.
// Created and used on the I/O thread only; FreeRDP and Wayland callbacks arrive there.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config.hpp"
#include "event_loop.hpp"
#include "session/connection_state.hpp"
#include "session/desktop_link.hpp"
#include "session/peer_settings.hpp"
#include "session/rdp_peer.hpp"
#include "session/supervisor_link.hpp"

namespace wrd::rdp {

class DisplayControl;
class GraphicsStream;
class Timer;

class Connection final : public PeerEvents {
public:
    struct Options {
        FrontEndConfig config;
        PeerSecurity security;
        CompositorTarget compositor;
        int supervisor_fd = -1;  // the socketpair end to our supervisor, if any (taken over)
    };

    // Takes over `socket_fd` (an accepted client socket). Nothing of the desktop is touched.
    static std::expected<std::unique_ptr<Connection>, std::string> create(EventLoop& loop, Options options,
                                                                          int socket_fd);
    ~Connection() override;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    ConnectionState state() const { return state_; }
    const std::string& end_reason() const { return end_reason_; }

private:
    Connection(EventLoop& loop, Options options);

    // PeerEvents.
    bool nla_hash(const std::string& user, const std::u16string& user_utf16, const std::u16string& domain,
                  uint8_t* hash) override;
    bool on_negotiated(uint32_t selected) override;
    bool on_client_info() override;
    bool on_capabilities() override;
    bool on_post_connect() override;
    bool on_activate() override;
    void on_keyboard(uint16_t flags, uint8_t code) override;
    void on_unicode(uint16_t flags, uint16_t code) override;
    void on_mouse(uint16_t flags, uint16_t x, uint16_t y, bool extended) override;
    void on_synchronize(uint32_t flags) override;
    void on_suppress_output(bool allow) override;
    void on_refresh() override;
    void on_surface_frame_ack(uint32_t frame_id) override;

    void enter(ConnectionState next);
    // Refuses the login: the warning line, the supervisor told, the connection closed.
    bool refuse(const std::string& user, const std::string& protocol, const std::string& reason);
    bool check_credentials();
    bool attach();
    void start_streaming();
    void start_heartbeat();
    void on_outputs_changed();
    // Captures exactly the outputs there are now; returns their layout.
    DesktopLink::Layout sync_captures();
    void on_peer_failed();
    std::vector<MonitorLayout> client_layout_from_settings() const;

    void sync_handles();
    void service();
    void service_channels();
    void finish(const std::string& reason);

    EventLoop& loop_;
    Options options_;
    ConnectionState state_ = ConnectionState::Accepted;
    SupervisorLink supervisor_;
    std::unique_ptr<RdpPeer> peer_;
    std::unique_ptr<DesktopLink> desktop_;
    std::unique_ptr<GraphicsStream> graphics_;
    std::unique_ptr<DisplayControl> display_control_;
    std::unique_ptr<Timer> heartbeat_;     // from Streaming, when the client takes heartbeats
    std::string address_;                  // the client's, for every log line
    std::string protocol_;                 // the negotiated security protocol, once known
    std::optional<std::string> nla_user_;  // the user an NTLM AUTHENTICATE message named
    bool nla_verified_ = false;            // that user is our account (WinPR then checks the proof)
    std::string user_;                     // the authenticated user
    bool gfx_expected_ = false;
    bool client_info_read_ = false;        // past MCS: a refusal can carry an error info PDU
    std::set<std::string> captured_;       // outputs being captured
    std::vector<EventLoop::Id> watches_;
    std::vector<int> watched_fds_;
    std::string end_reason_;
};

}  // namespace wrd::rdp
