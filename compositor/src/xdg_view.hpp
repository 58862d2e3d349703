// XdgView: a View for an xdg-shell toplevel; XdgPopup: a menu or tooltip, constrained to
// its output. Both delete themselves when their wlroots object is destroyed.
// Event-loop thread only.
#pragma once

#include "listener.hpp"
#include "view.hpp"

namespace wrd::compositor {

class XdgView final : public View {
public:
    XdgView(Server& server, wlr_xdg_toplevel* toplevel);
    ~XdgView() override;

    wlr_surface* surface() const override { return toplevel_->base->surface; }
    wlr_box geometry() const override {
        wlr_box box{};
        wlr_xdg_surface_get_geometry(toplevel_->base, &box);
        return box;
    }
    Size min_size() const override { return {toplevel_->current.min_width, toplevel_->current.min_height}; }
    void request_box(const wlr_box& box) override;
    void set_activated(bool activated) override;
    void set_state(bool max, bool full) override;
    void close() override;
    std::string title() const override;
    std::string app_id() const override { return toplevel_->app_id ? toplevel_->app_id : ""; }

    void set_decoration(wlr_xdg_toplevel_decoration_v1* decoration);

private:
    void handle_commit();
    void log_size_change();
    void apply_decoration_mode();

    wlr_xdg_toplevel* const toplevel_;
    wlr_xdg_toplevel_decoration_v1* decoration_ = nullptr;
    Size logged_size_;
    wl::Listener<void> map_, unmap_, commit_, destroy_;
    wl::Listener<wlr_xdg_toplevel_move_event> request_move_;
    wl::Listener<wlr_xdg_toplevel_resize_event> request_resize_;
    wl::Listener<void> request_maximize_, request_fullscreen_, request_minimize_;
    wl::Listener<void> decoration_request_, decoration_destroy_;
    wl::Listener<void> set_title_, set_app_id_;
};

class XdgPopup {
public:
    // parent_tree: the scene tree of the popup's parent surface.
    XdgPopup(Server& server, wlr_xdg_popup* popup, wlr_scene_tree* parent_tree);

private:
    void unconstrain();

    Server& server_;
    wlr_xdg_popup* const popup_;
    wlr_scene_tree* const tree_;  // destroyed by wlroots with the xdg_surface
    wl::Listener<void> commit_, reposition_, map_, destroy_;
};

}  // namespace wrd::compositor
