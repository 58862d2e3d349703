// OutputManagement: wlr-output-management-v1. Publishes the outputs' state and applies
// configurations from clients (wlr-randr, the RDP front end): this is how a resize arrives.
// Event-loop thread only.
#pragma once

#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Server;

class OutputManagement {
public:
    explicit OutputManagement(Server& server);
    void publish();  // after any output or layout change

private:
    bool apply(wlr_output_configuration_v1* config, bool test_only);

    Server& server_;
    wlr_output_manager_v1* manager_ = nullptr;
    wl::Listener<wlr_output_configuration_v1> apply_, test_;
};

}  // namespace wrd::compositor
