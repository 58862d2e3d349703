#include "frame.hpp"

namespace wrd::encoder {

std::vector<Rect> clip_to_frame(const FrameView& frame, std::span<const Rect> rects) {
    std::vector<Rect> out;
    out.reserve(rects.size());
    for (const Rect& r : rects) {
        Rect c = r.intersect(frame.bounds());
        if (!c.empty()) out.push_back(c);
    }
    return out;
}

}  // namespace wrd::encoder
