#include "taskbar_handle.hpp"

#include "desktop.hpp"
#include "output.hpp"
#include "server.hpp"
#include "view.hpp"

namespace wrd::compositor {

TaskbarHandle::TaskbarHandle(Server& server, View& view, wlr_foreign_toplevel_manager_v1* manager)
    : server_(server), view_(view), handle_(wlr_foreign_toplevel_handle_v1_create(manager)) {
    activate_.connect(handle_->events.request_activate, [this](auto*) { server_.desktop->focus(&view_); });
    maximize_.connect(handle_->events.request_maximize, [this](wlr_foreign_toplevel_handle_v1_maximized_event* ev) {
        server_.desktop->set_maximized(view_, ev->maximized);
    });
    minimize_.connect(handle_->events.request_minimize, [this](wlr_foreign_toplevel_handle_v1_minimized_event* ev) {
        if (ev->minimized)
            server_.desktop->minimize(view_);
        else
            server_.desktop->focus(&view_);
    });
    fullscreen_.connect(handle_->events.request_fullscreen,
                        [this](wlr_foreign_toplevel_handle_v1_fullscreen_event* ev) {
        server_.desktop->set_fullscreen(view_, ev->fullscreen, ev->output);
    });
    close_.connect(handle_->events.request_close, [this](void*) { view_.close(); });
    sync();
}

TaskbarHandle::~TaskbarHandle() {
    output_destroy_.disconnect();
    wlr_foreign_toplevel_handle_v1_destroy(handle_);
}

void TaskbarHandle::sync() {
    wlr_foreign_toplevel_handle_v1_set_title(handle_, view_.title().c_str());
    wlr_foreign_toplevel_handle_v1_set_app_id(handle_, view_.app_id().c_str());
    wlr_foreign_toplevel_handle_v1_set_activated(handle_, server_.desktop->focused() == &view_);
    wlr_foreign_toplevel_handle_v1_set_maximized(handle_, view_.maximized);
    wlr_foreign_toplevel_handle_v1_set_minimized(handle_, view_.minimized);
    wlr_foreign_toplevel_handle_v1_set_fullscreen(handle_, view_.fullscreen);
    Output* out = server_.desktop->output_of(view_);
    wlr_output* now = out ? out->wlr : nullptr;
    if (now == output_) return;
    if (output_) wlr_foreign_toplevel_handle_v1_output_leave(handle_, output_);
    output_destroy_.disconnect();
    output_ = now;
    if (!output_) return;
    wlr_foreign_toplevel_handle_v1_output_enter(handle_, output_);
    output_destroy_.connect(output_->events.destroy, [this](void*) {
        output_destroy_.disconnect();
        output_ = nullptr;
    });
}

}  // namespace wrd::compositor
