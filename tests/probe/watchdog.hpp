// The last line of defence against a hang: FreeRDP's own calls (connect, disconnect, a TLS
// read) can block where our deadlines do not reach. The main thread arms the watchdog with
// each phase's deadline. When a phase overruns it, the watchdog calls on_overrun (which asks
// FreeRDP to abort, so the phase fails normally); if the phase is still running `grace`
// later, it prints the phase and ends the process with the phase's exit code. Any thread may
// arm or disarm; on_overrun runs on the watchdog's thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace wrd::probe {

class Watchdog {
public:
    using Clock = std::chrono::steady_clock;

    Watchdog(std::chrono::milliseconds grace, std::function<void()> on_overrun);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void arm(std::string phase, Clock::time_point deadline, int exit_code);
    void disarm();

private:
    void watch();
    // Waits until the armed deadline (plus `extra`) passes; false if re-armed, disarmed or stopped.
    bool expired(std::unique_lock<std::mutex>& lock, std::chrono::milliseconds extra);

    const std::chrono::milliseconds grace_;
    const std::function<void()> on_overrun_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::string phase_;
    std::optional<Clock::time_point> deadline_;
    uint64_t generation_ = 0;  // bumped by every arm and disarm
    int exit_code_ = 1;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace wrd::probe
