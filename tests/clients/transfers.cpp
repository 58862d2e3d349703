#include "transfers.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace wrd::test {
namespace {

void set_nonblocking(int fd) {
    const int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

}  // namespace

void Transfers::write(UniqueFd fd, std::shared_ptr<const std::string> data) {
    set_nonblocking(fd.get());
    transfers_.emplace(next_id_++, Transfer{.fd = std::move(fd), .out = std::move(data)});
}

uint64_t Transfers::read(UniqueFd fd, Clock::duration limit, ReadDone done) {
    set_nonblocking(fd.get());
    const uint64_t id = next_id_++;
    transfers_.emplace(id, Transfer{.fd = std::move(fd), .deadline = Clock::now() + limit, .done = std::move(done)});
    return id;
}

std::vector<FdWatch> Transfers::watches() {
    std::vector<FdWatch> list;
    for (auto& [id, t] : transfers_) {
        list.push_back({.fd = t.fd.get(),
                        .events = static_cast<short>(t.out ? POLLOUT : POLLIN),
                        .deadline = t.deadline,
                        .ready = [this, id](short revents) { serve(id, revents); }});
    }
    return list;
}

void Transfers::serve(uint64_t id, short revents) {
    auto it = transfers_.find(id);
    if (it == transfers_.end()) return;
    Transfer& t = it->second;
    if (t.out) {
        if (write_some(t)) transfers_.erase(it);
        return;
    }
    std::string error;
    bool finished = revents != 0 && read_some(t, error);
    if (!finished && Clock::now() >= t.deadline) {
        error = "timed out";
        finished = true;
    }
    if (!finished) return;
    // Out of the map before the callback runs, so it may start or cancel transfers itself.
    ReadDone done = std::move(t.done);
    std::string bytes = std::move(t.in);
    transfers_.erase(it);
    if (error.empty()) done(std::move(bytes));
    else done(std::unexpected(std::move(error)));
}

bool Transfers::write_some(Transfer& t) {
    while (t.written < t.out->size()) {
        const ssize_t n = ::write(t.fd.get(), t.out->data() + t.written, t.out->size() - t.written);
        if (n > 0) {
            t.written += static_cast<size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            return false;  // the pipe is full: wait for POLLOUT
        } else {
            // EPIPE: the reader closed early (wl-paste of one type, a cancelled paste). SIGPIPE is
            // ignored in main() so this is just an error return.
            if (errno != EPIPE) std::fprintf(stderr, "wrd-test-pattern: clipboard write: %s\n", std::strerror(errno));
            return true;
        }
    }
    return true;
}

bool Transfers::read_some(Transfer& t, std::string& error) {
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(t.fd.get(), buf, sizeof buf);
        if (n == 0) return true;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return false;
        if (n < 0) {
            error = std::strerror(errno);
            return true;
        }
        if (t.in.size() + static_cast<size_t>(n) > read_limit) {
            error = "too large";
            return true;
        }
        t.in.append(buf, static_cast<size_t>(n));
    }
}

}  // namespace wrd::test
