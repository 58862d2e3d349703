// One named spdlog logger per subsystem ("rdp", "encoder", "wayland", "freerdp", "server"...),
// all writing to stderr with the same pattern and level. spdlog loggers are thread-safe;
// set_log_level may be called from any thread, normally once at start-up.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace wrd {

// The logger for `subsystem`, created on first use at the current level.
spdlog::logger& logger(std::string_view subsystem);

// Sets the level (trace, debug, info, warn, error, critical, off) of every logger, present
// and future. Returns false, changing nothing, for an unknown name.
bool set_log_level(std::string_view level);

spdlog::level::level_enum log_level();

}  // namespace wrd
