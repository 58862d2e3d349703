// wrd-pointer: drives the seat's pointer through wlr-virtual-pointer, one step per argument
// group, so a test can press, drag and release in one go (wlrctl can only click).
//   at X Y          put the pointer at layout (X, Y) (a large move clamps to the corner first)
//   move DX DY      relative motion
//   abs X Y         absolute motion to layout (X, Y), as an RDP client's mouse sends it
//   extent W H      the layout size abs positions are relative to (default 1920 1080)
//   press BTN       left|right|middle (held until release)
//   release BTN
//   click BTN
//   wait MS         let the compositor see time pass (it paces frames)
// Single-threaded.
#include <linux/input-event-codes.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "wayland/registry.hpp"

namespace {

uint32_t now_ms() {
    using namespace std::chrono;
    return static_cast<uint32_t>(duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

int button_code(const char* name) {
    if (std::strcmp(name, "left") == 0) return BTN_LEFT;
    if (std::strcmp(name, "right") == 0) return BTN_RIGHT;
    if (std::strcmp(name, "middle") == 0) return BTN_MIDDLE;
    return -1;
}

[[noreturn]] void usage(const char* why) {
    std::fprintf(stderr, "wrd-pointer: %s\nusage: wrd-pointer [at X Y] [move DX DY] [press|release|click BTN] [wait MS]...\n", why);
    std::exit(2);
}

void motion(zwlr_virtual_pointer_v1* p, double dx, double dy) {
    zwlr_virtual_pointer_v1_motion(p, now_ms(), wl_fixed_from_double(dx), wl_fixed_from_double(dy));
    zwlr_virtual_pointer_v1_frame(p);
}

void button(zwlr_virtual_pointer_v1* p, int code, bool pressed) {
    zwlr_virtual_pointer_v1_button(p, now_ms(), static_cast<uint32_t>(code),
                                   pressed ? WL_POINTER_BUTTON_STATE_PRESSED : WL_POINTER_BUTTON_STATE_RELEASED);
    zwlr_virtual_pointer_v1_frame(p);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace wrd::test;
    Display display_owner;
    std::optional<Registry> registry;
    try {
        display_owner = connect_display();
        registry.emplace(display_owner.get());
    } catch (const std::runtime_error& e) {
        usage(e.what());
    }
    wl_display* display = display_owner.get();
    // The seat is optional: the virtual pointer then joins the compositor's default seat.
    const Proxy<wl_seat> seat = registry->bind<wl_seat>(wl_seat_interface, 1);
    const Proxy<zwlr_virtual_pointer_manager_v1> manager =
        registry->bind<zwlr_virtual_pointer_manager_v1>(zwlr_virtual_pointer_manager_v1_interface, 1);
    if (!manager) usage("the compositor offers no zwlr_virtual_pointer_manager_v1");
    Proxy<zwlr_virtual_pointer_v1> pointer(
        zwlr_virtual_pointer_manager_v1_create_virtual_pointer(manager.get(), seat.get()));
    zwlr_virtual_pointer_v1* p = pointer.get();

    uint32_t extent_w = 1920, extent_h = 1080;
    for (int i = 1; i < argc; ++i) {
        std::string cmd = argv[i];
        auto arg = [&](int k) -> const char* {
            if (i + k >= argc) usage(("'" + cmd + "' needs more arguments").c_str());
            return argv[i + k];
        };
        if (cmd == "at") {
            motion(p, -100000, -100000);
            motion(p, std::atof(arg(1)), std::atof(arg(2)));
            i += 2;
        } else if (cmd == "abs") {
            zwlr_virtual_pointer_v1_motion_absolute(p, now_ms(), static_cast<uint32_t>(std::atoi(arg(1))),
                                                    static_cast<uint32_t>(std::atoi(arg(2))), extent_w, extent_h);
            zwlr_virtual_pointer_v1_frame(p);
            i += 2;
        } else if (cmd == "extent") {
            extent_w = static_cast<uint32_t>(std::atoi(arg(1)));
            extent_h = static_cast<uint32_t>(std::atoi(arg(2)));
            i += 2;
        } else if (cmd == "move") {
            motion(p, std::atof(arg(1)), std::atof(arg(2)));
            i += 2;
        } else if (cmd == "press" || cmd == "release" || cmd == "click") {
            int code = button_code(arg(1));
            if (code < 0) usage("buttons are left, right or middle");
            if (cmd != "release") button(p, code, true);
            if (cmd != "press") button(p, code, false);
            i += 1;
        } else if (cmd == "wait") {
            wl_display_roundtrip(display);
            std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(arg(1))));
            i += 1;
        } else {
            usage(("unknown step '" + cmd + "'").c_str());
        }
        // Each step reaches the compositor before the next, as a person's hand would.
        if (wl_display_roundtrip(display) < 0) usage("lost the connection");
    }
    pointer.reset();
    wl_display_roundtrip(display);
    return 0;
}
