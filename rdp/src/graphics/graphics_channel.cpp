#include "graphics_channel.hpp"

#include <ctime>
#include <format>

#include "freerdp.hpp"
#include "logging.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

GraphicsChannel* self(RdpgfxServerContext* gfx) { return static_cast<GraphicsChannel*>(gfx->custom); }

// MS-RDPEGFX 2.2.3: newest first. 10.6 has two ids (one was published with a typo).
constexpr uint32_t kVersions[] = {RDPGFX_CAPVERSION_107, RDPGFX_CAPVERSION_106, RDPGFX_CAPVERSION_106_ERR,
                                  RDPGFX_CAPVERSION_105, RDPGFX_CAPVERSION_104, RDPGFX_CAPVERSION_103,
                                  RDPGFX_CAPVERSION_102, RDPGFX_CAPVERSION_101, RDPGFX_CAPVERSION_10,
                                  RDPGFX_CAPVERSION_81,  RDPGFX_CAPVERSION_8};

// MS-RDPEGFX 2.2.2.1 timestamp: hours, minutes, seconds, milliseconds packed in 32 bits.
uint32_t gfx_timestamp() {
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tm t;
    gmtime_r(&ts.tv_sec, &t);
    return static_cast<uint32_t>(t.tm_hour) << 22 | static_cast<uint32_t>(t.tm_min) << 16 |
           static_cast<uint32_t>(t.tm_sec) << 10 | static_cast<uint32_t>(ts.tv_nsec / 1000000);
}

RECTANGLE_16 to_rect16(const Rect& r) {
    return {static_cast<UINT16>(r.x), static_cast<UINT16>(r.y), static_cast<UINT16>(r.right()),
            static_cast<UINT16>(r.bottom())};
}

}  // namespace

std::optional<std::pair<AdvertisedCaps, GfxCapabilities>> choose_gfx_caps(const std::vector<AdvertisedCaps>& offered,
                                                                           bool avc_available) {
    for (uint32_t version : kVersions) {
        for (const auto& caps : offered) {
            if (caps.version != version) continue;
            GfxCapabilities out;
            out.version = version;
            AdvertisedCaps confirm = caps;
            if (version >= RDPGFX_CAPVERSION_10)
                out.avc420 = avc_available && !(caps.flags & RDPGFX_CAPS_FLAG_AVC_DISABLED);
            else if (version == RDPGFX_CAPVERSION_81)
                out.avc420 = avc_available && (caps.flags & RDPGFX_CAPS_FLAG_AVC420_ENABLED);
            // Progressive arrived with RDP 8.1 (MS-RDPEGFX 2.2.4.2 notes); 8.0 clients lack it.
            out.progressive = version != RDPGFX_CAPVERSION_8;
            out.thin_client = caps.flags & RDPGFX_CAPS_FLAG_THINCLIENT;
            if (!out.avc420 && version >= RDPGFX_CAPVERSION_10) confirm.flags |= RDPGFX_CAPS_FLAG_AVC_DISABLED;
            if (!out.avc420 && version == RDPGFX_CAPVERSION_81) confirm.flags &= ~RDPGFX_CAPS_FLAG_AVC420_ENABLED;
            return std::pair{confirm, out};
        }
    }
    return std::nullopt;
}

GraphicsChannel::GraphicsChannel(rdpContext* context, HANDLE vcm, Callbacks callbacks)
    : callbacks_(std::move(callbacks)) {
    gfx_ = rdpgfx_server_context_new(vcm);
    if (!gfx_) return;
    gfx_->rdpcontext = context;
    gfx_->custom = this;
    gfx_->CapsAdvertise = [](RdpgfxServerContext* gfx, const RDPGFX_CAPS_ADVERTISE_PDU* pdu) -> UINT {
        std::vector<AdvertisedCaps> offered;
        for (UINT16 i = 0; i < pdu->capsSetCount; ++i)
            offered.push_back({pdu->capsSets[i].version, pdu->capsSets[i].flags});
        std::string versions;
        for (const auto& c : offered) versions += std::format(" {:#x}/{:#x}", c.version, c.flags);
        log().debug("the client offers RDPGFX versions/flags{}", versions);
        bool avc = freerdp_settings_get_bool(gfx->rdpcontext->settings, FreeRDP_GfxH264);
        auto chosen = choose_gfx_caps(offered, avc);
        if (!chosen) {
            log().warn("the client offers no RDPGFX capability version we know ({} sets)", offered.size());
            return CHANNEL_RC_UNSUPPORTED_VERSION;
        }
        RDPGFX_CAPSET set{};
        set.version = chosen->first.version;
        set.flags = chosen->first.flags;
        set.length = 4;
        RDPGFX_CAPS_CONFIRM_PDU confirm{};
        confirm.capsSet = &set;
        UINT rc = gfx->CapsConfirm(gfx, &confirm);
        if (rc != CHANNEL_RC_OK) return rc;
        log().info("graphics pipeline: caps version {:#x}, AVC420 {}", chosen->second.version,
                   chosen->second.avc420 ? "yes" : "no");
        if (self(gfx)->callbacks_.ready) self(gfx)->callbacks_.ready(chosen->second);
        return CHANNEL_RC_OK;
    };
    gfx_->FrameAcknowledge = [](RdpgfxServerContext* gfx, const RDPGFX_FRAME_ACKNOWLEDGE_PDU* pdu) -> UINT {
        if (self(gfx)->callbacks_.acknowledged) self(gfx)->callbacks_.acknowledged(pdu->frameId, pdu->queueDepth);
        return CHANNEL_RC_OK;
    };
    gfx_->CacheImportOffer = [](RdpgfxServerContext* gfx, const RDPGFX_CACHE_IMPORT_OFFER_PDU*) -> UINT {
        // We keep no bitmap cache on the client, so we accept none of its cached entries.
        RDPGFX_CACHE_IMPORT_REPLY_PDU reply{};
        return gfx->CacheImportReply(gfx, &reply);
    };
    if (!gfx_->Initialize(gfx_, TRUE)) {
        rdpgfx_server_context_free(gfx_);
        gfx_ = nullptr;
    }
}

GraphicsChannel::~GraphicsChannel() {
    if (!gfx_) return;
    if (opened_) gfx_->Close(gfx_);
    rdpgfx_server_context_free(gfx_);
}

bool GraphicsChannel::open() {
    if (!gfx_ || opened_) return opened_;
    opened_ = gfx_->Open(gfx_);
    return opened_;
}

HANDLE GraphicsChannel::event_handle() const { return gfx_ ? rdpgfx_server_get_event_handle(gfx_) : nullptr; }

bool GraphicsChannel::handle_messages() {
    if (!gfx_ || !opened_) return true;
    // One PDU per call; ERROR_NO_DATA means the channel is not up yet or has nothing queued.
    UINT rc = CHANNEL_RC_OK;
    for (int i = 0; i < 64 && rc == CHANNEL_RC_OK; ++i) rc = rdpgfx_server_handle_messages(gfx_);
    if (rc != CHANNEL_RC_OK && rc != ERROR_NO_DATA) {
        log().warn("graphics pipeline channel failed (error {:#x}); it is closed", rc);
        gfx_->Close(gfx_);
        opened_ = false;
        return false;
    }
    return true;
}

std::map<std::string, uint16_t> GraphicsChannel::reset_surfaces(int32_t desktop_width, int32_t desktop_height,
                                                                 const std::vector<SurfaceLayout>& outputs) {
    std::map<std::string, uint16_t> ids;
    for (uint16_t id : surfaces_) {
        RDPGFX_DELETE_SURFACE_PDU del{id};
        gfx_->DeleteSurface(gfx_, &del);
    }
    surfaces_.clear();
    std::vector<MONITOR_DEF> monitors;
    for (const auto& o : outputs) {
        MONITOR_DEF m{};
        m.left = o.rect.x;
        m.top = o.rect.y;
        m.right = o.rect.right() - 1;  // MS-RDPBCGR 2.2.1.3.6.1: inclusive
        m.bottom = o.rect.bottom() - 1;
        m.flags = monitors.empty() ? MONITOR_PRIMARY : 0;
        monitors.push_back(m);
    }
    RDPGFX_RESET_GRAPHICS_PDU reset{};
    reset.width = static_cast<UINT32>(desktop_width);
    reset.height = static_cast<UINT32>(desktop_height);
    reset.monitorCount = static_cast<UINT32>(monitors.size());
    reset.monitorDefArray = monitors.data();
    if (UINT rc = gfx_->ResetGraphics(gfx_, &reset); rc != CHANNEL_RC_OK) {
        log().error("ResetGraphics failed ({:#x})", rc);
        return ids;
    }
    for (const auto& o : outputs) {
        RDPGFX_CREATE_SURFACE_PDU create{};
        create.surfaceId = next_surface_id_++;
        create.width = static_cast<UINT16>(o.rect.width);
        create.height = static_cast<UINT16>(o.rect.height);
        create.pixelFormat = GFX_PIXEL_FORMAT_XRGB_8888;
        RDPGFX_MAP_SURFACE_TO_OUTPUT_PDU map{};
        map.surfaceId = create.surfaceId;
        map.outputOriginX = static_cast<UINT32>(o.rect.x);
        map.outputOriginY = static_cast<UINT32>(o.rect.y);
        if (gfx_->CreateSurface(gfx_, &create) != CHANNEL_RC_OK || gfx_->MapSurfaceToOutput(gfx_, &map) != CHANNEL_RC_OK) {
            log().error("creating the surface for {} failed", o.output);
            continue;
        }
        surfaces_.push_back(create.surfaceId);
        ids[o.output] = create.surfaceId;
    }
    return ids;
}

std::optional<uint32_t> GraphicsChannel::send(const EncodedFrame& frame, uint16_t surface_id) {
    RDPGFX_SURFACE_COMMAND cmd{};
    cmd.surfaceId = surface_id;
    cmd.format = PIXEL_FORMAT_BGRX32;
    cmd.data = const_cast<BYTE*>(frame.data.data());
    cmd.length = static_cast<UINT32>(frame.data.size());
    Rect dest = frame.bounds.empty() ? Rect{0, 0, frame.width, frame.height} : frame.bounds;
    cmd.left = static_cast<UINT32>(dest.x);
    cmd.top = static_cast<UINT32>(dest.y);
    cmd.right = static_cast<UINT32>(dest.right());
    cmd.bottom = static_cast<UINT32>(dest.bottom());
    cmd.width = static_cast<UINT32>(dest.width);
    cmd.height = static_cast<UINT32>(dest.height);

    std::vector<RECTANGLE_16> region_rects;
    std::vector<RDPGFX_H264_QUANT_QUALITY> quality;
    RDPGFX_AVC420_BITMAP_STREAM avc{};
    switch (frame.codec) {
    case FrameCodec::GfxAvc420:
        cmd.codecId = RDPGFX_CODECID_AVC420;
        for (const auto& r : frame.avc_regions) {
            region_rects.push_back(to_rect16(r.rect));
            RDPGFX_H264_QUANT_QUALITY q{};
            q.qp = r.qp;
            q.qualityVal = r.quality;
            q.p = 0;
            quality.push_back(q);
        }
        avc.data = const_cast<BYTE*>(frame.data.data());
        avc.length = static_cast<UINT32>(frame.data.size());
        avc.meta.numRegionRects = static_cast<UINT32>(region_rects.size());
        avc.meta.regionRects = region_rects.data();
        avc.meta.quantQualityVals = quality.data();
        cmd.extra = &avc;
        break;
    case FrameCodec::GfxRemoteFx: cmd.codecId = RDPGFX_CODECID_CAVIDEO; break;
    case FrameCodec::GfxProgressive: cmd.codecId = RDPGFX_CODECID_CAPROGRESSIVE; break;
    default:
        log().error("{} frames cannot travel on the graphics pipeline", to_string(frame.codec));
        return std::nullopt;
    }
    RDPGFX_START_FRAME_PDU start{gfx_timestamp(), next_frame_id_};
    RDPGFX_END_FRAME_PDU end{next_frame_id_};
    if (UINT rc = gfx_->SurfaceFrameCommand(gfx_, &cmd, &start, &end); rc != CHANNEL_RC_OK) {
        log().error("sending a {} frame failed ({:#x})", to_string(frame.codec), rc);
        return std::nullopt;
    }
    return next_frame_id_++;
}

}  // namespace wrd::rdp
