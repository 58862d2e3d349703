#include "event_loop.hpp"

#include <sys/eventfd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace wrd::rdp {

EventLoop::EventLoop() : wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (!wake_fd_) throw std::system_error(errno, std::generic_category(), "eventfd");
}

EventLoop::Id EventLoop::add_fd(int fd, short events, FdCallback callback) {
    Id id = next_id_++;
    watches_.push_back({id, fd, events, std::move(callback)});
    return id;
}

void EventLoop::set_events(Id id, short events) {
    for (auto& w : watches_)
        if (w.id == id) w.events = events;
}

void EventLoop::remove(Id id) {
    // Only marked here: remove() may run inside a callback while run_once() walks the list.
    for (auto& w : watches_)
        if (w.id == id) w.removed = true;
}

void EventLoop::add_before_poll(Task task) { before_poll_.push_back(std::move(task)); }

void EventLoop::post(Task task) {
    {
        std::lock_guard lock(tasks_mutex_);
        tasks_.push_back(std::move(task));
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof one);
}

void EventLoop::stop() {
    {
        std::lock_guard lock(tasks_mutex_);
        stopping_ = true;
    }
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_.get(), &one, sizeof one);
}

void EventLoop::drain_tasks() {
    uint64_t count;
    [[maybe_unused]] auto n = ::read(wake_fd_.get(), &count, sizeof count);
    std::vector<Task> tasks;
    {
        std::lock_guard lock(tasks_mutex_);
        tasks.swap(tasks_);
    }
    for (auto& task : tasks) task();
}

bool EventLoop::run_once(int timeout_ms) {
    for (auto& task : before_poll_) task();
    std::erase_if(watches_, [](const Watch& w) { return w.removed; });

    std::vector<pollfd> fds;
    fds.reserve(watches_.size() + 1);
    fds.push_back({wake_fd_.get(), POLLIN, 0});
    for (const auto& w : watches_) fds.push_back({w.fd, w.events, 0});

    int n = ::poll(fds.data(), fds.size(), timeout_ms);
    if (n < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    if (n > 0) {
        if (fds[0].revents) drain_tasks();
        // Watches added by callbacks in this round are beyond fds.size() and wait for the next.
        size_t count = fds.size() - 1;
        for (size_t i = 0; i < count; ++i) {
            short revents = fds[i + 1].revents;
            if (!revents || watches_[i].removed) continue;
            auto callback = watches_[i].callback;  // the callback may add watches
            callback(revents);
        }
    }
    std::lock_guard lock(tasks_mutex_);
    return !stopping_;
}

void EventLoop::run() {
    while (run_once(-1)) {
    }
}

}  // namespace wrd::rdp
