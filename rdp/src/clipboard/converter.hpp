// Converter: runs clipboard conversions on one worker thread ("wrd-clip-conv"), because coding
// a 4K image takes 100-200 ms and the I/O thread must keep serving frames and input meanwhile.
// Create, use and destroy it on the I/O thread; `done` callbacks run there (via
// EventLoop::post). Destruction waits for the running job and drops undelivered results.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "clipboard/bytes.hpp"
#include "event_loop.hpp"

namespace wrd::rdp {

class Converter {
public:
    using Work = std::function<BytesResult()>;
    using Done = std::function<void(BytesResult)>;

    explicit Converter(EventLoop& loop);
    ~Converter();
    Converter(const Converter&) = delete;
    Converter& operator=(const Converter&) = delete;

    // Runs `work` on the worker thread, jobs in submission order; then `done` on the I/O thread.
    void run(Work work, Done done);

private:
    struct Job {
        Work work;
        Done done;
    };
    void worker(std::stop_token stop);

    EventLoop& loop_;
    // Results carry a weak copy: after destruction they find it expired and are dropped.
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::deque<Job> jobs_;
    std::jthread thread_;  // last: it starts after the members it uses and stops before them
};

}  // namespace wrd::rdp
