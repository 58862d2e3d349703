// Window: one xdg toplevel for the benchmark clients, either fullscreen (the latency
// benchmark fills the output so every pixel it changes is on screen) or a plain floating
// window (the idle client). It keeps the size of its first configure. Main thread only.
#pragma once

#include <span>

#include "connection.hpp"
#include "wayland/toplevel.hpp"

namespace wrd::bench {

class Window {
public:
    // Creates the toplevel and waits for its first configure. A 0x0 configure (floating,
    // "pick your size") leaves the window at `width` x `height`.
    Window(Connection& conn, const char* title, bool fullscreen, int width, int height);
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    int width() const { return width_; }
    int height() const { return height_; }
    bool fullscreen() const { return fullscreen_; }

    // Attaches `buffer`, damages `damage` (buffer coordinates; empty = whole buffer), asks
    // for a frame callback when `want_frame`, and commits. Does not flush.
    void present(ShmBuffer& buffer, std::span<const Rect> damage, bool want_frame) {
        toplevel_.present(buffer, damage, want_frame);
    }
    // The frame callback of the last present() has fired (or none was asked for).
    bool frame_done() const { return toplevel_.frame_done(); }

private:
    void handle_configure(const test::ToplevelConfigure& configure);

    int width_, height_;
    bool fullscreen_ = false;
    bool sized_ = false;
    test::Toplevel toplevel_;
};

}  // namespace wrd::bench
