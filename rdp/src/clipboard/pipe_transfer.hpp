// Non-blocking transfers of clipboard data through pipes on the EventLoop: PipeReader drains a
// pipe a Wayland client writes a selection into; PipeWriter feeds our selection to a pasting
// client. Neither ever blocks the I/O thread; both give up after a period without progress.
// I/O thread only; callbacks run there.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "clipboard/bytes.hpp"
#include "timer.hpp"
#include "event_loop.hpp"
#include "unique_fd.hpp"

namespace wrd::rdp {

struct TransferLimits {
    // A selection larger than this is refused (the brief's "sane cap").
    size_t max_bytes = size_t{256} << 20;
    // How long a transfer may make no progress before it is abandoned.
    std::chrono::milliseconds idle_timeout{10'000};
};

// Makes `fd` non-blocking and close-on-exec, and asks for a 1 MiB pipe buffer (fewer wake-ups
// for large transfers; the kernel may refuse, which only costs speed).
void prepare_pipe_end(int fd);

class PipeReader {
public:
    using Done = std::function<void(BytesResult)>;

    // Starts reading `fd` at once; `done` runs once, with all bytes up to end-of-file or an error.
    PipeReader(EventLoop& loop, UniqueFd fd, TransferLimits limits, Done done);
    ~PipeReader();
    PipeReader(const PipeReader&) = delete;
    PipeReader& operator=(const PipeReader&) = delete;

    bool finished() const { return finished_; }

private:
    void on_readable();
    void idle();
    void finish(BytesResult result);

    EventLoop& loop_;
    UniqueFd fd_;
    TransferLimits limits_;
    Done done_;
    Bytes data_;
    EventLoop::Id watch_ = 0;
    Timer timer_;
    bool finished_ = false;
};

class PipeWriter {
public:
    // Owns `fd`; writes nothing until write() gives it the data.
    PipeWriter(EventLoop& loop, UniqueFd fd, TransferLimits limits, std::string what);
    ~PipeWriter();
    PipeWriter(const PipeWriter&) = delete;
    PipeWriter& operator=(const PipeWriter&) = delete;

    void write(SharedBytes data);
    // Closes the pipe without data: the pasting client sees an empty paste.
    void abort(const std::string& why);
    bool finished() const { return finished_; }

private:
    void on_writable();
    void idle();
    void finish();

    EventLoop& loop_;
    UniqueFd fd_;
    TransferLimits limits_;
    std::string what_;  // for log lines: the mime type
    SharedBytes data_;
    size_t written_ = 0;
    EventLoop::Id watch_ = 0;
    Timer timer_;
    bool finished_ = false;
};

}  // namespace wrd::rdp
