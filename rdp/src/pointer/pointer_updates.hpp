// PointerUpdates: shows the desktop's cursor as the client's own pointer (MS-RDPBCGR 2.2.9.1.1.4):
// new shapes as 32 bpp colour pointers (large pointers up to 384x384 when the client allows),
// shapes seen before from the client's pointer cache, hidden as the null system pointer, and
// position only when the desktop moved the cursor itself (not echoes of the client's motion).
// I/O thread only.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

typedef struct rdp_context rdpContext;

namespace wrd::rdp {

// A cursor image: straight-alpha BGRA bytes (ARGB8888 in memory), rows top-down, no padding.
struct PointerShape {
    uint32_t width = 0, height = 0;
    uint32_t hotspot_x = 0, hotspot_y = 0;
    uint32_t serial = 0;  // the compositor's id for this image: same serial, same pixels
    std::vector<uint8_t> bgra;
};

class PointerUpdates {
public:
    explicit PointerUpdates(rdpContext* context) : context_(context) {}

    void show(const PointerShape& shape);
    void hide();
    // The desktop's cursor is at (x, y); sent only if it differs from what the client did.
    void moved_by_desktop(int32_t x, int32_t y);
    // The client moved its pointer to (x, y) (we injected it); later echoes are not sent back.
    void moved_by_client(int32_t x, int32_t y);
    // After (re)activation the client's cache is empty and its pointer is the default one.
    void reset();

private:
    uint16_t cache_slot(uint32_t serial, bool& cached);

    rdpContext* context_;
    std::map<uint32_t, uint16_t> cached_;  // serial → cache index
    uint16_t next_slot_ = 0;
    bool hidden_ = false;
    uint32_t shown_serial_ = 0;
    int32_t client_x_ = -1, client_y_ = -1;
};

// The 32 bpp XOR mask (bottom-up BGRA) and an all-clear AND mask (1 bpp, bottom-up, rows
// padded to 2 bytes) for `shape`, as MS-RDPBCGR 2.2.9.1.1.4.4 lays them out. Exposed for tests.
void pointer_masks(const PointerShape& shape, std::vector<uint8_t>& xor_mask, std::vector<uint8_t>& and_mask);

}  // namespace wrd::rdp
