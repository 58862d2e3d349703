#include "layer_surface.hpp"

#include "desktop.hpp"
#include "log.hpp"
#include "output.hpp"
#include "seat.hpp"
#include "server.hpp"
#include "xdg_view.hpp"

namespace wrd::compositor {
namespace {

wlr_scene_tree* tree_for_layer(const SceneLayers& layers, zwlr_layer_shell_v1_layer layer) {
    switch (layer) {
        case ZWLR_LAYER_SHELL_V1_LAYER_BACKGROUND:
            return layers.background;
        case ZWLR_LAYER_SHELL_V1_LAYER_BOTTOM:
            return layers.bottom;
        case ZWLR_LAYER_SHELL_V1_LAYER_TOP:
            return layers.top;
        case ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY:
            return layers.overlay;
    }
    return layers.top;
}

}  // namespace

LayerSurface::LayerSurface(Server& server, wlr_layer_surface_v1* surface)
    : server_(server), wlr_(surface), layer_(surface->pending.layer) {
    if (!wlr_->output) {
        Output* out = server_.output_under_cursor();
        if (!out) throw StartupError("no output for a layer surface");
        wlr_->output = out->wlr;
    }
    wlr_->data = this;
    scene_ = wlr_scene_layer_surface_v1_create(tree_for_layer(server_.layers, layer_), wlr_);
    scene_->tree->node.data = &owner_;
    map_.connect(wlr_->surface->events.map, [this](void*) {
        rearrange();
        if (wlr_->current.keyboard_interactive == ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_EXCLUSIVE)
            server_.desktop->focus_surface(wlr_->surface);
    });
    unmap_.connect(wlr_->surface->events.unmap, [this](void*) {
        if (server_.seat->wlr->keyboard_state.focused_surface == wlr_->surface)
            server_.desktop->focus(server_.desktop->focused());
        rearrange();
    });
    commit_.connect(wlr_->surface->events.commit, [this](void*) { handle_commit(); });
    destroy_.connect(wlr_->events.destroy, [this](void*) { delete this; });
    output_destroy_.connect(wlr_->output->events.destroy, [this](void*) {
        // Its output is going: the client must make a new surface for another one.
        wlr_->output = nullptr;
        wlr_layer_surface_v1_destroy(wlr_);
    });
    new_popup_.connect(wlr_->events.new_popup,
                       [this](wlr_xdg_popup* popup) { new XdgPopup(server_, popup, scene_->tree); });
}

LayerSurface::~LayerSurface() {
    output_destroy_.disconnect();
    wlr_->data = nullptr;
    if (wlr_->output) {
        if (Output* out = Output::from(wlr_->output)) out->arrange_layers();
    }
}

wlr_scene_tree* LayerSurface::tree_of(wlr_layer_surface_v1* surface) {
    auto* self = static_cast<LayerSurface*>(surface->data);
    return self ? self->scene_->tree : nullptr;
}

void LayerSurface::handle_commit() {
    if (!wlr_->initialized) return;
    if (wlr_->current.layer != layer_) {
        layer_ = wlr_->current.layer;
        wlr_scene_node_reparent(&scene_->tree->node, tree_for_layer(server_.layers, layer_));
    }
    if (wlr_->initial_commit || wlr_->current.committed) rearrange();
}

void LayerSurface::rearrange() {
    if (wlr_->output)
        if (Output* out = Output::from(wlr_->output)) out->arrange_layers();
}

void LayerSurface::arrange_all(Output& output, zwlr_layer_shell_v1_layer layer, const wlr_box& full, wlr_box& usable) {
    wlr_scene_tree* tree = tree_for_layer(output.server.layers, layer);
    wlr_scene_node* node;
    wl_list_for_each(node, &tree->children, link) {
        auto* owner = static_cast<SceneOwner*>(node->data);
        if (!owner || owner->kind != SceneOwner::Kind::LayerSurface) continue;
        auto* self = static_cast<LayerSurface*>(owner->object);
        if (self->wlr_->output != output.wlr || !self->wlr_->initialized) continue;
        wlr_scene_layer_surface_v1_configure(self->scene_, &full, &usable);
    }
}

}  // namespace wrd::compositor
