#include "popup.hpp"

#include "event_log.hpp"

namespace wrd::test {
namespace {

Proxy<xdg_positioner> make_positioner(xdg_wm_base* wm_base, const PopupRect& rect) {
    Proxy<xdg_positioner> positioner(xdg_wm_base_create_positioner(wm_base));
    xdg_positioner_set_size(positioner.get(), rect.width, rect.height);
    xdg_positioner_set_anchor_rect(positioner.get(), rect.x, rect.y, 1, 1);
    xdg_positioner_set_anchor(positioner.get(), XDG_POSITIONER_ANCHOR_TOP_LEFT);
    xdg_positioner_set_gravity(positioner.get(), XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT);
    // No resize: the buffer stays W x H, so only where it lands can change.
    xdg_positioner_set_constraint_adjustment(
        positioner.get(), XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_X | XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_SLIDE_Y |
                              XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_X | XDG_POSITIONER_CONSTRAINT_ADJUSTMENT_FLIP_Y);
    return positioner;
}

}  // namespace

const xdg_surface_listener Popup::surface_listener{
    .configure = [](void* data, xdg_surface*, uint32_t serial) { static_cast<Popup*>(data)->handle_configure(serial); },
};

// popup_done is the compositor dismissing us. The popup then stays as a dead object until the
// window goes: nothing shows it.
const xdg_popup_listener Popup::popup_listener{
    .configure = [](void*, xdg_popup*, int32_t x, int32_t y, int32_t width, int32_t height) {
        log_event("popup_configure {} {} {} {}", x, y, width, height);
    },
    .popup_done = [](void*, xdg_popup*) { log_event("popup_done"); },
    .repositioned = [](void*, xdg_popup*, uint32_t token) { log_event("popup_repositioned {}", token); },
};

Popup::Popup(const Globals& globals, xdg_surface* parent, const PopupRect& rect, std::optional<PopupRect> reposition)
    : wm_base_(globals.wm_base.get()),
      reposition_(reposition),
      surface_(wl_compositor_create_surface(globals.compositor.get())),
      xdg_surface_(xdg_wm_base_get_xdg_surface(globals.wm_base.get(), surface_.get())),
      buffer_(globals.shm.get(), rect.width, rect.height, WL_SHM_FORMAT_XRGB8888) {
    xdg_surface_add_listener(xdg_surface_.get(), &surface_listener, this);
    // The positioner is copied into the popup when it is created, so it can go right after.
    Proxy<xdg_positioner> positioner = make_positioner(globals.wm_base.get(), rect);
    popup_.reset(xdg_surface_get_popup(xdg_surface_.get(), parent, positioner.get()));
    xdg_popup_add_listener(popup_.get(), &popup_listener, this);
    paint_pattern(buffer_);
    wl_surface_commit(surface_.get());
}

// The role objects go before the surface, as xdg-shell requires.
Popup::~Popup() {
    popup_.reset();
    xdg_surface_.reset();
    surface_.reset();
}

// The first configure maps the popup with its buffer; later ones only need the ack applied.
void Popup::handle_configure(uint32_t serial) {
    xdg_surface_ack_configure(xdg_surface_.get(), serial);
    if (attached_) {
        wl_surface_commit(surface_.get());
        return;
    }
    commit_buffer(surface_.get(), buffer_);
    attached_ = true;
    if (reposition_) {
        Proxy<xdg_positioner> positioner = make_positioner(wm_base_, *reposition_);
        xdg_popup_reposition(popup_.get(), positioner.get(), 1);
        reposition_.reset();
    }
}

}  // namespace wrd::test
