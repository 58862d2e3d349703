// The screencopy exchange (wlr-screencopy-unstable-v1): capture_output -> buffer offers ->
// buffer_done (v3) -> copy into our wl_shm buffer -> flags -> ready | failed.
#include "screencopy.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>

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

struct FrameState {
    bool have_shm = false;
    uint32_t format = 0, width = 0, height = 0, stride = 0;
    bool buffer_done = false;
    bool ready = false;
    bool failed = false;
    bool y_invert = false;
};

FrameState& state_of(void* data) { return *static_cast<FrameState*>(data); }

void frame_buffer(void* data, zwlr_screencopy_frame_v1*, uint32_t format, uint32_t w, uint32_t h, uint32_t stride) {
    FrameState& s = state_of(data);
    s.have_shm = true;
    s.format = format;
    s.width = w;
    s.height = h;
    s.stride = stride;
}
void frame_flags(void* data, zwlr_screencopy_frame_v1*, uint32_t flags) {
    state_of(data).y_invert = (flags & ZWLR_SCREENCOPY_FRAME_V1_FLAGS_Y_INVERT) != 0;
}
void frame_ready(void* data, zwlr_screencopy_frame_v1*, uint32_t, uint32_t, uint32_t) { state_of(data).ready = true; }
void frame_failed(void* data, zwlr_screencopy_frame_v1*) { state_of(data).failed = true; }
void frame_damage(void*, zwlr_screencopy_frame_v1*, uint32_t, uint32_t, uint32_t, uint32_t) {}
void frame_dmabuf(void*, zwlr_screencopy_frame_v1*, uint32_t, uint32_t, uint32_t) {}
void frame_buffer_done(void* data, zwlr_screencopy_frame_v1*) { state_of(data).buffer_done = true; }

const zwlr_screencopy_frame_v1_listener frame_listener = {frame_buffer, frame_flags,  frame_ready,      frame_failed,
                                                          frame_damage, frame_dmabuf, frame_buffer_done};

// A memfd-backed wl_buffer, mapped for reading back what the compositor copied in.
class ShmBuffer {
public:
    ShmBuffer() = default;
    ShmBuffer(const ShmBuffer&) = delete;
    ShmBuffer& operator=(const ShmBuffer&) = delete;
    ~ShmBuffer() {
        if (buffer_) wl_buffer_destroy(buffer_);
        if (data_ != MAP_FAILED) munmap(data_, size_);
        if (fd_ >= 0) close(fd_);
    }

    std::expected<void, std::string> create(wl_shm* shm, const FrameState& s) {
        size_ = static_cast<size_t>(s.stride) * s.height;
        fd_ = memfd_create("wrd-capture", MFD_CLOEXEC);
        if (fd_ < 0 || ftruncate(fd_, static_cast<off_t>(size_)) < 0)
            return std::unexpected(std::string("cannot create the shm buffer: ") + std::strerror(errno));
        data_ = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
        if (data_ == MAP_FAILED)
            return std::unexpected(std::string("cannot map the shm buffer: ") + std::strerror(errno));
        wl_shm_pool* pool = wl_shm_create_pool(shm, fd_, static_cast<int32_t>(size_));
        buffer_ = wl_shm_pool_create_buffer(pool, 0, static_cast<int32_t>(s.width), static_cast<int32_t>(s.height),
                                            static_cast<int32_t>(s.stride), s.format);
        wl_shm_pool_destroy(pool);  // the buffer keeps the pool's memory alive
        return {};
    }
    wl_buffer* buffer() const { return buffer_; }
    const unsigned char* data() const { return static_cast<const unsigned char*>(data_); }

private:
    int fd_ = -1;
    size_t size_ = 0;
    void* data_ = MAP_FAILED;
    wl_buffer* buffer_ = nullptr;
};

Image convert(const unsigned char* data, const FrameState& s, const ShmFormat& f) {
    const int w = static_cast<int>(s.width);
    const int h = static_cast<int>(s.height);
    const int drop = f.bits - 8;  // 10-bit channels keep their top 8 bits
    const uint32_t mask = (1u << f.bits) - 1;
    Image img(w, h);
    for (int y = 0; y < h; ++y) {
        const int src_y = s.y_invert ? h - 1 - y : y;
        const unsigned char* row = data + static_cast<size_t>(src_y) * s.stride;
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

// Dispatches until `done` or the deadline; the error says what we were waiting for.
std::expected<void, std::string> wait_for(Connection& conn, const std::function<bool()>& done,
                                          std::chrono::steady_clock::time_point deadline, const char* what) {
    using namespace std::chrono;
    while (!done()) {
        const auto left = duration_cast<milliseconds>(deadline - steady_clock::now()).count();
        if (left <= 0) return std::unexpected(std::string("timed out waiting for ") + what);
        if (conn.dispatch_once(static_cast<int>(left)) == Connection::Wait::Error)
            return std::unexpected(conn.error_text());
    }
    return {};
}

}  // namespace

std::expected<Capture, std::string> capture_output(Connection& conn, const OutputInfo& output, bool cursor,
                                                   int timeout_ms) {
    if (!conn.shm()) return std::unexpected("the compositor offers no wl_shm");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    WlPtr<zwlr_screencopy_frame_v1, zwlr_screencopy_frame_v1_destroy> frame(
        zwlr_screencopy_manager_v1_capture_output(conn.screencopy(), cursor ? 1 : 0, output.output));
    FrameState s;
    zwlr_screencopy_frame_v1_add_listener(frame.get(), &frame_listener, &s);

    // Before v3 there is no buffer_done: the single shm offer is all there is.
    const bool v3 = conn.screencopy_version() >= 3;
    auto offered = wait_for(conn, [&] { return s.failed || (v3 ? s.buffer_done : s.have_shm); }, deadline,
                            "the buffer offer");
    if (!offered) return std::unexpected(offered.error());
    if (s.failed) return std::unexpected("the compositor failed the frame before offering a buffer");
    if (!s.have_shm) return std::unexpected("the compositor offered no wl_shm buffer (dmabuf only?)");
    const ShmFormat* f = find_format(s.format);
    if (!f) {
        char code[16];
        std::snprintf(code, sizeof code, "0x%08x", s.format);
        return std::unexpected(std::string("unsupported wl_shm format ") + code);
    }
    if (s.width == 0 || s.height == 0 || s.stride < s.width * 4)
        return std::unexpected("the compositor offered a malformed buffer: " + std::to_string(s.width) + "x" +
                               std::to_string(s.height) + " stride " + std::to_string(s.stride));

    ShmBuffer buffer;
    if (auto made = buffer.create(conn.shm(), s); !made) return std::unexpected(made.error());
    zwlr_screencopy_frame_v1_copy(frame.get(), buffer.buffer());
    auto copied = wait_for(conn, [&] { return s.ready || s.failed; }, deadline, "the frame");
    if (!copied) return std::unexpected(copied.error());
    if (s.failed) return std::unexpected("the compositor failed the copy");
    return Capture{convert(buffer.data(), s, *f), f->name, s.y_invert};
}

}  // namespace wrd::tools
