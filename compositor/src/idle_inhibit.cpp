#include "idle_inhibit.hpp"

#include "server.hpp"
#include "view.hpp"

namespace wrd::compositor {

IdleInhibit::IdleInhibit(Server& server, wlr_idle_notifier_v1* notifier) : server_(server), notifier_(notifier) {
    manager_ = wlr_idle_inhibit_v1_create(server.display);
    if (!manager_) throw StartupError("cannot create idle-inhibit");
    new_inhibitor_.connect(manager_->events.new_inhibitor, [this](wlr_idle_inhibitor_v1* inhibitor) {
        Entry& entry = entries_.emplace_back(inhibitor);
        entry.destroy.connect(inhibitor->events.destroy, [this, inhibitor](void*) {
            // Erasing the entry destroys this very callback: touch nothing captured after it.
            std::erase_if(entries_, [inhibitor](const Entry& e) { return e.inhibitor == inhibitor; });
            update();
        });
        update();
    });
}

bool IdleInhibit::visible(wlr_surface* surface) const {
    wlr_surface* root = wlr_surface_get_root_surface(surface);
    if (!root || !root->mapped) return false;
    if (auto* toplevel = wlr_xdg_toplevel_try_from_wlr_surface(root); toplevel && toplevel->base->data) {
        View* view = View::from_node(&static_cast<wlr_scene_tree*>(toplevel->base->data)->node);
        return !view || !view->minimized;
    }
    return true;
}

void IdleInhibit::update() {
    bool inhibited = false;
    for (const Entry& e : entries_) inhibited = inhibited || visible(e.inhibitor->surface);
    wlr_idle_notifier_v1_set_inhibited(notifier_, inhibited);
}

}  // namespace wrd::compositor
