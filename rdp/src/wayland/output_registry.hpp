// OutputRegistry: the compositor's outputs as wl_output + xdg_output describe them (name,
// layout position and size, current mode, scale), kept current as outputs come, change and go.
// I/O thread only; OutputInfo values may be copied anywhere.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wayland/wl_proxy.hpp"

namespace wrd::rdp {

// One output as the session last saw it complete (after a done event). A plain value.
struct OutputInfo {
    std::string name;  // the compositor's name, e.g. HEADLESS-1
    int32_t x = 0;     // layout position and size in logical pixels (xdg_output)
    int32_t y = 0;
    int32_t width = 0;
    int32_t height = 0;
    int32_t mode_width = 0;  // the current mode in buffer pixels: what captures of it measure
    int32_t mode_height = 0;
    int32_t refresh_mhz = 0;
    double scale = 1.0;       // buffer pixels per logical pixel (fractional scales included)
    bool made_by_us = false;  // created by this session's create_virtual_output
    uint32_t virtual_id = 0;  // the id given to create_virtual_output, when made_by_us

    bool operator==(const OutputInfo&) const = default;
};

class OutputRegistry {
public:
    // `changed` runs after a done event that changed an output (not on removal: see remove()).
    OutputRegistry(zxdg_output_manager_v1* xdg_manager, std::function<void()> changed);
    OutputRegistry(const OutputRegistry&) = delete;
    OutputRegistry& operator=(const OutputRegistry&) = delete;
    ~OutputRegistry();

    // A wl_output global appeared: bind it and follow it.
    void add(wl_registry* registry, uint32_t global, uint32_t version);
    // A global went; returns the name when it was a complete output, which the caller reports.
    std::optional<std::string> remove(uint32_t global);

    // The outputs seen complete, in the order the compositor announced them.
    std::vector<OutputInfo> infos() const;
    std::optional<OutputInfo> info(std::string_view name) const;
    wl_output* find(std::string_view name) const;

private:
    class Output;
    friend class Output;

    zxdg_output_manager_v1* xdg_manager_;
    std::function<void()> changed_;
    std::vector<std::unique_ptr<Output>> outputs_;
};

}  // namespace wrd::rdp
