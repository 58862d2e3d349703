// A wl_buffer over a memfd, mapped for painting. The compositor reads the pixels until it
// sends wl_buffer.release, so an owner that replaces a buffer keeps the old one while busy().
// Main thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "proxy.hpp"

namespace wrd::test {

class ShmBuffer {
public:
    // 32 bits per pixel, stride = 4 * width. Throws std::runtime_error with the errno text.
    ShmBuffer(wl_shm* shm, int width, int height, uint32_t format);
    ShmBuffer(const ShmBuffer&) = delete;
    ShmBuffer& operator=(const ShmBuffer&) = delete;
    ~ShmBuffer();

    int width() const { return width_; }
    int height() const { return height_; }
    std::span<uint32_t> pixels() { return {static_cast<uint32_t*>(data_), size_ / 4}; }
    uint32_t& at(int x, int y) { return pixels()[static_cast<size_t>(y) * static_cast<size_t>(width_) + static_cast<size_t>(x)]; }

    // Returns the buffer for wl_surface.attach and marks it busy until the compositor releases it.
    wl_buffer* attach();
    bool busy() const { return busy_; }

private:
    int width_;
    int height_;
    size_t size_;
    void* data_ = nullptr;
    Proxy<wl_buffer> buffer_;
    bool busy_ = false;
};

// Fills the buffer with pattern_pixel, so pixel (x, y) of the surface is pattern_pixel(x, y).
void paint_pattern(ShmBuffer& buffer);

}  // namespace wrd::test
