// What the probe counts while connected: commands and bytes per codec, frames, screen updates,
// time spent decoding, latency samples. Filled by the FreeRDP callbacks on the main thread (the
// only thread that touches the connection) and read there for the report.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wrd::probe {

using Clock = std::chrono::steady_clock;

struct CodecCount {
    uint64_t commands = 0;
    uint64_t bytes = 0;
};

struct Stats {
    std::map<std::string, CodecCount> codecs;  // "gfx-avc420", "rfx", "planar", ... (see hooks.cpp)
    uint64_t gfx_frames = 0;                   // RDPGFX EndFrame PDUs
    uint64_t surface_frames = 0;               // surface frame markers with frameAction END
    uint64_t screen_updates = 0;               // paints that changed the desktop image
    double decode_ms = 0;                      // time inside the GDI's decoders
    std::optional<std::string> gfx_caps;       // the RDPGFX capability version the server confirmed
    int desktop_width = 0;                     // the decoded desktop's size, kept after disconnecting
    int desktop_height = 0;
    std::optional<Clock::time_point> connected_at;
    std::optional<Clock::time_point> ended_at;
    Clock::time_point last_update_at{};
    std::vector<double> latency_ms;

    // Frames as the server delimits them: GFX frames, else surface frame markers, else (a
    // server sending bare bitmap updates marks no frames) screen updates.
    uint64_t frames() const;
    // The same count since `earlier`, a copy of these stats: the rule picks the counter by what
    // the server sends, so both ends of the difference must come from the same counter.
    uint64_t frames_since(const Stats& earlier) const;
    // Seconds from connecting to the end of the run (or now while it runs).
    double duration_s() const;
};

// The nearest-rank percentile (p in 0..100) of `samples`; nullopt when there are none.
std::optional<double> percentile(std::vector<double> samples, double p);

}  // namespace wrd::probe
