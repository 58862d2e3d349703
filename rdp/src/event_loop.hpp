// EventLoop: the poll loop of one wrd-rdp I/O thread. It watches file descriptors (the peer's
// socket and FreeRDP's event handles, the Wayland connection, clipboard pipes) and runs tasks
// posted from other threads. Everything except post() and stop() must be called on the thread
// running run(); callbacks run on that thread.
#pragma once

#include <poll.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "unique_fd.hpp"

namespace wrd::rdp {

class EventLoop {
public:
    // `revents` as poll(2) reports them (POLLIN, POLLOUT, POLLHUP, POLLERR).
    using FdCallback = std::function<void(short revents)>;
    using Task = std::function<void()>;
    using Id = uint64_t;

    EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Watches `fd` for `events` until remove(); the loop does not own the fd.
    Id add_fd(int fd, short events, FdCallback callback);
    void set_events(Id id, short events);
    void remove(Id id);

    // Runs before every poll, on the loop thread (e.g. to flush the Wayland connection).
    void add_before_poll(Task task);

    // Any thread: run `task` on the loop thread soon.
    void post(Task task);
    // Any thread: make run() return after the current iteration.
    void stop();

    // Polls and dispatches until stop(). `timeout_ms` bounds each wait (-1: none).
    void run();
    // One poll + dispatch; returns false once stop() was called.
    bool run_once(int timeout_ms = -1);

private:
    struct Watch {
        Id id;
        int fd;
        short events;
        FdCallback callback;
        bool removed = false;
    };
    void drain_tasks();

    UniqueFd wake_fd_;
    std::vector<Watch> watches_;
    std::vector<Task> before_poll_;
    Id next_id_ = 1;
    std::mutex tasks_mutex_;
    std::vector<Task> tasks_;
    bool stopping_ = false;  // guarded by tasks_mutex_
};

}  // namespace wrd::rdp
