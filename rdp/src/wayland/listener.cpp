#include "wayland/listener.hpp"

#include "logging.hpp"

namespace wrd::rdp::listener_detail {

void log_exception(const char* what) noexcept {
    try {
        logger("wayland").error("a Wayland event handler threw: {}", what);
    } catch (...) {
        // Nothing left to report with; the event is dropped either way.
    }
}

}  // namespace wrd::rdp::listener_detail
