#include "wayland/shm_pool.hpp"

#include <fcntl.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <format>
#include <mutex>

#include "logging.hpp"
#include "unique_fd.hpp"

namespace wrd::rdp {

// The pixels of one buffer, mapped into this process until the last owner (the pool's slot,
// a frame on another thread) lets go. Any thread.
struct BufferPool::Mapping {
    uint8_t* data;
    size_t size;

    Mapping(uint8_t* d, size_t s) : data(d), size(s) {}
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping() { ::munmap(data, size); }
};

// How a buffer dropped on another thread finds its way back: give_back() posts to the loop,
// and the task reaches the pool unless detach() ran first. give_back() may run on any thread
// and after the pool is gone; detach() and the tasks run on the I/O thread.
class BufferPool::ReturnChannel : public std::enable_shared_from_this<ReturnChannel> {
public:
    ReturnChannel(EventLoop& loop, std::function<void(uint64_t)> on_return)
        : loop_(&loop), on_return_(std::move(on_return)) {}

    void give_back(uint64_t id) noexcept {
        try {
            std::lock_guard lock(mutex_);
            if (!loop_) return;
            loop_->post([self = shared_from_this(), id] {
                if (self->on_return_) self->on_return_(id);
            });
        } catch (const std::exception& e) {
            logger("wayland").error("cannot give a capture buffer back: {}", e.what());
        }
    }

    void detach() {
        std::lock_guard lock(mutex_);
        loop_ = nullptr;
        on_return_ = nullptr;
    }

private:
    std::mutex mutex_;
    EventLoop* loop_;                          // guarded by mutex_; null once detached
    std::function<void(uint64_t)> on_return_;  // I/O thread
};

BufferPool::BufferPool(EventLoop& loop, wl_shm* shm, size_t capacity, std::function<void()> returned)
    : shm_(shm), capacity_(capacity), returned_(std::move(returned)),
      channel_(std::make_shared<ReturnChannel>(loop, [this](uint64_t id) { on_returned(id); })) {}

BufferPool::~BufferPool() { channel_->detach(); }

std::expected<std::optional<BufferPool::Buffer>, std::string> BufferPool::acquire(const BufferFormat& format) {
    if (format != format_) {
        format_ = format;
        std::erase_if(slots_, [&](const Slot& s) { return s.state == State::free && s.format != format; });
    }
    auto it = std::ranges::find_if(slots_, [&](const Slot& s) { return s.state == State::free; });
    if (it == slots_.end()) {
        // Retired buffers still out count too: the pool never holds more than `capacity`.
        if (slots_.size() >= capacity_) return std::optional<Buffer>();
        auto slot = make_slot(format);
        if (!slot) return std::unexpected(slot.error());
        slots_.push_back(std::move(*slot));
        it = slots_.end() - 1;
    }
    it->state = State::filling;
    return Buffer{it->id, it->buffer.get(), it->mapping->data};
}

void BufferPool::cancel(uint64_t id) {
    if (Slot* slot = find(id)) slot->state = State::free;
}

std::shared_ptr<const void> BufferPool::hand_out(uint64_t id) {
    Slot* slot = find(id);
    if (!slot) return nullptr;
    slot->state = State::out;
    std::shared_ptr<Mapping> mapping = slot->mapping;
    const void* pixels = mapping->data;
    return std::shared_ptr<const void>(
        pixels, [mapping = std::move(mapping), channel = channel_, id](const void*) { channel->give_back(id); });
}

void BufferPool::on_returned(uint64_t id) {
    Slot* slot = find(id);
    if (!slot) return;
    if (slot->format != format_) std::erase_if(slots_, [id](const Slot& s) { return s.id == id; });
    else slot->state = State::free;
    if (returned_) returned_();
}

BufferPool::Slot* BufferPool::find(uint64_t id) {
    auto it = std::ranges::find(slots_, id, &Slot::id);
    return it == slots_.end() ? nullptr : &*it;
}

std::expected<BufferPool::Slot, std::string> BufferPool::make_slot(const BufferFormat& format) {
    const size_t size = static_cast<size_t>(format.stride) * static_cast<size_t>(format.height);
    if (format.width <= 0 || format.height <= 0 || format.stride < format.width * 4 || size > INT32_MAX)
        return std::unexpected(std::format("unusable buffer layout {}x{} stride {}", format.width, format.height,
                                           format.stride));
    UniqueFd fd(::memfd_create("wrd-screencopy", MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (!fd) return std::unexpected(std::format("memfd_create: {}", std::strerror(errno)));
    if (::ftruncate(fd.get(), static_cast<off_t>(size)) < 0)
        return std::unexpected(std::format("cannot size a {} byte capture buffer: {}", size, std::strerror(errno)));
    // The compositor maps the same file: it must not change size under either of us.
    ::fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
    void* data = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
    if (data == MAP_FAILED) return std::unexpected(std::format("mmap: {}", std::strerror(errno)));
    auto mapping = std::make_shared<Mapping>(static_cast<uint8_t*>(data), size);
    // The wl_buffer keeps the memory alive on the compositor's side; the pool is only a step.
    WlProxy<wl_shm_pool> pool(wl_shm_create_pool(shm_, fd.get(), static_cast<int32_t>(size)));
    WlProxy<wl_buffer> buffer(
        wl_shm_pool_create_buffer(pool.get(), 0, format.width, format.height, format.stride, format.format));
    return Slot{next_id_++, format, std::move(buffer), std::move(mapping), State::free};
}

}  // namespace wrd::rdp
