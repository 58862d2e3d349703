#include "registry.hpp"

#include <algorithm>
#include <stdexcept>

namespace wrd::test {

const wl_registry_listener Registry::listener{
    .global = [](void* data, wl_registry*, uint32_t name, const char* iface, uint32_t version) {
        auto* self = static_cast<Registry*>(data);
        const Global& global = self->globals_.emplace_back(name, iface, version);
        if (self->added_) self->added_(global);
    },
    .global_remove = [](void* data, wl_registry*, uint32_t name) {
        auto* self = static_cast<Registry*>(data);
        std::erase_if(self->globals_, [name](const Global& g) { return g.name == name; });
        if (self->removed_) self->removed_(name);
    },
};

Registry::Registry(wl_display* display, Clock::time_point deadline) : registry_(wl_display_get_registry(display)) {
    wl_registry_add_listener(registry_.get(), &listener, this);
    if (!roundtrip_until(display, deadline)) {
        if (wl_display_get_error(display) != 0)
            throw std::runtime_error("lost the connection while listing globals: " + describe_display_error(display));
        throw std::runtime_error("the compositor did not list its globals in time");
    }
}

const Registry::Global* Registry::find(const wl_interface& iface, uint32_t minimum) const {
    auto it = std::ranges::find_if(
        globals_, [&](const Global& g) { return g.interface == iface.name && g.version >= minimum; });
    return it == globals_.end() ? nullptr : &*it;
}

void* Registry::bind_raw(const Global& global, const wl_interface& iface, uint32_t wanted) const {
    const uint32_t version = std::min({global.version, wanted, static_cast<uint32_t>(iface.version)});
    return wl_registry_bind(registry_.get(), global.name, &iface, version);
}

void Registry::watch(Added added, Removed removed) {
    added_ = std::move(added);
    removed_ = std::move(removed);
}

}  // namespace wrd::test
