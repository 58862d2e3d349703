// One-frame capture of an output through zwlr_screencopy_manager_v1 into a wl_shm buffer,
// converted to an RGB Image. Single-threaded, on the connection's thread.
#pragma once

#include <expected>
#include <string>

#include "connection.hpp"
#include "image.hpp"

namespace wrd::tools {

struct Capture {
    Image image;          // top row first, whatever the compositor's y_invert flag said
    std::string format;   // the wl_shm format the compositor chose, e.g. "XRGB8888"
    bool y_invert = false;
};

// Captures the next frame of `output`; with `cursor` the compositor is asked to draw the
// cursor in. The error is one line: no shm offer, unsupported format, failed, timed out.
std::expected<Capture, std::string> capture_output(Connection& conn, const OutputInfo& output, bool cursor,
                                                   int timeout_ms);

}  // namespace wrd::tools
