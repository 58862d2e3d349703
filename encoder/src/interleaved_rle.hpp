// Interleaved RLE bitmap compression (MS-RDPBCGR 2.2.9.1.1.3.1.2.4), our own encoder.
//
// Why not FreeRDP's interleaved_compress: in FreeRDP 3.15 (Debian 13) its 24 bpp path writes
// every literal run (COLOR_IMAGE order) from the wrong end of its scratch buffer, so literal
// pixels decode as garbage (measured: every 64x64 tile of a desktop picture comes back wrong, in
// FreeRDP's and in rdesktop's decoder alike); upstream rewrote it in 3.18 (commit 5fed3f4cf). Its
// 15/16 bpp path works but is slower than this one, so one encoder serves all depths.
#pragma once

#include <cstdint>
#include <vector>

namespace wrd::encoder {

// The compressed bitmapDataStream of `width` x `height` BGRX pixels starting at `bgrx` (rows
// `stride` bytes apart), at `bpp` 15, 16 or 24, scanlines bottom-up as the format requires.
// `width` should be a multiple of 4 (TS_CD_HEADER.cbScanWidth, MS-RDPBCGR 2.2.9.1.1.3.1.2.3).
// Colours are truncated to 5/6 bits at 15 and 16 bpp. Uses background runs (a copy of the
// scanline before), colour runs and colour images, which every decoder implements. Any thread.
std::vector<uint8_t> encode_interleaved_rle(const uint8_t* bgrx, int32_t width, int32_t height, int32_t stride,
                                            uint32_t bpp);

}  // namespace wrd::encoder
