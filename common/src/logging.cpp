#include "logging.hpp"

#include <mutex>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace wrd {
namespace {

std::mutex g_mutex;
spdlog::sink_ptr g_sink;
spdlog::level::level_enum g_level = spdlog::level::info;

}  // namespace

spdlog::logger& logger(std::string_view subsystem) {
    std::lock_guard lock(g_mutex);
    std::string name(subsystem);
    if (auto existing = spdlog::get(name)) return *existing;
    if (!g_sink) g_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    auto created = std::make_shared<spdlog::logger>(name, g_sink);
    created->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%n] %v");
    created->set_level(g_level);
    created->flush_on(spdlog::level::info);
    spdlog::register_logger(created);
    return *created;
}

bool set_log_level(std::string_view level) {
    auto parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off") return false;
    std::lock_guard lock(g_mutex);
    g_level = parsed;
    spdlog::apply_all([parsed](const std::shared_ptr<spdlog::logger>& l) { l->set_level(parsed); });
    return true;
}

spdlog::level::level_enum log_level() {
    std::lock_guard lock(g_mutex);
    return g_level;
}

}  // namespace wrd
