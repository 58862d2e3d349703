#include "wayland/session_cursor.hpp"

#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <format>

#include "logging.hpp"
#include "unique_fd.hpp"
#include "wayland/listener.hpp"

namespace wrd::rdp {
namespace {

// Cursors are small; a bound keeps a bad event from making us map and convert gigabytes.
constexpr int32_t max_cursor_side = 1024;

uint32_t unpremultiply_channel(uint32_t channel, uint32_t alpha) {
    return std::min<uint32_t>(255, (channel * 255 + alpha / 2) / alpha);
}

}  // namespace

void unpremultiply(std::span<uint32_t> pixels) {
    for (uint32_t& p : pixels) {
        const uint32_t a = p >> 24;
        if (a == 255) continue;
        if (a == 0) {
            p = 0;
            continue;
        }
        const uint32_t r = unpremultiply_channel((p >> 16) & 0xff, a);
        const uint32_t g = unpremultiply_channel((p >> 8) & 0xff, a);
        const uint32_t b = unpremultiply_channel(p & 0xff, a);
        p = (a << 24) | (r << 16) | (g << 8) | b;
    }
}

std::expected<std::vector<uint32_t>, std::string> read_cursor_pixels(int fd, int32_t width, int32_t height,
                                                                     int32_t stride) {
    if (width < 1 || height < 1 || width > max_cursor_side || height > max_cursor_side || stride < width * 4)
        return std::unexpected(std::format("unusable cursor image {}x{} stride {}", width, height, stride));
    struct stat st{};
    if (::fstat(fd, &st) < 0) return std::unexpected(std::format("fstat: {}", std::strerror(errno)));
    const size_t size = static_cast<size_t>(stride) * static_cast<size_t>(height);
    if (static_cast<size_t>(st.st_size) < size)
        return std::unexpected(std::format("the cursor file has {} bytes, the image needs {}", st.st_size, size));
    // Private and read-only: the compositor shares one file among all its front ends.
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) return std::unexpected(std::format("mmap: {}", std::strerror(errno)));
    std::vector<uint32_t> pixels(static_cast<size_t>(width) * static_cast<size_t>(height));
    const auto* rows = static_cast<const uint8_t*>(map);
    const size_t row_pixels = static_cast<size_t>(width);
    for (size_t y = 0; y < static_cast<size_t>(height); ++y)
        std::memcpy(pixels.data() + y * row_pixels, rows + y * static_cast<size_t>(stride), row_pixels * 4);
    ::munmap(map, size);
    unpremultiply(pixels);
    return pixels;
}

const wrd_cursor_v1_listener SessionCursor::listener{
    .image = forward<&SessionCursor::on_image>,
    .hidden = forward<&SessionCursor::on_hidden>,
    .position = forward<&SessionCursor::on_position>,
};

SessionCursor::SessionCursor(wrd_session_manager_v1* manager, Callbacks callbacks)
    : cursor_(wrd_session_manager_v1_get_cursor(manager)), callbacks_(std::move(callbacks)) {
    wrd_cursor_v1_add_listener(cursor_.get(), &listener, this);
}

void SessionCursor::set_composited(bool composited) { wrd_cursor_v1_set_composited(cursor_.get(), composited ? 1 : 0); }

void SessionCursor::on_image(int32_t fd, int32_t width, int32_t height, int32_t stride, int32_t hotspot_x,
                             int32_t hotspot_y, uint32_t serial) {
    const UniqueFd owned(fd);
    auto pixels = read_cursor_pixels(owned.get(), width, height, stride);
    if (!pixels) {
        logger("wayland").warn("ignoring cursor image {}: {}", serial, pixels.error());
        return;
    }
    const CursorImage image{width, height, hotspot_x, hotspot_y, serial, std::move(*pixels)};
    if (callbacks_.image) callbacks_.image(image);
}

void SessionCursor::on_hidden() {
    if (callbacks_.hidden) callbacks_.hidden();
}

void SessionCursor::on_position(wl_fixed_t x, wl_fixed_t y) {
    if (callbacks_.position) callbacks_.position(wl_fixed_to_double(x), wl_fixed_to_double(y));
}

}  // namespace wrd::rdp
