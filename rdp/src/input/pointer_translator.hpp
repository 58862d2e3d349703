// PointerTranslator: turns RDP mouse and extended mouse events (MS-RDPBCGR 2.2.8.1.1.3.1.1.3
// and .4, delivered unchanged by FreeRDP on both slow and fast path) into virtual-pointer calls
// on a PointerSink: absolute motion over the desktop, buttons 1-5 and both wheels, each event
// closed by frame(). It tracks held buttons so they can be released when the client goes.
// I/O thread only.
#pragma once

#include <cstdint>

#include "input_sink.hpp"

namespace wrd::rdp {

class PointerTranslator {
public:
    explicit PointerTranslator(PointerSink& sink) : sink_(sink) {}
    PointerTranslator(const PointerTranslator&) = delete;
    PointerTranslator& operator=(const PointerTranslator&) = delete;

    // The desktop the client sees, in pixels: the bounding box of all monitors, whose top-left
    // corner is RDP position (0, 0). Motion is dropped while it is 0 x 0.
    void set_desktop_size(uint32_t width, uint32_t height);

    // A mouse event: PTRFLAGS_* and the position in desktop coordinates.
    void mouse(uint16_t flags, uint16_t x, uint16_t y);
    // An extended mouse event: PTRXFLAGS_* (buttons 4 and 5) and the position.
    void extended_mouse(uint16_t flags, uint16_t x, uint16_t y);
    // Releases every button we pressed (disconnect, focus loss, synchronize).
    void release_all();

    // Signed wheel rotation in 1/120 notch from a PTRFLAGS_WHEEL/HWHEEL event: the low 9 bits
    // of pointerFlags, two's complement (PTRFLAGS_WHEEL_NEGATIVE is the sign bit).
    static int32_t wheel_rotation(uint16_t flags);

private:
    bool move_to(uint16_t x, uint16_t y);
    bool set_button(uint32_t evdev_button, bool pressed);
    void wheel(uint16_t flags);

    PointerSink& sink_;
    uint32_t width_ = 0, height_ = 0;
    bool have_position_ = false;
    uint32_t x_ = 0, y_ = 0;  // last position sent
    uint32_t held_ = 0;       // bit (button - BTN_LEFT) per held button
    bool warned_no_size_ = false;
};

}  // namespace wrd::rdp
