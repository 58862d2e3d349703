// VirtualOutputs: outputs this session adds to the desktop through wrd_session_v1 (one per
// monitor of a multi-monitor RDP client). A creation is reported once the compositor has
// created the output and its wl_output is complete in the session's OutputRegistry, so the
// caller finds it in outputs() at once. The compositor removes an output when its object is
// destroyed (destroy(), or the connection ending). I/O thread only.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rect.hpp"
#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

class VirtualOutputs {
public:
    // The output's name, or why it could not be made.
    using Created = std::function<void(std::expected<std::string, std::string>)>;
    // Whether the session's OutputRegistry lists a complete output of this name.
    using Listed = std::function<bool(const std::string& name)>;

    // `manager` stays the caller's.
    VirtualOutputs(wrd_session_manager_v1* manager, Listed listed);
    VirtualOutputs(const VirtualOutputs&) = delete;
    VirtualOutputs& operator=(const VirtualOutputs&) = delete;
    ~VirtualOutputs();

    // Adds an output of area.width x area.height at (area.x, area.y) in the layout.
    // `refresh_mhz` 0 means 60 Hz. Out-of-range sizes fail here, never as a protocol error.
    void create(uint32_t id, const Rect& area, int32_t refresh_mhz, Created done);
    // The registry's outputs changed: report the creations whose output is now listed.
    void outputs_changed();
    // false when no output of ours has this name.
    bool destroy(const std::string& name);
    bool set_position(const std::string& name, int32_t x, int32_t y);
    // The id given to create() for one of our outputs.
    std::optional<uint32_t> id_of(const std::string& name) const;
    // Ends every creation still waiting with `reason`.
    void fail_pending(const std::string& reason);

private:
    struct Output;

    void created(Output* output);
    void failed(Output* output, const std::string& reason);
    Output* find(const std::string& name) const;

    wrd_session_manager_v1* manager_;
    Listed listed_;
    std::vector<std::unique_ptr<Output>> outputs_;
};

}  // namespace wrd::rdp
