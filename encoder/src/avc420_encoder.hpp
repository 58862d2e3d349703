// Avc420Encoder: H.264 4:2:0 for the RDPGFX AVC420 codec (MS-RDPEGFX 2.2.4.4), libx264
// through libavcodec with our own low-latency settings (not FreeRDP's H.264 wrapper, whose
// presets are far too slow for a desktop stream).
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "frame.hpp"

namespace wrd::encoder {

struct Avc420Settings {
    int qp = 23;               // the QP of every picture, 0 (best) .. 51, unless the cap forces it up
    int max_bitrate_kbps = 0;  // > 0: VBV cap on the rate; 0: quality alone decides
    int threads = 0;           // slice threads; 0: libx264 picks from the CPU count
    int frame_rate = 60;       // declared rate: sets the H.264 level and the VBV per-frame budget
};

// One entry of RFX_AVC420_METABLOCK (MS-RDPEGFX 2.2.4.4.1): a region the client copies from the
// decoded picture, with its RDPGFX_AVC420_QUANT_QUALITY (2.2.4.4.2) values.
struct RegionQuality {
    Rect rect;
    uint8_t qp = 0;       // 0..51; the progressive and reserved bits stay 0
    uint8_t quality = 0;  // 0..100, informational
};

// One encoded picture: an Annex-B byte stream (an IDR starts with SPS and PPS).
struct Avc420Frame {
    std::vector<uint8_t> bitstream;
    std::vector<RegionQuality> regions;
    bool idr = false;
};

// Owns the codec state (libx264 context and the NV12 picture it reads). Move-only. Used by one
// thread at a time (the encoder thread).
class Avc420Encoder {
public:
    // Whether libavcodec has the libx264 encoder.
    static bool available();

    // width x height is the frame size (1 .. 8192 each, MS-RDPBCGR's desktop limit); the
    // H.264 picture is that rounded up to multiples of 16, as MS-RDPEGFX 2.2.4.4 requires.
    static std::expected<Avc420Encoder, std::string> create(int width, int height, const Avc420Settings& settings);

    // Converts the damaged parts of `frame` (which must have the encoder's size) and encodes
    // one picture. Regions are `damage` clipped to the frame; an IDR (the first picture, one
    // forced here, or one requested) refreshes and reports the whole frame.
    std::expected<Avc420Frame, std::string> encode(const FrameView& frame, std::span<const Rect> damage,
                                                   bool force_idr);

    // The next encode() produces an IDR (e.g. after the client reported a decode problem).
    void request_idr();

    int width() const;
    int height() const;
    int coded_width() const;
    int coded_height() const;

    Avc420Encoder(Avc420Encoder&&) noexcept;
    Avc420Encoder& operator=(Avc420Encoder&&) noexcept;
    ~Avc420Encoder();

private:
    struct State;  // the libav handles; kept out of this header so users need no FFmpeg headers
    explicit Avc420Encoder(std::unique_ptr<State> state);

    std::unique_ptr<State> state_;
};

}  // namespace wrd::encoder
