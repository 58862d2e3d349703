// Seat: the one wl_seat. Routes virtual keyboard and pointer input to clients, runs the
// click-to-focus and move/resize grabs, and tracks the cursor image for wrd_session_v1.
// Event-loop thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Keyboard;
class Server;
class View;

// What the cursor looks like right now.
struct CursorImage {
    enum class Kind { Hidden, Named, Surface } kind = Kind::Named;
    std::string name = "default";    // Kind::Named: an xcursor name
    wlr_surface* surface = nullptr;  // Kind::Surface: a client's cursor surface
    int hotspot_x = 0, hotspot_y = 0;
};

class Seat {
public:
    explicit Seat(Server& server);
    ~Seat();
    Seat(const Seat&) = delete;
    Seat& operator=(const Seat&) = delete;

    void keyboard_focus(wlr_surface* surface);
    void view_gone(View& view);  // ends a grab on it
    // Client-requested move/resize; serial is the button press's (X11 gives none).
    void begin_move(View& view, std::optional<uint32_t> serial);
    void begin_resize(View& view, uint32_t edges, std::optional<uint32_t> serial);
    void keyboard_gone(Keyboard& keyboard);
    void notify_activity();

    const CursorImage& cursor_image() const { return image_; }
    // While false the cursor is not drawn into frames (a front end draws it client-side).
    void set_cursor_composited(bool composited);

    wlr_seat* wlr = nullptr;
    wlr_cursor* cursor = nullptr;
    wlr_xcursor_manager* xcursor = nullptr;
    wlr_idle_notifier_v1* idle = nullptr;

private:
    enum class Grab { None, Move, Resize };

    void create_input_protocols();
    void connect_cursor_events();
    void connect_seat_requests();
    void process_motion(uint32_t time_msec);
    void update_pointer_focus(uint32_t time_msec);
    void confine(double& dx, double& dy) const;
    void move_pointer(wlr_input_device* device, double dx, double dy, uint32_t time_msec);
    void handle_button(wlr_pointer_button_event* ev);
    void update_grab();
    bool grab_allowed(View& view, std::optional<uint32_t> serial) const;
    void set_image_named(const std::string& name);
    void set_image_surface(wlr_surface* surface, int hx, int hy);
    void apply_image();
    void update_constraint();

    Server& server_;
    std::vector<std::unique_ptr<Keyboard>> keyboards_;
    wlr_virtual_keyboard_manager_v1* virtual_keyboards_ = nullptr;
    wlr_virtual_pointer_manager_v1* virtual_pointers_ = nullptr;
    wlr_pointer_constraints_v1* constraints_ = nullptr;
    wlr_pointer_constraint_v1* active_constraint_ = nullptr;
    wlr_relative_pointer_manager_v1* relative_ = nullptr;
    wlr_cursor_shape_manager_v1* cursor_shape_ = nullptr;

    CursorImage image_;
    bool composited_ = true;
    double absolute_x_ = 0, absolute_y_ = 0;  // last position from an absolute device
    bool have_absolute_ = false;

    Grab grab_ = Grab::None;
    View* grab_view_ = nullptr;
    double grab_x_ = 0, grab_y_ = 0;  // cursor position at grab start
    wlr_box grab_box_{};              // window box at grab start
    uint32_t resize_edges_ = 0;

    wl::Listener<wlr_pointer_motion_event> motion_;
    wl::Listener<wlr_pointer_motion_absolute_event> motion_absolute_;
    wl::Listener<wlr_pointer_button_event> button_;
    wl::Listener<wlr_pointer_axis_event> axis_;
    wl::Listener<void> frame_;
    wl::Listener<wlr_virtual_keyboard_v1> new_virtual_keyboard_;
    wl::Listener<wlr_virtual_pointer_v1_new_pointer_event> new_virtual_pointer_;
    wl::Listener<wlr_seat_pointer_request_set_cursor_event> request_cursor_;
    wl::Listener<wlr_cursor_shape_manager_v1_request_set_shape_event> request_shape_;
    wl::Listener<wlr_seat_request_set_selection_event> request_selection_;
    wl::Listener<wlr_seat_request_set_primary_selection_event> request_primary_;
    wl::Listener<wlr_seat_request_start_drag_event> request_drag_;
    wl::Listener<wlr_drag> start_drag_;
    wl::Listener<wlr_pointer_constraint_v1> new_constraint_;
    wl::Listener<void> cursor_surface_commit_;
    wl::Listener<void> cursor_surface_destroy_;
    wl::Listener<void> constraint_destroy_;
};

}  // namespace wrd::compositor
