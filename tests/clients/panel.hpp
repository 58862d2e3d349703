// --panel EDGE,THICKNESS: a wlr-layer-shell surface on the top layer, anchored to that edge
// and both sides, that reserves THICKNESS pixels (its exclusive zone) and is painted with the
// pattern, so pixel (x, y) of the panel is pattern_pixel(x, y). It asks for width 0, which
// leaves the width to the compositor (the output's, given the anchors). Each configure is
// logged as "layer_configure W H", acked and committed. Main thread only.
#pragma once

#include "globals.hpp"
#include "main_surface.hpp"
#include "options.hpp"
#include "pattern_buffers.hpp"

namespace wrd::test {

class Panel : public MainSurface {
public:
    // Creates the layer surface on the compositor's choice of output and makes the initial
    // (bufferless) commit; the compositor answers with the first configure. Throws
    // std::runtime_error when the compositor has no layer shell.
    Panel(const Globals& globals, const PatternOptions& options);
    ~Panel() override;

    wl_surface* surface() const override { return surface_.get(); }
    bool has_buffer() const override { return buffers_.has_buffer(); }
    bool closed() const override { return closed_; }

private:
    static const zwlr_layer_surface_v1_listener listener;

    void handle_configure(uint32_t serial, uint32_t width, uint32_t height);

    const PatternOptions& options_;
    PatternBuffers buffers_;  // before the surface: they outlive it
    Proxy<wl_surface> surface_;
    Proxy<zwlr_layer_surface_v1> layer_surface_;
    bool closed_ = false;
};

}  // namespace wrd::test
