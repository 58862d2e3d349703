// PeerSession: one RDP connection, served on the I/O thread that runs its EventLoop. It owns
// the FreeRDP peer, the connection to the compositor (WaylandSession), the frame pipeline and
// its encoder thread, and the channels. ARCHITECTURE.md sections 4 and 5.
// Created and used on the I/O thread only; callbacks from FreeRDP and Wayland arrive there.
#pragma once

#include <chrono>
#include <expected>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "event_loop.hpp"
#include "graphics/encoded_frame.hpp"
#include "graphics/frame_encoder.hpp"
#include "pointer/pointer_updates.hpp"
#include "session/display_control.hpp"
#include "session/peer_settings.hpp"

typedef struct rdp_freerdp_peer freerdp_peer;
typedef struct rdp_context rdpContext;
typedef struct rdp_input rdpInput;
typedef void* HANDLE;

namespace wrd::rdp {

class WaylandSession;
class DisplayControl;
class ClipboardBridge;
class FramePipeline;
class GraphicsChannel;
class LegacyGraphics;
class PointerUpdates;
class KeyboardTranslator;
class PointerTranslator;
struct GfxCapabilities;
struct Credentials;

// Where the compositor is: a display name ("" = $WAYLAND_DISPLAY) or a connected socket.
struct CompositorTarget {
    std::string display;
    int fd = -1;
};

class PeerSession {
public:
    struct Options {
        FrontEndConfig config;
        PeerSecurity security;
        CompositorTarget compositor;
    };

    // Connects to the compositor, then takes over `socket_fd` (an accepted client socket).
    static std::expected<std::unique_ptr<PeerSession>, std::string> create(EventLoop& loop, Options options,
                                                                           int socket_fd);
    ~PeerSession();
    PeerSession(const PeerSession&) = delete;
    PeerSession& operator=(const PeerSession&) = delete;

    bool finished() const { return finished_; }
    const std::string& end_reason() const { return end_reason_; }

    // FreeRDP callbacks land here (see peer_session.cpp for the C trampolines).
    bool on_capabilities();
    bool on_post_connect();
    bool on_activate();
    void on_suppress_output(bool allow);
    void on_refresh();
    void on_surface_frame_ack(uint32_t frame_id);
    bool on_keyboard(uint16_t flags, uint8_t code);
    bool on_unicode(uint16_t flags, uint16_t code);
    bool on_mouse(uint16_t flags, uint16_t x, uint16_t y);
    bool on_extended_mouse(uint16_t flags, uint16_t x, uint16_t y);
    bool on_synchronize(uint32_t flags);
    // NLA (nla_login.cpp): the NTLMv2 hash for the user the client names, or false.
    bool nla_hash(const std::string& user, const std::u16string& user_utf16, const std::u16string& domain,
                  uint8_t* ntlm_v2_hash);

private:
    PeerSession(EventLoop& loop, Options options);
    std::expected<void, std::string> start_peer(int socket_fd);
    std::expected<void, std::string> connect_compositor();
    bool check_tls_login();

    // The event plumbing.
    void sync_handles();
    void service();
    void finish(const std::string& reason);
    void check_channels();

    // Graphics (peer_graphics.cpp).
    void choose_legacy_graphics();
    void on_gfx_ready(const GfxCapabilities& caps);
    void start_streaming();
    void reset_gfx_surfaces();
    void send_encoded();
    void on_gfx_ack(uint32_t frame_id, uint32_t queue_depth);
    void on_outputs_changed();
    std::vector<std::pair<std::string, Rect>> output_layout() const;

    // Client monitor layouts (peer_layout.cpp).
    std::vector<MonitorLayout> client_layout_from_settings() const;
    void apply_client_layout(std::vector<MonitorLayout> monitors, const char* source);
    std::string primary_output() const;
    FrameCodec pick_gfx_codec(const GfxCapabilities& caps) const;
    EncoderSettings encoder_settings() const;
    void log_stats();

    EventLoop& loop_;
    Options options_;
    freerdp_peer* peer_ = nullptr;
    int socket_fd_ = -1;  // owned by FreeRDP's transport; we only peek at it
    HANDLE vcm_ = nullptr;
    std::unique_ptr<WaylandSession> wayland_;
    std::unique_ptr<FramePipeline> pipeline_;
    std::unique_ptr<GraphicsChannel> gfx_;
    std::unique_ptr<DisplayControl> display_control_;
    std::unique_ptr<ClipboardBridge> clipboard_;
    std::unique_ptr<LegacyGraphics> legacy_;
    std::unique_ptr<PointerUpdates> pointer_updates_;
    std::unique_ptr<KeyboardTranslator> keyboard_;
    std::unique_ptr<PointerTranslator> pointer_;
    std::vector<EventLoop::Id> watches_;
    std::vector<int> watched_fds_;
    std::map<std::string, uint16_t> surfaces_;  // output → GFX surface id (or a legacy index)
    std::optional<FrameCodec> codec_;
    std::optional<PointerShape> cursor_;  // the desktop's last cursor image (none yet: unknown)
    bool cursor_hidden_ = false;
    std::optional<uint32_t> requested_protocols_;  // from the peeked Connection Request
    bool activated_ = false;
    bool gfx_expected_ = false;
    bool streaming_ = false;
    bool finished_ = false;
    std::string end_reason_;
    std::string client_name_;
    std::optional<std::string> nla_user_;  // the user an NTLM AUTHENTICATE message named
    std::chrono::steady_clock::time_point last_stats_;
    uint64_t frames_sent_ = 0, bytes_sent_ = 0;
    std::vector<double> send_latency_ms_;  // capture ready → frame written, this stats period
};

}  // namespace wrd::rdp
