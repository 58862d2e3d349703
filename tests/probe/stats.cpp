#include "stats.hpp"

#include <algorithm>
#include <cmath>

namespace wrd::probe {

uint64_t Stats::frames() const {
    if (gfx_frames > 0) return gfx_frames;
    if (surface_frames > 0) return surface_frames;
    return screen_updates;
}

uint64_t Stats::frames_since(const Stats& earlier) const {
    if (gfx_frames > 0) return gfx_frames - earlier.gfx_frames;
    if (surface_frames > 0) return surface_frames - earlier.surface_frames;
    return screen_updates - earlier.screen_updates;
}

double Stats::duration_s() const {
    if (!connected_at) return 0;
    const Clock::time_point end = ended_at.value_or(Clock::now());
    return std::chrono::duration<double>(end - *connected_at).count();
}

std::optional<double> percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return std::nullopt;
    std::ranges::sort(samples);
    const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
    const size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
    return samples[std::min(index, samples.size() - 1)];
}

}  // namespace wrd::probe
