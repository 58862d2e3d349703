// One Wayland client connection for the test tools: binds the globals they use (wl_shm, every
// wl_output with its xdg-output, wlr screencopy, wrd_session_manager_v1) and keeps the output
// list current as outputs come and go. Single-threaded: everything runs on the caller's thread.
#pragma once

#include <wayland-client.h>

#include <cstdint>
#include <expected>
#include <list>
#include <memory>
#include <string>

#include "wlr-screencopy-unstable-v1-client-protocol.h"
#include "wrd-session-v1-client-protocol.h"
#include "xdg-output-unstable-v1-client-protocol.h"

namespace wrd::tools {

// unique_ptr deleter that calls a wayland-client destructor function.
template <auto Fn>
struct WlDeleter {
    template <typename T>
    void operator()(T* p) const {
        Fn(p);
    }
};
template <typename T, auto Fn>
using WlPtr = std::unique_ptr<T, WlDeleter<Fn>>;

struct OutputInfo {
    uint32_t global = 0;  // registry name, to match global_remove
    wl_output* output = nullptr;
    zxdg_output_v1* xdg = nullptr;
    std::string name;         // wl_output v4 name, else xdg-output name
    int width = 0, height = 0;  // current mode, in buffer pixels
    int x = 0, y = 0;           // layout position: xdg-output logical position, else geometry
    bool have_logical = false;
    int scale = 1;
};

class Connection {
public:
    enum class Wait { Events, Extra, Timeout, Error };

    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Connects to $WAYLAND_DISPLAY and learns every global and output; the error is one line.
    std::expected<void, std::string> open();

    wl_display* display() const { return display_; }
    wl_shm* shm() const { return shm_; }
    zwlr_screencopy_manager_v1* screencopy() const { return screencopy_; }
    uint32_t screencopy_version() const { return screencopy_version_; }
    wrd_session_manager_v1* session() const { return session_; }
    const std::list<OutputInfo>& outputs() const { return outputs_; }
    const OutputInfo* find_output(const std::string& name) const;

    // Waits up to timeout_ms (-1: forever) for events, or for extra_fd to become readable, and
    // dispatches whatever arrived. Error means the connection is dead: see error_text().
    Wait dispatch_once(int timeout_ms, int extra_fd = -1);
    bool roundtrip() { return wl_display_roundtrip(display_) >= 0; }
    // Why the connection died, naming the interface and code of a protocol error.
    std::string error_text() const;

private:
    static void on_global(void* data, wl_registry* registry, uint32_t name, const char* iface, uint32_t version);
    static void on_global_remove(void* data, wl_registry* registry, uint32_t name);
    void add_output(uint32_t global, uint32_t version);
    void add_xdg_output(OutputInfo& info);

    wl_display* display_ = nullptr;
    wl_registry* registry_ = nullptr;
    wl_shm* shm_ = nullptr;
    zxdg_output_manager_v1* xdg_manager_ = nullptr;
    zwlr_screencopy_manager_v1* screencopy_ = nullptr;
    uint32_t screencopy_version_ = 0;
    wrd_session_manager_v1* session_ = nullptr;
    std::list<OutputInfo> outputs_;  // a list: listeners hold pointers to the elements
};

}  // namespace wrd::tools
