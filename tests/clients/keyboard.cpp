#include "keyboard.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "event_log.hpp"
#include "wayland/unique_fd.hpp"

namespace wrd::test {
namespace {

// The text goes out exactly as xkb gives it (Tab is a tab, Return a carriage return, Space
// a space), so tests see what a real client would insert; only "no text" needs a token.
// Parse the line with split(" ", 3), as the text itself may be or contain a space.
std::string text_for_log(std::string utf8) { return utf8.empty() ? "-" : utf8; }

}  // namespace

const wl_keyboard_listener Keyboard::listener{
    .keymap = [](void* data, wl_keyboard*, uint32_t format, int32_t fd, uint32_t size) {
        static_cast<Keyboard*>(data)->handle_keymap(format, fd, size);
    },
    .enter = [](void* data, wl_keyboard*, uint32_t serial, wl_surface*, wl_array*) {
        static_cast<Keyboard*>(data)->handle_enter(serial);
    },
    .leave = [](void*, wl_keyboard*, uint32_t, wl_surface*) { log_event("keyboard_leave"); },
    .key = [](void* data, wl_keyboard*, uint32_t, uint32_t, uint32_t key, uint32_t state) {
        static_cast<Keyboard*>(data)->handle_key(key, state);
    },
    .modifiers = [](void* data, wl_keyboard*, uint32_t, uint32_t depressed, uint32_t latched, uint32_t locked,
                    uint32_t group) { static_cast<Keyboard*>(data)->handle_modifiers(depressed, latched, locked, group); },
    .repeat_info = [](void*, wl_keyboard*, int32_t, int32_t) {},
};

Keyboard::Keyboard(wl_keyboard* keyboard, const SeatHooks& hooks)
    : context_(xkb_context_new(XKB_CONTEXT_NO_FLAGS)), keyboard_(keyboard), hooks_(hooks) {
    wl_keyboard_add_listener(keyboard_.get(), &listener, this);
}

Keyboard::~Keyboard() = default;

void Keyboard::handle_enter(uint32_t serial) {
    log_event("keyboard_enter");
    if (hooks_.keyboard_enter) hooks_.keyboard_enter(serial);
}

void Keyboard::handle_keymap(uint32_t format, int fd, uint32_t size) {
    UniqueFd owned(fd);
    if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1 || !context_) return;
    // wl_keyboard v7 requires MAP_PRIVATE: the compositor may share one read-only memfd.
    void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, owned.get(), 0);
    if (map == MAP_FAILED) {
        std::fprintf(stderr, "wrd-test-pattern: cannot map the keymap: %s\n", std::strerror(errno));
        return;
    }
    const char* text = static_cast<const char*>(map);
    xkb_keymap* keymap = xkb_keymap_new_from_buffer(context_.get(), text, strnlen(text, size),
                                                    XKB_KEYMAP_FORMAT_TEXT_V1, XKB_KEYMAP_COMPILE_NO_FLAGS);
    munmap(map, size);
    if (!keymap) {
        std::fprintf(stderr, "wrd-test-pattern: cannot compile the compositor's keymap\n");
        return;
    }
    keymap_.reset(keymap);
    state_.reset(xkb_state_new(keymap));
}

void Keyboard::handle_key(uint32_t key, uint32_t state) {
    const char* action = state == WL_KEYBOARD_KEY_STATE_PRESSED ? "pressed" : "released";
    log_event("key {} {} {}", key, action, key_text(key));
}

// The compositor owns the modifier state; we never feed key events into xkb_state ourselves.
void Keyboard::handle_modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group) {
    if (state_) xkb_state_update_mask(state_.get(), depressed, latched, locked, 0, 0, group);
}

std::string Keyboard::key_text(uint32_t key) const {
    if (!state_) return "-";
    const xkb_keycode_t code = key + 8;  // XKB keycodes are evdev codes plus 8
    const int length = xkb_state_key_get_utf8(state_.get(), code, nullptr, 0);
    if (length <= 0) return "-";
    std::string utf8(static_cast<size_t>(length), '\0');
    xkb_state_key_get_utf8(state_.get(), code, utf8.data(), utf8.size() + 1);
    return text_for_log(std::move(utf8));
}

}  // namespace wrd::test
