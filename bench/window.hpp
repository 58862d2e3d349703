// Window: one xdg toplevel for the benchmark clients, either fullscreen (the latency
// benchmark fills the output so every pixel it changes is on screen) or a plain floating
// window (the idle client). Main thread only.
#pragma once

#include <vector>

#include "connection.hpp"
#include "shm_buffer.hpp"

namespace wrd::bench {

struct Rect {
    int x = 0, y = 0, width = 0, height = 0;
};

class Window {
public:
    // Creates the toplevel and waits for its first configure. A 0x0 configure (floating,
    // "pick your size") leaves the window at `width` x `height`.
    Window(Connection& conn, const char* title, bool fullscreen, int width, int height);
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;
    ~Window();

    int width() const { return width_; }
    int height() const { return height_; }
    bool fullscreen() const { return fullscreen_state_; }

    // Attaches `buffer`, damages `damage` (buffer coordinates; empty = whole buffer), asks
    // for a frame callback when `want_frame`, and commits. Does not flush.
    void present(ShmBuffer& buffer, const std::vector<Rect>& damage, bool want_frame);
    // The frame callback of the last present() has fired (or none was asked for).
    bool frame_done() const { return !frame_; }

private:
    static void on_configure(void* data, xdg_surface* surface, uint32_t serial);
    static void on_toplevel_configure(void* data, xdg_toplevel*, int32_t w, int32_t h, wl_array* states);
    static void on_frame_done(void* data, wl_callback* cb, uint32_t time);

    Connection& conn_;
    wl_surface* surface_ = nullptr;
    xdg_surface* xdg_surface_ = nullptr;
    xdg_toplevel* toplevel_ = nullptr;
    wl_callback* frame_ = nullptr;
    int width_, height_;
    int pending_width_ = 0, pending_height_ = 0;
    bool pending_fullscreen_ = false, fullscreen_state_ = false;
    bool configured_ = false;
};

}  // namespace wrd::bench
