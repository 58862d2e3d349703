// PeerSession: client input to the desktop (ARCHITECTURE.md section 5).
#include "input/keyboard_translator.hpp"
#include "input/pointer_translator.hpp"
#include "pointer/pointer_updates.hpp"
#include "session/peer_session.hpp"

namespace wrd::rdp {

// Input before activation has no desktop to go to; FreeRDP only delivers it afterwards, but a
// malformed client could send it early, and it is ignored then.
bool PeerSession::on_keyboard(uint16_t flags, uint8_t code) {
    if (activated_) keyboard_->scancode(flags, code);
    return true;
}

bool PeerSession::on_unicode(uint16_t flags, uint16_t code) {
    if (activated_) keyboard_->unicode(flags, code);
    return true;
}

bool PeerSession::on_mouse(uint16_t flags, uint16_t x, uint16_t y) {
    if (!activated_) return true;
    pointer_->mouse(flags, x, y);
    pointer_updates_->moved_by_client(x, y);
    return true;
}

bool PeerSession::on_extended_mouse(uint16_t flags, uint16_t x, uint16_t y) {
    if (!activated_) return true;
    pointer_->extended_mouse(flags, x, y);
    pointer_updates_->moved_by_client(x, y);
    return true;
}

bool PeerSession::on_synchronize(uint32_t flags) {
    if (activated_) keyboard_->synchronize(flags);
    return true;
}

}  // namespace wrd::rdp
