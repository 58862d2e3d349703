// Desktop: the floating window manager. Placement, focus and stacking, maximize,
// fullscreen, minimize and Alt+Tab cycling. Event-loop thread only.
#pragma once

#include <list>
#include <map>
#include <string>

#include "wlr.hpp"

namespace wrd::compositor {

class Output;
class Server;
class View;

class Desktop {
public:
    explicit Desktop(Server& server) : server_(server) {}

    void view_mapped(View& view);
    void view_unmapped(View& view);
    void view_destroyed(View& view);

    // Gives keyboard focus to `view` (nullptr: nobody) and raises it; restores it if minimized.
    void focus(View* view);
    // Keyboard focus for a surface that is not a view (layer-shell); nullptr clears it.
    void focus_surface(wlr_surface* surface);
    View* focused() const { return focused_; }
    // Alt+Tab: bring the least recently used window (minimized ones too) to the front.
    void cycle(bool forward);

    void set_maximized(View& view, bool on);
    void set_fullscreen(View& view, bool on, wlr_output* output);
    void minimize(View& view);

    // After the outputs changed: re-fits maximized and fullscreen windows, slides windows an
    // output no longer holds back inside it (or onto the first output), and puts windows moved
    // that way back where they were once their output is large enough again.
    void refit_views();
    // Tells taskbars about the view's current state (nullptr: nothing to do).
    void publish(View* view) const;

    // The topmost view and surface at a layout point, with surface-local coordinates.
    View* view_at(double lx, double ly, wlr_surface** surface, double* sx, double* sy) const;
    Output* output_of(const View& view) const;

    const std::list<View*>& views() const { return views_; }

private:
    void place(View& view);
    wlr_box least_covering_spot(const View& view, const wlr_box& area, int w, int h) const;
    void fit(View& view);
    View* next_focusable(View* except) const;
    void keep_inside(View& view);
    void rescue(View& view, Output& out);
    bool move_for_output(View& view, const wlr_box& to);
    void remember_place(View& view, const wlr_box& to);
    bool restore_place(View& view);
    void note_output_areas();
    Output* output_named(const std::string& name) const;

    // Where each output was, and its usable area, when the views were last fitted to them.
    struct OutputArea {
        wlr_box box, usable;
    };

    Server& server_;
    std::list<View*> views_;  // most recently focused first
    View* focused_ = nullptr;
    std::map<std::string, OutputArea> output_areas_;  // by output name
};

}  // namespace wrd::compositor
