// Percentiles of one latency series, in milliseconds. Any thread.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace wrd::bench {

struct Summary {
    double p50 = 0, p95 = 0, p99 = 0, mean = 0, max = 0;
};

// Nearest-rank percentiles: every reported figure is a latency that really happened.
inline Summary summarize(std::vector<double> ms) {
    Summary s;
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    auto rank = [&](double p) {
        const auto i = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(ms.size())));
        return ms[std::clamp<size_t>(i, 1, ms.size()) - 1];
    };
    s.p50 = rank(50);
    s.p95 = rank(95);
    s.p99 = rank(99);
    s.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
    s.max = ms.back();
    return s;
}

}  // namespace wrd::bench
