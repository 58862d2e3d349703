// The pattern buffers of one surface (the window's or the panel's): a freshly painted buffer
// for each new size, and the replaced ones kept until the compositor releases them, since it
// may still read them. The owner declares this before its surface, so the buffers outlive it.
// Main thread only.
#pragma once

#include <memory>
#include <vector>

#include "wayland/shm_buffer.hpp"

namespace wrd::test {

class PatternBuffers {
public:
    // margin: a grey border that wide around the pattern (a window's client-side shadow).
    explicit PatternBuffers(wl_shm* shm, bool smooth = false, int margin = 0)
        : shm_(shm), smooth_(smooth), margin_(margin) {}

    // Commits `surface` with a pattern of width x height (plus the margin on each side): with a
    // new buffer, logging "size W H", when the size changed; alone when it did not, which still
    // applies an ack_configure.
    void commit(wl_surface* surface, int width, int height);
    bool has_buffer() const { return current_ != nullptr; }

private:
    wl_shm* shm_;
    bool smooth_;
    int margin_;
    std::unique_ptr<ShmBuffer> current_;
    std::vector<std::unique_ptr<ShmBuffer>> retired_;  // replaced but not yet released
};

}  // namespace wrd::test
