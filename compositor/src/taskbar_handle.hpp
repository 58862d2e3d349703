// TaskbarHandle: a mapped window as seen by taskbars and window switchers
// (wlr-foreign-toplevel-management): title, app id, output and state, and their requests to
// activate, close, (un)maximize, (un)minimize or fullscreen it. Without it a minimized
// window could only come back through Alt+Tab. Event-loop thread only.
#pragma once

#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Server;
class View;

class TaskbarHandle {
public:
    TaskbarHandle(Server& server, View& view, wlr_foreign_toplevel_manager_v1* manager);
    ~TaskbarHandle();
    TaskbarHandle(const TaskbarHandle&) = delete;
    TaskbarHandle& operator=(const TaskbarHandle&) = delete;

    // Publishes the view's current title, app id, state and output.
    void sync();

private:
    Server& server_;
    View& view_;
    wlr_foreign_toplevel_handle_v1* handle_;
    wlr_output* output_ = nullptr;
    wl::Listener<wlr_foreign_toplevel_handle_v1_activated_event> activate_;
    wl::Listener<wlr_foreign_toplevel_handle_v1_maximized_event> maximize_;
    wl::Listener<wlr_foreign_toplevel_handle_v1_minimized_event> minimize_;
    wl::Listener<wlr_foreign_toplevel_handle_v1_fullscreen_event> fullscreen_;
    wl::Listener<void> close_;
    wl::Listener<void> output_destroy_;
};

}  // namespace wrd::compositor
