#include "wayland/registry.hpp"

#include <algorithm>
#include <cstring>
#include <format>

#include "logging.hpp"
#include "wayland/listener.hpp"

namespace wrd::rdp {
namespace {

bool is_output(std::string_view interface) { return interface == wl_output_interface.name; }

}  // namespace

const wl_registry_listener Registry::listener{
    .global = forward<&Registry::on_global>,
    .global_remove = forward<&Registry::on_global_remove>,
};

Registry::Registry(wl_display* display) : registry_(wl_display_get_registry(display)) {
    wl_registry_add_listener(registry_.get(), &listener, this);
}

void Registry::on_global(uint32_t name, const char* interface, uint32_t version) {
    const Global& global = globals_.emplace_back(name, interface, version);
    if (is_output(global.interface) && hooks_.added) hooks_.added(registry_.get(), name, version);
}

void Registry::on_global_remove(uint32_t name) {
    auto it = std::ranges::find(globals_, name, &Global::name);
    if (it == globals_.end()) return;
    const bool output = is_output(it->interface);
    globals_.erase(it);
    if (output && hooks_.removed) hooks_.removed(name);
}

const Registry::Global* Registry::find(const wl_interface& interface) const {
    auto it = std::ranges::find(globals_, std::string_view(interface.name), &Global::interface);
    return it == globals_.end() ? nullptr : &*it;
}

// Binds the first global of `interface` at the highest version both sides know, capped at
// `max_version`. A missing or too old global is added to `missing` when that is given.
template <typename T>
void Registry::bind(WlProxy<T>& out, const wl_interface& interface, uint32_t min_version, uint32_t max_version,
                    std::vector<std::string>* missing) {
    const Global* global = find(interface);
    if (!global || global->version < min_version) {
        if (missing)
            missing->push_back(min_version > 1 ? std::format("{} (version {} or later)", interface.name, min_version)
                                               : std::string(interface.name));
        return;
    }
    const uint32_t version =
        std::min({global->version, max_version, static_cast<uint32_t>(interface.version)});
    out.reset(static_cast<T*>(wl_registry_bind(registry_.get(), global->name, &interface, version)));
}

std::expected<BoundGlobals, std::string> Registry::bind_singletons() {
    BoundGlobals g;
    std::vector<std::string> missing;
    bind(g.shm, wl_shm_interface, 1, 2, &missing);
    bind(g.seat, wl_seat_interface, 1, 5, &missing);
    bind(g.xdg_output_manager, zxdg_output_manager_v1_interface, 2, 3, &missing);  // 2: output names
    bind(g.screencopy, zwlr_screencopy_manager_v1_interface, 2, 3, &missing);      // 2: copy_with_damage
    bind(g.virtual_pointer, zwlr_virtual_pointer_manager_v1_interface, 1, 2, &missing);
    bind(g.virtual_keyboard, zwp_virtual_keyboard_manager_v1_interface, 1, 1, &missing);
    bind(g.output_manager, zwlr_output_manager_v1_interface, 1, 4, nullptr);
    bind(g.session_manager, wrd_session_manager_v1_interface, 1, 1, nullptr);
    if (!missing.empty()) {
        std::string list;
        for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
        return std::unexpected("the compositor lacks Wayland globals wrd-rdp needs: " + list);
    }
    return g;
}

void Registry::watch_outputs(OutputHooks hooks) {
    hooks_ = std::move(hooks);
    for (const Global& global : globals_)
        if (is_output(global.interface) && hooks_.added) hooks_.added(registry_.get(), global.name, global.version);
}

}  // namespace wrd::rdp
