// The compositor's logger, with wlroots' and libwayland's logs routed into it.
// spdlog loggers are thread-safe; set-up runs once on the main thread before anything logs.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace wrd::compositor {

// Creates the "compositor" logger on stderr at `level` (trace..off) and routes wlroots and
// libwayland-server messages into it. Returns false for an unknown level name.
bool init_logging(std::string_view level);

spdlog::logger& log();

}  // namespace wrd::compositor
