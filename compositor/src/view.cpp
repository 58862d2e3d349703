#include "view.hpp"

#include "desktop.hpp"
#include "server.hpp"
#include "taskbar_handle.hpp"

namespace wrd::compositor {

View::View(Server& owner) : server(owner) {}

View::~View() {
    taskbar.reset();
    if (server.desktop) server.desktop->view_destroyed(*this);
}

View* View::from_node(wlr_scene_node* node) {
    auto* owner = static_cast<SceneOwner*>(node->data);
    if (!owner || owner->kind != SceneOwner::Kind::View) return nullptr;
    return static_cast<View*>(owner->object);
}

void View::attach_tree(wlr_scene_tree* t) {
    tree = t;
    tree->node.data = &owner_;
}

void View::move_to(int lx, int ly) {
    x = lx;
    y = ly;
    // The tree's origin is the window geometry's: wlr_scene_xdg_surface already offsets the
    // surface by the geometry's x, y (client-side shadows), and X11 windows have none.
    if (tree) wlr_scene_node_set_position(&tree->node, lx, ly);
    moved();
}

wlr_box View::layout_box() const {
    wlr_box geo = geometry();
    return {x, y, geo.width, geo.height};
}

}  // namespace wrd::compositor
