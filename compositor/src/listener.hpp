// wl::Listener: a wl_listener owned by a C++ object. Non-copyable and non-movable because
// wl_signal keeps its address; disconnect() is idempotent and runs in the destructor.
// Callbacks run on the compositor's event-loop thread and must not throw into C: the
// trampoline catches and logs everything.
#pragma once

#include <functional>
#include <utility>

#include "wlr.hpp"

namespace wrd::compositor {
void log_listener_exception(const char* what) noexcept;
}

namespace wl {

template <typename T = void>
class Listener {
public:
    using Callback = std::function<void(T*)>;

    Listener() { wl_list_init(&holder_.link.link); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    ~Listener() { disconnect(); }

    void connect(wl_signal& signal, Callback callback) {
        disconnect();
        callback_ = std::move(callback);
        holder_.link.notify = &Listener::trampoline;
        holder_.self = this;
        wl_signal_add(&signal, &holder_.link);
    }

    void disconnect() {
        wl_list_remove(&holder_.link.link);
        wl_list_init(&holder_.link.link);
    }

    bool connected() const { return !wl_list_empty(&holder_.link.link); }

private:
    struct Holder {
        wl_listener link{};
        Listener* self = nullptr;
    };

    static void trampoline(wl_listener* raw, void* data) noexcept {
        // link is the first member of a standard-layout struct.
        auto* holder = reinterpret_cast<Holder*>(raw);
        try {
            holder->self->callback_(static_cast<T*>(data));
        } catch (const std::exception& e) {
            wrd::compositor::log_listener_exception(e.what());
        } catch (...) {
            wrd::compositor::log_listener_exception("unknown exception");
        }
    }

    Holder holder_;
    Callback callback_;
};

}  // namespace wl
