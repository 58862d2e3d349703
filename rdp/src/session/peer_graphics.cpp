// PeerSession: which codec a client gets, its surfaces, and writing encoded frames.
#include <algorithm>
#include <climits>
#include <format>
#include <set>

#include "freerdp.hpp"
#include "graphics/frame_pipeline.hpp"
#include "graphics/graphics_channel.hpp"
#include "graphics/legacy_graphics.hpp"
#include "input/pointer_translator.hpp"
#include "logging.hpp"
#include "session/peer_session.hpp"
#include "wayland/wayland_session.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

constexpr auto kStatsInterval = std::chrono::seconds(10);

}  // namespace

std::vector<std::pair<std::string, Rect>> PeerSession::output_layout() const {
    // The client's desktop starts at 0,0; the compositor's layout may start anywhere (monitors
    // left of or above the primary have negative positions), so shift it. Absolute pointer
    // motion maps onto the same box, so input needs no other conversion.
    std::vector<std::pair<std::string, Rect>> out;
    int32_t min_x = INT32_MAX, min_y = INT32_MAX;
    for (const auto& o : wayland_->outputs()) {
        min_x = std::min(min_x, o.x);
        min_y = std::min(min_y, o.y);
    }
    for (const auto& o : wayland_->outputs())
        out.emplace_back(o.name, Rect{o.x - min_x, o.y - min_y, o.mode_width, o.mode_height});
    return out;
}

FrameCodec PeerSession::pick_gfx_codec(const GfxCapabilities& caps) const {
    switch (options_.config.codec) {
    case CodecChoice::Avc420:
        if (caps.avc420) return FrameCodec::GfxAvc420;
        log().warn("{}: AVC420 was asked for but the client cannot decode it", client_name_);
        break;
    case CodecChoice::Progressive:
        if (caps.progressive) return FrameCodec::GfxProgressive;
        log().warn("{}: progressive was asked for but the client's graphics version lacks it", client_name_);
        break;
    case CodecChoice::RemoteFx: return FrameCodec::GfxRemoteFx;
    default: break;
    }
    if (caps.avc420) return FrameCodec::GfxAvc420;
    if (caps.progressive) return FrameCodec::GfxProgressive;
    return FrameCodec::GfxRemoteFx;
}

EncoderSettings PeerSession::encoder_settings() const {
    rdpSettings* s = peer_->context->settings;
    EncoderSettings e;
    e.avc_crf = options_.config.avc_crf;
    e.avc_max_bitrate_kbps = options_.config.avc_max_bitrate_kbps;
    e.bitmap_color_depth = freerdp_settings_get_uint32(s, FreeRDP_ColorDepth);
    e.bitmap_planar = e.bitmap_color_depth == 32;
    e.max_surface_message = freerdp_settings_get_uint32(s, FreeRDP_MultifragMaxRequestSize);
    return e;
}

void PeerSession::choose_legacy_graphics() {
    rdpSettings* s = peer_->context->settings;
    bool rfx = freerdp_settings_get_bool(s, FreeRDP_RemoteFxCodec) &&
               freerdp_settings_get_uint32(s, FreeRDP_RemoteFxCodecId) != 0 &&
               (freerdp_settings_get_uint32(s, FreeRDP_SurfaceCommandsSupported) & SURFCMDS_STREAM_SURFACE_BITS) &&
               options_.config.codec != CodecChoice::Bitmap;
    FrameCodec codec = rfx ? FrameCodec::SurfaceBitsRfx : FrameCodec::Bitmaps;
    if (!codec_ || *codec_ != codec)
        log().info("{}: sending {} ({} bpp)", client_name_, to_string(codec),
                   freerdp_settings_get_uint32(s, FreeRDP_ColorDepth));
    codec_ = codec;
    pipeline_->configure(codec, encoder_settings(), options_.config.max_frames_in_flight);
    pipeline_->set_acknowledgements(codec == FrameCodec::SurfaceBitsRfx && legacy_->acknowledges_frames());
    surfaces_.clear();
    uint16_t index = 1;
    for (const auto& [name, rect] : output_layout()) {
        surfaces_[name] = index;
        pipeline_->set_surface_id(name, index++);
    }
    start_streaming();
}

void PeerSession::on_gfx_ready(const GfxCapabilities& caps) {
    codec_ = pick_gfx_codec(caps);
    log().info("{}: sending {} on the graphics pipeline", client_name_, to_string(*codec_));
    pipeline_->configure(*codec_, encoder_settings(), options_.config.max_frames_in_flight);
    pipeline_->set_acknowledgements(true);
    reset_gfx_surfaces();
    start_streaming();
}

void PeerSession::reset_gfx_surfaces() {
    std::vector<SurfaceLayout> layout;
    Rect all;
    for (const auto& [name, rect] : output_layout()) {
        layout.push_back({name, rect});
        all = all.bounding(rect);
    }
    rdpSettings* s = peer_->context->settings;
    freerdp_settings_set_uint32(s, FreeRDP_DesktopWidth, static_cast<UINT32>(all.right()));
    freerdp_settings_set_uint32(s, FreeRDP_DesktopHeight, static_cast<UINT32>(all.bottom()));
    for (const auto& [name, id] : surfaces_) pipeline_->remove_output(name);
    surfaces_ = gfx_->reset_surfaces(all.right(), all.bottom(), layout);
    std::string described;
    for (const auto& o : layout)
        if (surfaces_.contains(o.output))
            described += std::format("{}{} {}x{}{:+}{:+} (surface {})", described.empty() ? "" : ", ", o.output,
                                     o.rect.width, o.rect.height, o.rect.x, o.rect.y, surfaces_[o.output]);
    log().info("{}: graphics surfaces: {}", client_name_, described);
    for (const auto& [name, id] : surfaces_) pipeline_->set_surface_id(name, id);
    pointer_->set_desktop_size(static_cast<uint32_t>(all.right()), static_cast<uint32_t>(all.bottom()));
}

void PeerSession::start_streaming() {
    streaming_ = true;
    pipeline_->set_paused(false);
    pipeline_->request_refresh();
}

void PeerSession::on_outputs_changed() {
    if (!activated_ || finished_) return;
    std::set<std::string> now;
    for (const auto& [name, rect] : output_layout()) now.insert(name);
    for (const auto& name : now)
        if (!surfaces_.contains(name)) wayland_->start_capture(name);
    for (const auto& [name, id] : surfaces_)
        if (!now.contains(name)) wayland_->stop_capture(name);
    if (gfx_ && gfx_->is_open() && codec_) {
        log().info("{}: the desktop layout changed; new graphics surfaces", client_name_);
        reset_gfx_surfaces();
        pipeline_->request_refresh();
        return;
    }
    if (!codec_) return;
    // Legacy clients learn a new desktop size through a Deactivate/reactivate cycle
    // (MS-RDPBCGR 1.3.1.3); Activate then sets the graphics up again.
    Rect all;
    for (const auto& [name, rect] : output_layout()) all = all.bounding(rect);
    rdpSettings* s = peer_->context->settings;
    if (freerdp_settings_get_uint32(s, FreeRDP_DesktopWidth) != static_cast<UINT32>(all.right()) ||
        freerdp_settings_get_uint32(s, FreeRDP_DesktopHeight) != static_cast<UINT32>(all.bottom())) {
        freerdp_settings_set_uint32(s, FreeRDP_DesktopWidth, static_cast<UINT32>(all.right()));
        freerdp_settings_set_uint32(s, FreeRDP_DesktopHeight, static_cast<UINT32>(all.bottom()));
        pipeline_->set_paused(true);
        peer_->context->update->DesktopResize(peer_->context);
    } else {
        choose_legacy_graphics();
    }
}

void PeerSession::send_encoded() {
    if (finished_) return;
    // GFX PDUs wait in the channel manager's queue until it is serviced: flush them at once
    // (one poll round less per frame) and only then count them as written.
    std::vector<std::chrono::steady_clock::time_point> queued;
    std::optional<std::vector<std::pair<std::string, Rect>>> layout;  // legacy only, once per call
    while (auto frame = pipeline_->pop_encoded()) {
        auto surface = surfaces_.find(frame->output);
        if (surface == surfaces_.end()) continue;  // the output went away meanwhile
        bool acked = false;
        if (gfx_ && gfx_->is_open() && *codec_ != FrameCodec::SurfaceBitsRfx && *codec_ != FrameCodec::Bitmaps) {
            auto id = gfx_->send(*frame, surface->second);
            if (!id) return finish("writing a frame failed");
            acked = true;
            queued.push_back(frame->captured_at);
        } else {
            if (!layout) layout = output_layout();
            Rect origin;
            for (const auto& [name, rect] : *layout)
                if (name == frame->output) origin = rect;
            auto id = legacy_->send(*frame, origin.x, origin.y);
            if (!id) return finish("writing a frame failed");
            acked = *id != 0;
        }
        if (acked) pipeline_->frame_sent();
        // Server-added latency: the compositor committed the damage → the frame is written out.
        if (queued.empty() || queued.back() != frame->captured_at)
            send_latency_ms_.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frame->captured_at).count());
        ++frames_sent_;
        bytes_sent_ += frame->payload_bytes();
    }
    if (!queued.empty()) {
        if (!WTSVirtualChannelManagerCheckFileDescriptorEx(vcm_, TRUE)) return finish("the virtual channel manager failed");
        auto now = std::chrono::steady_clock::now();
        for (auto t : queued) send_latency_ms_.push_back(std::chrono::duration<double, std::milli>(now - t).count());
    }
    if (std::chrono::steady_clock::now() - last_stats_ >= kStatsInterval) log_stats();
}

void PeerSession::on_gfx_ack(uint32_t, uint32_t queue_depth) {
    if (queue_depth == SUSPEND_FRAME_ACKNOWLEDGEMENT) {
        log().info("{}: the client suspended frame acknowledgements", client_name_);
        pipeline_->set_acknowledgements(false);
        return;
    }
    pipeline_->frame_acknowledged();
}

void PeerSession::log_stats() {
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
               client_name_, frames_sent_, frames_sent_ / std::max(seconds, 0.001),
               bytes_sent_ / 1024.0 / std::max(seconds, 0.001), p50, p95, st.frames_captured, st.frames_dropped,
               st.frames_unchanged, st.frames_encoded ? st.encode_ms_total / st.frames_encoded : 0.0);
    frames_sent_ = 0;
    bytes_sent_ = 0;
    send_latency_ms_.clear();
}

}  // namespace wrd::rdp
