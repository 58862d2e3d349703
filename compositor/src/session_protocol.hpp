// SessionProtocol: the wrd_session_manager_v1 global (compositor/protocol/wrd-session-v1.xml).
// Sends the cursor image and position to front ends and adds or removes virtual outputs for
// them. Event-loop thread only.
#pragma once

#include <cstdint>
#include <vector>

#include "wlr.hpp"

namespace wrd::compositor {

class Server;

class SessionProtocol {
public:
    explicit SessionProtocol(Server& server);
    ~SessionProtocol();
    SessionProtocol(const SessionProtocol&) = delete;
    SessionProtocol& operator=(const SessionProtocol&) = delete;

    void cursor_moved(double x, double y);
    void cursor_image_changed();  // re-reads the image; sends it only if the pixels changed

    // Resource plumbing, called from the C request handlers.
    void add_cursor(wl_resource* resource);
    void remove_cursor(wl_resource* resource);
    void update_composited();
    void create_virtual_output(wl_resource* manager, uint32_t id, int x, int y, int w, int h, int refresh);

private:
    struct Image {
        bool hidden = false;
        int width = 0, height = 0, hotspot_x = 0, hotspot_y = 0;
        std::vector<uint8_t> pixels;  // argb8888, stride width * 4
        bool operator==(const Image&) const = default;
    };

    Image read_image() const;
    void send_image(wl_resource* cursor);
    void send_position(wl_resource* cursor);

    Server& server_;
    wl_global* global_ = nullptr;
    std::vector<wl_resource*> cursors_;
    Image image_;
    bool have_image_ = false;
    uint32_t serial_ = 0;
    int image_fd_ = -1;  // memfd holding image_.pixels, dup'ed into each event
    double x_ = 0, y_ = 0;
};

}  // namespace wrd::compositor
