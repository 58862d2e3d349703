// Routes FreeRDP's WLog messages into our "freerdp" spdlog logger (stderr), so stdout carries
// only the probe's own result lines. Call once, on the main thread, before any FreeRDP use.
#pragma once

#include <string_view>

namespace wrd::probe {

// Also sets our loggers' level. `level` is a spdlog level name (trace, debug, info, warn,
// error, off); false, changing nothing, if unknown.
bool route_wlog(std::string_view level);

}  // namespace wrd::probe
