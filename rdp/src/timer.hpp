// A one-shot timer on the EventLoop (a timerfd): the clipboard's bounded waits, the supervisor's
// deadlines. Loop thread only; the callback runs there. Destroying the timer cancels it.
#pragma once

#include <chrono>
#include <functional>

#include "event_loop.hpp"
#include "unique_fd.hpp"

namespace wrd::rdp {

class Timer {
public:
    Timer(EventLoop& loop, std::function<void()> on_expiry);
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;

    // (Re)starts the countdown; the callback runs once, `delay` from now.
    void start(std::chrono::milliseconds delay);
    void cancel();

private:
    void expired();

    EventLoop& loop_;
    UniqueFd fd_;
    EventLoop::Id watch_ = 0;
    std::function<void()> on_expiry_;
};

}  // namespace wrd::rdp
