// Registry: the compositor's globals. The singletons the session needs are bound once, after
// the first roundtrip has listed them; wl_output globals are reported as they come and go
// (outputs are hot-plugged: virtual outputs, the compositor's own). I/O thread only.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

// The singletons, each bound at most once. The two marked optional may be null.
struct BoundGlobals {
    WlProxy<wl_shm> shm;
    WlProxy<wl_seat> seat;
    WlProxy<zxdg_output_manager_v1> xdg_output_manager;
    WlProxy<zwlr_screencopy_manager_v1> screencopy;
    WlProxy<zwlr_virtual_pointer_manager_v1> virtual_pointer;
    WlProxy<zwp_virtual_keyboard_manager_v1> virtual_keyboard;
    WlProxy<zwlr_output_manager_v1> output_manager;   // optional: resizing outputs
    WlProxy<wrd_session_manager_v1> session_manager;  // optional: cursor, virtual outputs
};

class Registry {
public:
    struct OutputHooks {
        // A wl_output global to bind with wl_registry_bind (at most `version`).
        std::function<void(wl_registry* registry, uint32_t name, uint32_t version)> added{};
        std::function<void(uint32_t name)> removed{};
    };

    explicit Registry(wl_display* display);
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // Binds the singletons listed so far; the error names every required one that is missing
    // or too old.
    std::expected<BoundGlobals, std::string> bind_singletons();
    // Reports the wl_output globals listed so far, then each one added or removed later.
    void watch_outputs(OutputHooks hooks);

private:
    struct Global {
        uint32_t name;
        std::string interface;
        uint32_t version;
    };

    void on_global(uint32_t name, const char* interface, uint32_t version);
    void on_global_remove(uint32_t name);
    const Global* find(const wl_interface& interface) const;
    template <typename T>
    void bind(WlProxy<T>& out, const wl_interface& interface, uint32_t min_version, uint32_t max_version,
              std::vector<std::string>* missing);

    static const wl_registry_listener listener;

    WlProxy<wl_registry> registry_;
    std::vector<Global> globals_;
    OutputHooks hooks_;
};

}  // namespace wrd::rdp
