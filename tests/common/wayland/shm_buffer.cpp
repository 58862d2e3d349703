#include "shm_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "pattern.hpp"
#include "unique_fd.hpp"

namespace wrd::test {
namespace {

[[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

const wl_buffer_listener buffer_listener{
    .release = [](void* data, wl_buffer*) { *static_cast<bool*>(data) = false; },
};

}  // namespace

ShmBuffer::ShmBuffer(wl_shm* shm, int width, int height, uint32_t format, int stride)
    : width_(width), height_(height), stride_(stride ? stride : width * 4), format_(format),
      size_(static_cast<size_t>(stride_) * static_cast<size_t>(height)) {
    if (width <= 0 || height <= 0) throw std::runtime_error("buffer size must be positive");
    if (stride_ < width * 4) throw std::runtime_error("buffer stride must hold a row of 32-bit pixels");
    UniqueFd fd(memfd_create("wrd-test-shm", MFD_CLOEXEC));
    if (!fd) fail("memfd_create");
    if (ftruncate(fd.get(), static_cast<off_t>(size_)) < 0) fail("ftruncate");
    data_ = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
    if (data_ == MAP_FAILED) {
        data_ = nullptr;
        fail("mmap");
    }
    // The pool is only needed to create the buffer; the buffer keeps the memory alive.
    wl_shm_pool* pool = wl_shm_create_pool(shm, fd.get(), static_cast<int32_t>(size_));
    buffer_.reset(wl_shm_pool_create_buffer(pool, 0, width, height, stride_, format));
    wl_shm_pool_destroy(pool);
    wl_buffer_add_listener(buffer_.get(), &buffer_listener, &busy_);
}

ShmBuffer::~ShmBuffer() {
    buffer_.reset();
    if (data_) munmap(data_, size_);
}

wl_buffer* ShmBuffer::attach() {
    busy_ = true;
    return buffer_.get();
}

void commit_buffer(wl_surface* surface, ShmBuffer& buffer, std::span<const Rect> damage) {
    wl_surface_attach(surface, buffer.attach(), 0, 0);
    if (damage.empty()) wl_surface_damage_buffer(surface, 0, 0, buffer.width(), buffer.height());
    for (const Rect& r : damage) wl_surface_damage_buffer(surface, r.x, r.y, r.width, r.height);
    wl_surface_commit(surface);
}

void paint_pattern(ShmBuffer& buffer, bool smooth) {
    for (int y = 0; y < buffer.height(); ++y)
        for (int x = 0; x < buffer.width(); ++x)
            buffer.at(x, y) = smooth ? smooth_pixel(static_cast<uint32_t>(x), static_cast<uint32_t>(y))
                                     : pattern_pixel(static_cast<uint32_t>(x), static_cast<uint32_t>(y));
}

}  // namespace wrd::test
