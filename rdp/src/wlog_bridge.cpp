#include "wlog_bridge.hpp"

#include <string>

#include "freerdp.hpp"
#include "logging.hpp"

namespace wrd::rdp {
namespace {

spdlog::level::level_enum to_spdlog(DWORD level) {
    switch (level) {
    case WLOG_TRACE: return spdlog::level::trace;
    case WLOG_DEBUG: return spdlog::level::debug;
    case WLOG_INFO: return spdlog::level::info;
    case WLOG_WARN: return spdlog::level::warn;
    case WLOG_ERROR: return spdlog::level::err;
    default: return spdlog::level::critical;
    }
}

BOOL on_message(const wLogMessage* msg) {
    if (!msg || !msg->TextString) return TRUE;
    std::string text = msg->TextString;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    std::string prefix = msg->PrefixString ? msg->PrefixString : "";
    while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
    logger("freerdp").log(to_spdlog(msg->Level), "{} {}", prefix, text);
    return TRUE;
}

BOOL ignore(const wLogMessage*) { return TRUE; }

}  // namespace

void route_wlog_to_spdlog() {
    wLog* root = WLog_GetRoot();
    WLog_SetLogAppenderType(root, WLOG_APPENDER_CALLBACK);
    wLogCallbacks callbacks{};
    callbacks.message = on_message;
    callbacks.data = ignore;
    callbacks.image = ignore;
    callbacks.package = ignore;
    WLog_ConfigureAppender(WLog_GetLogAppender(root), "callbacks", &callbacks);
    // The module name tells which part of FreeRDP speaks ("[com.freerdp.core.nla]").
    WLog_Layout_SetPrefixFormat(root, WLog_GetLogLayout(root), "[%mn]");
    auto ours = log_level();
    DWORD level = ours <= spdlog::level::trace ? WLOG_TRACE : ours <= spdlog::level::debug ? WLOG_DEBUG : WLOG_WARN;
    WLog_SetLogLevel(root, level);
}

}  // namespace wrd::rdp
