// Command line of wrd-test-pattern. Main thread only.
#pragma once

#include <expected>
#include <optional>
#include <string>

namespace wrd::test {

// --popup X,Y,W,H: the anchor point in the parent's window geometry and the popup's size.
struct PopupRect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

// --panel EDGE,THICKNESS: a wlr-layer-shell panel along the top or bottom edge.
struct PanelSpec {
    enum class Edge { top, bottom };
    Edge edge = Edge::top;
    int thickness = 0;
};

struct PatternOptions {
    int width = 400;  // used when the compositor leaves the size to us (configure 0x0)
    int height = 300;
    std::string title = "wrd-test-pattern";
    std::string app_id;  // empty: none set
    bool maximize = false;
    bool fullscreen = false;
    bool cursor = false;       // set our own cursor image on pointer enter
    bool hide_cursor = false;  // set a null cursor on pointer enter
    std::optional<int> exit_after_ms;
    std::optional<std::string> copy_text;  // may be empty: copying "" is a test too
    std::string copy_file;                 // empty: none; needs copy_mime
    std::string copy_mime;
    bool watch_selection = false;
    std::optional<PopupRect> popup;
    std::optional<PopupRect> reposition_popup;  // --popup's size at another anchor point
    std::optional<int> minimize_after_ms;
    bool move_on_press = false;
    bool resize_on_press = false;
    bool lock_pointer = false;
    bool confine_pointer = false;
    std::optional<PanelSpec> panel;  // a layer surface instead of an xdg toplevel
    bool inhibit_idle = false;
    bool smooth = false;  // paint smooth_pixel (desktop-like) instead of the noise pattern
    int csd_margin = 0;   // a grey border this wide around the window geometry, as client-side shadows are
    int min_width = 0;    // xdg_toplevel.set_min_size; 0: none
    int min_height = 0;

    bool uses_clipboard() const { return copy_text || !copy_file.empty() || watch_selection; }
    bool constrains_pointer() const { return lock_pointer || confine_pointer; }
};

// The options, or the exit status when the program should stop now (--help, or a bad
// option, reported on stderr).
std::expected<PatternOptions, int> parse_pattern_options(int argc, char** argv);

}  // namespace wrd::test
