// What a scene node's `data` points to: a tag saying which of our objects owns the subtree,
// so hit-testing can tell a window from a layer-shell surface. Event-loop thread only.
#pragma once

namespace wrd::compositor {

struct SceneOwner {
    enum class Kind { View, LayerSurface } kind;
    void* object;
};

}  // namespace wrd::compositor
