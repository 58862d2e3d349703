// forward<&Class::method>: a Wayland listener slot that calls a member function of the object
// given as the listener's data, without the proxy argument. The slot's type is deduced from
// the listener struct field it initialises:
//     const zwlr_screencopy_frame_v1_listener listener{.ready = forward<&Capture::on_ready>, ...};
// No exception crosses the C frames of libwayland: the slot catches and logs everything.
// Runs on the I/O thread, inside wl_display_dispatch_pending.
#pragma once

#include <exception>

namespace wrd::rdp {
namespace listener_detail {

template <typename Method>
struct ClassOf;
template <typename C, typename R, typename... Params>
struct ClassOf<R (C::*)(Params...)> {
    using type = C;
};

void log_exception(const char* what) noexcept;

}  // namespace listener_detail

template <auto Method, typename Proxy, typename... Args>
void forward(void* data, Proxy*, Args... args) noexcept {
    using Class = typename listener_detail::ClassOf<decltype(Method)>::type;
    try {
        (static_cast<Class*>(data)->*Method)(args...);
    } catch (const std::exception& e) {
        listener_detail::log_exception(e.what());
    } catch (...) {
        listener_detail::log_exception("unknown exception");
    }
}

// A slot for events this code has no use for (libwayland calls every slot of the bound version).
template <typename Proxy, typename... Args>
void ignore(void*, Proxy*, Args...) noexcept {}

}  // namespace wrd::rdp
