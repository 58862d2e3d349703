// Every wl_output the compositor offers, with its xdg-output where the compositor has that,
// kept current as outputs come and go. What the tools list and capture, and the output a
// benchmark fills and times. Main thread only.
#pragma once

#include <cstdint>
#include <list>
#include <string>

#include "registry.hpp"

namespace wrd::test {

struct OutputInfo {
    uint32_t global = 0;  // registry name, to match global_remove
    Proxy<wl_output> output;
    Proxy<zxdg_output_v1> xdg;
    std::string name;           // wl_output v4 name, else xdg-output name
    int width = 0, height = 0;  // current mode, in buffer pixels
    int refresh_mhz = 0;        // current mode
    int x = 0, y = 0;           // layout position: xdg-output logical position, else geometry
    bool have_logical = false;
    int scale = 1;
};

class Outputs {
public:
    // Binds every wl_output listed so far and each one added later. Their descriptions arrive
    // with the next roundtrip. `registry` must outlive this.
    explicit Outputs(Registry& registry);
    Outputs(const Outputs&) = delete;  // the output listeners point into list_
    Outputs& operator=(const Outputs&) = delete;
    ~Outputs();

    const std::list<OutputInfo>& list() const { return list_; }
    const OutputInfo* find(const std::string& name) const;

private:
    void add(const Registry::Global& global);

    Registry& registry_;
    Proxy<zxdg_output_manager_v1> xdg_manager_;
    std::list<OutputInfo> list_;  // a list: listeners hold pointers to the elements
};

}  // namespace wrd::test
