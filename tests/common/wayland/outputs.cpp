#include "outputs.hpp"

#include <algorithm>

namespace wrd::test {
namespace {

OutputInfo& info_of(void* data) { return *static_cast<OutputInfo*>(data); }

const wl_output_listener output_listener{
    .geometry = [](void* data, wl_output*, int32_t x, int32_t y, int32_t, int32_t, int32_t, const char*, const char*,
                   int32_t) {
        OutputInfo& info = info_of(data);
        if (info.have_logical) return;  // xdg-output knows the layout position better
        info.x = x;
        info.y = y;
    },
    .mode = [](void* data, wl_output*, uint32_t flags, int32_t width, int32_t height, int32_t refresh) {
        if (!(flags & WL_OUTPUT_MODE_CURRENT)) return;
        info_of(data).width = width;
        info_of(data).height = height;
        info_of(data).refresh_mhz = refresh;
    },
    .done = [](void*, wl_output*) {},
    .scale = [](void* data, wl_output*, int32_t factor) { info_of(data).scale = factor; },
    .name = [](void* data, wl_output*, const char* name) { info_of(data).name = name; },
    .description = [](void*, wl_output*, const char*) {},
};

const zxdg_output_v1_listener xdg_output_listener{
    .logical_position = [](void* data, zxdg_output_v1*, int32_t x, int32_t y) {
        OutputInfo& info = info_of(data);
        info.x = x;
        info.y = y;
        info.have_logical = true;
    },
    .logical_size = [](void*, zxdg_output_v1*, int32_t, int32_t) {},
    .done = [](void*, zxdg_output_v1*) {},
    // wl_output v4 names the output too; keep that one when both arrive.
    .name = [](void* data, zxdg_output_v1*, const char* name) {
        if (info_of(data).name.empty()) info_of(data).name = name;
    },
    .description = [](void*, zxdg_output_v1*, const char*) {},
};

}  // namespace

Outputs::Outputs(Registry& registry)
    : registry_(registry),
      xdg_manager_(registry.bind<zxdg_output_manager_v1>(zxdg_output_manager_v1_interface, 3)) {
    for (const Registry::Global& g : registry.globals())
        if (g.interface == wl_output_interface.name) add(g);
    registry.watch([this](const Registry::Global& g) { if (g.interface == wl_output_interface.name) add(g); },
                   [this](uint32_t name) { std::erase_if(list_, [name](const auto& o) { return o.global == name; }); });
}

Outputs::~Outputs() { registry_.watch({}, {}); }

void Outputs::add(const Registry::Global& global) {
    OutputInfo& info = list_.emplace_back();
    info.global = global.name;
    info.output = registry_.bind<wl_output>(global, wl_output_interface, 4);
    wl_output_add_listener(info.output.get(), &output_listener, &info);
    if (!xdg_manager_) return;
    info.xdg.reset(zxdg_output_manager_v1_get_xdg_output(xdg_manager_.get(), info.output.get()));
    zxdg_output_v1_add_listener(info.xdg.get(), &xdg_output_listener, &info);
}

const OutputInfo* Outputs::find(const std::string& name) const {
    auto it = std::ranges::find_if(list_, [&](const OutputInfo& o) { return o.name == name; });
    return it == list_.end() ? nullptr : &*it;
}

}  // namespace wrd::test
