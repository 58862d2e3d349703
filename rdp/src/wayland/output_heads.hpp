// OutputHeads: the compositor's outputs as zwlr_output_manager_v1 heads, for changing their
// mode: resize() applies a configuration that gives one head a custom mode and leaves the
// others as they are, and reports the compositor's verdict (succeeded, failed, cancelled).
// I/O thread only.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

class OutputHeads {
public:
    using Done = std::function<void(std::expected<void, std::string>)>;

    // Takes the manager; the compositor then lists its heads.
    explicit OutputHeads(WlProxy<zwlr_output_manager_v1> manager);
    OutputHeads(const OutputHeads&) = delete;
    OutputHeads& operator=(const OutputHeads&) = delete;
    ~OutputHeads();

    // Gives the head `name` a custom mode of width x height (buffer pixels) at its current
    // refresh. `done` runs once: at once for an unknown head or bad size, else with the answer.
    void resize(const std::string& name, int32_t width, int32_t height, Done done);
    // Ends every pending resize with `reason` (the connection is gone).
    void fail_pending(const std::string& reason);

private:
    struct Head;
    struct Mode;
    struct Configuration;

    void on_head(zwlr_output_head_v1* head);
    void on_done(uint32_t serial) { serial_ = serial; }
    void on_finished() {}
    void finish(Configuration* configuration, std::expected<void, std::string> result);
    void remove_head(Head* head);

    static const zwlr_output_manager_v1_listener listener;

    WlProxy<zwlr_output_manager_v1> manager_;
    uint32_t serial_ = 0;
    std::vector<std::unique_ptr<Head>> heads_;
    std::vector<std::unique_ptr<Configuration>> pending_;
};

}  // namespace wrd::rdp
