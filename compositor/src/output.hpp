// Output: one per wlr_output (headless). Renders its part of the scene on frame events and
// keeps its background rect and layer-shell usable area. Event-loop thread only.
#pragma once

#include "config.hpp"
#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Server;

class Output {
public:
    // Applies `oc` (mode, scale, position) and adds the output to the layout and scene.
    Output(Server& server, wlr_output* output, const OutputConfig& oc);
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    static Output* from(wlr_output* output) { return static_cast<Output*>(output->data); }

    wlr_box layout_box() const;   // where the output sits in the layout
    wlr_box usable_area() const;  // layout_box minus layer-shell exclusive zones
    void arrange_layers();        // re-lays the layer-shell surfaces; updates usable_area
    void update_background();     // after a mode or position change

    Server& server;
    wlr_output* const wlr;
    wlr_scene_output* scene_output = nullptr;

private:
    void sharpen_single_pixel_buffers();

    wlr_scene_rect* background_ = nullptr;
    wlr_box usable_{};  // output-local
    wl::Listener<void> frame_;
    wl::Listener<wlr_output_event_request_state> request_state_;
    wl::Listener<void> destroy_;
};

}  // namespace wrd::compositor
