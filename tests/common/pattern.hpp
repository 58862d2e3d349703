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

}  // namespace wrd::test
