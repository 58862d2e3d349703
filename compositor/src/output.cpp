#include "output.hpp"

#include <algorithm>
#include <ctime>

#include "desktop.hpp"
#include "layer_surface.hpp"
#include "log.hpp"
#include "server.hpp"

namespace wrd::compositor {

Output::Output(Server& srv, wlr_output* output, const OutputConfig& oc) : server(srv), wlr(output) {
    wlr->data = this;
    if (!wlr_output_init_render(wlr, server.allocator, server.renderer))
        throw StartupError(std::string("cannot set up rendering for output ") + wlr->name);

    wlr_output_state state;
    wlr_output_state_init(&state);
    wlr_output_state_set_enabled(&state, true);
    wlr_output_state_set_custom_mode(&state, oc.width, oc.height, oc.refresh_mhz);
    wlr_output_state_set_scale(&state, static_cast<float>(oc.scale));
    bool ok = wlr_output_commit_state(wlr, &state);
    wlr_output_state_finish(&state);
    if (!ok) throw StartupError(std::string("output ") + wlr->name + " rejected its mode");

    frame_.connect(wlr->events.frame, [this](void*) {
        // Headless outputs only emit frame when the scene scheduled one (damage or a
        // frame callback), so an idle desktop costs nothing here.
        if (wlr_renderer_is_pixman(server.renderer)) sharpen_single_pixel_buffers();
        wlr_scene_output_commit(scene_output, nullptr);
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        wlr_scene_output_send_frame_done(scene_output, &now);
    });
    request_state_.connect(wlr->events.request_state,
                           [this](wlr_output_event_request_state* ev) { wlr_output_commit_state(wlr, ev->state); });
    destroy_.connect(wlr->events.destroy, [this](void*) { delete this; });

    // Always place explicitly: wlroots moves auto-placed outputs whenever a manually placed
    // one arrives, which would shift the user's desktop under a front end's new monitor.
    int lx = oc.x.value_or(0), ly = oc.y.value_or(0);
    if (!oc.x.has_value() || !oc.y.has_value()) {
        wlr_box extents{};
        wlr_output_layout_get_box(server.output_layout, nullptr, &extents);
        lx = wlr_box_empty(&extents) ? 0 : extents.x + extents.width;
        ly = wlr_box_empty(&extents) ? 0 : extents.y;
    }
    wlr_output_layout_output* lo = wlr_output_layout_add(server.output_layout, wlr, lx, ly);
    scene_output = wlr_scene_output_create(server.scene, wlr);
    wlr_scene_output_layout_add_output(server.scene_layout, lo, scene_output);
    background_ = wlr_scene_rect_create(server.layers.background, 0, 0, server.config.background);
    wlr_scene_node_lower_to_bottom(&background_->node);
    server.outputs.push_back(this);
    update_background();
    wlr_box box = layout_box();
    usable_ = {0, 0, box.width, box.height};
    log().info("output {}: {}x{} @ {:.2f} Hz, scale {:.2f}", wlr->name, wlr->width, wlr->height, wlr->refresh / 1000.0,
               wlr->scale);
}

Output::~Output() {
    frame_.disconnect();
    request_state_.disconnect();
    destroy_.disconnect();
    auto& v = server.outputs;
    v.erase(std::remove(v.begin(), v.end(), this), v.end());
    if (background_) wlr_scene_node_destroy(&background_->node);
    wlr->data = nullptr;
    log().info("output {} removed", wlr->name);
}

// wlroots 0.18's pixman renderer filters a stretched 1x1 buffer against transparent
// neighbours, so a single-pixel-buffer background (swaybg -c) comes out at ~72% brightness
// (wlroots issue 3990). Nearest filtering is exact for one pixel; other buffers keep bilinear.
void Output::sharpen_single_pixel_buffers() {
    wlr_scene_output_for_each_buffer(
        scene_output,
        [](wlr_scene_buffer* b, int, int, void*) {
        if (b->buffer && b->buffer->width == 1 && b->buffer->height == 1)
            wlr_scene_buffer_set_filter_mode(b, WLR_SCALE_FILTER_NEAREST);
        },
        nullptr);
}

wlr_box Output::layout_box() const {
    wlr_box box{};
    wlr_output_layout_get_box(server.output_layout, wlr, &box);
    return box;
}

wlr_box Output::usable_area() const {
    wlr_box box = layout_box();
    return {box.x + usable_.x, box.y + usable_.y, usable_.width, usable_.height};
}

void Output::update_background() {
    wlr_box box = layout_box();
    wlr_scene_node_set_position(&background_->node, box.x, box.y);
    wlr_scene_rect_set_size(background_, box.width, box.height);
}

void Output::arrange_layers() {
    wlr_box full = layout_box();
    wlr_box usable = full;
    // Exclusive zones first, in the order layer-shell defines (overlay to background).
    for (auto layer : {ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY, ZWLR_LAYER_SHELL_V1_LAYER_TOP,
                       ZWLR_LAYER_SHELL_V1_LAYER_BOTTOM, ZWLR_LAYER_SHELL_V1_LAYER_BACKGROUND})
        LayerSurface::arrange_all(*this, layer, full, usable);
    wlr_box local{usable.x - full.x, usable.y - full.y, usable.width, usable.height};
    bool changed =
        local.x != usable_.x || local.y != usable_.y || local.width != usable_.width || local.height != usable_.height;
    usable_ = local;
    if (changed && server.desktop) server.desktop->refit_views();
}

}  // namespace wrd::compositor
