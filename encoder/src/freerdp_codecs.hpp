// The one place in encoder/ that includes FreeRDP and WinPR headers (a test greps for strays), so
// their macros and C quirks stay in one spot. Include it from .cpp files only: wrd_encoder links
// FreeRDP privately, so its public headers forward-declare the opaque codec contexts instead and
// users of the library never need FreeRDP's include paths.
//
// The FreeRDP 3 headers carry their own extern "C" guards. WinPR's wtypes.h uses anonymous
// structs, which -Wpedantic rejects in C++; the include directories come from an imported
// pkg-config target, which CMake passes as -isystem, so those warnings stay out of our build.
#pragma once

// clang-format off
#include <freerdp/codec/color.h>
#include <freerdp/codec/interleaved.h>
#include <freerdp/codec/planar.h>
#include <freerdp/codec/progressive.h>
#include <freerdp/codec/region.h>
#include <freerdp/codec/rfx.h>
// clang-format on

#include <cstdint>
#include <cstdlib>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "frame.hpp"
#include "rect.hpp"

namespace wrd::encoder::fr {

// FreeRDP's codecs address pixels with 16-bit coordinates (RFX_RECT, RECTANGLE_16, TS_RFX_CHANNELT),
// so a frame must fit in 65535 x 65535; RDP itself never gets near that (MS-RDPBCGR 2.2.1.3.2 caps
// the desktop at 32766).
inline constexpr int32_t kMaxFrameSide = 0xFFFF;

// Why a frame cannot be encoded, or nothing. Checked before any pointer reaches FreeRDP, whose
// encoders assert (abort) on empty input instead of failing.
inline std::expected<void, std::string> check_frame(const FrameView& frame) {
    if (frame.data == nullptr) return std::unexpected("frame has no pixels");
    if (frame.width <= 0 || frame.height <= 0) return std::unexpected("frame is empty");
    if (frame.width > kMaxFrameSide || frame.height > kMaxFrameSide) return std::unexpected("frame is too large");
    if (frame.stride < frame.width * 4) return std::unexpected("frame stride is shorter than a row");
    return {};
}

// A rectangle already clipped to a checked frame, so every bound fits 16 bits.
inline RECTANGLE_16 to_rect16(const Rect& r) {
    return {static_cast<UINT16>(r.x), static_cast<UINT16>(r.y), static_cast<UINT16>(r.right()),
            static_cast<UINT16>(r.bottom())};
}

inline Rect from_rect16(const RECTANGLE_16& r) {
    return {r.left, r.top, int32_t{r.right} - r.left, int32_t{r.bottom} - r.top};
}

// Owns a REGION16 (FreeRDP's banded, non-overlapping rectangle set). Any thread; not shared.
class Region16 {
public:
    Region16() { region16_init(&region_); }
    ~Region16() { region16_uninit(&region_); }
    Region16(const Region16&) = delete;
    Region16& operator=(const Region16&) = delete;

    // `r` must lie inside a checked frame (see to_rect16). False only when FreeRDP is out of memory.
    bool add(const Rect& r) {
        const RECTANGLE_16 r16 = to_rect16(r);
        return region16_union_rect(&region_, &region_, &r16) != FALSE;
    }
    std::span<const RECTANGLE_16> rects() const {
        UINT32 n = 0;
        const RECTANGLE_16* p = region16_rects(&region_, &n);
        return {p, n};
    }
    bool empty() const { return region16_is_empty(&region_) != FALSE; }
    const REGION16* get() const { return &region_; }

private:
    REGION16 region_;
};

// The damage `rects` clipped to a checked frame, as disjoint rectangles (FreeRDP's banded union;
// overlapping input would otherwise be encoded twice). With more than `max_rects` rectangles,
// before or after the union, it is their bounding box: FreeRDP keeps rectangle counts in 16 bits
// and asserts (aborts) on overflow, and the union costs O(n^2). 64x64 tile damage stays far
// below the limit (a 4K checkerboard is 2040 tiles), so the box is a safety net. Empty when
// nothing lies inside the frame.
inline std::expected<std::vector<Rect>, std::string> damage_rects(const FrameView& frame, std::span<const Rect> rects,
                                                                  size_t max_rects = 4096) {
    const std::vector<Rect> clipped = clip_to_frame(frame, rects);
    Rect box;
    for (const Rect& r : clipped) box = box.bounding(r);
    if (clipped.size() > max_rects) return std::vector<Rect>{box};
    Region16 region;
    for (const Rect& r : clipped) {
        if (!region.add(r)) return std::unexpected("out of memory for the damage region");
    }
    if (region.rects().size() > max_rects) return std::vector<Rect>{box};
    std::vector<Rect> out;
    for (const RECTANGLE_16& r : region.rects()) out.push_back(from_rect16(r));
    return out;
}

// Frees buffers that FreeRDP allocated with malloc and hands to the caller
// (freerdp_bitmap_compress_planar with no destination buffer).
struct MallocFree {
    void operator()(void* p) const noexcept { std::free(p); }
};

}  // namespace wrd::encoder::fr
