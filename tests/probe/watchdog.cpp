#include "watchdog.hpp"

#include <pthread.h>
#include <unistd.h>

#include <cstdio>

namespace wrd::probe {

Watchdog::Watchdog(std::chrono::milliseconds grace, std::function<void()> on_overrun)
    : grace_(grace), on_overrun_(std::move(on_overrun)), thread_([this] { watch(); }) {
    pthread_setname_np(thread_.native_handle(), "probe-watchdog");
}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void Watchdog::arm(std::string phase, Clock::time_point deadline, int exit_code) {
    {
        std::lock_guard lock(mutex_);
        phase_ = std::move(phase);
        deadline_ = deadline;
        exit_code_ = exit_code;
        ++generation_;
    }
    changed_.notify_all();
}

void Watchdog::disarm() {
    {
        std::lock_guard lock(mutex_);
        deadline_.reset();
        ++generation_;
    }
    changed_.notify_all();
}

bool Watchdog::expired(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds extra) {
    const uint64_t generation = generation_;
    const Clock::time_point until = *deadline_ + extra;
    while (!stopping_ && generation_ == generation && Clock::now() < until) changed_.wait_until(lock, until);
    return !stopping_ && generation_ == generation;
}

void Watchdog::watch() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (!deadline_) {
            changed_.wait(lock);
            continue;
        }
        if (!expired(lock, std::chrono::milliseconds(0))) continue;
        const uint64_t generation = generation_;
        lock.unlock();
        on_overrun_();
        lock.lock();
        if (generation_ != generation || !expired(lock, grace_)) continue;
        // Even the abort did not end the phase: the main thread is stuck inside a library
        // call, so nothing is safe to clean up. Say what hung and leave at once.
        std::fprintf(stderr, "wrd-probe: %s hung past its timeout; aborting\n", phase_.c_str());
        std::fflush(stderr);
        _exit(exit_code_);
    }
}

}  // namespace wrd::probe
