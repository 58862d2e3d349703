#include "renderer_select.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "log.hpp"
#include "server.hpp"

namespace wrd::compositor {
namespace {

wlr_renderer* try_gpu_renderer(const std::string& node, RendererChoice kind) {
    int fd = open(node.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        log().warn("cannot open render node {}: {}", node, std::strerror(errno));
        return nullptr;
    }
    wlr_renderer* r = kind == RendererChoice::Vulkan ? wlr_vk_renderer_create_with_drm_fd(fd)
                                                     : wlr_gles2_renderer_create_with_drm_fd(fd);
    // The renderer dups what it keeps.
    close(fd);
    return r;
}

const char* name_of(RendererChoice c) {
    switch (c) {
        case RendererChoice::Vulkan:
            return "vulkan";
        case RendererChoice::Gles2:
            return "gles2";
        case RendererChoice::Pixman:
            return "pixman";
        case RendererChoice::Auto:
            break;
    }
    return "auto";
}

}  // namespace

std::vector<std::string> find_render_nodes() {
    const char* env = std::getenv("WRD_DRI_DIR");
    std::filesystem::path dir = env && *env ? env : "/dev/dri";
    std::vector<std::string> nodes;
    std::error_code ec;
    for (auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().filename().string().starts_with("renderD")) nodes.push_back(entry.path().string());
    std::sort(nodes.begin(), nodes.end());
    return nodes;
}

RendererPick create_renderer(RendererChoice choice) {
    if (choice == RendererChoice::Pixman) {
        if (auto* r = wlr_pixman_renderer_create()) return {r, "pixman"};
        throw StartupError("cannot create the pixman renderer");
    }
    auto nodes = find_render_nodes();
    if (choice != RendererChoice::Auto) {
        if (nodes.empty())
            throw StartupError(std::string("renderer ") + name_of(choice) +
                               " needs a DRM render node and this machine has none (try --renderer pixman)");
        if (auto* r = try_gpu_renderer(nodes.front(), choice)) return {r, name_of(choice)};
        throw StartupError(std::string("renderer ") + name_of(choice) + " could not be created on " + nodes.front());
    }
    if (nodes.empty()) {
        log().info("no DRM render node: using the pixman renderer");
    } else {
        for (auto kind : {RendererChoice::Vulkan, RendererChoice::Gles2}) {
            if (auto* r = try_gpu_renderer(nodes.front(), kind)) return {r, name_of(kind)};
            log().warn("{} renderer failed on {}; trying the next", name_of(kind), nodes.front());
        }
        log().warn("no GPU renderer works on {}: falling back to pixman", nodes.front());
    }
    if (auto* r = wlr_pixman_renderer_create()) return {r, "pixman"};
    throw StartupError("cannot create the pixman renderer");
}

}  // namespace wrd::compositor
