#include "avc420_encoder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <mutex>

#include "av.hpp"
#include "color_convert.hpp"
#include "logging.hpp"

namespace wrd::encoder {

namespace {

constexpr int kMaxSide = 8192;
// VBV buffer when a cap is set: how much the rate may burst above the cap, as time at the
// cap. An IDR of a busy 1080p desktop is a few hundred kB; 250 ms at 10 Mb/s holds 312 kB
// while keeping the queue a congested link must absorb short.
constexpr int kVbvBufferMs = 250;

int align16(int v) {
    return (v + 15) & ~15;
}

// libav (and x264 through it) logs to stderr by default; route it into the "encoder" logger.
// x264's info lines (CPU flags, profile, end-of-stream statistics) are debug material here.
void log_from_libav(void* avcl, int level, const char* fmt, va_list args) noexcept {
    try {
        spdlog::logger& log = logger("encoder");
        const auto ours = level <= AV_LOG_ERROR     ? spdlog::level::err
                          : level <= AV_LOG_WARNING ? spdlog::level::warn
                          : level <= AV_LOG_INFO    ? spdlog::level::debug
                                                    : spdlog::level::trace;
        if (!log.should_log(ours) || level > AV_LOG_VERBOSE) return;
        thread_local int print_prefix = 1;
        char line[1024];
        av_log_format_line2(avcl, level, fmt, args, line, sizeof line, &print_prefix);
        std::string_view text(line);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
        if (!text.empty()) log.log(ours, "libav: {}", text);
    } catch (...) {
        // A log line is not worth an exception crossing into C.
    }
}

void route_libav_logs() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(log_from_libav); });
}

std::expected<void, std::string> set_private(AVCodecContext* ctx, const char* name, const char* value) {
    if (int rc = av_opt_set(ctx->priv_data, name, value, 0); rc < 0)
        return std::unexpected(av::error(std::string("libx264 option ") + name + "=" + value, rc));
    return {};
}

// The libx264 settings. Why each:
// - ultrafast + zerolatency: ~7-10 ms per 1080p frame on one core, no lookahead, no frame
//   threads, no B-frames: every picture comes out of the same encode call that took it in.
// - profile baseline: x264 then emits Constrained Baseline (profile_idc 66 with
//   constraint_set0/1), the one H.264 profile every RDP client decodes: Windows' Media
//   Foundation decoder, FreeRDP (FFmpeg or OpenH264, whose encoder FreeRDP's own server uses,
//   so Constrained Baseline is what mstsc already gets from FreeRDP servers), thin-client
//   hardware decoders. gnome-remote-desktop sends High through VA-API; High would only buy
//   CABAC and 8x8 transforms, which ultrafast switches off anyway. The level x264 derives
//   from the coded size and frame rate (4.2 for 1080p60).
// - One QP for every picture (ipratio=1; constant QP, or CRF with qcomp=1 under a cap): on a
//   desktop an IDR's pixels stay on screen as long as P-frame updates, so both get the same
//   quality. CRF's default complexity blur made the first P-frames after an IDR QP 30 and
//   later ones drift down to 16: text typed after a connect looked worse than a minute later.
//   Constant QP also skips x264's low-resolution analysis (~30% less CPU per frame here), but
//   it cannot take a VBV cap, so a cap switches to CRF with qcomp=1, which holds the QP
//   unless the cap forces it up.
// - keyint=infinite, scenecut=0: IDRs only when asked (first picture, client request); a
//   desktop has no scene cuts worth a full picture.
// - repeat-headers + annexb: SPS/PPS in-band before every IDR in Annex-B form, as
//   MS-RDPEGFX 2.2.4.4 carries the stream (no extradata channel exists).
// - forced-idr: an AV_PICTURE_TYPE_I request becomes an IDR, not just an I picture.
std::expected<void, std::string> set_x264_options(AVCodecContext* ctx, const Avc420Settings& s) {
    const bool capped = s.max_bitrate_kbps > 0;
    const std::string qp = std::to_string(s.qp);
    const char* params = capped ? "keyint=infinite:scenecut=0:repeat-headers=1:annexb=1:ipratio=1:qcomp=1"
                                : "keyint=infinite:scenecut=0:repeat-headers=1:annexb=1:ipratio=1";
    for (auto [name, value] : {std::pair{"preset", "ultrafast"},
                               {"tune", "zerolatency"},
                               {"profile", "baseline"},
                               {capped ? "crf" : "qp", qp.c_str()},
                               {"forced-idr", "1"},
                               {"x264-params", params}})
        if (auto ok = set_private(ctx, name, value); !ok) return ok;
    return {};
}

// Codec-context fields: the coded size, NV12, the VUI colour description, rate and threads.
void set_context_fields(AVCodecContext* ctx, int width, int height, const Avc420Settings& s) {
    ctx->width = align16(width);
    ctx->height = align16(height);
    ctx->pix_fmt = AV_PIX_FMT_NV12;
    ctx->time_base = AVRational{1, s.frame_rate};
    ctx->framerate = AVRational{s.frame_rate, 1};
    ctx->max_b_frames = 0;
    // What color_convert.hpp produces: full-range BT.709 with chroma at the centre of each
    // 2x2 block. RDP clients ignore the VUI, but players and analysers of a dump do not.
    ctx->color_range = AVCOL_RANGE_JPEG;
    ctx->color_primaries = AVCOL_PRI_BT709;
    ctx->color_trc = AVCOL_TRC_BT709;
    ctx->colorspace = AVCOL_SPC_BT709;
    ctx->chroma_sample_location = AVCHROMA_LOC_CENTER;
    // Slice threads split each picture, so threads never add a frame of delay.
    ctx->thread_count = s.threads;
    ctx->thread_type = FF_THREAD_SLICE;
    if (s.max_bitrate_kbps > 0) {
        ctx->rc_max_rate = int64_t{s.max_bitrate_kbps} * 1000;
        ctx->rc_buffer_size = int(int64_t{s.max_bitrate_kbps} * kVbvBufferMs);
    }
}

std::expected<void, std::string> validate(int width, int height, const Avc420Settings& s) {
    if (width < 1 || height < 1 || width > kMaxSide || height > kMaxSide)
        return std::unexpected("AVC420: frame size " + std::to_string(width) + "x" + std::to_string(height) +
                               " outside 1.." + std::to_string(kMaxSide));
    if (s.qp < 0 || s.qp > 51) return std::unexpected("AVC420: qp " + std::to_string(s.qp) + " outside 0..51");
    if (s.max_bitrate_kbps < 0 || s.max_bitrate_kbps > 1'000'000)
        return std::unexpected("AVC420: max bitrate " + std::to_string(s.max_bitrate_kbps) + " kb/s out of range");
    if (s.threads < 0 || s.threads > 64) return std::unexpected("AVC420: thread count out of range");
    if (s.frame_rate < 1 || s.frame_rate > 240) return std::unexpected("AVC420: frame rate outside 1..240");
    return {};
}

// The picture's average QP, which libx264 reports in the packet's quality side data
// (lambda units: QP * FF_QP2LAMBDA, as a little-endian uint32 first).
uint8_t packet_qp(const AVPacket* packet) {
    size_t size = 0;
    const uint8_t* data = av_packet_get_side_data(packet, AV_PKT_DATA_QUALITY_STATS, &size);
    if (!data || size < 4) return 0;
    const uint32_t lambda =
        uint32_t(data[0]) | uint32_t(data[1]) << 8 | uint32_t(data[2]) << 16 | uint32_t(data[3]) << 24;
    return uint8_t(std::clamp<uint32_t>((lambda + FF_QP2LAMBDA / 2) / FF_QP2LAMBDA, 0, 51));
}

// qualityVal is informational (MS-RDPEGFX 2.2.4.4.2); spread QP 51..0 over 0..100.
uint8_t quality_for(uint8_t qp) {
    return uint8_t(std::lround(100.0 * (51 - qp) / 51.0));
}

}  // namespace

struct Avc420Encoder::State {
    av::CodecContextPtr ctx;
    av::FramePtr picture;  // NV12 at the coded size; persists, so only damage is converted
    av::PacketPtr packet;
    int width = 0;
    int height = 0;
    int64_t pts = 0;
    bool idr_requested = true;  // the first picture is always an IDR

    Nv12Planes planes() const {
        return {picture->data[0],     picture->linesize[0], picture->data[1],
                picture->linesize[1], ctx->width,           ctx->height};
    }
    std::expected<void, std::string> convert(const FrameView& frame, std::span<const Rect> damage, bool whole);
    std::expected<Avc420Frame, std::string> submit(std::span<const Rect> regions, bool idr);
};

bool Avc420Encoder::available() {
    return avcodec_find_encoder_by_name("libx264") != nullptr;
}

std::expected<Avc420Encoder, std::string> Avc420Encoder::create(int width, int height, const Avc420Settings& settings) {
    if (auto ok = validate(width, height, settings); !ok) return std::unexpected(ok.error());
    route_libav_logs();
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) return std::unexpected("AVC420: libavcodec has no libx264 encoder");

    auto state = std::make_unique<State>();
    state->width = width;
    state->height = height;
    state->ctx.reset(avcodec_alloc_context3(codec));
    state->picture.reset(av_frame_alloc());
    state->packet.reset(av_packet_alloc());
    if (!state->ctx || !state->picture || !state->packet) return std::unexpected("AVC420: out of memory");

    AVCodecContext* ctx = state->ctx.get();
    set_context_fields(ctx, width, height, settings);
    if (auto ok = set_x264_options(ctx, settings); !ok) return std::unexpected(ok.error());
    if (int rc = avcodec_open2(ctx, codec, nullptr); rc < 0)
        return std::unexpected(av::error("AVC420: opening libx264", rc));

    AVFrame* picture = state->picture.get();
    picture->format = AV_PIX_FMT_NV12;
    picture->width = ctx->width;
    picture->height = ctx->height;
    // A reference-counted buffer: avcodec_send_frame then takes a reference instead of a copy.
    if (int rc = av_frame_get_buffer(picture, 0); rc < 0)
        return std::unexpected(av::error("AVC420: picture buffer", rc));
    return Avc420Encoder(std::move(state));
}

Avc420Encoder::Avc420Encoder(std::unique_ptr<State> state) : state_(std::move(state)) {}
Avc420Encoder::Avc420Encoder(Avc420Encoder&&) noexcept = default;
Avc420Encoder& Avc420Encoder::operator=(Avc420Encoder&&) noexcept = default;
Avc420Encoder::~Avc420Encoder() = default;

int Avc420Encoder::width() const {
    return state_->width;
}
int Avc420Encoder::height() const {
    return state_->height;
}
int Avc420Encoder::coded_width() const {
    return state_->ctx->width;
}
int Avc420Encoder::coded_height() const {
    return state_->ctx->height;
}
void Avc420Encoder::request_idr() {
    state_->idr_requested = true;
}

std::expected<Avc420Frame, std::string> Avc420Encoder::encode(const FrameView& frame, std::span<const Rect> damage,
                                                              bool force_idr) {
    State& s = *state_;
    if (!frame.data || frame.width != s.width || frame.height != s.height || frame.stride < 4 * frame.width)
        return std::unexpected("AVC420: frame " + std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                               " does not fit an encoder for " + std::to_string(s.width) + "x" +
                               std::to_string(s.height));
    const bool idr = force_idr || s.idr_requested;
    auto result = s.convert(frame, damage, idr).and_then([&] {
        const std::vector<Rect> regions = idr ? std::vector<Rect>{frame.bounds()} : clip_to_frame(frame, damage);
        return s.submit(regions, idr);
    });
    // After a failure the client may miss this picture's damage: make the next one whole.
    s.idr_requested = !result.has_value();
    return result;
}

std::expected<void, std::string> Avc420Encoder::State::convert(const FrameView& frame, std::span<const Rect> damage,
                                                               bool whole) {
    // libavcodec drops its reference after encoding, so this is normally a no-op check; if a
    // reference were still held it copies, keeping the undamaged parts.
    if (int rc = av_frame_make_writable(picture.get()); rc < 0)
        return std::unexpected(av::error("AVC420: picture not writable", rc));
    const Nv12Planes dst = planes();
    if (whole) {
        bgrx_to_nv12(frame, dst, frame.bounds());
    } else {
        for (const Rect& r : damage) bgrx_to_nv12(frame, dst, r);
    }
    return {};
}

std::expected<Avc420Frame, std::string> Avc420Encoder::State::submit(std::span<const Rect> regions, bool idr) {
    picture->pict_type = idr ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    picture->pts = pts++;
    if (int rc = avcodec_send_frame(ctx.get(), picture.get()); rc < 0)
        return std::unexpected(av::error("AVC420: sending a picture to libx264", rc));
    // zerolatency has no lookahead: the packet for this picture is ready now. EAGAIN here
    // would mean a setting added delay, which the stream cannot afford.
    if (int rc = avcodec_receive_packet(ctx.get(), packet.get()); rc < 0)
        return std::unexpected(av::error("AVC420: receiving the picture from libx264", rc));

    Avc420Frame out;
    out.bitstream.assign(packet->data, packet->data + packet->size);
    out.idr = (packet->flags & AV_PKT_FLAG_KEY) != 0;
    const uint8_t qp = packet_qp(packet.get());
    out.regions.reserve(regions.size());
    for (const Rect& r : regions) out.regions.push_back({r, qp, quality_for(qp)});
    av_packet_unref(packet.get());
    if (idr && !out.idr) return std::unexpected("AVC420: libx264 did not make the requested IDR");
    return out;
}

}  // namespace wrd::encoder
