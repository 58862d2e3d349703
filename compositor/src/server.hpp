// Server: the compositor's root object. Owns the display, backend, renderer, scene and every
// protocol global, and tears them down in the reverse order. Event-loop thread only.
#pragma once

#include <memory>
#include <vector>

#include "config.hpp"
#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class ClientMonitor;
class Desktop;
class IdleInhibit;
class Launcher;
class Output;
class OutputManagement;
class Seat;
class SessionProtocol;

// A start-up step failed; the message is the one line a user sees.
struct StartupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Scene layers, bottom to top.
struct SceneLayers {
    wlr_scene_tree* background = nullptr;  // per-output colour rects, then layer-shell background
    wlr_scene_tree* bottom = nullptr;
    wlr_scene_tree* views = nullptr;
    wlr_scene_tree* top = nullptr;
    wlr_scene_tree* overlay = nullptr;
    wlr_scene_tree* popups = nullptr;  // X11 override-redirect windows and drag icons
};

class Server {
public:
    explicit Server(const Config& config);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Runs the event loop until terminate(); returns the exit code.
    int run();
    void terminate(int exit_code);

    // Adds a headless output configured as `oc`; returns it, or nullptr with a logged reason.
    Output* add_output(const OutputConfig& oc);
    Output* output_at(double lx, double ly) const;
    Output* output_under_cursor() const;
    Output* primary_output() const;

    const Config& config;
    wl_display* display = nullptr;
    wl_event_loop* loop = nullptr;
    wlr_backend* backend = nullptr;
    wlr_renderer* renderer = nullptr;
    wlr_allocator* allocator = nullptr;
    wlr_compositor* compositor = nullptr;
    wlr_output_layout* output_layout = nullptr;
    wlr_scene* scene = nullptr;
    wlr_scene_output_layout* scene_layout = nullptr;
    wlr_xdg_shell* xdg_shell = nullptr;
    wlr_layer_shell_v1* layer_shell = nullptr;
    wlr_xdg_activation_v1* activation = nullptr;
    wlr_xdg_decoration_manager_v1* decorations = nullptr;
    wlr_xwayland* xwayland = nullptr;
    wlr_foreign_toplevel_manager_v1* taskbar_manager = nullptr;
    SceneLayers layers;
    std::vector<Output*> outputs;  // each Output deletes itself when its wlr_output goes

    std::unique_ptr<Seat> seat;
    std::unique_ptr<Desktop> desktop;
    std::unique_ptr<IdleInhibit> idle_inhibit;
    std::unique_ptr<OutputManagement> output_management;
    std::unique_ptr<SessionProtocol> session;
    std::unique_ptr<Launcher> launcher;
    std::unique_ptr<ClientMonitor> client_monitor;

private:
    void create_backend_and_renderer();
    void create_scene();
    void create_protocols();
    void start_xwayland();
    void handle_new_output(wlr_output* output);
    void handle_layout_change();

    const OutputConfig* pending_output_ = nullptr;  // the config add_output() is applying
    int exit_code_ = 0;
    wl_event_source* signal_sources_[2] = {};
    wl::Listener<wlr_output> new_output_;
    wl::Listener<void> layout_change_;
    wl::Listener<wlr_xdg_toplevel> new_toplevel_;
    wl::Listener<wlr_xdg_popup> new_popup_;
    wl::Listener<wlr_layer_surface_v1> new_layer_surface_;
    wl::Listener<wlr_xdg_toplevel_decoration_v1> new_decoration_;
    wl::Listener<wlr_xdg_activation_v1_request_activate_event> request_activate_;
    wl::Listener<wlr_xwayland_surface> new_xwayland_surface_;
    wl::Listener<void> xwayland_ready_;
};

}  // namespace wrd::compositor
