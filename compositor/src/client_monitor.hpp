// ClientMonitor: logs each Wayland client's connect and disconnect, and the protocol error
// that got a misbehaving client disconnected. Event-loop thread only.
#pragma once

#include "wlr.hpp"

namespace wrd::compositor {

class ClientMonitor {
public:
    explicit ClientMonitor(wl_display* display);
    ~ClientMonitor();
    ClientMonitor(const ClientMonitor&) = delete;
    ClientMonitor& operator=(const ClientMonitor&) = delete;

private:
    wl_listener client_created_{};
    wl_protocol_logger* protocol_logger_ = nullptr;
};

}  // namespace wrd::compositor
