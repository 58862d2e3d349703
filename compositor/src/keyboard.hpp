// Keyboard: one per wlr_keyboard (virtual keyboards from the front end). Handles the
// compositor's own shortcuts and forwards everything else to the focused client.
// Event-loop thread only.
#pragma once

#include <unordered_set>

#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {

class Server;

class Keyboard {
public:
    Keyboard(Server& server, wlr_keyboard* keyboard);
    Keyboard(const Keyboard&) = delete;
    Keyboard& operator=(const Keyboard&) = delete;

    wlr_keyboard* const wlr;

private:
    bool handle_shortcut(xkb_keysym_t sym, uint32_t modifiers);

    Server& server_;
    std::unordered_set<uint32_t> swallowed_;  // keys whose press was a shortcut
    wl::Listener<wlr_keyboard_key_event> key_;
    wl::Listener<void> modifiers_;
    wl::Listener<void> destroy_;
};

}  // namespace wrd::compositor
