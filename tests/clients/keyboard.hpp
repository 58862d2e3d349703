// Logs keyboard focus and keys. The text of a key comes from the compositor's keymap and the
// modifiers it reports, exactly as a real client would compute it. Main thread only.
#pragma once

#include <memory>
#include <string>

#include <xkbcommon/xkbcommon.h>

#include "wayland/proxy.hpp"
#include "seat.hpp"

namespace wrd::test {

class Keyboard {
public:
    Keyboard(wl_keyboard* keyboard, const SeatHooks& hooks);  // takes ownership of `keyboard`
    Keyboard(const Keyboard&) = delete;
    Keyboard& operator=(const Keyboard&) = delete;
    ~Keyboard();

private:
    struct ContextUnref {
        void operator()(xkb_context* c) const noexcept { xkb_context_unref(c); }
    };
    struct KeymapUnref {
        void operator()(xkb_keymap* k) const noexcept { xkb_keymap_unref(k); }
    };
    struct StateUnref {
        void operator()(xkb_state* s) const noexcept { xkb_state_unref(s); }
    };

    static const wl_keyboard_listener listener;

    void handle_enter(uint32_t serial);
    void handle_keymap(uint32_t format, int fd, uint32_t size);
    void handle_key(uint32_t key, uint32_t state);
    void handle_modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group);
    std::string key_text(uint32_t key) const;

    // Empty until the first keymap arrives; a new keymap replaces both keymap and state.
    std::unique_ptr<xkb_context, ContextUnref> context_;
    std::unique_ptr<xkb_keymap, KeymapUnref> keymap_;
    std::unique_ptr<xkb_state, StateUnref> state_;
    Proxy<wl_keyboard> keyboard_;
    const SeatHooks& hooks_;
};

}  // namespace wrd::test
