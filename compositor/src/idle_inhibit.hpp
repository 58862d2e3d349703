// IdleInhibit: idle-inhibit-v1. The session counts as busy while a client that asked for it
// (a video player, a presentation) is actually visible: a minimized or unmapped window does
// not keep the screen awake. Event-loop thread only.
#pragma once

#include <list>

#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Server;

class IdleInhibit {
public:
    IdleInhibit(Server& server, wlr_idle_notifier_v1* notifier);
    IdleInhibit(const IdleInhibit&) = delete;
    IdleInhibit& operator=(const IdleInhibit&) = delete;

    // Re-checks which inhibitors count; call after a window is mapped, unmapped, minimized
    // or restored.
    void update();

private:
    struct Entry {
        wlr_idle_inhibitor_v1* inhibitor;
        wl::Listener<void> destroy;
    };

    bool visible(wlr_surface* surface) const;

    Server& server_;
    wlr_idle_notifier_v1* notifier_;
    wlr_idle_inhibit_manager_v1* manager_ = nullptr;
    std::list<Entry> entries_;  // a list: each Listener's address must stay put
    wl::Listener<wlr_idle_inhibitor_v1> new_inhibitor_;
};

}  // namespace wrd::compositor
