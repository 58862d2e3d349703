// VirtualKeyboard and VirtualPointer: the KeyboardSink and PointerSink of a Wayland session,
// over zwp_virtual_keyboard_v1 and zwlr_virtual_pointer_v1 on the compositor's seat.
// Requests are queued on the connection and flushed before the I/O thread's next poll; after
// the connection is lost they are dropped. I/O thread only.
#pragma once

#include <cstdint>
#include <string>

#include "input/input_sink.hpp"
#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

// Milliseconds of CLOCK_MONOTONIC, wrapping: the timestamps of Wayland input events.
uint32_t input_timestamp_ms();

class VirtualKeyboard final : public KeyboardSink {
public:
    VirtualKeyboard(zwp_virtual_keyboard_manager_v1* manager, wl_seat* seat);

    // Uploads the keymap through a sealed memfd. An unusable keymap (empty, or the memfd
    // fails) is logged and keys stay dropped until a good one comes.
    void keymap(const std::string& keymap_text) override;
    // Dropped, with a warning, before the first keymap: the protocol forbids it.
    void key(uint32_t evdev_code, bool pressed) override;
    void modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group) override;

private:
    WlProxy<zwp_virtual_keyboard_v1> keyboard_;
    bool has_keymap_ = false;
    bool warned_ = false;
};

class VirtualPointer final : public PointerSink {
public:
    VirtualPointer(zwlr_virtual_pointer_manager_v1* manager, wl_seat* seat);

    void motion_absolute(uint32_t x, uint32_t y, uint32_t width, uint32_t height) override;
    void button(uint32_t evdev_button, bool pressed) override;
    // Sends axis_source(wheel), then axis_discrete with whole notches (version 2) or a plain
    // axis; fractions of a notch (high-resolution wheels) add up until they make one.
    void axis(Axis axis, double value, int32_t discrete_120) override;
    void frame() override;

private:
    WlProxy<zwlr_virtual_pointer_v1> pointer_;
    bool has_discrete_;
    int32_t partial_120_[2] = {0, 0};  // per axis, notch fractions not yet sent
};

}  // namespace wrd::rdp
