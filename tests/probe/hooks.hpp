// Counting wrappers around the GDI decoder's callbacks: each records the codec, the payload
// size and the time spent decoding, then calls the GDI's own function. This sees exactly
// what the server sent, whatever path (GFX, surface bits, bitmap updates) it took. Main
// thread only, like every FreeRDP callback of the probe.
#pragma once

#include "freerdp.hpp"

namespace wrd::probe {

// The GDI's callbacks, saved so the wrappers can call on.
struct Hooks {
    pSurfaceBits surface_bits = nullptr;
    pSurfaceFrameMarker surface_frame_marker = nullptr;
    pBitmapUpdate bitmap_update = nullptr;
    pcRdpgfxSurfaceCommand gfx_surface_command = nullptr;
    pcRdpgfxEndFrame gfx_end_frame = nullptr;
};

// Wraps the update callbacks gdi_init installed; call once, right after gdi_init.
void hook_updates(rdpContext* context, Hooks& hooks);
// Wraps the graphics pipeline callbacks; call right after gdi_graphics_pipeline_init.
void hook_gfx(RdpgfxClientContext* gfx, Hooks& hooks);

}  // namespace wrd::probe
