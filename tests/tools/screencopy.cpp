// wrd-capture's use of the shared screencopy frame: copy one frame, then read the pixels in
// whichever 32-bit wl_shm format the compositor chose.
#include "screencopy.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "wayland/screencopy.hpp"

namespace wrd::tools {
namespace {

// The 32-bit wl_shm formats we can read: where each channel sits in the little-endian word
// and how many bits it has. Anything else fails with the format's code in the message.
struct ShmFormat {
    uint32_t format;
    const char* name;
    int r_shift, g_shift, b_shift, bits;
};

constexpr ShmFormat kFormats[] = {
    {WL_SHM_FORMAT_XRGB8888, "XRGB8888", 16, 8, 0, 8},
    {WL_SHM_FORMAT_ARGB8888, "ARGB8888", 16, 8, 0, 8},
    {WL_SHM_FORMAT_XBGR8888, "XBGR8888", 0, 8, 16, 8},
    {WL_SHM_FORMAT_ABGR8888, "ABGR8888", 0, 8, 16, 8},
    {WL_SHM_FORMAT_XRGB2101010, "XRGB2101010", 20, 10, 0, 10},
    {WL_SHM_FORMAT_ARGB2101010, "ARGB2101010", 20, 10, 0, 10},
    {WL_SHM_FORMAT_XBGR2101010, "XBGR2101010", 0, 10, 20, 10},
    {WL_SHM_FORMAT_ABGR2101010, "ABGR2101010", 0, 10, 20, 10},
};

const ShmFormat* find_format(uint32_t format) {
    for (const ShmFormat& f : kFormats)
        if (f.format == format) return &f;
    return nullptr;
}

Image convert(const test::ShmBuffer& buffer, bool y_invert, const ShmFormat& f) {
    const int w = buffer.width();
    const int h = buffer.height();
    const int drop = f.bits - 8;  // 10-bit channels keep their top 8 bits
    const uint32_t mask = (1u << f.bits) - 1;
    Image img(w, h);
    for (int y = 0; y < h; ++y) {
        const int src_y = y_invert ? h - 1 - y : y;
        const unsigned char* row = buffer.bytes() + static_cast<size_t>(src_y) * static_cast<size_t>(buffer.stride());
        for (int x = 0; x < w; ++x) {
            uint32_t word;
            std::memcpy(&word, row + static_cast<size_t>(x) * 4, 4);  // wl_shm words are little-endian
            const uint32_t r = ((word >> f.r_shift) & mask) >> drop;
            const uint32_t g = ((word >> f.g_shift) & mask) >> drop;
            const uint32_t b = ((word >> f.b_shift) & mask) >> drop;
            img.at(x, y) = (r << 16) | (g << 8) | b;
        }
    }
    return img;
}

}  // namespace

std::expected<Capture, std::string> capture_output(Connection& conn, const OutputInfo& output, bool cursor,
                                                   int timeout_ms) {
    if (!conn.shm()) return std::unexpected("the compositor offers no wl_shm");
    const auto deadline = test::Clock::now() + std::chrono::milliseconds(timeout_ms);
    test::ScreencopyFrame frame(conn.screencopy(), output.output.get(), cursor);
    auto offer = frame.wait_offer(conn.display(), deadline);
    if (!offer) return std::unexpected(offer.error());
    const ShmFormat* f = find_format(offer->format);
    if (!f) {
        char code[16];
        std::snprintf(code, sizeof code, "0x%08x", offer->format);
        return std::unexpected(std::string("unsupported wl_shm format ") + code);
    }
    try {
        test::ShmBuffer buffer(conn.shm(), static_cast<int>(offer->width), static_cast<int>(offer->height),
                               offer->format, static_cast<int>(offer->stride));
        frame.copy(buffer, false);
        if (auto copied = frame.wait_ready(conn.display(), deadline); !copied) return std::unexpected(copied.error());
        return Capture{convert(buffer, frame.y_invert(), *f), f->name, frame.y_invert()};
    } catch (const std::runtime_error& e) {
        return std::unexpected(std::string("cannot create the shm buffer: ") + e.what());
    }
}

}  // namespace wrd::tools
