// wrd-server's main job: one wrd-compositor for the current user, a listening socket, and one
// wrd-rdp process per accepted connection, supervised with the [server] limits. Runs on the main thread until SIGINT/SIGTERM or
// until the compositor ends.
#pragma once

#include <string>
#include <vector>

#include "config.hpp"
#include "listen_socket.hpp"

namespace wrd::rdp {

struct ServerOptions {
    ListenAddress listen{"0.0.0.0", 3389};
    std::string config_file;             // passed to the compositor and to every wrd-rdp
    FrontEndConfig front_end;            // its effective values are passed to every wrd-rdp
    std::vector<std::string> exec;       // apps for the session; empty: a terminal
    std::vector<std::string> outputs;    // --output specs for the compositor
    std::string compositor_path;         // wrd-compositor
    std::string rdp_path;                // wrd-rdp
};

// Returns the process exit status: 0 after a clean Ctrl-C, 1 on a start-up failure or when the
// compositor died.
int run_standalone_server(const ServerOptions& options);

}  // namespace wrd::rdp
