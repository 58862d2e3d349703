// Admission and LoginBackoff: the supervisor's pure bookkeeping before login, kept apart from
// its sockets and processes so every limit is unit-tested with a fake clock.
// - Admission: may a new connection from a source be served now (pre-login caps, the rate of
//   new connections per source, a source that is backing off)?
// - LoginBackoff: after a failed login, how long a key (a user name, a source address) waits;
//   1 s doubling up to the maximum, forgotten after a success or a long quiet spell.
// Supervisor thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "config.hpp"

namespace wrd::rdp {

using SteadyTime = std::chrono::steady_clock::time_point;

class LoginBackoff {
public:
    LoginBackoff(std::chrono::seconds first, std::chrono::seconds max) : first_(first), max_(max) {}

    // How long `key` must still wait, or nullopt if it may try now.
    std::optional<std::chrono::seconds> wait(const std::string& key, SteadyTime now) const;
    // A failed login: the next try waits first, 2×first, 4×first ... up to max.
    void failed(const std::string& key, SteadyTime now);
    void succeeded(const std::string& key) { entries_.erase(key); }
    size_t size() const { return entries_.size(); }

private:
    struct Entry {
        int failures = 0;
        SteadyTime until;
    };
    void prune(SteadyTime now);

    std::chrono::seconds first_, max_;
    std::map<std::string, Entry> entries_;
};

class Admission {
public:
    explicit Admission(const ServerLimits& limits) : limits_(limits) {}

    // Why a connection from `source` must be refused now, or nullopt. `pending_total` and
    // `pending_from_source` count connections not yet logged in. Records accepted ones.
    std::optional<std::string> admit(const std::string& source, SteadyTime now, int pending_total,
                                     int pending_from_source);

private:
    const ServerLimits& limits_;
    std::map<std::string, std::deque<SteadyTime>> recent_;  // accepts in the last second
};

}  // namespace wrd::rdp
