// Routes FreeRDP's and WinPR's WLog output into the "freerdp" spdlog logger, so one process
// writes one log format. Call once on the main thread before any FreeRDP object exists;
// WLog then calls the bridge from whatever thread logs (spdlog is thread-safe).
#pragma once

namespace wrd::rdp {

// FreeRDP logs at our level when that is debug or trace, otherwise only warnings and errors:
// its info messages are per-connection chatter that our own lines already cover.
void route_wlog_to_spdlog();

}  // namespace wrd::rdp
