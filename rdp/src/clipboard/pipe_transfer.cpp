#include "clipboard/pipe_transfer.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <format>

#include "logging.hpp"

namespace wrd::rdp {
namespace {

constexpr size_t chunk_size = 256 * 1024;
// Bytes moved per wake-up before returning to the loop, so one big paste cannot starve
// frames and input.
constexpr size_t budget_per_wakeup = 8 * 1024 * 1024;

// write() on a pipe whose reader is gone raises SIGPIPE, which would kill the process. Block
// it on this thread for the call and consume the one the write raised, so EPIPE is all we see.
ssize_t write_without_sigpipe(int fd, const uint8_t* data, size_t size) {
    sigset_t pipe_only, old;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
    ssize_t n = ::write(fd, data, size);
    int saved = errno;
    if (n < 0 && saved == EPIPE && !sigismember(&old, SIGPIPE)) {
        timespec zero{};
        while (sigtimedwait(&pipe_only, nullptr, &zero) < 0 && errno == EINTR) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    errno = saved;
    return n;
}

}  // namespace

void prepare_pipe_end(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

PipeReader::PipeReader(EventLoop& loop, UniqueFd fd, TransferLimits limits, Done done)
    : loop_(loop),
      fd_(std::move(fd)),
      limits_(limits),
      done_(std::move(done)),
      timer_(loop, [this] { idle(); }) {
    prepare_pipe_end(fd_.get());
    watch_ = loop_.add_fd(fd_.get(), POLLIN, [this](short) { on_readable(); });
    timer_.start(limits_.idle_timeout);
}

PipeReader::~PipeReader() {
    if (!finished_) loop_.remove(watch_);
}

void PipeReader::idle() {
    finish(std::unexpected(std::format("no data for {} ms", limits_.idle_timeout.count())));
}

void PipeReader::on_readable() {
    for (size_t moved = 0; moved < budget_per_wakeup;) {
        size_t old_size = data_.size();
        data_.resize(old_size + chunk_size);
        ssize_t n = ::read(fd_.get(), data_.data() + old_size, chunk_size);
        data_.resize(old_size + static_cast<size_t>(std::max<ssize_t>(n, 0)));
        if (n == 0) return finish(std::move(data_));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n < 0) return finish(std::unexpected(std::format("reading the selection: {}", std::strerror(errno))));
        if (data_.size() > limits_.max_bytes)
            return finish(std::unexpected(std::format("the selection is larger than {} bytes", limits_.max_bytes)));
        moved += static_cast<size_t>(n);
    }
    timer_.start(limits_.idle_timeout);
}

void PipeReader::finish(BytesResult result) {
    finished_ = true;
    loop_.remove(watch_);
    timer_.cancel();
    fd_.reset();
    data_ = {};
    auto done = std::move(done_);
    done(std::move(result));
}

PipeWriter::PipeWriter(EventLoop& loop, UniqueFd fd, TransferLimits limits, std::string what)
    : loop_(loop), fd_(std::move(fd)), limits_(limits), what_(std::move(what)), timer_(loop, [this] { idle(); }) {
    prepare_pipe_end(fd_.get());
}

void PipeWriter::idle() {
    logger("clipboard").warn("paste of {} abandoned: the receiver read nothing for {} ms", what_,
                             limits_.idle_timeout.count());
    finish();
}

PipeWriter::~PipeWriter() {
    if (watch_ && !finished_) loop_.remove(watch_);
}

void PipeWriter::write(SharedBytes data) {
    if (finished_) return;
    data_ = std::move(data);
    watch_ = loop_.add_fd(fd_.get(), POLLOUT, [this](short) { on_writable(); });
    timer_.start(limits_.idle_timeout);
}

void PipeWriter::abort(const std::string& why) {
    if (finished_) return;
    logger("clipboard").warn("paste of {} failed: {}", what_, why);
    finish();
}

void PipeWriter::on_writable() {
    for (size_t moved = 0; moved < budget_per_wakeup && written_ < data_->size();) {
        size_t n_wanted = std::min(chunk_size, data_->size() - written_);
        ssize_t n = write_without_sigpipe(fd_.get(), data_->data() + written_, n_wanted);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        if (n < 0) {
            // EPIPE: the pasting client stopped reading (it may only have wanted a prefix).
            logger("clipboard").debug("paste of {} ended after {} bytes: {}", what_, written_, std::strerror(errno));
            return finish();
        }
        written_ += static_cast<size_t>(n);
        moved += static_cast<size_t>(n);
    }
    if (written_ == data_->size()) return finish();
    timer_.start(limits_.idle_timeout);
}

void PipeWriter::finish() {
    finished_ = true;
    if (watch_) loop_.remove(watch_);
    timer_.cancel();
    fd_.reset();
    data_.reset();
}

}  // namespace wrd::rdp
