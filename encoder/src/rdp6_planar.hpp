// The RDP 6.0 bitmap codec ("planar", MS-RDPEGDI 2.2.2.5.1 and 3.1.9), our own encoder.
//
// Why not FreeRDP's freerdp_bitmap_compress_planar: in FreeRDP 3.11 to 3.17 (Debian 13 ships
// 3.15) its scanline delta step stores a negative difference d as 2*(256+d) instead of 2*|d|-1,
// so every pixel darker than the one above it decodes wrong (measured: a vertical gradient comes
// back with the whole falling plane corrupted). Upstream fixed it in 3.18 (commit 3ac6c06e1).
#pragma once

#include <cstdint>
#include <vector>

namespace wrd::encoder {

enum class ScanlineOrder {
    bottom_up,  // legacy bitmap updates (TS_BITMAP_DATA, MS-RDPBCGR 2.2.9.1.1.3.1.2.2)
    top_down,   // RDPGFX_CODECID_PLANAR (MS-RDPEGFX 2.2.2.1)
};

// An RDP6_BITMAP_STREAM of `width` x `height` BGRX pixels starting at `bgrx` (rows `stride` bytes
// apart): FormatHeader 0x10 (RLE, alpha plane present, no colour loss, no subsampling; the only
// header rdesktop 1.9 accepts), then the RLE-compressed alpha, red, green and blue planes. The
// alpha plane is sent as 0xFF (opaque) whatever the X bytes hold. Any thread.
std::vector<uint8_t> encode_rdp6_planar(const uint8_t* bgrx, int32_t width, int32_t height, int32_t stride,
                                        ScanlineOrder order);

}  // namespace wrd::encoder
