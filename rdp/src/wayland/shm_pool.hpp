// BufferPool: the wl_shm buffers one output's capture copies into. At most `capacity` exist
// (3: one being filled, one waiting in the consumer's mailbox, one being encoded); when all are
// out, acquire() says so and the capture waits for one to come back. Buffers of an old size
// (the output was resized) are destroyed as they come back. I/O thread only, except that the
// handles hand_out() returns may be dropped on any thread: the buffer then comes back through
// the EventLoop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "event_loop.hpp"
#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

// The layout the compositor asked for in zwlr_screencopy_frame_v1.buffer.
struct BufferFormat {
    uint32_t format = 0;  // wl_shm format
    int32_t width = 0;
    int32_t height = 0;
    int32_t stride = 0;

    bool operator==(const BufferFormat&) const = default;
};

class BufferPool {
public:
    struct Buffer {
        uint64_t id;
        wl_buffer* buffer;
        uint8_t* pixels;  // mapped read-write; stride * height bytes
    };

    // `returned` runs on the I/O thread after a handed-out buffer came back.
    BufferPool(EventLoop& loop, wl_shm* shm, size_t capacity, std::function<void()> returned);
    BufferPool(const BufferPool&) = delete;
    BufferPool& operator=(const BufferPool&) = delete;
    ~BufferPool();

    // A free buffer of `format` for the compositor to fill, made when there is room; nullopt
    // when every buffer is out. Fails only when making a buffer fails.
    std::expected<std::optional<Buffer>, std::string> acquire(const BufferFormat& format);
    // The compositor did not fill `id` after all (the copy failed): it is free again.
    void cancel(uint64_t id);
    // Hands a filled buffer out. The handle keeps its pixels mapped; when its last copy is
    // dropped the buffer comes back.
    std::shared_ptr<const void> hand_out(uint64_t id);

    size_t size() const { return slots_.size(); }

private:
    class ReturnChannel;
    struct Mapping;
    enum class State { free, filling, out };
    struct Slot {
        uint64_t id;
        BufferFormat format;
        WlProxy<wl_buffer> buffer;
        std::shared_ptr<Mapping> mapping;
        State state;
    };

    std::expected<Slot, std::string> make_slot(const BufferFormat& format);
    Slot* find(uint64_t id);
    void on_returned(uint64_t id);

    wl_shm* shm_;
    size_t capacity_;
    std::function<void()> returned_;
    std::shared_ptr<ReturnChannel> channel_;
    std::vector<Slot> slots_;
    BufferFormat format_;  // of the latest acquire(); slots of another format are retired
    uint64_t next_id_ = 1;
};

}  // namespace wrd::rdp
