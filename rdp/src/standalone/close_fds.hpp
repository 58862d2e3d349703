// Closing every inherited descriptor but a few, in a child forked from a supervisor that holds
// other connections' sockets. Async-signal-safe.
#pragma once

#include <span>

namespace wrd::rdp {

void close_other_fds(std::span<const int> keep) noexcept;

}  // namespace wrd::rdp
