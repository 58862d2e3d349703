// ShmBuffer: one wl_shm buffer backed by a memfd, with its busy state tracked through
// wl_buffer.release so a double-buffered client never paints a buffer the compositor
// still reads. Main thread only (the thread that dispatches the wl_display).
#pragma once

#include <cstddef>
#include <cstdint>

#include <wayland-client.h>

namespace wrd::bench {

class ShmBuffer {
public:
    // stride 0 means tightly packed 32-bit pixels. Throws BenchError on failure.
    ShmBuffer(wl_shm* shm, int width, int height, uint32_t format, int stride = 0);
    ShmBuffer(const ShmBuffer&) = delete;
    ShmBuffer& operator=(const ShmBuffer&) = delete;
    ~ShmBuffer();

    uint32_t* row(int y) { return reinterpret_cast<uint32_t*>(static_cast<char*>(data_) + static_cast<size_t>(y) * static_cast<size_t>(stride_)); }
    const uint32_t* row(int y) const { return const_cast<ShmBuffer*>(this)->row(y); }
    wl_buffer* buffer() const { return buffer_; }
    int width() const { return width_; }
    int height() const { return height_; }
    uint32_t format() const { return format_; }

    // Attached and committed: the compositor owns it until it sends release.
    void mark_busy() { busy_ = true; }
    bool busy() const { return busy_; }

private:
    static void on_release(void* data, wl_buffer* buffer);

    int width_, height_, stride_;
    uint32_t format_;
    size_t size_ = 0;
    void* data_ = nullptr;
    wl_buffer* buffer_ = nullptr;
    bool busy_ = false;
};

}  // namespace wrd::bench
