// GraphicsChannel: the RDPGFX dynamic channel (MS-RDPEGFX) of one connection, driven from the
// I/O thread through FreeRDP's rdpgfx server without its own thread: capability negotiation,
// one surface per output, frames and their acknowledgements. I/O thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "encoded_frame.hpp"
#include "rect.hpp"

typedef struct s_rdpgfx_server_context RdpgfxServerContext;
typedef struct rdp_context rdpContext;
typedef void* HANDLE;

namespace wrd::rdp {

// What the client can decode, from the capability set we confirmed.
struct GfxCapabilities {
    uint32_t version = 0;
    bool avc420 = false;
    bool progressive = false;
    bool remotefx = true;
    bool thin_client = false;
};

// One output as the client should lay it out (desktop coordinates).
struct SurfaceLayout {
    std::string output;
    Rect rect;
};

class GraphicsChannel {
public:
    struct Callbacks {
        std::function<void(const GfxCapabilities&)> ready;  // caps confirmed; create surfaces now
        std::function<void(uint32_t frame_id, uint32_t queue_depth)> acknowledged;
    };

    GraphicsChannel(rdpContext* context, HANDLE vcm, Callbacks callbacks);
    ~GraphicsChannel();
    GraphicsChannel(const GraphicsChannel&) = delete;
    GraphicsChannel& operator=(const GraphicsChannel&) = delete;

    // Opens the channel (once drdynvc is ready). False: the client has no RDPGFX.
    bool open();
    bool is_open() const { return opened_; }
    // The handle to watch; handle_messages() when it is signalled.
    HANDLE event_handle() const;
    // False when the channel failed and the connection should end.
    bool handle_messages();

    // ResetGraphics + one surface per output (old surfaces deleted). Returns the surface ids.
    std::map<std::string, uint16_t> reset_surfaces(int32_t desktop_width, int32_t desktop_height,
                                                   const std::vector<SurfaceLayout>& outputs);
    // StartFrame, the surface command, EndFrame. Returns the frame id, or nullopt on failure.
    std::optional<uint32_t> send(const EncodedFrame& frame, uint16_t surface_id);

private:
    RdpgfxServerContext* gfx_ = nullptr;
    Callbacks callbacks_;
    bool opened_ = false;
    uint32_t next_frame_id_ = 1;
    uint16_t next_surface_id_ = 1;
    std::vector<uint16_t> surfaces_;
};

// Picks the capability set to confirm from those the client advertised (highest version we
// know); nullopt when none is usable. Exposed for tests.
struct AdvertisedCaps {
    uint32_t version;
    uint32_t flags;
};
std::optional<std::pair<AdvertisedCaps, GfxCapabilities>> choose_gfx_caps(const std::vector<AdvertisedCaps>& offered,
                                                                           bool avc_available);

}  // namespace wrd::rdp
