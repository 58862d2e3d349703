#include "wayland/output_registry.hpp"

#include <algorithm>

#include "wayland/listener.hpp"

namespace wrd::rdp {

// One wl_output with its xdg_output. Events fill `pending_`; a done event publishes it once
// it is complete (a name, a mode and a logical size).
class OutputRegistry::Output {
public:
    Output(OutputRegistry& owner, wl_registry* registry, uint32_t global, uint32_t version);

    uint32_t global() const { return global_; }
    wl_output* output() const { return output_.get(); }
    const std::optional<OutputInfo>& current() const { return current_; }

private:
    void on_geometry(int32_t, int32_t, int32_t, int32_t, int32_t, const char*, const char*, int32_t transform) {
        transform_ = transform;
    }
    void on_mode(uint32_t flags, int32_t width, int32_t height, int32_t refresh);
    void on_scale(int32_t factor) { integer_scale_ = factor; }
    void on_name(const char* name) { pending_.name = name; }
    void on_logical_position(int32_t x, int32_t y) {
        pending_.x = x;
        pending_.y = y;
    }
    void on_logical_size(int32_t width, int32_t height) {
        pending_.width = width;
        pending_.height = height;
    }
    void on_done();

    static const wl_output_listener output_listener;
    static const zxdg_output_v1_listener xdg_listener;

    OutputRegistry& owner_;
    uint32_t global_;
    WlProxy<wl_output> output_;
    WlProxy<zxdg_output_v1> xdg_output_;
    OutputInfo pending_;
    std::optional<OutputInfo> current_;
    int32_t transform_ = WL_OUTPUT_TRANSFORM_NORMAL;
    int32_t integer_scale_ = 1;
};

const wl_output_listener OutputRegistry::Output::output_listener{
    .geometry = forward<&Output::on_geometry>,
    .mode = forward<&Output::on_mode>,
    .done = forward<&Output::on_done>,
    .scale = forward<&Output::on_scale>,
    .name = forward<&Output::on_name>,
    .description = ignore,
};

// Before xdg_output version 3 its own done event ends a burst; from 3 on wl_output.done does.
const zxdg_output_v1_listener OutputRegistry::Output::xdg_listener{
    .logical_position = forward<&Output::on_logical_position>,
    .logical_size = forward<&Output::on_logical_size>,
    .done = forward<&Output::on_done>,
    .name = forward<&Output::on_name>,
    .description = ignore,
};

OutputRegistry::Output::Output(OutputRegistry& owner, wl_registry* registry, uint32_t global, uint32_t version)
    : owner_(owner), global_(global),
      output_(static_cast<wl_output*>(
          wl_registry_bind(registry, global, &wl_output_interface, std::min<uint32_t>(version, 4)))),
      xdg_output_(zxdg_output_manager_v1_get_xdg_output(owner.xdg_manager_, output_.get())) {
    wl_output_add_listener(output_.get(), &output_listener, this);
    zxdg_output_v1_add_listener(xdg_output_.get(), &xdg_listener, this);
}

void OutputRegistry::Output::on_mode(uint32_t flags, int32_t width, int32_t height, int32_t refresh) {
    if (!(flags & WL_OUTPUT_MODE_CURRENT)) return;
    pending_.mode_width = width;
    pending_.mode_height = height;
    pending_.refresh_mhz = refresh;
}

void OutputRegistry::Output::on_done() {
    if (pending_.name.empty() || pending_.mode_width <= 0 || pending_.width <= 0) return;
    // A quarter turn swaps the mode's sides against the layout's.
    const bool rotated = transform_ % 2 == 1;
    const int32_t mode_width = rotated ? pending_.mode_height : pending_.mode_width;
    pending_.scale = pending_.width > 0 ? static_cast<double>(mode_width) / pending_.width : integer_scale_;
    if (current_ == pending_) return;
    current_ = pending_;
    owner_.changed_();
}

OutputRegistry::OutputRegistry(zxdg_output_manager_v1* xdg_manager, std::function<void()> changed)
    : xdg_manager_(xdg_manager), changed_(std::move(changed)) {}

OutputRegistry::~OutputRegistry() = default;

void OutputRegistry::add(wl_registry* registry, uint32_t global, uint32_t version) {
    outputs_.push_back(std::make_unique<Output>(*this, registry, global, version));
}

std::optional<std::string> OutputRegistry::remove(uint32_t global) {
    auto it = std::ranges::find(outputs_, global, &Output::global);
    if (it == outputs_.end()) return std::nullopt;
    std::optional<std::string> name;
    if ((*it)->current()) name = (*it)->current()->name;
    outputs_.erase(it);
    return name;
}

std::vector<OutputInfo> OutputRegistry::infos() const {
    std::vector<OutputInfo> result;
    for (const auto& output : outputs_)
        if (output->current()) result.push_back(*output->current());
    return result;
}

std::optional<OutputInfo> OutputRegistry::info(std::string_view name) const {
    for (const auto& output : outputs_)
        if (output->current() && output->current()->name == name) return output->current();
    return std::nullopt;
}

wl_output* OutputRegistry::find(std::string_view name) const {
    for (const auto& output : outputs_)
        if (output->current() && output->current()->name == name) return output->output();
    return nullptr;
}

}  // namespace wrd::rdp
