// Channel plumbing: FreeRDP announces each channel the server opened through the PubSub
// ChannelConnected event (static channels after the connection, dynamic ones when the server
// creates them), and we wire the ones the steps use.
#include <cstring>

#include "client.hpp"
#include "logging.hpp"

namespace wrd::probe {
namespace {

// MS-RDPEDISP 2.2.2.1: the server's limits; a layout beyond them would be ignored.
UINT display_caps(DispClientContext* disp, UINT32 max_monitors, UINT32, UINT32) {
    auto* display = static_cast<DisplayChannel*>(disp->custom);
    display->caps_received = true;
    display->max_monitors = max_monitors;
    return CHANNEL_RC_OK;
}

}  // namespace

void Client::channel_connected(void* context, const ChannelConnectedEventArgs* e) {
    Client& self = of(static_cast<rdpContext*>(context));
    self.channels_.emplace_back(e->name);
    if (std::strcmp(e->name, CLIPRDR_SVC_CHANNEL_NAME) == 0) {
        self.clipboard_.attach(static_cast<CliprdrClientContext*>(e->pInterface));
    } else if (std::strcmp(e->name, DISP_DVC_CHANNEL_NAME) == 0) {
        auto* disp = static_cast<DispClientContext*>(e->pInterface);
        disp->custom = &self.display_;
        disp->DisplayControlCaps = display_caps;
        self.display_.context = disp;
    } else {
        // rdpgfx among others: the common handler runs gdi_graphics_pipeline_init.
        freerdp_client_OnChannelConnectedEventHandler(context, e);
        if (std::strcmp(e->name, RDPGFX_DVC_CHANNEL_NAME) == 0)
            hook_gfx(static_cast<RdpgfxClientContext*>(e->pInterface), self.hooks_);
    }
    logger("probe").debug("channel {} connected", e->name);
}

void Client::channel_disconnected(void* context, const ChannelDisconnectedEventArgs* e) {
    Client& self = of(static_cast<rdpContext*>(context));
    if (std::strcmp(e->name, CLIPRDR_SVC_CHANNEL_NAME) == 0) {
        self.clipboard_.detach(static_cast<CliprdrClientContext*>(e->pInterface));
    } else if (std::strcmp(e->name, DISP_DVC_CHANNEL_NAME) == 0) {
        self.display_ = DisplayChannel{};
    } else {
        freerdp_client_OnChannelDisconnectedEventHandler(context, e);
    }
    logger("probe").debug("channel {} disconnected", e->name);
}

}  // namespace wrd::probe
