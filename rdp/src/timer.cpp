#include "timer.hpp"

#include <sys/timerfd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace wrd::rdp {

Timer::Timer(EventLoop& loop, std::function<void()> on_expiry)
    : loop_(loop),
      fd_(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)),
      on_expiry_(std::move(on_expiry)) {
    if (!fd_) throw std::system_error(errno, std::generic_category(), "timerfd_create");
    watch_ = loop_.add_fd(fd_.get(), POLLIN, [this](short) { expired(); });
}

Timer::~Timer() { loop_.remove(watch_); }

void Timer::start(std::chrono::milliseconds delay) {
    // A zero it_value would disarm the timer instead of firing at once.
    auto ns = std::max<int64_t>(std::chrono::nanoseconds(delay).count(), 1);
    itimerspec spec{};
    spec.it_value.tv_sec = ns / 1'000'000'000;
    spec.it_value.tv_nsec = ns % 1'000'000'000;
    ::timerfd_settime(fd_.get(), 0, &spec, nullptr);
}

void Timer::cancel() {
    itimerspec spec{};
    ::timerfd_settime(fd_.get(), 0, &spec, nullptr);
}

void Timer::expired() {
    uint64_t count;
    // Nothing to read means the timer was re-armed or cancelled after it fired: not expired.
    if (::read(fd_.get(), &count, sizeof count) != sizeof count) return;
    // The callback may destroy this timer's owner, and with it on_expiry_: call a copy.
    auto callback = on_expiry_;
    callback();
}

}  // namespace wrd::rdp
