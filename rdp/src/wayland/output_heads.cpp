#include "wayland/output_heads.hpp"

#include <algorithm>
#include <format>

#include "wayland/listener.hpp"

namespace wrd::rdp {
namespace {

constexpr int32_t max_side = 16384;

}  // namespace

// One mode a head offers; only the current one's refresh matters here.
struct OutputHeads::Mode {
    Head& head;
    WlProxy<zwlr_output_mode_v1> proxy;
    int32_t refresh_mhz = 0;

    void on_refresh(int32_t refresh) { refresh_mhz = refresh; }
    void on_finished();

    static const zwlr_output_mode_v1_listener listener;
};

struct OutputHeads::Head {
    OutputHeads& owner;
    WlProxy<zwlr_output_head_v1> proxy;
    std::string name;
    bool enabled = false;
    std::vector<std::unique_ptr<Mode>> modes;
    Mode* current = nullptr;

    void on_name(const char* text) { name = text; }
    void on_mode(zwlr_output_mode_v1* mode) {
        auto& m = modes.emplace_back(std::make_unique<Mode>(*this, WlProxy<zwlr_output_mode_v1>(mode)));
        zwlr_output_mode_v1_add_listener(mode, &Mode::listener, m.get());
    }
    void on_enabled(int32_t on) { enabled = on != 0; }
    void on_current_mode(zwlr_output_mode_v1* mode) {
        auto it = std::ranges::find_if(modes, [mode](const auto& m) { return m->proxy.get() == mode; });
        current = it == modes.end() ? nullptr : it->get();
    }
    void on_finished() { owner.remove_head(this); }
    void remove_mode(Mode* mode) {
        if (current == mode) current = nullptr;
        std::erase_if(modes, [mode](const auto& m) { return m.get() == mode; });
    }

    static const zwlr_output_head_v1_listener listener;
};

// One resize in flight: the configuration and its per-head objects, until the verdict.
struct OutputHeads::Configuration {
    OutputHeads& owner;
    WlProxy<zwlr_output_configuration_v1> proxy;
    std::vector<WlProxy<zwlr_output_configuration_head_v1>> heads;  // destroyed before proxy
    Done done;

    void on_succeeded() { owner.finish(this, {}); }
    void on_failed() { owner.finish(this, std::unexpected("the compositor could not apply the new mode")); }
    void on_cancelled() {
        owner.finish(this, std::unexpected("the compositor cancelled the new mode: the outputs changed meanwhile"));
    }

    static const zwlr_output_configuration_v1_listener listener;
};

void OutputHeads::Mode::on_finished() { head.remove_mode(this); }

const zwlr_output_mode_v1_listener OutputHeads::Mode::listener{
    .size = ignore,
    .refresh = forward<&Mode::on_refresh>,
    .preferred = ignore,
    .finished = forward<&Mode::on_finished>,
};

const zwlr_output_head_v1_listener OutputHeads::Head::listener{
    .name = forward<&Head::on_name>,
    .description = ignore,
    .physical_size = ignore,
    .mode = forward<&Head::on_mode>,
    .enabled = forward<&Head::on_enabled>,
    .current_mode = forward<&Head::on_current_mode>,
    .position = ignore,
    .transform = ignore,
    .scale = ignore,
    .finished = forward<&Head::on_finished>,
    .make = ignore,
    .model = ignore,
    .serial_number = ignore,
    .adaptive_sync = ignore,
};

const zwlr_output_configuration_v1_listener OutputHeads::Configuration::listener{
    .succeeded = forward<&Configuration::on_succeeded>,
    .failed = forward<&Configuration::on_failed>,
    .cancelled = forward<&Configuration::on_cancelled>,
};

const zwlr_output_manager_v1_listener OutputHeads::listener{
    .head = forward<&OutputHeads::on_head>,
    .done = forward<&OutputHeads::on_done>,
    .finished = forward<&OutputHeads::on_finished>,
};

OutputHeads::OutputHeads(WlProxy<zwlr_output_manager_v1> manager) : manager_(std::move(manager)) {
    zwlr_output_manager_v1_add_listener(manager_.get(), &listener, this);
}

OutputHeads::~OutputHeads() {
    // Children first: the configurations and heads are the manager's objects.
    pending_.clear();
    heads_.clear();
}

void OutputHeads::on_head(zwlr_output_head_v1* head) {
    auto& h = heads_.emplace_back(std::make_unique<Head>(*this, WlProxy<zwlr_output_head_v1>(head)));
    zwlr_output_head_v1_add_listener(head, &Head::listener, h.get());
}

void OutputHeads::remove_head(Head* head) {
    std::erase_if(heads_, [head](const auto& h) { return h.get() == head; });
}

void OutputHeads::resize(const std::string& name, int32_t width, int32_t height, Done done) {
    if (width < 1 || height < 1 || width > max_side || height > max_side)
        return done(std::unexpected(std::format("{}x{} is not a usable output size", width, height)));
    auto target = std::ranges::find_if(heads_, [&](const auto& h) { return h->name == name; });
    if (target == heads_.end())
        return done(std::unexpected(std::format("the compositor lists no output head named '{}'", name)));
    WlProxy<zwlr_output_configuration_v1> proxy(zwlr_output_manager_v1_create_configuration(manager_.get(), serial_));
    auto config = std::make_unique<Configuration>(*this, std::move(proxy),
                                                  std::vector<WlProxy<zwlr_output_configuration_head_v1>>(),
                                                  std::move(done));
    zwlr_output_configuration_v1_add_listener(config->proxy.get(), &Configuration::listener, config.get());
    // Every head must be named in a configuration; the others keep their state as it is.
    for (const auto& head : heads_) {
        if (head != *target && !head->enabled) {
            zwlr_output_configuration_v1_disable_head(config->proxy.get(), head->proxy.get());
            continue;
        }
        auto& configured = config->heads.emplace_back(
            zwlr_output_configuration_v1_enable_head(config->proxy.get(), head->proxy.get()));
        if (head != *target) continue;
        const int32_t refresh = head->current ? head->current->refresh_mhz : 0;
        zwlr_output_configuration_head_v1_set_custom_mode(configured.get(), width, height, refresh);
    }
    zwlr_output_configuration_v1_apply(config->proxy.get());
    pending_.push_back(std::move(config));
}

void OutputHeads::finish(Configuration* configuration, std::expected<void, std::string> result) {
    auto it = std::ranges::find_if(pending_, [configuration](const auto& c) { return c.get() == configuration; });
    if (it == pending_.end()) return;
    Done done = std::move((*it)->done);
    pending_.erase(it);
    // Last: the callback may end the session.
    if (done) done(std::move(result));
}

void OutputHeads::fail_pending(const std::string& reason) {
    // The objects go first, the callbacks run last.
    std::vector<Done> callbacks;
    for (auto& config : pending_) callbacks.push_back(std::move(config->done));
    pending_.clear();
    for (auto& done : callbacks)
        if (done) done(std::unexpected(reason));
}

}  // namespace wrd::rdp
