// WaylandSession: wrd-rdp's Wayland client of the desktop it serves. Over one connection it
// captures outputs (wlr-screencopy with damage, into a small pool of wl_shm buffers per
// output), injects input (virtual keyboard and pointer), follows the outputs (wl_output +
// xdg_output), resizes them (wlr-output-management), and, when the compositor speaks
// wrd_session_v1, reports the cursor for client-side drawing and adds virtual outputs.
//
// Threads: everything runs on the I/O thread that runs the EventLoop given to connect(),
// callbacks included. The one exception is CapturedFrame: the consumer may keep frames on any
// thread and drop them there. Callbacks must not destroy the session, except `lost`.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "event_loop.hpp"
#include "input/input_sink.hpp"
#include "rect.hpp"
#include "wayland/captured_frame.hpp"
#include "wayland/connection.hpp"
#include "wayland/output_registry.hpp"
#include "wayland/registry.hpp"
#include "wayland/session_cursor.hpp"

namespace wrd::rdp {

class OutputHeads;
class ScreencopyCapture;
class VirtualKeyboard;
class VirtualOutputs;
class VirtualPointer;

class WaylandSession {
public:
    using Target = WaylandTarget;
    using Done = std::function<void(std::expected<void, std::string>)>;
    // The new output's name, or why there is none.
    using Created = std::function<void(std::expected<std::string, std::string>)>;

    // Every member may be left empty (designated initializers may name just a few).
    struct Callbacks {
        // A finished copy of a captured output; the next copy is already requested.
        std::function<void(std::shared_ptr<const CapturedFrame>)> frame{};
        // A capture ended on its own: its output went, or copies kept failing.
        std::function<void(const std::string& output, const std::string& reason)> capture_stopped{};
        // outputs() changed: an output came, went, or changed mode, position or scale.
        std::function<void()> outputs_changed{};
        // wrd_session_v1 only. The image is in straight alpha.
        std::function<void(const CursorImage&)> cursor_image{};
        std::function<void()> cursor_hidden{};
        std::function<void(double x, double y)> cursor_position{};  // layout, logical pixels
        // The connection broke (compositor gone, protocol error); runs once, may destroy us.
        std::function<void(const std::string& reason)> lost{};
    };

    // Connects, binds the globals, reads the outputs (bounded waits), and joins `loop`.
    // Fails naming whatever is missing. Callbacks may already run during the call.
    static std::expected<std::unique_ptr<WaylandSession>, std::string> connect(EventLoop& loop, Target target,
                                                                               Callbacks callbacks);
    WaylandSession(const WaylandSession&) = delete;
    WaylandSession& operator=(const WaylandSession&) = delete;
    ~WaylandSession();

    std::vector<OutputInfo> outputs() const;

    // Starts continuous capture of an output (no-op when already capturing it).
    std::expected<void, std::string> start_capture(const std::string& output_name);
    void stop_capture(const std::string& output_name);
    bool capturing(const std::string& output_name) const;

    KeyboardSink& keyboard();
    PointerSink& pointer();

    bool has_session_protocol() const { return cursor_ != nullptr; }
    // false: the compositor leaves the cursor out of frames while we draw it client-side.
    // Without wrd_session_v1 a no-op: the cursor stays in the frames.
    void set_cursor_composited(bool composited);

    // A custom mode through wlr-output-management; `done` runs once with the verdict.
    void resize_output(const std::string& name, int32_t width, int32_t height, Done done);
    // Adds an output at `area` (layout, logical pixels) through wrd_session_v1; `id` is the
    // caller's key for it (OutputInfo::virtual_id). `done` runs once the output is in outputs().
    void create_virtual_output(uint32_t id, const Rect& area, int32_t refresh_mhz, Created done);
    // false when no output of that name was made by this session.
    bool destroy_virtual_output(const std::string& name);
    bool set_virtual_output_position(const std::string& name, int32_t x, int32_t y);

    // For components that bind their own globals on this connection (the clipboard bridge):
    // their proxies must go before the session does.
    wl_display* display() const { return connection_->display(); }
    bool lost() const { return connection_->lost(); }

private:
    WaylandSession(EventLoop& loop, std::unique_ptr<WaylandConnection> connection, Callbacks callbacks);
    std::expected<void, std::string> start();
    void bind_session_protocol();
    void on_outputs_changed();
    void on_output_removed(uint32_t global);
    void on_capture_stopped(const std::string& output, const std::string& reason);
    void on_lost(const std::string& reason);

    EventLoop& loop_;
    Callbacks callbacks_;
    // Declared before every proxy (they all belong to this connection), so destroyed after them.
    std::unique_ptr<WaylandConnection> connection_;
    std::unique_ptr<Registry> registry_;
    BoundGlobals globals_;
    std::unique_ptr<OutputRegistry> outputs_;
    std::unique_ptr<OutputHeads> heads_;
    std::unique_ptr<SessionCursor> cursor_;
    std::unique_ptr<VirtualOutputs> virtual_outputs_;
    std::unique_ptr<VirtualKeyboard> keyboard_;
    std::unique_ptr<VirtualPointer> pointer_;
    std::map<std::string, std::unique_ptr<ScreencopyCapture>> captures_;
};

}  // namespace wrd::rdp
