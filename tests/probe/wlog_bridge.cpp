#include "wlog_bridge.hpp"

#include <array>
#include <utility>

#include "freerdp.hpp"
#include "logging.hpp"

namespace wrd::probe {
namespace {

constexpr std::array<std::pair<DWORD, spdlog::level::level_enum>, 7> kLevels{{
    {WLOG_TRACE, spdlog::level::trace},
    {WLOG_DEBUG, spdlog::level::debug},
    {WLOG_INFO, spdlog::level::info},
    {WLOG_WARN, spdlog::level::warn},
    {WLOG_ERROR, spdlog::level::err},
    {WLOG_FATAL, spdlog::level::critical},
    {WLOG_OFF, spdlog::level::off},
}};

// WLog calls this on whatever thread logged; spdlog loggers are thread-safe.
BOOL on_message(const wLogMessage* msg) {
    spdlog::level::level_enum level = spdlog::level::err;
    for (const auto& [wlog, spd] : kLevels)
        if (wlog == msg->Level) level = spd;
    logger("freerdp").log(level, "{}{}", msg->PrefixString ? msg->PrefixString : "",
                          msg->TextString ? msg->TextString : "");
    return TRUE;
}

}  // namespace

bool route_wlog(std::string_view level) {
    if (!set_log_level(level)) return false;
    DWORD wlog_level = WLOG_WARN;
    for (const auto& [wlog, spd] : kLevels)
        if (spd == log_level()) wlog_level = wlog;
    wLog* root = WLog_GetRoot();
    wLogCallbacks callbacks{};
    callbacks.message = on_message;
    // A WLog that cannot be redirected still logs to its console: worth a warning, no more.
    if (!WLog_SetLogAppenderType(root, WLOG_APPENDER_CALLBACK) ||
        !WLog_ConfigureAppender(WLog_GetLogAppender(root), "callbacks", &callbacks))
        logger("probe").warn("cannot route FreeRDP's log; it goes to its own console appender");
    // Module and function only: spdlog adds the time and level.
    WLog_Layout_SetPrefixFormat(root, WLog_GetLogLayout(root), "[%mn] %fn: ");
    WLog_SetLogLevel(root, wlog_level);
    // The probe accepts any certificate by design and reports its fingerprint; FreeRDP's
    // multi-line "name mismatch" and "new host key" banners would drown our one-line errors.
    // A failed handshake still shows as the connect error (freerdp_get_last_error).
    if (wlog_level > WLOG_DEBUG) WLog_SetLogLevel(WLog_Get("com.freerdp.crypto"), WLOG_FATAL);
    return true;
}

}  // namespace wrd::probe
