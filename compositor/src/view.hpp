// View: one per top-level window (xdg toplevel or managed X11 window). Holds the desktop
// state the window manager needs; subclasses talk to the client. Event-loop thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "scene_owner.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Server;
class TaskbarHandle;

struct Size {
    int width = 0, height = 0;
};

class View {
public:
    explicit View(Server& owner);  // out of line: TaskbarHandle is incomplete here
    virtual ~View();
    View(const View&) = delete;
    View& operator=(const View&) = delete;

    // The View whose scene tree holds `node`, or nullptr.
    static View* from_node(wlr_scene_node* node);

    virtual wlr_surface* surface() const = 0;
    // Current window geometry: (x, y) is the offset of the window inside its surface.
    virtual wlr_box geometry() const = 0;
    // Moves the window to (box.x, box.y) and asks the client for box's size (0: its choice).
    virtual void request_box(const wlr_box& box) = 0;
    virtual void set_activated(bool activated) = 0;
    // Tells the client which state it is in so it drops shadows and resize borders.
    virtual void set_state(bool max, bool full) = 0;
    virtual void close() = 0;
    virtual std::string title() const = 0;
    virtual std::string app_id() const = 0;
    // The smallest size the client accepts ({0,0}: no minimum).
    virtual Size min_size() const { return {}; }

    // Places the window's geometry origin at layout position (lx, ly).
    void move_to(int lx, int ly);
    wlr_box layout_box() const;  // window geometry in layout coordinates

    Server& server;
    wlr_scene_tree* tree = nullptr;  // node.data points back here
    int x = 0, y = 0;                // layout position of the window geometry's origin
    bool mapped = false;
    bool placed = false;  // got its first position
    bool minimized = false;
    bool maximized = false;
    bool fullscreen = false;
    wlr_box floating_box{};  // where it was before maximize/fullscreen
    wlr_output* fullscreen_output = nullptr;
    // Where the window was before an output shrank under it and the desktop moved it there,
    // to put it back when that output is large enough again. Dropped once the user moves it.
    struct SavedPlace {
        std::string output;  // the output it was on
        wlr_box box;         // its box then, relative to that output's top-left corner
        Size area;           // the size of that output's usable area then
        wlr_box given;       // the box the desktop gave it last, in layout coordinates
    };
    std::optional<SavedPlace> saved_place;
    std::unique_ptr<TaskbarHandle> taskbar;  // while mapped

protected:
    virtual void moved() {}               // after move_to(): X11 windows must learn their position
    void attach_tree(wlr_scene_tree* t);  // sets tree and the back-pointer

private:
    SceneOwner owner_{SceneOwner::Kind::View, this};
};

}  // namespace wrd::compositor
