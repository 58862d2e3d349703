#include "window.hpp"

namespace wrd::bench {

using namespace std::chrono_literals;

Window::Window(Connection& conn, const char* title, bool fullscreen, int width, int height)
    : width_(width),
      height_(height),
      toplevel_(conn.compositor(), conn.wm_base(), title, title,
                [this](const test::ToplevelConfigure& configure) { handle_configure(configure); }) {
    // Asked before the first commit so the very first configure is already fullscreen.
    if (fullscreen) xdg_toplevel_set_fullscreen(toplevel_.toplevel(), conn.output());
    wl_surface_commit(toplevel_.surface());
    conn.dispatch_until([this] { return toplevel_.configured(); }, 5000ms, "the first xdg_surface.configure");
}

void Window::handle_configure(const test::ToplevelConfigure& configure) {
    // A resize after the first configure would invalidate the caller's buffers; the
    // benchmarks keep their first size and say so through width()/height().
    if (!sized_ && configure.width > 0 && configure.height > 0) {
        width_ = configure.width;
        height_ = configure.height;
    }
    sized_ = true;
    fullscreen_ = configure.fullscreen;
}

}  // namespace wrd::bench
