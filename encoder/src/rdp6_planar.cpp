#include "rdp6_planar.hpp"

#include <algorithm>
#include <span>

namespace wrd::encoder {
namespace {

// FormatHeader (MS-RDPEGDI 2.2.2.5.1): RLE (0x10); NA, CS and CLL clear.
constexpr uint8_t kFormatHeaderRle = 0x10;

// Control byte limits of an RDP6_RLE_SEGMENT (MS-RDPEGDI 2.2.2.5.1.3): 4 bits each for the run
// and the raw count. nRunLength 1 and 2 are escapes for long runs (16 + cRawBytes and
// 32 + cRawBytes, no raw bytes), so a plain run is 0 or 3..15.
constexpr size_t kMaxRaw = 15;
constexpr size_t kMaxShortRun = 15;
constexpr size_t kMaxLongRun = 47;
// A run shorter than this is cheaper as raw bytes: it would cost a control byte and, when it
// follows other values, its first value as a raw byte anyway.
constexpr size_t kMinRun = 4;

// Byte offsets of the planes in a BGRA pixel, in stream order: alpha, red, green, blue.
constexpr int kPlaneOffsets[] = {3, 2, 1, 0};

class SegmentWriter {
public:
    explicit SegmentWriter(std::vector<uint8_t>& out) : out_(out) {}

    // `raw` values, then `run` more copies of `value` (the last raw value, or the value the
    // decoder repeats when there is none).
    void put(std::span<const uint8_t> raw, size_t run, uint8_t value) {
        while (raw.size() > kMaxRaw) {
            control(0, kMaxRaw);
            bytes(raw.first(kMaxRaw));
            raw = raw.subspan(kMaxRaw);
        }
        const size_t head = std::min(run, kMaxShortRun);
        if (!raw.empty() || head != 0) {
            control(head, raw.size());
            bytes(raw);
        }
        put_run(run - head, value);
    }

private:
    // A run with no raw bytes before it.
    void put_run(size_t run, uint8_t value) {
        while (run >= 16) {
            const size_t n = std::min(run, kMaxLongRun);
            if (n >= 32) {
                control(2, n - 32);
            } else {
                control(1, n - 16);
            }
            run -= n;
        }
        if (run >= 3) {
            control(run, 0);
        } else {
            // 1 or 2 left: a run that short has no code, so send the copies as raw values.
            control(0, run);
            for (size_t i = 0; i < run; ++i) out_.push_back(value);
        }
    }
    void control(size_t run, size_t raw) {
        if (run != 0 || raw != 0) out_.push_back(static_cast<uint8_t>((run & 0x0F) | ((raw & 0x0F) << 4)));
    }
    void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }

    std::vector<uint8_t>& out_;
};

size_t run_length(std::span<const uint8_t> v, size_t i) {
    size_t j = i + 1;
    while (j < v.size() && v[j] == v[i]) ++j;
    return j - i;
}

// One scanline as RLE segments; each scanline stands alone, and the decoder starts it with a
// repeat value of 0.
void encode_scanline(std::span<const uint8_t> v, SegmentWriter& w) {
    size_t raw_begin = 0;
    size_t i = 0;
    uint8_t last = 0;
    while (i < v.size()) {
        const size_t r = run_length(v, i);
        if (r < kMinRun) {
            i += r;
            continue;
        }
        if (raw_begin == i && v[i] == last) {
            w.put({}, r, last);
        } else {
            // The run repeats the last raw value, so its first value goes out raw.
            w.put(v.subspan(raw_begin, i + 1 - raw_begin), r - 1, v[i]);
        }
        last = v[i];
        i += r;
        raw_begin = i;
    }
    if (raw_begin < v.size()) w.put(v.subspan(raw_begin), 0, 0);
}

// The scanline difference code (MS-RDPEGDI 3.1.9.2.3): the change from the previous scanline as
// a signed byte d, sent as 2d when d >= 0 and as 2|d| - 1 otherwise.
uint8_t delta_code(uint8_t value, uint8_t above) {
    const auto d = static_cast<int8_t>(static_cast<uint8_t>(value - above));
    return d >= 0 ? static_cast<uint8_t>(2 * d) : static_cast<uint8_t>(-2 * d - 1);
}

}  // namespace

std::vector<uint8_t> encode_rdp6_planar(const uint8_t* bgrx, int32_t width, int32_t height, int32_t stride,
                                        ScanlineOrder order) {
    std::vector<uint8_t> out;
    out.reserve(size_t{1} + size_t(width) * size_t(height) * 3);
    out.push_back(kFormatHeaderRle);
    SegmentWriter writer(out);
    const auto w = static_cast<size_t>(width);
    std::vector<uint8_t> row(w), above(w), coded(w);
    for (int offset : kPlaneOffsets) {
        for (int32_t k = 0; k < height; ++k) {
            const int32_t y = order == ScanlineOrder::bottom_up ? height - 1 - k : k;
            const uint8_t* src = bgrx + int64_t{y} * stride + offset;
            for (size_t x = 0; x < w; ++x) row[x] = offset == 3 ? 0xFF : src[x * 4];
            for (size_t x = 0; x < w; ++x) coded[x] = k == 0 ? row[x] : delta_code(row[x], above[x]);
            encode_scanline(coded, writer);
            std::swap(row, above);
        }
    }
    return out;
}

}  // namespace wrd::encoder
