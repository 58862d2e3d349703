// DisplayControl: the display control dynamic channel (MS-RDPEDISP), through which a client
// asks for a new monitor layout when its window is resized or its monitors change. FreeRDP's
// disp server reads the channel on a thread of its own; layouts are handed to the I/O thread
// through the EventLoop. Create, open and destroy on the I/O thread.
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "event_loop.hpp"
#include "rect.hpp"

typedef struct s_disp_server_context DispServerContext;
typedef struct rdp_context rdpContext;
typedef void* HANDLE;

namespace wrd::rdp {

// One monitor of a client layout, in the client's desktop coordinates.
struct MonitorLayout {
    Rect rect;
    bool primary = false;
    uint32_t scale_percent = 100;
};

// Checks a layout against MS-RDPEDISP 2.2.2.2.1 (1..16 monitors, 200..8192 pixels each, even
// widths, exactly one primary at 0,0, no overlaps); the error says what is wrong.
std::expected<void, std::string> validate_layout(const std::vector<MonitorLayout>& monitors);

class DisplayControl {
public:
    using LayoutHandler = std::function<void(std::vector<MonitorLayout>)>;

    DisplayControl(rdpContext* context, HANDLE vcm, EventLoop& loop, LayoutHandler handler);
    ~DisplayControl();
    DisplayControl(const DisplayControl&) = delete;
    DisplayControl& operator=(const DisplayControl&) = delete;

    // Opens the channel once drdynvc is ready; false when the client has none.
    bool open();

private:
    struct Shared;  // what the disp thread may reach: the loop and a liveness flag
    DispServerContext* disp_ = nullptr;
    HANDLE vcm_;
    std::shared_ptr<Shared> shared_;
    bool opened_ = false;
};

}  // namespace wrd::rdp
