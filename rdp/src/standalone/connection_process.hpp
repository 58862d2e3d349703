// What every connection's process gets before it serves a client, whichever way it was started
// (exec'd by wrd-server, forked by `wrd-rdp --listen`): TCP keepalive on its socket so a dead
// client is noticed within a minute, and resource limits so one connection cannot exhaust the
// machine. Async-signal-safe: callable between fork and exec.
#pragma once

#include "config.hpp"

namespace wrd::rdp {

// SO_KEEPALIVE after 20 s idle, 3 probes 10 s apart; TCP_USER_TIMEOUT 50 s for data that is
// never acknowledged (a viewer whose link died while frames were in flight).
void enable_keepalive(int socket_fd) noexcept;

// RLIMIT_AS (skipped under AddressSanitizer, which reserves terabytes), RLIMIT_NOFILE, no core
// dumps (they would hold credentials), no new privileges, and SIGTERM when the parent dies.
void apply_connection_limits(const ServerLimits& limits) noexcept;

}  // namespace wrd::rdp
