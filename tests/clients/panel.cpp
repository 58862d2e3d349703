#include "panel.hpp"

#include "event_log.hpp"

namespace wrd::test {

const zwlr_layer_surface_v1_listener Panel::listener{
    .configure = [](void* data, zwlr_layer_surface_v1*, uint32_t serial, uint32_t width, uint32_t height) {
        static_cast<Panel*>(data)->handle_configure(serial, width, height);
    },
    .closed = [](void* data, zwlr_layer_surface_v1*) { static_cast<Panel*>(data)->closed_ = true; },
};

Panel::Panel(const Globals& globals, const PatternOptions& options)
    : options_(options), buffers_(globals.shm.get()) {
    require_global(globals.layer_shell != nullptr, "zwlr_layer_shell_v1");
    const PanelSpec& spec = *options.panel;
    surface_.reset(wl_compositor_create_surface(globals.compositor.get()));
    layer_surface_.reset(zwlr_layer_shell_v1_get_layer_surface(globals.layer_shell.get(), surface_.get(), nullptr,
                                                               ZWLR_LAYER_SHELL_V1_LAYER_TOP, "wrd-test-panel"));
    zwlr_layer_surface_v1_add_listener(layer_surface_.get(), &listener, this);
    const uint32_t edge = spec.edge == PanelSpec::Edge::top ? ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP
                                                            : ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM;
    zwlr_layer_surface_v1_set_anchor(layer_surface_.get(),
                                     edge | ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT | ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT);
    zwlr_layer_surface_v1_set_size(layer_surface_.get(), 0, static_cast<uint32_t>(spec.thickness));
    zwlr_layer_surface_v1_set_exclusive_zone(layer_surface_.get(), spec.thickness);
    wl_surface_commit(surface_.get());
}

// The role object goes before the surface, as layer-shell requires.
Panel::~Panel() {
    layer_surface_.reset();
    surface_.reset();
}

void Panel::handle_configure(uint32_t serial, uint32_t width, uint32_t height) {
    log_event("layer_configure {} {}", width, height);
    zwlr_layer_surface_v1_ack_configure(layer_surface_.get(), serial);
    // A zero dimension leaves it to us; with both sides anchored the compositor should not.
    const int w = width > 0 ? static_cast<int>(width) : options_.width;
    const int h = height > 0 ? static_cast<int>(height) : options_.panel->thickness;
    buffers_.commit(surface_.get(), w, h);
}

}  // namespace wrd::test
