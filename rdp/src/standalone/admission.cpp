#include "standalone/admission.hpp"

#include <algorithm>
#include <format>
#include <vector>

namespace wrd::rdp {
namespace {

using namespace std::chrono_literals;

// The bookkeeping is bounded whatever a flood of addresses does: entries beyond this many are
// dropped oldest first (a dropped source only loses its backoff or rate history).
constexpr size_t kMaxKeys = 4096;
constexpr auto kForgetAfter = 15min;

}  // namespace

std::optional<std::chrono::seconds> LoginBackoff::wait(const std::string& key, SteadyTime now) const {
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.until <= now) return std::nullopt;
    return std::chrono::ceil<std::chrono::seconds>(it->second.until - now);
}

void LoginBackoff::failed(const std::string& key, SteadyTime now) {
    if (first_.count() == 0) return;
    prune(now);
    Entry& e = entries_[key];
    e.failures = std::min(e.failures + 1, 30);
    auto delay = first_ * (int64_t{1} << std::min(e.failures - 1, 20));
    e.until = now + std::min<std::chrono::seconds>(delay, max_);
}

void LoginBackoff::prune(SteadyTime now) {
    if (entries_.size() < kMaxKeys) return;
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.until + kForgetAfter < now; });
    if (entries_.size() < kMaxKeys) return;
    // Still full: drop the eighth that expires first, in one pass, so a flood costs O(n) per
    // kMaxKeys/8 names rather than O(n) per name.
    std::vector<SteadyTime> until;
    until.reserve(entries_.size());
    for (const auto& [key, e] : entries_) until.push_back(e.until);
    auto cut = until.begin() + static_cast<long>(until.size() / 8);
    std::nth_element(until.begin(), cut, until.end());
    SteadyTime cutoff = *cut;
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.until <= cutoff; });
}

std::optional<std::string> Admission::admit(const std::string& source, SteadyTime now, int pending_total,
                                            int pending_from_source) {
    if (pending_total >= limits_.max_unauthenticated)
        return std::format("already {} connections waiting to log in", pending_total);
    if (pending_from_source >= limits_.max_unauthenticated_per_source)
        return std::format("already {} connections from this address waiting to log in", pending_from_source);
    auto& times = recent_[source];
    while (!times.empty() && now - times.front() >= 1s) times.pop_front();
    if (static_cast<int>(times.size()) >= limits_.max_new_per_source_per_second)
        return std::format("more than {} new connections per second from this address",
                           limits_.max_new_per_source_per_second);
    times.push_back(now);
    if (recent_.size() > kMaxKeys)
        std::erase_if(recent_, [&](const auto& kv) { return kv.second.empty() || now - kv.second.back() >= 1s; });
    return std::nullopt;
}

}  // namespace wrd::rdp
