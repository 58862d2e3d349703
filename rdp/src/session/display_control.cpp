#include "session/display_control.hpp"

#include <algorithm>
#include <format>
#include <mutex>

#include "freerdp.hpp"
#include "logging.hpp"

namespace wrd::rdp {
namespace {
spdlog::logger& log() { return logger("rdp"); }
}  // namespace

struct DisplayControl::Shared {
    std::mutex mutex;
    bool alive = true;
    EventLoop* loop = nullptr;
    uint32_t channel_id = 0;  // written in Open() and read by the creation callback, both on the I/O thread
    LayoutHandler handler;
};

std::expected<void, std::string> validate_layout(const std::vector<MonitorLayout>& monitors) {
    if (monitors.empty() || monitors.size() > 16) return std::unexpected(std::format("{} monitors", monitors.size()));
    int primaries = 0;
    for (size_t i = 0; i < monitors.size(); ++i) {
        const Rect& r = monitors[i].rect;
        if (r.width < 200 || r.width > 8192 || r.height < 200 || r.height > 8192)
            return std::unexpected(std::format("monitor {} is {}x{}", i, r.width, r.height));
        if (r.width % 2) return std::unexpected(std::format("monitor {} has an odd width {}", i, r.width));
        if (monitors[i].primary) {
            ++primaries;
            if (r.x != 0 || r.y != 0) return std::unexpected("the primary monitor is not at 0,0");
        }
        for (size_t j = 0; j < i; ++j)
            if (!r.intersect(monitors[j].rect).empty())
                return std::unexpected(std::format("monitors {} and {} overlap", j, i));
    }
    if (primaries != 1) return std::unexpected(std::format("{} primary monitors", primaries));
    return {};
}

DisplayControl::DisplayControl(rdpContext* context, HANDLE vcm, EventLoop& loop, LayoutHandler handler)
    : vcm_(vcm), shared_(std::make_shared<Shared>()) {
    shared_->loop = &loop;
    shared_->handler = std::move(handler);
    disp_ = disp_server_context_new(vcm);
    if (!disp_) return;
    disp_->rdpcontext = context;
    // The disp thread only ever sees this heap block, never the DisplayControl itself.
    disp_->custom = new std::shared_ptr<Shared>(shared_);
    // MS-RDPEDISP 2.2.2.1: what we accept; 8192 x 8192 per monitor.
    disp_->MaxNumMonitors = 16;
    disp_->MaxMonitorAreaFactorA = 8192;
    disp_->MaxMonitorAreaFactorB = 8192;
    // Runs inside Open(), on the I/O thread.
    disp_->ChannelIdAssigned = [](DispServerContext* d, UINT32 id) -> BOOL {
        (*static_cast<std::shared_ptr<Shared>*>(d->custom))->channel_id = id;
        return TRUE;
    };
    disp_->DispMonitorLayout = [](DispServerContext* d, const DISPLAY_CONTROL_MONITOR_LAYOUT_PDU* pdu) -> UINT {
        std::vector<MonitorLayout> layout;
        for (UINT32 i = 0; i < pdu->NumMonitors; ++i) {
            const auto& m = pdu->Monitors[i];
            layout.push_back({{m.Left, m.Top, static_cast<int32_t>(m.Width), static_cast<int32_t>(m.Height)},
                              (m.Flags & DISPLAY_CONTROL_MONITOR_PRIMARY) != 0, m.DesktopScaleFactor});
        }
        auto shared = *static_cast<std::shared_ptr<Shared>*>(d->custom);
        std::lock_guard lock(shared->mutex);
        if (!shared->alive) return CHANNEL_RC_OK;
        shared->loop->post([shared, layout = std::move(layout)]() mutable {
            if (shared->alive) shared->handler(std::move(layout));
        });
        return CHANNEL_RC_OK;
    };
}

DisplayControl::~DisplayControl() {
    {
        std::lock_guard lock(shared_->mutex);
        shared_->alive = false;
    }
    if (!disp_) return;
    WTSVirtualChannelManagerSetDVCCreationCallback(vcm_, nullptr, nullptr);
    if (opened_) disp_->Close(disp_);  // joins the disp thread
    delete static_cast<std::shared_ptr<Shared>*>(disp_->custom);
    disp_server_context_free(disp_);
}

bool DisplayControl::open() {
    if (!disp_ || opened_) return opened_;
    // The capabilities PDU may only go once the client accepted the channel (MS-RDPEDISP 1.3),
    // which FreeRDP reports through the channel manager's creation callback.
    WTSVirtualChannelManagerSetDVCCreationCallback(
        vcm_,
        [](void* user, UINT32 channel_id, INT32 status) -> BOOL {
            auto* self = static_cast<DisplayControl*>(user);
            if (channel_id != self->shared_->channel_id || !self->disp_) return TRUE;
            if (status < 0) {
                log().info("the client refused the display control channel ({})", status);
                return TRUE;
            }
            if (self->disp_->DisplayControlCaps(self->disp_) != CHANNEL_RC_OK)
                log().warn("sending the display control capabilities failed");
            return TRUE;
        },
        this);
    opened_ = disp_->Open(disp_) == CHANNEL_RC_OK;
    return opened_;
}

}  // namespace wrd::rdp
