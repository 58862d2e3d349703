#include "keyboard.hpp"

#include "desktop.hpp"
#include "seat.hpp"
#include "server.hpp"
#include "view.hpp"

namespace wrd::compositor {

Keyboard::Keyboard(Server& server, wlr_keyboard* keyboard) : wlr(keyboard), server_(server) {
    key_.connect(wlr->events.key, [this](wlr_keyboard_key_event* ev) {
        Seat& seat = *server_.seat;
        seat.notify_activity();
        if (ev->state == WL_KEYBOARD_KEY_STATE_PRESSED && wlr->xkb_state) {
            // libinput keycodes are evdev codes; xkb's are offset by 8.
            xkb_keysym_t sym = xkb_state_key_get_one_sym(wlr->xkb_state, ev->keycode + 8);
            if (handle_shortcut(sym, wlr_keyboard_get_modifiers(wlr))) {
                swallowed_.insert(ev->keycode);
                return;
            }
        } else if (swallowed_.erase(ev->keycode)) {
            return;
        }
        wlr_seat_set_keyboard(seat.wlr, wlr);
        wlr_seat_keyboard_notify_key(seat.wlr, ev->time_msec, ev->keycode, ev->state);
    });
    modifiers_.connect(wlr->events.modifiers, [this](void*) {
        wlr_seat_set_keyboard(server_.seat->wlr, wlr);
        wlr_seat_keyboard_notify_modifiers(server_.seat->wlr, &wlr->modifiers);
    });
    destroy_.connect(wlr->base.events.destroy, [this](void*) { server_.seat->keyboard_gone(*this); });
}

// The few shortcuts a floating desktop without a taskbar needs. Ctrl/Super combinations
// stay with the clients.
bool Keyboard::handle_shortcut(xkb_keysym_t sym, uint32_t modifiers) {
    const bool alt = modifiers & WLR_MODIFIER_ALT;
    if (!alt || (modifiers & (WLR_MODIFIER_CTRL | WLR_MODIFIER_LOGO))) return false;
    Desktop& desktop = *server_.desktop;
    switch (sym) {
        case XKB_KEY_Tab:
            desktop.cycle(true);
            return true;
        case XKB_KEY_ISO_Left_Tab:
            desktop.cycle(false);
            return true;
        case XKB_KEY_F4:
            if (View* v = desktop.focused()) v->close();
            return true;
        default:
            return false;
    }
}

}  // namespace wrd::compositor
