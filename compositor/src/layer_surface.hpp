// LayerSurface: one per wlr-layer-shell surface (panels, backgrounds, launchers). Lives on
// one output; its exclusive zone shrinks that output's usable area. Event-loop thread only.
#pragma once

#include "listener.hpp"
#include "scene_owner.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Output;
class Server;

class LayerSurface {
public:
    LayerSurface(Server& server, wlr_layer_surface_v1* surface);
    ~LayerSurface();
    LayerSurface(const LayerSurface&) = delete;
    LayerSurface& operator=(const LayerSurface&) = delete;

    static wlr_scene_tree* tree_of(wlr_layer_surface_v1* surface);
    // Configures every surface of `layer` on `output`, shrinking `usable` by exclusive zones.
    static void arrange_all(Output& output, zwlr_layer_shell_v1_layer layer, const wlr_box& full, wlr_box& usable);

private:
    void handle_commit();
    void rearrange();

    Server& server_;
    wlr_layer_surface_v1* const wlr_;
    wlr_scene_layer_surface_v1* scene_ = nullptr;
    zwlr_layer_shell_v1_layer layer_;
    SceneOwner owner_{SceneOwner::Kind::LayerSurface, this};
    wl::Listener<void> map_, unmap_, commit_, destroy_, output_destroy_;
    wl::Listener<wlr_xdg_popup> new_popup_;
};

}  // namespace wrd::compositor
