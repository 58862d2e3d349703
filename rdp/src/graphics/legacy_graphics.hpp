// LegacyGraphics: frames for clients without the graphics pipeline: RemoteFX surface bits
// (MS-RDPBCGR 2.2.9.2.1) for clients with RemoteFX, bitmap updates (MS-RDPBCGR 2.2.9.1.1.3.1.2)
// for the rest (rdesktop, old thin clients). Writes on the I/O thread only.
#pragma once

#include <cstdint>
#include <optional>

#include "encoded_frame.hpp"

typedef struct rdp_context rdpContext;

namespace wrd::rdp {

class LegacyGraphics {
public:
    explicit LegacyGraphics(rdpContext* context) : context_(context) {}

    // Whether the client will acknowledge surface-bits frames (TS_FRAME_ACKNOWLEDGE_PDU).
    bool acknowledges_frames() const;
    // Writes the frame at `origin` on the desktop; returns the frame id when the client will
    // acknowledge it, 0 when it will not, nullopt on a write failure.
    std::optional<uint32_t> send(const EncodedFrame& frame, int32_t origin_x, int32_t origin_y);

private:
    bool send_surface_bits(const EncodedFrame& frame, int32_t x, int32_t y, uint32_t frame_id);
    bool send_bitmaps(const EncodedFrame& frame, int32_t x, int32_t y);

    rdpContext* context_;
    uint32_t next_frame_id_ = 1;
};

}  // namespace wrd::rdp
