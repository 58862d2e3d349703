// DesktopLink: a connection's link to the desktop it shows, from "attached" on. It owns the
// Wayland connection to the compositor (capture, virtual keyboard and pointer, outputs), the
// input translators, the clipboard bridge and the last cursor the desktop showed, and lays
// the outputs out to match the client's monitors.
// Created and used on the connection's I/O thread only; its callbacks run there.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "event_loop.hpp"
#include "graphics/source_frame.hpp"
#include "pointer/pointer_updates.hpp"
#include "rect.hpp"
#include "session/display_control.hpp"

namespace wrd::rdp {

class ClipboardBridge;
class KeyboardTranslator;
class PointerTranslator;
class WaylandSession;

// Where the compositor is: a display name ("" = $WAYLAND_DISPLAY) or a connected socket.
struct CompositorTarget {
    std::string display;
    int fd = -1;
};

class DesktopLink {
public:
    struct Callbacks {
        std::function<void(SourceFramePtr)> frame;
        std::function<void(const PointerShape&)> cursor_image;
        std::function<void()> cursor_hidden;
        std::function<void(int32_t x, int32_t y)> cursor_position;  // rounded layout pixels
        std::function<void()> outputs_changed;
        std::function<void(const std::string& reason)> lost;  // may destroy the link
    };
    using Layout = std::vector<std::pair<std::string, Rect>>;

    // Connects (bounded waits). `label` prefixes log lines (the client's address).
    static std::expected<std::unique_ptr<DesktopLink>, std::string> connect(EventLoop& loop, CompositorTarget target,
                                                                            std::string label, Callbacks callbacks);
    ~DesktopLink();
    DesktopLink(const DesktopLink&) = delete;
    DesktopLink& operator=(const DesktopLink&) = delete;

    // The outputs as the client lays them out: shifted so the desktop starts at 0,0.
    Layout layout() const;
    Rect bounds() const;
    // Resizes/adds/removes outputs to match the client's monitors (when following is on).
    void apply_client_layout(std::vector<MonitorLayout> monitors, const char* source);

    void set_keyboard_layout(uint32_t klid, uint32_t type, uint32_t subtype);
    void keyboard(uint16_t flags, uint8_t code);
    void unicode(uint16_t flags, uint16_t code);
    void mouse(uint16_t flags, uint16_t x, uint16_t y, bool extended);
    void synchronize(uint32_t flags);
    void set_pointer_area(uint32_t width, uint32_t height);
    void release_input();

    void start_capture(const std::string& output);
    void stop_capture(const std::string& output);
    // The clipboard bridge over the client's cliprdr channel; a failure only loses the clipboard.
    void start_clipboard(void* channel_manager);
    void set_cursor_composited(bool composited);
    // The desktop's last cursor, for a client activated later: nullopt while unknown.
    const std::optional<PointerShape>& cursor() const { return cursor_; }
    bool cursor_hidden() const { return cursor_hidden_; }

private:
    DesktopLink(EventLoop& loop, std::string label, Callbacks callbacks);
    std::string primary_output() const;

    EventLoop& loop_;
    std::string label_;
    Callbacks callbacks_;
    std::unique_ptr<WaylandSession> wayland_;
    std::unique_ptr<KeyboardTranslator> keyboard_;
    std::unique_ptr<PointerTranslator> pointer_;
    std::unique_ptr<ClipboardBridge> clipboard_;
    std::optional<PointerShape> cursor_;
    bool cursor_hidden_ = false;
};

}  // namespace wrd::rdp
