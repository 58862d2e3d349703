// SessionCursor: the seat's cursor through wrd_session_v1's wrd_cursor_v1 (image with
// hotspot, hidden, position), for drawing it client-side as an RDP pointer, and the switch
// that keeps it out of captured frames meanwhile. I/O thread only; CursorImage is a value.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

// A cursor image in straight (not premultiplied) alpha, as RDP pointer updates carry it.
struct CursorImage {
    int32_t width = 0;
    int32_t height = 0;
    int32_t hotspot_x = 0;  // the image pixel at the pointer position
    int32_t hotspot_y = 0;
    uint32_t serial = 0;            // grows with each new image: a key for caching
    std::vector<uint32_t> pixels;   // width * height ARGB8888 words (0xAARRGGBB), rows top-down
};

// Premultiplied ARGB8888 (what Wayland buffers hold) to straight alpha, in place. A fully
// transparent pixel becomes 0; colour channels are rounded to nearest and capped at 255.
void unpremultiply(std::span<uint32_t> pixels);

// Reads a width x height premultiplied ARGB8888 image with rows of `stride` bytes from the
// start of `fd` (mapped privately, read-only) into straight-alpha pixels. Checks the sizes
// against the file. The fd stays the caller's.
std::expected<std::vector<uint32_t>, std::string> read_cursor_pixels(int fd, int32_t width, int32_t height,
                                                                     int32_t stride);

class SessionCursor {
public:
    struct Callbacks {
        std::function<void(const CursorImage&)> image{};
        std::function<void()> hidden{};
        std::function<void(double x, double y)> position{};  // layout coordinates, logical pixels
    };

    // Asks for the cursor at once; the compositor sends the current image and position.
    SessionCursor(wrd_session_manager_v1* manager, Callbacks callbacks);

    // false: the compositor stops drawing the cursor into frames while this object lives.
    void set_composited(bool composited);

private:
    void on_image(int32_t fd, int32_t width, int32_t height, int32_t stride, int32_t hotspot_x, int32_t hotspot_y,
                  uint32_t serial);
    void on_hidden();
    void on_position(wl_fixed_t x, wl_fixed_t y);

    static const wrd_cursor_v1_listener listener;

    WlProxy<wrd_cursor_v1> cursor_;
    Callbacks callbacks_;
};

}  // namespace wrd::rdp
