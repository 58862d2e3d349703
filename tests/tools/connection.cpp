#include "connection.hpp"

#include <stdexcept>

namespace wrd::tools {

std::expected<void, std::string> Connection::open() {
    // Protocol errors then name the compositor's reason (describe_display_error).
    test::capture_wayland_log();
    try {
        display_ = test::connect_display();
        registry_.emplace(display_.get());
    } catch (const std::runtime_error& e) {
        return std::unexpected(e.what());
    }
    shm_ = registry_->bind<wl_shm>(wl_shm_interface, 1);
    screencopy_ = registry_->bind<zwlr_screencopy_manager_v1>(zwlr_screencopy_manager_v1_interface, 3);
    session_ = registry_->bind<wrd_session_manager_v1>(wrd_session_manager_v1_interface, 1);
    outputs_.emplace(*registry_);
    // The second roundtrip brings each output's description.
    if (!test::roundtrip_until(display_.get())) return std::unexpected(test::describe_display_error(display_.get()));
    return {};
}

}  // namespace wrd::tools
