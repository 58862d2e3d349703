#include "progressive_encoder.hpp"

#include <utility>

#include "freerdp_codecs.hpp"

namespace wrd::encoder {

void ProgressiveEncoder::ContextFree::operator()(S_PROGRESSIVE_CONTEXT* context) const noexcept {
    progressive_context_free(context);
}

std::expected<ProgressiveEncoder, std::string> ProgressiveEncoder::create(int32_t width, int32_t height) {
    if (width <= 0 || height <= 0 || width > fr::kMaxFrameSide || height > fr::kMaxFrameSide)
        return std::unexpected("invalid progressive surface size");
    std::unique_ptr<S_PROGRESSIVE_CONTEXT, ContextFree> context(progressive_context_new(TRUE));
    if (!context) return std::unexpected("progressive_context_new failed");
    return ProgressiveEncoder(std::move(context), width, height);
}

ProgressiveEncoder::ProgressiveEncoder(std::unique_ptr<S_PROGRESSIVE_CONTEXT, ContextFree> context, int32_t width,
                                       int32_t height)
    : context_(std::move(context)), width_(width), height_(height) {}

ProgressiveEncoder::ProgressiveEncoder(ProgressiveEncoder&&) noexcept = default;
ProgressiveEncoder& ProgressiveEncoder::operator=(ProgressiveEncoder&&) noexcept = default;
ProgressiveEncoder::~ProgressiveEncoder() = default;

std::expected<std::vector<uint8_t>, std::string> ProgressiveEncoder::encode(const FrameView& frame,
                                                                            std::span<const Rect> rects,
                                                                            [[maybe_unused]] uint16_t surface_id) {
    if (auto ok = fr::check_frame(frame); !ok) return std::unexpected(ok.error());
    const uint64_t src_size = uint64_t{static_cast<uint32_t>(frame.stride)} * static_cast<uint32_t>(frame.height);
    if (src_size > UINT32_MAX) return std::unexpected("frame is too large for the progressive encoder");
    width_ = frame.width;
    height_ = frame.height;

    auto damage = fr::damage_rects(frame, rects);
    if (!damage) return std::unexpected(damage.error());
    if (damage->empty()) return std::vector<uint8_t>{};
    fr::Region16 region;
    for (const Rect& r : *damage) {
        if (!region.add(r)) return std::unexpected("out of memory for the damage region");
    }

    BYTE* data = nullptr;
    UINT32 size = 0;
    const int rc = progressive_compress(context_.get(), frame.data, static_cast<UINT32>(src_size), PIXEL_FORMAT_BGRX32,
                                        static_cast<UINT32>(frame.width), static_cast<UINT32>(frame.height),
                                        static_cast<UINT32>(frame.stride), region.get(), &data, &size);
    if (rc < 0) return std::unexpected("progressive_compress failed (" + std::to_string(rc) + ")");
    if (rc == 0 || data == nullptr) return std::vector<uint8_t>{};
    // `data` points into the context's own buffer, which the next call overwrites.
    return std::vector<uint8_t>(data, data + size);
}

}  // namespace wrd::encoder
