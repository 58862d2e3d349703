#include "clipboard/converter.hpp"

#include <pthread.h>

namespace wrd::rdp {

Converter::Converter(EventLoop& loop)
    : loop_(loop), thread_([this](std::stop_token stop) { worker(stop); }) {
    pthread_setname_np(thread_.native_handle(), "wrd-clip-conv");
}

Converter::~Converter() {
    thread_.request_stop();
    wake_.notify_all();
    // ~jthread joins; then alive_ dies, so results already posted find it expired.
}

void Converter::run(Work work, Done done) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back({std::move(work), std::move(done)});
    }
    wake_.notify_one();
}

void Converter::worker(std::stop_token stop) {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            if (!wake_.wait(lock, stop, [this] { return !jobs_.empty(); })) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        BytesResult result = std::unexpected("conversion failed");
        try {
            result = job.work();
        } catch (const std::exception& e) {  // e.g. bad_alloc for a huge image
            result = std::unexpected(std::string("conversion failed: ") + e.what());
        }
        loop_.post([alive = std::weak_ptr(alive_), done = std::move(job.done), result = std::move(result)]() mutable {
            if (alive.lock()) done(std::move(result));
        });
    }
}

}  // namespace wrd::rdp
