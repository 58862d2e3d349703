// The FrameEncoder for each FrameCodec, wrapping the codecs of encoder/.
#include <format>

#include "avc420_encoder.hpp"
#include "bitmap_encoder.hpp"
#include "frame_encoder.hpp"
#include "progressive_encoder.hpp"
#include "rfx_encoder.hpp"

namespace wrd::rdp {
namespace {

Rect bounds_of(std::span<const Rect> rects) {
    Rect all;
    for (const auto& r : rects) all = all.bounding(r);
    return all;
}

EncodedFrame start_frame(FrameCodec codec, const SourceFrame& frame) {
    EncodedFrame out;
    out.codec = codec;
    out.width = frame.view.width;
    out.height = frame.view.height;
    return out;
}

class Avc420FrameEncoder final : public FrameEncoder {
public:
    explicit Avc420FrameEncoder(encoder::Avc420Encoder enc) : enc_(std::move(enc)) {}
    std::expected<EncodedFrame, std::string> encode(const SourceFrame& frame, std::span<const Rect> damage,
                                                    bool full) override {
        auto coded = enc_.encode(frame.view, damage, full);
        if (!coded) return std::unexpected(coded.error());
        EncodedFrame out = start_frame(FrameCodec::GfxAvc420, frame);
        out.data = std::move(coded->bitstream);
        for (const auto& r : coded->regions) out.avc_regions.push_back({r.rect, r.qp, r.quality});
        // The destination is the whole surface: the regions say which parts the client shows.
        out.bounds = frame.view.bounds();
        return out;
    }

private:
    encoder::Avc420Encoder enc_;
};

class RfxFrameEncoder final : public FrameEncoder {
public:
    RfxFrameEncoder(encoder::RfxEncoder enc, bool surface_bits, size_t max_message)
        : enc_(std::move(enc)), surface_bits_(surface_bits), max_message_(max_message) {}
    std::expected<EncodedFrame, std::string> encode(const SourceFrame& frame, std::span<const Rect> damage,
                                                    bool) override {
        if (surface_bits_) {
            // Room for the fast-path, surface command and TS_BITMAP_DATA_EX headers.
            auto messages = enc_.encode_surface_bits(frame.view, damage, max_message_ - 64);
            if (!messages) return std::unexpected(messages.error());
            EncodedFrame out = start_frame(FrameCodec::SurfaceBitsRfx, frame);
            out.surface_messages = std::move(*messages);
            out.bounds = bounds_of(damage);
            return out;
        }
        auto data = enc_.encode_gfx(frame.view, damage);
        if (!data) return std::unexpected(data.error());
        EncodedFrame out = start_frame(FrameCodec::GfxRemoteFx, frame);
        out.data = std::move(*data);
        // RemoteFX tiles carry their own positions relative to the destination's origin.
        out.bounds = frame.view.bounds();
        return out;
    }

private:
    encoder::RfxEncoder enc_;
    bool surface_bits_;
    size_t max_message_;
};

class ProgressiveFrameEncoder final : public FrameEncoder {
public:
    ProgressiveFrameEncoder(encoder::ProgressiveEncoder enc, uint16_t surface)
        : enc_(std::move(enc)), surface_(surface) {}
    std::expected<EncodedFrame, std::string> encode(const SourceFrame& frame, std::span<const Rect> damage,
                                                    bool) override {
        auto data = enc_.encode(frame.view, damage, surface_);
        if (!data) return std::unexpected(data.error());
        EncodedFrame out = start_frame(FrameCodec::GfxProgressive, frame);
        out.data = std::move(*data);
        out.bounds = frame.view.bounds();
        return out;
    }

private:
    encoder::ProgressiveEncoder enc_;
    uint16_t surface_;
};

class BitmapFrameEncoder final : public FrameEncoder {
public:
    BitmapFrameEncoder(encoder::BitmapEncoder enc, encoder::BitmapOptions options)
        : enc_(std::move(enc)), options_(options) {}
    std::expected<EncodedFrame, std::string> encode(const SourceFrame& frame, std::span<const Rect> damage,
                                                    bool) override {
        auto tiles = enc_.encode(frame.view, damage, options_);
        if (!tiles) return std::unexpected(tiles.error());
        EncodedFrame out = start_frame(FrameCodec::Bitmaps, frame);
        for (auto& t : *tiles)
            out.bitmaps.push_back({t.dest, t.width, t.height, static_cast<uint16_t>(t.bpp), t.compressed,
                                   std::move(t.bytes)});
        out.bounds = bounds_of(damage);
        return out;
    }

private:
    encoder::BitmapEncoder enc_;
    encoder::BitmapOptions options_;
};

}  // namespace

std::expected<std::unique_ptr<FrameEncoder>, std::string> make_frame_encoder(FrameCodec codec, int32_t width,
                                                                             int32_t height,
                                                                             const EncoderSettings& settings) {
    switch (codec) {
    case FrameCodec::GfxAvc420: {
        if (!encoder::Avc420Encoder::available()) return std::unexpected("libavcodec has no libx264 encoder");
        encoder::Avc420Settings s;
        s.qp = settings.avc_crf;
        s.max_bitrate_kbps = settings.avc_max_bitrate_kbps;
        auto enc = encoder::Avc420Encoder::create(width, height, s);
        if (!enc) return std::unexpected(enc.error());
        return std::make_unique<Avc420FrameEncoder>(std::move(*enc));
    }
    case FrameCodec::GfxRemoteFx:
    case FrameCodec::SurfaceBitsRfx: {
        auto enc = encoder::RfxEncoder::create(width, height);
        if (!enc) return std::unexpected(enc.error());
        return std::make_unique<RfxFrameEncoder>(std::move(*enc), codec == FrameCodec::SurfaceBitsRfx,
                                                 settings.max_surface_message);
    }
    case FrameCodec::GfxProgressive: {
        auto enc = encoder::ProgressiveEncoder::create(width, height);
        if (!enc) return std::unexpected(enc.error());
        return std::make_unique<ProgressiveFrameEncoder>(std::move(*enc), settings.surface_id);
    }
    case FrameCodec::Bitmaps: {
        auto enc = encoder::BitmapEncoder::create();
        if (!enc) return std::unexpected(enc.error());
        encoder::BitmapOptions options;
        options.color_depth = settings.bitmap_color_depth;
        options.planar = settings.bitmap_planar;
        options.compression = true;
        return std::make_unique<BitmapFrameEncoder>(std::move(*enc), options);
    }
    }
    return std::unexpected(std::format("unknown codec {}", static_cast<int>(codec)));
}

}  // namespace wrd::rdp
