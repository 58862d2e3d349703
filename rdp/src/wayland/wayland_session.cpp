#include "wayland/wayland_session.hpp"

#include <chrono>
#include <format>

#include "logging.hpp"
#include "wayland/output_heads.hpp"
#include "wayland/screencopy_capture.hpp"
#include "wayland/virtual_input.hpp"
#include "wayland/virtual_outputs.hpp"

namespace wrd::rdp {
namespace {

// Each start-up roundtrip waits at most this long for a compositor that does not answer.
constexpr std::chrono::milliseconds startup_timeout{10000};

spdlog::logger& log() { return logger("wayland"); }

}  // namespace

std::expected<std::unique_ptr<WaylandSession>, std::string> WaylandSession::connect(EventLoop& loop, Target target,
                                                                                    Callbacks callbacks) {
    auto connection = WaylandConnection::open(std::move(target));
    if (!connection) return std::unexpected(connection.error());
    std::unique_ptr<WaylandSession> session(new WaylandSession(loop, std::move(*connection), std::move(callbacks)));
    if (auto started = session->start(); !started) return std::unexpected(started.error());
    return session;
}

WaylandSession::WaylandSession(EventLoop& loop, std::unique_ptr<WaylandConnection> connection, Callbacks callbacks)
    : loop_(loop), callbacks_(std::move(callbacks)), connection_(std::move(connection)) {}

WaylandSession::~WaylandSession() = default;

std::expected<void, std::string> WaylandSession::start() {
    registry_ = std::make_unique<Registry>(connection_->display());
    if (auto listed = connection_->roundtrip(startup_timeout); !listed)
        return std::unexpected("listing the compositor's globals: " + listed.error());
    auto bound = registry_->bind_singletons();
    if (!bound) return std::unexpected(bound.error());
    globals_ = std::move(*bound);
    outputs_ = std::make_unique<OutputRegistry>(globals_.xdg_output_manager.get(), [this] { on_outputs_changed(); });
    registry_->watch_outputs({
        .added = [this](wl_registry* registry, uint32_t name, uint32_t version) {
            outputs_->add(registry, name, version);
        },
        .removed = [this](uint32_t name) { on_output_removed(name); },
    });
    keyboard_ = std::make_unique<VirtualKeyboard>(globals_.virtual_keyboard.get(), globals_.seat.get());
    pointer_ = std::make_unique<VirtualPointer>(globals_.virtual_pointer.get(), globals_.seat.get());
    if (globals_.output_manager) heads_ = std::make_unique<OutputHeads>(std::move(globals_.output_manager));
    if (globals_.session_manager) bind_session_protocol();
    if (auto described = connection_->roundtrip(startup_timeout); !described)
        return std::unexpected("reading the compositor's outputs: " + described.error());
    connection_->attach(loop_, [this](const std::string& reason) { on_lost(reason); });
    log().info("connected to the compositor: {} output(s), wrd_session_v1 {}, output management {}",
               outputs_->infos().size(), cursor_ ? "yes" : "no", heads_ ? "yes" : "no");
    return {};
}

void WaylandSession::bind_session_protocol() {
    cursor_ = std::make_unique<SessionCursor>(
        globals_.session_manager.get(),
        SessionCursor::Callbacks{
            .image = [this](const CursorImage& image) {
                if (callbacks_.cursor_image) callbacks_.cursor_image(image);
            },
            .hidden = [this] {
                if (callbacks_.cursor_hidden) callbacks_.cursor_hidden();
            },
            .position = [this](double x, double y) {
                if (callbacks_.cursor_position) callbacks_.cursor_position(x, y);
            },
        });
    virtual_outputs_ = std::make_unique<VirtualOutputs>(
        globals_.session_manager.get(), [this](const std::string& name) { return outputs_->find(name) != nullptr; });
}

std::vector<OutputInfo> WaylandSession::outputs() const {
    std::vector<OutputInfo> infos = outputs_->infos();
    if (virtual_outputs_) {
        for (OutputInfo& info : infos) {
            const auto id = virtual_outputs_->id_of(info.name);
            info.made_by_us = id.has_value();
            info.virtual_id = id.value_or(0);
        }
    }
    return infos;
}

void WaylandSession::on_outputs_changed() {
    for (auto& [name, capture] : captures_)
        if (auto info = outputs_->info(name)) capture->output_mode(info->mode_width, info->mode_height);
    if (virtual_outputs_) virtual_outputs_->outputs_changed();
    if (callbacks_.outputs_changed) callbacks_.outputs_changed();
}

void WaylandSession::on_output_removed(uint32_t global) {
    const auto name = outputs_->remove(global);
    if (!name) return;
    log().info("output {} went away", *name);
    if (captures_.erase(*name) && callbacks_.capture_stopped) callbacks_.capture_stopped(*name, "the output went away");
    if (callbacks_.outputs_changed) callbacks_.outputs_changed();
}

std::expected<void, std::string> WaylandSession::start_capture(const std::string& output_name) {
    if (lost()) return std::unexpected("the Wayland connection is lost");
    if (captures_.contains(output_name)) return {};
    wl_output* output = outputs_->find(output_name);
    if (!output) return std::unexpected(std::format("the compositor has no output named '{}'", output_name));
    captures_.emplace(output_name, std::make_unique<ScreencopyCapture>(
                                       ScreencopyCapture::Context{loop_, globals_.screencopy.get(), globals_.shm.get()},
                                       output, output_name,
                                       [this](std::shared_ptr<const CapturedFrame> frame) {
                                           if (callbacks_.frame) callbacks_.frame(std::move(frame));
                                       },
                                       [this, output_name](const std::string& reason) {
                                           on_capture_stopped(output_name, reason);
                                       }));
    const auto info = outputs_->info(output_name);
    captures_.at(output_name)->output_mode(info->mode_width, info->mode_height);
    log().info("capturing {}", output_name);
    return {};
}

void WaylandSession::stop_capture(const std::string& output_name) {
    if (captures_.erase(output_name)) log().info("stopped capturing {}", output_name);
}

bool WaylandSession::capturing(const std::string& output_name) const { return captures_.contains(output_name); }

void WaylandSession::on_capture_stopped(const std::string& output, const std::string& reason) {
    // Copied first: erasing the capture destroys the lambda that holds `output`.
    const std::string name = output;
    captures_.erase(name);
    if (callbacks_.capture_stopped) callbacks_.capture_stopped(name, reason);
}

KeyboardSink& WaylandSession::keyboard() { return *keyboard_; }
PointerSink& WaylandSession::pointer() { return *pointer_; }

void WaylandSession::set_cursor_composited(bool composited) {
    if (cursor_) cursor_->set_composited(composited);
}

void WaylandSession::resize_output(const std::string& name, int32_t width, int32_t height, Done done) {
    if (lost()) return done(std::unexpected("the Wayland connection is lost"));
    if (!heads_)
        return done(std::unexpected("the compositor has no zwlr_output_manager_v1: outputs cannot be resized"));
    heads_->resize(name, width, height, std::move(done));
}

void WaylandSession::create_virtual_output(uint32_t id, const Rect& area, int32_t refresh_mhz, Created done) {
    if (lost()) return done(std::unexpected("the Wayland connection is lost"));
    if (!virtual_outputs_)
        return done(std::unexpected("the compositor does not speak wrd_session_v1: no virtual outputs"));
    virtual_outputs_->create(id, area, refresh_mhz, std::move(done));
}

bool WaylandSession::destroy_virtual_output(const std::string& name) {
    if (!virtual_outputs_ || !virtual_outputs_->id_of(name)) return false;
    stop_capture(name);
    return virtual_outputs_->destroy(name);
}

bool WaylandSession::set_virtual_output_position(const std::string& name, int32_t x, int32_t y) {
    return virtual_outputs_ && virtual_outputs_->set_position(name, x, y);
}

void WaylandSession::on_lost(const std::string& reason) {
    captures_.clear();
    if (heads_) heads_->fail_pending(reason);
    if (virtual_outputs_) virtual_outputs_->fail_pending(reason);
    // Last: the callback may destroy this session.
    if (auto lost_callback = callbacks_.lost) lost_callback(reason);
}

}  // namespace wrd::rdp
