#include "log.hpp"

#include <cstdarg>
#include <cstdio>
#include <memory>

#include <spdlog/sinks/stdout_color_sinks.h>

#include "listener.hpp"
#include "wlr.hpp"

namespace wrd::compositor {
namespace {

std::shared_ptr<spdlog::logger> g_logger;

std::string vformat(const char* fmt, va_list args) {
    char buf[1024];
    int n = std::vsnprintf(buf, sizeof buf, fmt, args);
    if (n < 0) return "(unformattable log message)";
    std::string s(buf, static_cast<size_t>(std::min<int>(n, sizeof buf - 1)));
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
}

void wlroots_log(wlr_log_importance importance, const char* fmt, va_list args) {
    spdlog::level::level_enum level = spdlog::level::debug;
    if (importance == WLR_ERROR)
        level = spdlog::level::err;
    else if (importance == WLR_INFO)
        level = spdlog::level::info;
    if (!g_logger->should_log(level)) return;
    g_logger->log(level, "[wlr] {}", vformat(fmt, args));
}

void wayland_log(const char* fmt, va_list args) {
    g_logger->warn("[wayland] {}", vformat(fmt, args));
}

}  // namespace

bool init_logging(std::string_view level) {
    auto parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off") return false;
    g_logger = spdlog::stderr_color_mt("compositor");
    g_logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v");
    g_logger->set_level(parsed);
    g_logger->flush_on(spdlog::level::info);
    // wlroots' debug output is very chatty; only pass it through at trace.
    wlr_log_init(parsed <= spdlog::level::trace  ? WLR_DEBUG
                 : parsed <= spdlog::level::info ? WLR_INFO
                                                 : WLR_ERROR,
                 wlroots_log);
    wl_log_set_handler_server(wayland_log);
    return true;
}

spdlog::logger& log() {
    if (!g_logger) init_logging("info");
    return *g_logger;
}

void log_listener_exception(const char* what) noexcept {
    try {
        log().error("exception in a Wayland event handler: {}", what);
    } catch (...) {
    }
}

}  // namespace wrd::compositor
