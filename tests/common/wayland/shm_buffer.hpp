// A wl_buffer over a memfd, mapped for painting or for reading back a screencopy. The
// compositor reads a shown buffer until it sends wl_buffer.release, so an owner that replaces
// or repaints a buffer waits while busy(). Main thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "proxy.hpp"

namespace wrd::test {

// A rectangle in buffer pixels.
struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
};

class ShmBuffer {
public:
    // 32 bits per pixel; stride 0 means tightly packed (4 * width). Throws std::runtime_error
    // with the errno text.
    ShmBuffer(wl_shm* shm, int width, int height, uint32_t format, int stride = 0);
    ShmBuffer(const ShmBuffer&) = delete;  // the release listener points here
    ShmBuffer& operator=(const ShmBuffer&) = delete;
    ~ShmBuffer();

    int width() const { return width_; }
    int height() const { return height_; }
    int stride() const { return stride_; }
    uint32_t format() const { return format_; }
    wl_buffer* buffer() const { return buffer_.get(); }

    const unsigned char* bytes() const { return static_cast<const unsigned char*>(data_); }
    uint32_t* row(int y) { return reinterpret_cast<uint32_t*>(static_cast<unsigned char*>(data_) + row_offset(y)); }
    const uint32_t* row(int y) const { return reinterpret_cast<const uint32_t*>(bytes() + row_offset(y)); }
    uint32_t& at(int x, int y) { return row(y)[x]; }
    // Every word of the mapping, row padding included.
    std::span<uint32_t> pixels() { return {static_cast<uint32_t*>(data_), size_ / 4}; }

    // Returns the buffer for wl_surface.attach and marks it busy until the compositor releases it.
    wl_buffer* attach();
    bool busy() const { return busy_; }

private:
    size_t row_offset(int y) const { return static_cast<size_t>(y) * static_cast<size_t>(stride_); }

    int width_;
    int height_;
    int stride_;
    uint32_t format_;
    size_t size_;
    void* data_ = nullptr;
    Proxy<wl_buffer> buffer_;
    bool busy_ = false;
};

// Attaches `buffer` to `surface` (marking it busy), damages `damage` (empty: the whole
// buffer) and commits.
void commit_buffer(wl_surface* surface, ShmBuffer& buffer, std::span<const Rect> damage = {});

// Fills the buffer with pattern_pixel, so pixel (x, y) of the surface is pattern_pixel(x, y).
// `smooth`: the desktop-like smooth_pixel picture instead of the noise pattern.
void paint_pattern(ShmBuffer& buffer, bool smooth = false);

}  // namespace wrd::test
