// The compositor's globals as wl_registry lists them, kept current as they come and go, and
// bound on request: each program binds only what it uses, at the versions it asks for.
// Main thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "display_loop.hpp"

namespace wrd::test {

class Registry {
public:
    struct Global {
        uint32_t name = 0;
        std::string interface;
        uint32_t version = 0;
    };
    using Added = std::function<void(const Global&)>;
    using Removed = std::function<void(uint32_t name)>;

    // Lists the globals with one roundtrip. Throws std::runtime_error if the connection dies or
    // the compositor has not answered by `deadline`.
    explicit Registry(wl_display* display, Clock::time_point deadline = Clock::time_point::max());
    Registry(const Registry&) = delete;  // the registry listener points here
    Registry& operator=(const Registry&) = delete;

    // The first global of `iface` offered at `minimum` or above; null if there is none.
    const Global* find(const wl_interface& iface, uint32_t minimum = 1) const;
    const std::vector<Global>& globals() const { return globals_; }

    // Binds `global` no higher than `wanted` and the version our generated header (and so our
    // listeners) knows.
    template <typename T>
    Proxy<T> bind(const Global& global, const wl_interface& iface, uint32_t wanted) const {
        return Proxy<T>(static_cast<T*>(bind_raw(global, iface, wanted)));
    }
    // The same for the first global of `iface` offered at `minimum` or above; null if none is.
    template <typename T>
    Proxy<T> bind(const wl_interface& iface, uint32_t wanted, uint32_t minimum = 1) const {
        const Global* global = find(iface, minimum);
        return global ? bind<T>(*global, iface, wanted) : nullptr;
    }

    // Follows globals that come and go from now on (outputs do). One watcher at a time; empty
    // functions stop watching.
    void watch(Added added, Removed removed);

private:
    static const wl_registry_listener listener;

    void* bind_raw(const Global& global, const wl_interface& iface, uint32_t wanted) const;

    Proxy<wl_registry> registry_;
    std::vector<Global> globals_;
    Added added_;
    Removed removed_;
};

}  // namespace wrd::test
