#include "session/desktop_link.hpp"

#include <climits>
#include <cmath>
#include <cstring>
#include <format>
#include <map>

#include "clipboard/clipboard_bridge.hpp"
#include "input/keyboard_translator.hpp"
#include "input/pointer_translator.hpp"
#include "logging.hpp"
#include "wayland/wayland_session.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("rdp"); }

std::string describe(const std::vector<MonitorLayout>& monitors) {
    std::string out;
    for (const auto& m : monitors)
        out += std::format("{}{}x{}{:+}{:+}{}", out.empty() ? "" : ", ", m.rect.width, m.rect.height, m.rect.x,
                           m.rect.y, m.primary ? " (primary)" : "");
    return out;
}

PointerShape shape_of(const CursorImage& image) {
    PointerShape shape{static_cast<uint32_t>(image.width), static_cast<uint32_t>(image.height),
                       static_cast<uint32_t>(image.hotspot_x), static_cast<uint32_t>(image.hotspot_y), image.serial,
                       {}};
    // 0xAARRGGBB words are B, G, R, A bytes in memory on little-endian machines.
    shape.bgra.resize(image.pixels.size() * 4);
    std::memcpy(shape.bgra.data(), image.pixels.data(), shape.bgra.size());
    return shape;
}

}  // namespace

DesktopLink::DesktopLink(EventLoop& loop, std::string label, Callbacks callbacks)
    : loop_(loop), label_(std::move(label)), callbacks_(std::move(callbacks)) {}

DesktopLink::~DesktopLink() {
    release_input();
    clipboard_.reset();  // its proxies belong to the Wayland connection
}

std::expected<std::unique_ptr<DesktopLink>, std::string> DesktopLink::connect(EventLoop& loop, CompositorTarget target,
                                                                            std::string label, Callbacks callbacks) {
    std::unique_ptr<DesktopLink> self(new DesktopLink(loop, std::move(label), std::move(callbacks)));
    DesktopLink* link = self.get();
    WaylandSession::Callbacks wl;
    wl.frame = [link](std::shared_ptr<const CapturedFrame> frame) {
        auto source = std::make_shared<SourceFrame>();
        source->view = frame->view();
        source->damage = frame->damage;
        source->output = frame->output_name;
        source->sequence = frame->sequence;
        source->captured_at = frame->presented_at;
        source->keepalive = std::move(frame);
        link->callbacks_.frame(std::move(source));
    };
    wl.cursor_image = [link](const CursorImage& image) {
        // Kept so that a client activated later gets the cursor the desktop shows now.
        link->cursor_ = shape_of(image);
        link->cursor_hidden_ = false;
        link->callbacks_.cursor_image(*link->cursor_);
    };
    wl.cursor_hidden = [link] {
        link->cursor_hidden_ = true;
        link->callbacks_.cursor_hidden();
    };
    wl.cursor_position = [link](double x, double y) {
        // Rounded: wlroots maps our absolute motion through doubles and wl_fixed truncates,
        // so the client's own 365 can come back as 364.996 and must not look like a jump.
        link->callbacks_.cursor_position(static_cast<int32_t>(std::lround(x)), static_cast<int32_t>(std::lround(y)));
    };
    wl.capture_stopped = [link](const std::string& output, const std::string& reason) {
        log().warn("{}: capture of {} stopped: {}", link->label_, output, reason);
    };
    wl.outputs_changed = [link] { link->callbacks_.outputs_changed(); };
    wl.lost = [link](const std::string& reason) { link->callbacks_.lost(reason); };

    auto wayland_target = target.fd >= 0 ? WaylandTarget::connected(UniqueFd(target.fd))
                                         : WaylandTarget::named(target.display);
    auto session = WaylandSession::connect(loop, std::move(wayland_target), std::move(wl));
    if (!session) return std::unexpected("cannot use the compositor: " + session.error());
    self->wayland_ = std::move(*session);
    if (!self->wayland_->has_session_protocol())
        log().info("the compositor has no wrd_session_v1: the cursor stays in the frames, one output");
    self->keyboard_ = std::make_unique<KeyboardTranslator>(self->wayland_->keyboard());
    self->pointer_ = std::make_unique<PointerTranslator>(self->wayland_->pointer());
    return self;
}

DesktopLink::Layout DesktopLink::layout() const {
    // The client's desktop starts at 0,0; the compositor's layout may start anywhere (monitors
    // left of or above the primary have negative positions), so shift it. Absolute pointer
    // motion maps onto the same box, so input needs no other conversion.
    Layout out;
    int32_t min_x = INT32_MAX, min_y = INT32_MAX;
    auto outputs = wayland_->outputs();
    for (const auto& o : outputs) {
        min_x = std::min(min_x, o.x);
        min_y = std::min(min_y, o.y);
    }
    for (const auto& o : outputs) out.emplace_back(o.name, Rect{o.x - min_x, o.y - min_y, o.mode_width, o.mode_height});
    return out;
}

Rect DesktopLink::bounds() const {
    Rect all;
    for (const auto& [name, rect] : layout()) all = all.bounding(rect);
    return all;
}

std::string DesktopLink::primary_output() const {
    for (const auto& o : wayland_->outputs())
        if (!o.made_by_us) return o.name;
    return {};
}

void DesktopLink::apply_client_layout(std::vector<MonitorLayout> monitors, const char* source) {
    // Some clients mark no primary for a single monitor; that one is the primary.
    if (monitors.size() == 1) monitors[0].primary = true;
    if (auto ok = validate_layout(monitors); !ok) {
        log().warn("{}: ignoring the {} monitor layout: {}", label_, source, ok.error());
        return;
    }
    log().info("{}: {} monitor layout: {}", label_, source, describe(monitors));
    std::string primary = primary_output();
    if (primary.empty()) return;
    OutputInfo base;
    std::map<uint32_t, OutputInfo> ours;
    for (const auto& o : wayland_->outputs()) {
        if (o.name == primary) base = o;
        if (o.made_by_us) ours[o.virtual_id] = o;
    }
    uint32_t next_id = 1;
    for (const auto& m : monitors) {
        if (m.primary) {
            if (base.mode_width != m.rect.width || base.mode_height != m.rect.height)
                wayland_->resize_output(primary, m.rect.width, m.rect.height, [this, primary](auto result) {
                    if (!result) log().warn("{}: resizing {} failed: {}", label_, primary, result.error());
                });
            continue;
        }
        // Other monitors keep their offset from the primary; the compositor's layout may go
        // negative, and layout() moves the whole desktop back to 0,0 for the client.
        Rect want{base.x + m.rect.x, base.y + m.rect.y, m.rect.width, m.rect.height};
        uint32_t id = next_id++;
        auto it = ours.find(id);
        if (it != ours.end() && it->second.mode_width == want.width && it->second.mode_height == want.height) {
            if (it->second.x != want.x || it->second.y != want.y)
                wayland_->set_virtual_output_position(it->second.name, want.x, want.y);
            ours.erase(it);
            continue;
        }
        if (it != ours.end()) {
            wayland_->destroy_virtual_output(it->second.name);
            ours.erase(it);
        }
        wayland_->create_virtual_output(id, want, base.refresh_mhz ? base.refresh_mhz : 60000, [this, id](auto result) {
            if (!result) log().warn("{}: adding monitor {} failed: {}", label_, id, result.error());
        });
    }
    for (const auto& [id, o] : ours) wayland_->destroy_virtual_output(o.name);
}

void DesktopLink::set_keyboard_layout(uint32_t klid, uint32_t type, uint32_t subtype) {
    if (auto ok = keyboard_->set_layout(klid, type, subtype); !ok)
        log().warn("{}: keyboard layout {:#010x}: {}", label_, klid, ok.error());
}

void DesktopLink::keyboard(uint16_t flags, uint8_t code) { keyboard_->scancode(flags, code); }
void DesktopLink::unicode(uint16_t flags, uint16_t code) { keyboard_->unicode(flags, code); }
void DesktopLink::synchronize(uint32_t flags) { keyboard_->synchronize(flags); }

void DesktopLink::mouse(uint16_t flags, uint16_t x, uint16_t y, bool extended) {
    if (extended) pointer_->extended_mouse(flags, x, y);
    else pointer_->mouse(flags, x, y);
}

void DesktopLink::set_pointer_area(uint32_t width, uint32_t height) { pointer_->set_desktop_size(width, height); }

void DesktopLink::release_input() {
    if (keyboard_) keyboard_->release_all();
    if (pointer_) pointer_->release_all();
}

void DesktopLink::start_capture(const std::string& output) {
    if (auto ok = wayland_->start_capture(output); !ok) log().warn("{}: cannot capture {}: {}", label_, output, ok.error());
}

void DesktopLink::stop_capture(const std::string& output) { wayland_->stop_capture(output); }

void DesktopLink::start_clipboard(void* channel_manager) {
    if (clipboard_) return;
    clipboard_ = std::make_unique<ClipboardBridge>(loop_, channel_manager, wayland_->display());
    if (auto ok = clipboard_->start(); !ok) {
        log().info("{}: no clipboard: {}", label_, ok.error());
        clipboard_.reset();
    }
}

void DesktopLink::set_cursor_composited(bool composited) { wayland_->set_cursor_composited(composited); }

}  // namespace wrd::rdp
