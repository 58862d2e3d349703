// SourceFrame: a captured output frame as the encoder thread sees it: the pixels (kept alive
// by `keepalive`, normally a pooled screencopy buffer), what changed, and when it was captured.
// Immutable once made; shared between the I/O thread and the encoder thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "frame.hpp"
#include "rect.hpp"

namespace wrd::rdp {

struct SourceFrame {
    std::shared_ptr<const void> keepalive;
    encoder::FrameView view;
    std::vector<Rect> damage;  // output-local
    std::string output;
    uint64_t sequence = 0;
    std::chrono::steady_clock::time_point captured_at;
};

using SourceFramePtr = std::shared_ptr<const SourceFrame>;

}  // namespace wrd::rdp
