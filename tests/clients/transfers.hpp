// Clipboard bytes moving through pipes without blocking the event loop. The other end is
// another client, or ourselves when we paste our own selection: a blocking read or write
// would then wait for the very loop it blocks. Every transfer is non-blocking and served by
// wait_until through watches(). Main thread only.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wayland/display_loop.hpp"
#include "wayland/unique_fd.hpp"

namespace wrd::test {

class Transfers {
public:
    // The bytes read, or why there are none ("timed out", "too large", the errno text).
    using ReadDone = std::function<void(std::expected<std::string, std::string>)>;

    // Refuses more than this from a selection: a test pastes kilobytes, not a runaway stream.
    static constexpr size_t read_limit = 64u << 20;

    // Writes all of `data` to `fd`, then closes it. A reader that hangs up early ends it quietly.
    void write(UniqueFd fd, std::shared_ptr<const std::string> data);

    // Reads `fd` to its end within `limit`, then calls `done` once. Returns an id for cancel().
    uint64_t read(UniqueFd fd, Clock::duration limit, ReadDone done);

    // Drops a read without calling its `done`; an id already finished is ignored.
    void cancel(uint64_t id) { transfers_.erase(id); }

    // One watch per transfer, for the next wait_until round. Watches find their transfer by id,
    // so one that outlives it (a new selection cancelled the read) does nothing.
    std::vector<FdWatch> watches();

private:
    struct Transfer {
        UniqueFd fd;
        std::shared_ptr<const std::string> out{};  // null when reading
        size_t written = 0;
        std::string in{};
        Clock::time_point deadline = Clock::time_point::max();
        ReadDone done{};
    };

    void serve(uint64_t id, short revents);
    static bool write_some(Transfer& t);  // true once finished (all written, or the reader left)
    static bool read_some(Transfer& t, std::string& error);  // true at end of data or on error

    std::map<uint64_t, Transfer> transfers_;
    uint64_t next_id_ = 1;
};

}  // namespace wrd::test
