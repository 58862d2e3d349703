// One Wayland client connection for the test tools: binds the globals they use (wl_shm, every
// wl_output with its xdg-output, wlr screencopy, wrd_session_manager_v1) and keeps the output
// list current as outputs come and go. Single-threaded: everything runs on the caller's thread.
#pragma once

#include <expected>
#include <list>
#include <optional>
#include <string>

#include "wayland/outputs.hpp"

namespace wrd::tools {

using test::OutputInfo;
using test::Proxy;

class Connection {
public:
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Connects to $WAYLAND_DISPLAY and learns every global and output; the error is one line.
    std::expected<void, std::string> open();

    wl_display* display() const { return display_.get(); }
    wl_shm* shm() const { return shm_.get(); }
    zwlr_screencopy_manager_v1* screencopy() const { return screencopy_.get(); }
    wrd_session_manager_v1* session() const { return session_.get(); }
    const std::list<OutputInfo>& outputs() const { return outputs_->list(); }
    const OutputInfo* find_output(const std::string& name) const { return outputs_->find(name); }

private:
    // Declared first, so the objects below are gone before it disconnects.
    test::Display display_;
    std::optional<test::Registry> registry_;
    std::optional<test::Outputs> outputs_;
    Proxy<wl_shm> shm_;
    Proxy<zwlr_screencopy_manager_v1> screencopy_;
    Proxy<wrd_session_manager_v1> session_;
};

}  // namespace wrd::tools
