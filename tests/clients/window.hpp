// The pattern client's xdg toplevel. It has no decorations, so the window geometry is exactly
// the buffer and pixel (x, y) of the window is pattern_pixel(x, y); with --csd-margin the
// buffer has a grey border around it that the window geometry leaves out, as client-side
// shadows are, and pixel (x, y) of the window geometry is still pattern_pixel(x, y). Every configure is logged,
// acked and committed; a new size gets a freshly painted buffer. It also carries out the
// desktop requests tests ask for: --popup, --minimize-after-ms, --move/--resize-on-press.
// Main thread only.
#pragma once

#include <memory>

#include "globals.hpp"
#include "main_surface.hpp"
#include "options.hpp"
#include "pattern_buffers.hpp"
#include "wayland/toplevel.hpp"

namespace wrd::test {

class Popup;

class Window : public MainSurface {
public:
    // Creates the toplevel, asks for the options' states and makes the initial (bufferless)
    // commit; the compositor answers with the first configure.
    Window(const Globals& globals, const PatternOptions& options);
    ~Window() override;  // where Popup is complete

    wl_surface* surface() const override { return toplevel_.surface(); }
    bool has_buffer() const override { return buffers_.has_buffer(); }
    bool closed() const override { return toplevel_.closed(); }

    // xdg_toplevel.set_minimized; logs "minimize_requested".
    void minimize() override;

    // A left press at `serial` on `surface`: with --move-on-press or --resize-on-press, starts
    // the interactive move or bottom-right resize and logs "move_requested"/"resize_requested".
    void handle_left_press(wl_seat* seat, wl_surface* surface, uint32_t serial) override;

private:
    void handle_configure(const ToplevelConfigure& configure);

    const Globals& globals_;
    const PatternOptions& options_;
    // The buffers outlive the surface they were attached to, and the popup goes first.
    PatternBuffers buffers_;
    Toplevel toplevel_;
    std::unique_ptr<Popup> popup_;  // --popup, opened after the first configure
};

}  // namespace wrd::test
