// The known test pattern: every pixel of a window differs from its neighbours, so a capture
// that is off by one pixel, scaled, or colour-swapped cannot match. Shared by the pattern
// client that paints it and the tools that check captures for it. Any thread.
#pragma once

#include <cstdint>

namespace wrd::test {

// Opaque XRGB8888 (0xffRRGGBB) at window-local pixel (x, y): a hash of the position
// (murmur3's finaliser), so the pattern has no period and no shifted copy of it matches.
constexpr uint32_t pattern_pixel(uint32_t x, uint32_t y) {
    uint32_t h = x * 0x9e3779b1u ^ (y + 0x7f4a7c15u) * 0x85ebca77u;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return 0xff000000u | (h & 0x00ffffffu);
}

// A picture that looks like a desktop rather than noise: 64x64 blocks in eight colours, each
// with a gentle gradient, and a dark "text" stroke pattern in every other block. Lossy video
// codecs (4:2:0 chroma) can reproduce it well, so captures of it are compared by PSNR.
constexpr uint32_t smooth_pixel(uint32_t x, uint32_t y) {
    constexpr uint32_t palette[8] = {0x3465a4, 0xf57900, 0x73d216, 0xcc0000, 0xedd400, 0x75507b, 0xeeeeec, 0x2e3436};
    uint32_t bx = x / 64, by = y / 64;
    uint32_t base = palette[(bx + 3 * by) % 8];
    uint32_t lx = x % 64, ly = y % 64;
    if ((bx + by) % 2 == 0 && ly >= 20 && ly < 44 && lx >= 6 && lx < 58 && ((lx / 3) % 3 != 2) && (ly / 4) % 2 == 0)
        return 0xff000000u | 0x101010u;
    auto channel = [&](int shift, uint32_t add) {
        uint32_t c = ((base >> shift) & 0xff) * 3 / 4 + add;
        return (c > 255 ? 255 : c) << shift;
    };
    return 0xff000000u | channel(16, lx) | channel(8, ly) | channel(0, (lx + ly) / 2);
}

}  // namespace wrd::test
