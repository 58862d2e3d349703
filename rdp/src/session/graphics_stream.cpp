#include "session/graphics_stream.hpp"

#include <algorithm>
#include <format>
#include <set>

#include "freerdp.hpp"
#include "graphics/frame_pipeline.hpp"
#include "graphics/graphics_channel.hpp"
#include "graphics/legacy_graphics.hpp"
#include "logging.hpp"
#include "session/rdp_peer.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

constexpr auto kStatsInterval = std::chrono::seconds(10);

Rect bounds_of(const GraphicsStream::Layout& layout) {
    Rect all;
    for (const auto& [name, rect] : layout) all = all.bounding(rect);
    return all;
}

}  // namespace

GraphicsStream::GraphicsStream(RdpPeer& peer, EventLoop& loop, const FrontEndConfig& config, std::string label,
                               Callbacks callbacks)
    : peer_(peer), loop_(loop), config_(config), label_(std::move(label)), callbacks_(std::move(callbacks)) {
    legacy_ = std::make_unique<LegacyGraphics>(peer_.context());
    pointer_ = std::make_unique<PointerUpdates>(peer_.context());
    pipeline_ = std::make_unique<FramePipeline>([this](std::function<void()> task) { loop_.post(std::move(task)); },
                                                [this] { send_encoded(); });
    last_stats_ = std::chrono::steady_clock::now();
}

GraphicsStream::~GraphicsStream() {
    log_stats();
    // The encoder thread first: it posts to the loop and reads frames the channel refers to.
    pipeline_.reset();
    gfx_.reset();
}

bool GraphicsStream::gfx_active() const {
    return gfx_ && gfx_->is_open() && codec_ && *codec_ != FrameCodec::SurfaceBitsRfx && *codec_ != FrameCodec::Bitmaps;
}

void GraphicsStream::activated(bool gfx, const Layout& layout) {
    layout_ = layout;
    pointer_->reset();
    gfx_expected_ = gfx;
    if (!gfx_expected_) choose_legacy_graphics(layout_);
    else pipeline_->request_refresh();
}

std::vector<HANDLE> GraphicsStream::event_handles() const {
    std::vector<HANDLE> out;
    if (gfx_ && gfx_->is_open())
        if (HANDLE h = gfx_->event_handle()) out.push_back(h);
    return out;
}

void GraphicsStream::service_channels(bool dynamic_channels_ready) {
    if (gfx_expected_ && !gfx_ && dynamic_channels_ready) {
        gfx_ = std::make_unique<GraphicsChannel>(
            peer_.context(), peer_.channel_manager(),
            GraphicsChannel::Callbacks{[this](const GfxCapabilities& caps) { on_gfx_ready(caps); },
                                       [this](uint32_t, uint32_t depth) { on_gfx_ack(depth); }});
        if (!gfx_->open()) {
            log().warn("{}: the graphics pipeline did not open; falling back to surface bits or bitmaps", label_);
            gfx_.reset();
            gfx_expected_ = false;
            choose_legacy_graphics(layout_);
        }
    }
    if (gfx_ && gfx_->is_open() && !gfx_->handle_messages()) {
        gfx_.reset();
        gfx_expected_ = false;
        if (streaming_) return callbacks_.failed("the graphics pipeline channel failed");
        choose_legacy_graphics(layout_);
    }
}

FrameCodec GraphicsStream::pick_gfx_codec(const GfxCapabilities& caps) const {
    switch (config_.codec) {
    case CodecChoice::Avc420:
        if (caps.avc420) return FrameCodec::GfxAvc420;
        log().warn("{}: AVC420 was asked for but the client cannot decode it", label_);
        break;
    case CodecChoice::Progressive:
        if (caps.progressive) return FrameCodec::GfxProgressive;
        log().warn("{}: progressive was asked for but the client's graphics version lacks it", label_);
        break;
    case CodecChoice::RemoteFx: return FrameCodec::GfxRemoteFx;
    default: break;
    }
    if (caps.avc420) return FrameCodec::GfxAvc420;
    if (caps.progressive) return FrameCodec::GfxProgressive;
    return FrameCodec::GfxRemoteFx;
}

EncoderSettings GraphicsStream::encoder_settings() const {
    rdpSettings* s = peer_.settings();
    EncoderSettings e;
    e.avc_crf = config_.avc_crf;
    e.avc_max_bitrate_kbps = config_.avc_max_bitrate_kbps;
    e.bitmap_color_depth = freerdp_settings_get_uint32(s, FreeRDP_ColorDepth);
    e.bitmap_planar = e.bitmap_color_depth == 32;
    e.max_surface_message = freerdp_settings_get_uint32(s, FreeRDP_MultifragMaxRequestSize);
    return e;
}

void GraphicsStream::choose_legacy_graphics(const Layout& layout) {
    rdpSettings* s = peer_.settings();
    bool rfx = freerdp_settings_get_bool(s, FreeRDP_RemoteFxCodec) &&
               freerdp_settings_get_uint32(s, FreeRDP_RemoteFxCodecId) != 0 &&
               (freerdp_settings_get_uint32(s, FreeRDP_SurfaceCommandsSupported) & SURFCMDS_STREAM_SURFACE_BITS) &&
               config_.codec != CodecChoice::Bitmap;
    FrameCodec codec = rfx ? FrameCodec::SurfaceBitsRfx : FrameCodec::Bitmaps;
    if (!codec_ || *codec_ != codec)
        log().info("{}: sending {} ({} bpp)", label_, to_string(codec), freerdp_settings_get_uint32(s, FreeRDP_ColorDepth));
    codec_ = codec;
    pipeline_->configure(codec, encoder_settings(), config_.max_frames_in_flight);
    pipeline_->set_acknowledgements(codec == FrameCodec::SurfaceBitsRfx && legacy_->acknowledges_frames());
    surfaces_.clear();
    uint16_t index = 1;
    for (const auto& [name, rect] : layout) {
        surfaces_[name] = index;
        pipeline_->set_surface_id(name, index++);
    }
    start_streaming();
}

void GraphicsStream::on_gfx_ready(const GfxCapabilities& caps) {
    codec_ = pick_gfx_codec(caps);
    log().info("{}: sending {} on the graphics pipeline", label_, to_string(*codec_));
    pipeline_->configure(*codec_, encoder_settings(), config_.max_frames_in_flight);
    pipeline_->set_acknowledgements(true);
    reset_gfx_surfaces(layout_);
    start_streaming();
}

void GraphicsStream::reset_gfx_surfaces(const Layout& layout) {
    std::vector<SurfaceLayout> surfaces;
    for (const auto& [name, rect] : layout) surfaces.push_back({name, rect});
    Rect all = bounds_of(layout);
    rdpSettings* s = peer_.settings();
    freerdp_settings_set_uint32(s, FreeRDP_DesktopWidth, static_cast<UINT32>(all.right()));
    freerdp_settings_set_uint32(s, FreeRDP_DesktopHeight, static_cast<UINT32>(all.bottom()));
    for (const auto& [name, id] : surfaces_) pipeline_->remove_output(name);
    surfaces_ = gfx_->reset_surfaces(all.right(), all.bottom(), surfaces);
    std::string described;
    for (const auto& o : surfaces)
        if (surfaces_.contains(o.output))
            described += std::format("{}{} {}x{}{:+}{:+} (surface {})", described.empty() ? "" : ", ", o.output,
                                     o.rect.width, o.rect.height, o.rect.x, o.rect.y, surfaces_[o.output]);
    log().info("{}: graphics surfaces: {}", label_, described);
    for (const auto& [name, id] : surfaces_) pipeline_->set_surface_id(name, id);
    callbacks_.desktop_size(static_cast<uint32_t>(all.right()), static_cast<uint32_t>(all.bottom()));
}

void GraphicsStream::start_streaming() {
    streaming_ = true;
    pipeline_->set_paused(false);
    pipeline_->request_refresh();
}

void GraphicsStream::layout_changed(const Layout& layout) {
    layout_ = layout;
    if (gfx_ && gfx_->is_open() && codec_) {
        log().info("{}: the desktop layout changed; new graphics surfaces", label_);
        reset_gfx_surfaces(layout_);
        pipeline_->request_refresh();
        return;
    }
    if (!codec_) return;
    // Legacy clients learn a new desktop size through a Deactivate/reactivate cycle
    // (MS-RDPBCGR 1.3.1.3); activated() then sets the graphics up again.
    Rect all = bounds_of(layout_);
    rdpSettings* s = peer_.settings();
    if (freerdp_settings_get_uint32(s, FreeRDP_DesktopWidth) != static_cast<UINT32>(all.right()) ||
        freerdp_settings_get_uint32(s, FreeRDP_DesktopHeight) != static_cast<UINT32>(all.bottom())) {
        freerdp_settings_set_uint32(s, FreeRDP_DesktopWidth, static_cast<UINT32>(all.right()));
        freerdp_settings_set_uint32(s, FreeRDP_DesktopHeight, static_cast<UINT32>(all.bottom()));
        pipeline_->set_paused(true);
        peer_.context()->update->DesktopResize(peer_.context());
    } else {
        choose_legacy_graphics(layout_);
    }
}

void GraphicsStream::submit(SourceFramePtr frame) { pipeline_->submit(std::move(frame)); }

void GraphicsStream::send_encoded() {
    // GFX PDUs wait in the channel manager's queue until it is serviced: flush them at once
    // (one poll round less per frame) and only then count them as written.
    std::vector<std::chrono::steady_clock::time_point> queued;
    while (auto frame = pipeline_->pop_encoded()) {
        auto surface = surfaces_.find(frame->output);
        if (surface == surfaces_.end()) continue;  // the output went away meanwhile
        bool acked = false;
        if (gfx_active()) {
            if (!gfx_->send(*frame, surface->second)) return callbacks_.failed("writing a frame failed");
            acked = true;
            queued.push_back(frame->captured_at);
        } else {
            Rect origin;
            for (const auto& [name, rect] : layout_)
                if (name == frame->output) origin = rect;
            auto id = legacy_->send(*frame, origin.x, origin.y);
            if (!id) return callbacks_.failed("writing a frame failed");
            acked = *id != 0;
            // Server-added latency: the compositor committed the damage → the frame is written.
            send_latency_ms_.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame->captured_at).count());
        }
        if (acked) pipeline_->frame_sent();
        ++frames_sent_;
        bytes_sent_ += frame->payload_bytes();
    }
    if (!queued.empty()) {
        if (!peer_.flush_channels()) return callbacks_.failed("the virtual channel manager failed");
        auto now = std::chrono::steady_clock::now();
        for (auto t : queued) send_latency_ms_.push_back(std::chrono::duration<double, std::milli>(now - t).count());
    }
    if (std::chrono::steady_clock::now() - last_stats_ >= kStatsInterval) log_stats();
}

void GraphicsStream::suppress_output(bool allow) {
    log().debug("{}: output {}", label_, allow ? "allowed" : "suppressed (client minimized)");
    pipeline_->set_paused(!allow || !streaming_);
    if (allow) pipeline_->request_refresh();
}

void GraphicsStream::refresh() { pipeline_->request_refresh(); }

void GraphicsStream::surface_frame_acknowledged() {
    if (!gfx_) pipeline_->frame_acknowledged();
}

void GraphicsStream::on_gfx_ack(uint32_t queue_depth) {
    if (queue_depth == SUSPEND_FRAME_ACKNOWLEDGEMENT) {
        log().info("{}: the client suspended frame acknowledgements", label_);
        pipeline_->set_acknowledgements(false);
        return;
    }
    pipeline_->frame_acknowledged();
}

void GraphicsStream::log_stats() {
    if (!pipeline_) return;
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - last_stats_).count();
    last_stats_ = now;
    PipelineStats st = pipeline_->stats();
    if (frames_sent_ == 0 && st.frames_captured == 0) return;
    auto percentile = [this](double p) {
        if (send_latency_ms_.empty()) return 0.0;
        size_t i = std::min(send_latency_ms_.size() - 1, static_cast<size_t>(p * send_latency_ms_.size()));
        std::nth_element(send_latency_ms_.begin(), send_latency_ms_.begin() + static_cast<long>(i), send_latency_ms_.end());
        return send_latency_ms_[i];
    };
    double p50 = percentile(0.5), p95 = percentile(0.95);
    log().info("{}: {} frames sent ({:.1f}/s), {:.1f} KiB/s, damage→written p50 {:.2f} ms p95 {:.2f} ms; "
               "captured {}, dropped {}, unchanged {}, encode {:.2f} ms/frame",
               label_, frames_sent_, frames_sent_ / std::max(seconds, 0.001), bytes_sent_ / 1024.0 / std::max(seconds, 0.001),
               p50, p95, st.frames_captured, st.frames_dropped, st.frames_unchanged,
               st.frames_encoded ? st.encode_ms_total / st.frames_encoded : 0.0);
    frames_sent_ = 0;
    bytes_sent_ = 0;
    send_latency_ms_.clear();
}

}  // namespace wrd::rdp
