#include "server.hpp"

#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "client_monitor.hpp"
#include "desktop.hpp"
#include "idle_inhibit.hpp"
#include "launcher.hpp"
#include "layer_surface.hpp"
#include "log.hpp"
#include "output.hpp"
#include "output_management.hpp"
#include "renderer_select.hpp"
#include "seat.hpp"
#include "session_protocol.hpp"
#include "view.hpp"
#include "xdg_view.hpp"
#include "xwayland_view.hpp"

namespace wrd::compositor {
namespace {

template <typename T>
T* require(T* object, const char* what) {
    if (!object) throw StartupError(std::string("cannot create ") + what);
    return object;
}

int on_terminate_signal(int signal, void* data) {
    log().info("signal {}: shutting down", signal);
    static_cast<Server*>(data)->terminate(0);
    return 0;
}

}  // namespace

Server::Server(const Config& cfg) : config(cfg) {
    display = require(wl_display_create(), "the Wayland display");
    loop = wl_display_get_event_loop(display);
    client_monitor = std::make_unique<ClientMonitor>(display);
    create_backend_and_renderer();
    create_scene();
    create_protocols();

    new_output_.connect(backend->events.new_output, [this](wlr_output* o) { handle_new_output(o); });
    if (!wlr_backend_start(backend)) throw StartupError("cannot start the headless backend");
    for (const auto& oc : config.outputs)
        if (!add_output(oc)) throw StartupError("cannot create the configured outputs");

    const char* socket = nullptr;
    if (config.socket.empty()) {
        socket = wl_display_add_socket_auto(display);
        if (!socket) throw StartupError("cannot open a Wayland socket (is XDG_RUNTIME_DIR writable?)");
    } else {
        if (wl_display_add_socket(display, config.socket.c_str()) != 0)
            throw StartupError("cannot open Wayland socket '" + config.socket +
                               "' (in use, or XDG_RUNTIME_DIR not writable)");
        socket = config.socket.c_str();
    }
    setenv("WAYLAND_DISPLAY", socket, 1);
    if (config.xwayland)
        start_xwayland();
    else
        unsetenv("DISPLAY");

    signal_sources_[0] = wl_event_loop_add_signal(loop, SIGTERM, on_terminate_signal, this);
    signal_sources_[1] = wl_event_loop_add_signal(loop, SIGINT, on_terminate_signal, this);
    launcher = std::make_unique<Launcher>(*this);

    // Scripts and the front end read this line to attach.
    std::printf("WAYLAND_DISPLAY=%s\n", socket);
    if (xwayland) std::printf("DISPLAY=%s\n", xwayland->display_name);
    std::printf("WRD_COMPOSITOR_READY=1\n");
    std::fflush(stdout);
    log().info("ready on WAYLAND_DISPLAY={}{}{}", socket, xwayland ? " DISPLAY=" : "",
               xwayland ? xwayland->display_name : "");
    launcher->start_autostart();
}

void Server::create_backend_and_renderer() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); !runtime || !*runtime)
        throw StartupError("XDG_RUNTIME_DIR is not set: Wayland needs it for its socket");
    backend = require(wlr_headless_backend_create(loop), "the headless backend");
    RendererPick pick = create_renderer(config.renderer);
    renderer = pick.renderer;
    log().info("renderer: {}", pick.name);
    if (!wlr_renderer_init_wl_display(renderer, display))
        throw StartupError("cannot set up wl_shm/linux-dmabuf for the renderer");
    allocator = require(wlr_allocator_autocreate(backend, renderer), "a buffer allocator");
}

void Server::create_scene() {
    output_layout = require(wlr_output_layout_create(display), "the output layout");
    layout_change_.connect(output_layout->events.change, [this](void*) { handle_layout_change(); });
    scene = require(wlr_scene_create(), "the scene");
    scene_layout = wlr_scene_attach_output_layout(scene, output_layout);
    for (wlr_scene_tree** t :
         {&layers.background, &layers.bottom, &layers.views, &layers.top, &layers.overlay, &layers.popups})
        *t = wlr_scene_tree_create(&scene->tree);
}

void Server::create_protocols() {
    compositor = require(wlr_compositor_create(display, 6, renderer), "wl_compositor");
    require(wlr_subcompositor_create(display), "wl_subcompositor");
    require(wlr_data_device_manager_create(display), "wl_data_device_manager");
    require(wlr_primary_selection_v1_device_manager_create(display), "primary selection");
    require(wlr_data_control_manager_v1_create(display), "data control");
    require(wlr_xdg_output_manager_v1_create(display, output_layout), "xdg-output");
    require(wlr_viewporter_create(display), "viewporter");
    require(wlr_presentation_create(display, backend), "presentation-time");
    require(wlr_fractional_scale_manager_v1_create(display, 1), "fractional-scale");
    require(wlr_single_pixel_buffer_manager_v1_create(display), "single-pixel-buffer");
    require(wlr_screencopy_manager_v1_create(display), "screencopy");
    require(wlr_export_dmabuf_manager_v1_create(display), "export-dmabuf");

    xdg_shell = require(wlr_xdg_shell_create(display, 6), "xdg-shell");
    new_toplevel_.connect(xdg_shell->events.new_toplevel, [this](wlr_xdg_toplevel* t) { new XdgView(*this, t); });
    new_popup_.connect(xdg_shell->events.new_popup, [this](wlr_xdg_popup* popup) {
        // Layer-shell popups get their parent later and arrive through the layer surface.
        if (!popup->parent) return;
        auto* parent = wlr_xdg_surface_try_from_wlr_surface(popup->parent);
        if (parent && parent->data) new XdgPopup(*this, popup, static_cast<wlr_scene_tree*>(parent->data));
    });
    decorations = require(wlr_xdg_decoration_manager_v1_create(display), "xdg-decoration");
    new_decoration_.connect(decorations->events.new_toplevel_decoration, [](wlr_xdg_toplevel_decoration_v1* d) {
        auto* tree = static_cast<wlr_scene_tree*>(d->toplevel->base->data);
        if (auto* view = tree ? dynamic_cast<XdgView*>(View::from_node(&tree->node)) : nullptr) view->set_decoration(d);
    });
    layer_shell = require(wlr_layer_shell_v1_create(display, 4), "layer-shell");
    new_layer_surface_.connect(layer_shell->events.new_surface, [this](wlr_layer_surface_v1* s) {
        try {
            new LayerSurface(*this, s);
        } catch (const StartupError& e) {
            log().warn("layer surface refused: {}", e.what());
            wlr_layer_surface_v1_destroy(s);
        }
    });
    taskbar_manager = require(wlr_foreign_toplevel_manager_v1_create(display), "foreign-toplevel-management");
    activation = require(wlr_xdg_activation_v1_create(display), "xdg-activation");
    request_activate_.connect(activation->events.request_activate,
                              [this](wlr_xdg_activation_v1_request_activate_event* ev) {
        auto* xs = wlr_xdg_surface_try_from_wlr_surface(ev->surface);
        if (!xs || !xs->data || xs->role != WLR_XDG_SURFACE_ROLE_TOPLEVEL) return;
        if (View* v = View::from_node(&static_cast<wlr_scene_tree*>(xs->data)->node); v && v->mapped) desktop->focus(v);
    });

    seat = std::make_unique<Seat>(*this);
    desktop = std::make_unique<Desktop>(*this);
    idle_inhibit = std::make_unique<IdleInhibit>(*this, seat->idle);
    output_management = std::make_unique<OutputManagement>(*this);
    session = std::make_unique<SessionProtocol>(*this);
}

void Server::start_xwayland() {
    xwayland = wlr_xwayland_create(display, compositor, true);
    if (!xwayland) {
        log().warn("XWayland is unavailable: X11 apps will not run");
        unsetenv("DISPLAY");
        return;
    }
    wlr_xwayland_set_seat(xwayland, seat->wlr);
    new_xwayland_surface_.connect(xwayland->events.new_surface,
                                  [this](wlr_xwayland_surface* s) { handle_new_xwayland_surface(*this, s); });
    xwayland_ready_.connect(xwayland->events.ready, [](void*) { log().info("XWayland is running"); });
    setenv("DISPLAY", xwayland->display_name, 1);
}

Server::~Server() {
    for (wl_event_source* source : signal_sources_)
        if (source) wl_event_source_remove(source);
    launcher.reset();
    wl_display_destroy_clients(display);
    if (xwayland) {
        new_xwayland_surface_.disconnect();
        xwayland_ready_.disconnect();
        wlr_xwayland_destroy(xwayland);
    }
    new_toplevel_.disconnect();
    new_popup_.disconnect();
    new_layer_surface_.disconnect();
    new_decoration_.disconnect();
    request_activate_.disconnect();
    session.reset();
    new_output_.disconnect();
    layout_change_.disconnect();
    wlr_backend_destroy(backend);  // destroys the outputs
    output_management.reset();
    idle_inhibit.reset();
    desktop.reset();
    seat.reset();
    wlr_scene_node_destroy(&scene->tree.node);
    client_monitor.reset();
    wl_display_destroy(display);
    wlr_allocator_destroy(allocator);
    wlr_renderer_destroy(renderer);
}

int Server::run() {
    wl_display_run(display);
    return exit_code_;
}

void Server::terminate(int exit_code) {
    exit_code_ = exit_code;
    wl_display_terminate(display);
}

Output* Server::add_output(const OutputConfig& oc) {
    pending_output_ = &oc;
    Output* before = outputs.empty() ? nullptr : outputs.back();
    size_t count = outputs.size();
    wlr_headless_add_output(backend, static_cast<unsigned>(oc.width), static_cast<unsigned>(oc.height));
    pending_output_ = nullptr;
    if (outputs.size() == count || outputs.back() == before) return nullptr;
    return outputs.back();
}

void Server::handle_new_output(wlr_output* o) {
    static const OutputConfig fallback;
    try {
        new Output(*this, o, pending_output_ ? *pending_output_ : fallback);
    } catch (const StartupError& e) {
        log().error("{}", e.what());
        wlr_output_destroy(o);
        return;
    }
    // The layout changed before the Output was complete; the desktop must see it too, so it
    // knows where the outputs were when one of them later shrinks.
    if (desktop) desktop->refit_views();
    if (output_management) output_management->publish();
}

void Server::handle_layout_change() {
    for (Output* o : outputs) {
        o->update_background();
        o->arrange_layers();
    }
    if (desktop) desktop->refit_views();
    if (output_management) output_management->publish();
}

Output* Server::output_at(double lx, double ly) const {
    wlr_output* o = wlr_output_layout_output_at(output_layout, lx, ly);
    return o ? Output::from(o) : nullptr;
}

Output* Server::output_under_cursor() const {
    if (seat)
        if (Output* o = output_at(seat->cursor->x, seat->cursor->y)) return o;
    return primary_output();
}

Output* Server::primary_output() const {
    return outputs.empty() ? nullptr : outputs.front();
}

}  // namespace wrd::compositor
