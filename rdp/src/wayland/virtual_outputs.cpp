#include "wayland/virtual_outputs.hpp"

#include <algorithm>
#include <format>
#include <utility>

#include "logging.hpp"
#include "wayland/listener.hpp"

namespace wrd::rdp {
namespace {

// wrd_session_v1's limits: a request outside them is a protocol error that ends the connection.
constexpr int32_t max_side = 8192;
constexpr int32_t max_refresh_mhz = 480000;

}  // namespace

struct VirtualOutputs::Output {
    VirtualOutputs& owner;
    WlProxy<wrd_virtual_output_v1> proxy;
    uint32_t id;
    std::string name;  // empty until created
    Created done;      // empty once reported

    void on_created(const char* output_name) {
        name = output_name;
        owner.created(this);
    }
    void on_failed(const char* reason) { owner.failed(this, reason); }

    static const wrd_virtual_output_v1_listener listener;
};

const wrd_virtual_output_v1_listener VirtualOutputs::Output::listener{
    .created = forward<&Output::on_created>,
    .failed = forward<&Output::on_failed>,
};

VirtualOutputs::VirtualOutputs(wrd_session_manager_v1* manager, Listed listed)
    : manager_(manager), listed_(std::move(listed)) {}

VirtualOutputs::~VirtualOutputs() = default;

void VirtualOutputs::create(uint32_t id, const Rect& area, int32_t refresh_mhz, Created done) {
    if (area.width < 1 || area.height < 1 || area.width > max_side || area.height > max_side || refresh_mhz < 0 ||
        refresh_mhz > max_refresh_mhz)
        return done(std::unexpected(std::format("a virtual output of {}x{} at {} mHz is out of range (1..{}, 0..{})",
                                                area.width, area.height, refresh_mhz, max_side, max_refresh_mhz)));
    WlProxy<wrd_virtual_output_v1> proxy(wrd_session_manager_v1_create_virtual_output(
        manager_, area.x, area.y, area.width, area.height, refresh_mhz));
    auto& output = outputs_.emplace_back(
        std::make_unique<Output>(*this, std::move(proxy), id, std::string(), std::move(done)));
    wrd_virtual_output_v1_add_listener(output->proxy.get(), &Output::listener, output.get());
}

void VirtualOutputs::created(Output* output) {
    logger("wayland").info("virtual output {} (id {}) created", output->name, output->id);
    if (!listed_(output->name)) return;  // reported when its wl_output is complete
    Created done = std::exchange(output->done, nullptr);
    if (done) done(output->name);
}

void VirtualOutputs::outputs_changed() {
    std::vector<std::pair<Created, std::string>> ready;
    for (auto& output : outputs_)
        if (output->done && !output->name.empty() && listed_(output->name))
            ready.emplace_back(std::exchange(output->done, nullptr), output->name);
    for (auto& [done, name] : ready) done(name);
}

void VirtualOutputs::failed(Output* output, const std::string& reason) {
    Created done = std::move(output->done);
    std::erase_if(outputs_, [output](const auto& o) { return o.get() == output; });
    if (done) done(std::unexpected("the compositor could not create the output: " + reason));
}

VirtualOutputs::Output* VirtualOutputs::find(const std::string& name) const {
    auto it = std::ranges::find_if(outputs_, [&](const auto& o) { return !o->name.empty() && o->name == name; });
    return it == outputs_.end() ? nullptr : it->get();
}

bool VirtualOutputs::destroy(const std::string& name) {
    Output* output = find(name);
    if (!output) return false;
    Created done = std::move(output->done);
    std::erase_if(outputs_, [output](const auto& o) { return o.get() == output; });
    if (done) done(std::unexpected("the output was destroyed before it was ready"));
    return true;
}

bool VirtualOutputs::set_position(const std::string& name, int32_t x, int32_t y) {
    Output* output = find(name);
    if (!output) return false;
    wrd_virtual_output_v1_set_position(output->proxy.get(), x, y);
    return true;
}

std::optional<uint32_t> VirtualOutputs::id_of(const std::string& name) const {
    const Output* output = find(name);
    return output ? std::optional(output->id) : std::nullopt;
}

void VirtualOutputs::fail_pending(const std::string& reason) {
    std::vector<Created> waiting;
    for (auto& output : outputs_)
        if (output->done) waiting.push_back(std::exchange(output->done, nullptr));
    for (auto& done : waiting) done(std::unexpected(reason));
}

}  // namespace wrd::rdp
