// The server's pointer as the probe sees it (MS-RDPBCGR 2.2.9.1.1.4): how many pointer updates
// of each kind came, the image shown last (decoded with its alpha) and the last position the
// server set. FreeRDP's pointer cache calls an rdpPointer "class" to create, show and free
// pointers; the probe registers its own class, which decodes instead of drawing, and wraps the
// update callbacks to count the PDUs. Main thread only, like every FreeRDP callback of the probe.
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "freerdp.hpp"

namespace wrd::probe {

// One decoded pointer image.
struct PointerImage {
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t hotspot_x = 0;
    uint32_t hotspot_y = 0;
    uint32_t xor_bpp = 0;
    std::vector<uint32_t> argb;  // 0xAARRGGBB, straight alpha, rows top-down, no padding
};

// What the client shows now as its pointer.
enum class PointerShown { initial, image, null, system_default };

struct PointerCounts {
    uint64_t new_updates = 0;     // TS_POINTERATTRIBUTE (New Pointer Update)
    uint64_t large = 0;           // TS_LARGEPOINTERATTRIBUTE
    uint64_t cached = 0;          // TS_CACHEDPOINTERATTRIBUTE
    uint64_t color = 0;           // TS_COLORPOINTERATTRIBUTE (24 bpp)
    uint64_t system_null = 0;     // TS_SYSTEMPOINTERATTRIBUTE SYSPTR_NULL (hidden)
    uint64_t system_default = 0;  // TS_SYSTEMPOINTERATTRIBUTE SYSPTR_DEFAULT
    uint64_t position = 0;        // TS_POINTERPOSATTRIBUTE
    uint64_t decode_errors = 0;   // images FreeRDP could not convert (bad mask sizes, say)
};

class PointerTracker {
public:
    // Registers the probe's pointer class and wraps the pointer update callbacks FreeRDP's
    // pointer cache installed before PostConnect; call once, from PostConnect.
    void hook(rdpContext* context);

    const PointerCounts& counts() const { return counts_; }
    PointerShown shown() const { return shown_; }
    // The image shown last (by a new, large, colour or cached pointer update); it stays after
    // the pointer is hidden.
    const std::optional<PointerImage>& last() const { return last_; }
    const std::optional<std::pair<uint32_t, uint32_t>>& last_position() const { return last_position_; }

private:
    // The rdpPointer class.
    static BOOL pointer_new(rdpContext* context, rdpPointer* pointer);
    static void pointer_free(rdpContext* context, rdpPointer* pointer);
    static BOOL pointer_set(rdpContext* context, rdpPointer* pointer);
    static BOOL pointer_set_null(rdpContext* context);
    static BOOL pointer_set_default(rdpContext* context);
    static BOOL pointer_set_position(rdpContext* context, UINT32 x, UINT32 y);
    // The counting wrappers around the pointer cache's update callbacks.
    static BOOL on_position(rdpContext* context, const POINTER_POSITION_UPDATE* update);
    static BOOL on_system(rdpContext* context, const POINTER_SYSTEM_UPDATE* update);
    static BOOL on_color(rdpContext* context, const POINTER_COLOR_UPDATE* update);
    static BOOL on_large(rdpContext* context, const POINTER_LARGE_UPDATE* update);
    static BOOL on_new(rdpContext* context, const POINTER_NEW_UPDATE* update);
    static BOOL on_cached(rdpContext* context, const POINTER_CACHED_UPDATE* update);

    static PointerTracker& of(rdpContext* context);

    PointerCounts counts_;
    PointerShown shown_ = PointerShown::initial;
    std::optional<PointerImage> last_;
    std::optional<std::pair<uint32_t, uint32_t>> last_position_;
    // The decoded image of each pointer FreeRDP holds (in its cache), until it frees it.
    std::map<const rdpPointer*, PointerImage> decoded_;
    // The pointer cache's own callbacks, called on by the wrappers.
    pPointerPosition position_ = nullptr;
    pPointerSystem system_ = nullptr;
    pPointerColor color_ = nullptr;
    pPointerLarge large_ = nullptr;
    pPointerNew new_ = nullptr;
    pPointerCached cached_ = nullptr;
};

// "image", "null", "default", or "initial" (no pointer update has changed it yet).
std::string_view name_of(PointerShown shown);

// Decodes a pointer's XOR/AND masks (any bpp FreeRDP knows) to straight-alpha ARGB.
std::expected<PointerImage, std::string> decode_pointer(const rdpPointer& pointer);

}  // namespace wrd::probe
