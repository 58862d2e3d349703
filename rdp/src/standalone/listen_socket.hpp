// Listening TCP sockets from "ADDR:PORT" text ("0.0.0.0:3389", "127.0.0.1:0", "[::1]:3389").
// Main thread set-up code.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "unique_fd.hpp"

namespace wrd::rdp {

struct ListenAddress {
    std::string host;
    uint16_t port = 3389;
};

std::expected<ListenAddress, std::string> parse_listen_address(const std::string& text);

// A non-blocking, close-on-exec socket bound and listening; the error names the address.
std::expected<UniqueFd, std::string> listen_tcp(const ListenAddress& address, int backlog = 64);

// "127.0.0.1:3389" for the socket's actual local address (port 0 resolved).
std::string local_address(int fd);
// The remote end of a connected socket, for log lines.
std::string peer_address(int fd);

}  // namespace wrd::rdp
