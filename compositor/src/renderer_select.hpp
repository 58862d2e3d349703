// Choosing the wlroots renderer: Vulkan or GLES2 need a DRM render node; pixman needs none.
// Main thread, start-up only.
#pragma once

#include <string>
#include <vector>

#include "config.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

struct RendererPick {
    wlr_renderer* renderer = nullptr;
    std::string name;  // "pixman", "vulkan" or "gles2"
};

// Render nodes (renderD*) under dir, sorted; WRD_DRI_DIR overrides /dev/dri for tests.
std::vector<std::string> find_render_nodes();

// auto: Vulkan on the first render node, then GLES2, then pixman, logging each fallback.
// An explicit vulkan/gles2 that cannot be created throws StartupError with one clear line.
RendererPick create_renderer(RendererChoice choice);

}  // namespace wrd::compositor
