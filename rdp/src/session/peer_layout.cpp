// PeerSession: making the desktop's outputs match the client's monitors, at connection time
// (Client Core/Monitor Data, MS-RDPBCGR 2.2.1.3.6) and when it changes (MS-RDPEDISP).
#include <format>
#include <map>

#include "freerdp.hpp"
#include "logging.hpp"
#include "session/peer_session.hpp"
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
}  // namespace

std::vector<MonitorLayout> PeerSession::client_layout_from_settings() const {
    const rdpSettings* s = peer_->context->settings;
    std::vector<MonitorLayout> out;
    UINT32 count = freerdp_settings_get_uint32(s, FreeRDP_MonitorCount);
    for (UINT32 i = 0; i < count; ++i) {
        auto* m = static_cast<const rdpMonitor*>(freerdp_settings_get_pointer_array(s, FreeRDP_MonitorDefArray, i));
        if (!m) continue;
        out.push_back({{m->x, m->y, m->width, m->height}, m->is_primary != 0, 100});
    }
    if (out.empty()) {
        out.push_back({{0, 0, static_cast<int32_t>(freerdp_settings_get_uint32(s, FreeRDP_DesktopWidth)),
                        static_cast<int32_t>(freerdp_settings_get_uint32(s, FreeRDP_DesktopHeight))},
                       true, 100});
    }
    return out;
}

std::string PeerSession::primary_output() const {
    for (const auto& o : wayland_->outputs())
        if (!o.made_by_us) return o.name;
    return {};
}

void PeerSession::apply_client_layout(std::vector<MonitorLayout> monitors, const char* source) {
    if (!options_.config.follow_client_layout) return;
    // Some clients mark no primary for a single monitor; that one is the primary.
    if (monitors.size() == 1) monitors[0].primary = true;
    if (auto ok = validate_layout(monitors); !ok) {
        log().warn("{}: ignoring the {} monitor layout: {}", client_name_, source, ok.error());
        return;
    }
    log().info("{}: {} monitor layout: {}", client_name_, source, describe(monitors));
    std::string primary = primary_output();
    if (primary.empty()) return;
    OutputInfo base;
    for (const auto& o : wayland_->outputs())
        if (o.name == primary) base = o;
    std::map<uint32_t, OutputInfo> ours;
    for (const auto& o : wayland_->outputs())
        if (o.made_by_us) ours[o.virtual_id] = o;

    uint32_t next_id = 1;
    for (const auto& m : monitors) {
        if (m.primary) {
            if (base.mode_width != m.rect.width || base.mode_height != m.rect.height)
                wayland_->resize_output(primary, m.rect.width, m.rect.height, [this, primary](auto result) {
                    if (!result) log().warn("{}: resizing {} failed: {}", client_name_, primary, result.error());
                });
            continue;
        }
        // Other monitors keep their offset from the primary; the compositor's layout may go
        // negative, and output_layout() moves the whole desktop back to 0,0 for the client.
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
            if (!result) log().warn("{}: adding monitor {} failed: {}", client_name_, id, result.error());
        });
    }
    for (const auto& [id, o] : ours) wayland_->destroy_virtual_output(o.name);
}

}  // namespace wrd::rdp
