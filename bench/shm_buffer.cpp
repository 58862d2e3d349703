#include "shm_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "connection.hpp"

namespace wrd::bench {

ShmBuffer::ShmBuffer(wl_shm* shm, int width, int height, uint32_t format, int stride)
    : width_(width), height_(height), stride_(stride ? stride : width * 4), format_(format) {
    size_ = static_cast<size_t>(stride_) * static_cast<size_t>(height_);
    int fd = memfd_create("wrd-bench-shm", MFD_CLOEXEC);
    if (fd < 0) throw BenchError(std::string("memfd_create: ") + std::strerror(errno));
    if (ftruncate(fd, static_cast<off_t>(size_)) != 0) {
        int err = errno;
        close(fd);
        throw BenchError(std::string("ftruncate: ") + std::strerror(err));
    }
    data_ = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (data_ == MAP_FAILED) {
        int err = errno;
        close(fd);
        data_ = nullptr;
        throw BenchError(std::string("mmap: ") + std::strerror(err));
    }
    // The pool keeps its own reference to the memory; our fd and pool object can go now.
    wl_shm_pool* pool = wl_shm_create_pool(shm, fd, static_cast<int32_t>(size_));
    buffer_ = wl_shm_pool_create_buffer(pool, 0, width_, height_, stride_, format_);
    wl_shm_pool_destroy(pool);
    close(fd);
    static const wl_buffer_listener listener{.release = on_release};
    wl_buffer_add_listener(buffer_, &listener, this);
}

ShmBuffer::~ShmBuffer() {
    if (buffer_) wl_buffer_destroy(buffer_);
    if (data_) munmap(data_, size_);
}

void ShmBuffer::on_release(void* data, wl_buffer*) { static_cast<ShmBuffer*>(data)->busy_ = false; }

}  // namespace wrd::bench
