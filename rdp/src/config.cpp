#include "config.hpp"

#include <cstdlib>
#include <filesystem>
#include <format>
#include <set>

#include <toml++/toml.hpp>

namespace wrd::rdp {

std::string default_config_dir() {
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return std::string(xdg) + "/wrd";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.config/wrd";
}

std::string to_string(Security security) { return security == Security::Nla ? "nla" : "tls"; }

std::string to_string(CodecChoice codec) {
    switch (codec) {
    case CodecChoice::Auto: return "auto";
    case CodecChoice::Avc420: return "avc420";
    case CodecChoice::Progressive: return "progressive";
    case CodecChoice::RemoteFx: return "rfx";
    case CodecChoice::Bitmap: return "bitmap";
    }
    return "auto";
}

std::optional<Security> parse_security(const std::string& text) {
    if (text == "nla") return Security::Nla;
    if (text == "tls") return Security::Tls;
    return std::nullopt;
}

std::optional<CodecChoice> parse_codec(const std::string& text) {
    for (auto c : {CodecChoice::Auto, CodecChoice::Avc420, CodecChoice::Progressive, CodecChoice::RemoteFx,
                   CodecChoice::Bitmap})
        if (to_string(c) == text) return c;
    return std::nullopt;
}

namespace {

template <typename T>
T required_type(const toml::node& node, const std::string& where) {
    auto value = node.value<T>();
    if (!value) throw ConfigError(std::format("{}: wrong type", where));
    return *value;
}

int bounded_int(const toml::node& node, const std::string& where, int lo, int hi) {
    auto v = required_type<int64_t>(node, where);
    if (v < lo || v > hi) throw ConfigError(std::format("{}: {} is outside {}..{}", where, v, lo, hi));
    return static_cast<int>(v);
}

void apply_rdp_table(const toml::table& rdp, const std::string& path, FrontEndConfig& config,
                     std::vector<std::string>& warnings) {
    for (const auto& [key, node] : rdp) {
        std::string k(key.str());
        std::string where = std::format("{}: rdp.{}", path, k);
        if (k == "security") {
            auto s = parse_security(required_type<std::string>(node, where));
            if (!s) throw ConfigError(where + ": expected \"nla\" or \"tls\"");
            config.security = *s;
        } else if (k == "codec") {
            auto c = parse_codec(required_type<std::string>(node, where));
            if (!c) throw ConfigError(where + ": expected auto, avc420, progressive, rfx or bitmap");
            config.codec = *c;
        } else if (k == "avc_crf") {
            config.avc_crf = bounded_int(node, where, 0, 51);
        } else if (k == "avc_max_bitrate_kbps") {
            config.avc_max_bitrate_kbps = bounded_int(node, where, 0, 1000000);
        } else if (k == "max_frames_in_flight") {
            config.max_frames_in_flight = bounded_int(node, where, 1, 16);
        } else if (k == "follow_client_layout") {
            config.follow_client_layout = required_type<bool>(node, where);
        } else if (k == "username") {
            config.username = required_type<std::string>(node, where);
        } else if (k == "password") {
            config.password = required_type<std::string>(node, where);
        } else if (k == "log_level") {
            config.log_level = required_type<std::string>(node, where);
        } else {
            warnings.push_back(std::format("{}: unknown key, ignored", where));
        }
    }
}

void apply_server_table(const toml::table& server, const std::string& path, ServerLimits& limits,
                        std::vector<std::string>& warnings) {
    struct Key {
        const char* name;
        int ServerLimits::* field;
        int lo, hi;
    };
    static constexpr Key keys[] = {
        {"max_unauthenticated", &ServerLimits::max_unauthenticated, 1, 10000},
        {"max_unauthenticated_per_source", &ServerLimits::max_unauthenticated_per_source, 1, 10000},
        {"max_new_per_source_per_second", &ServerLimits::max_new_per_source_per_second, 1, 10000},
        {"handshake_timeout_s", &ServerLimits::handshake_timeout_s, 1, 600},
        {"login_timeout_s", &ServerLimits::login_timeout_s, 1, 3600},
        {"max_sessions", &ServerLimits::max_sessions, 1, 10000},
        {"login_backoff_s", &ServerLimits::login_backoff_s, 0, 3600},
        {"login_backoff_max_s", &ServerLimits::login_backoff_max_s, 0, 86400},
        {"connection_memory_mib", &ServerLimits::connection_memory_mib, 256, 1048576},
        {"connection_open_files", &ServerLimits::connection_open_files, 64, 1048576},
    };
    for (const auto& [key, node] : server) {
        std::string k(key.str());
        std::string where = std::format("{}: server.{}", path, k);
        const Key* found = nullptr;
        for (const auto& candidate : keys)
            if (k == candidate.name) found = &candidate;
        if (!found) {
            warnings.push_back(std::format("{}: unknown key, ignored", where));
            continue;
        }
        limits.*(found->field) = bounded_int(node, where, found->lo, found->hi);
    }
    if (limits.login_timeout_s < limits.handshake_timeout_s)
        throw ConfigError(std::format("{}: server.login_timeout_s must not be below handshake_timeout_s", path));
}

}  // namespace

void load_front_end_config(const std::string& path, bool must_exist, FrontEndConfig& config,
                           std::vector<std::string>& warnings) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        if (must_exist) throw ConfigError(std::format("{}: no such file", path));
        return;
    }
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError(std::format("{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column,
                                      e.description()));
    }
    if (auto* rdp = root["rdp"].as_table()) apply_rdp_table(*rdp, path, config, warnings);
    else if (root.contains("rdp")) throw ConfigError(path + ": rdp must be a table");
    if (auto* server = root["server"].as_table()) apply_server_table(*server, path, config.limits, warnings);
    else if (root.contains("server")) throw ConfigError(path + ": server must be a table");
}

std::string describe(const ServerLimits& l) {
    return std::format("before login: at most {} connections, {} per source, {} new per second per source, "
                       "{} s to negotiate security, {} s to log in; at most {} sessions; failed logins back off "
                       "{} s doubling to {} s; each connection {} MiB, {} files",
                       l.max_unauthenticated, l.max_unauthenticated_per_source, l.max_new_per_source_per_second,
                       l.handshake_timeout_s, l.login_timeout_s, l.max_sessions, l.login_backoff_s,
                       l.login_backoff_max_s, l.connection_memory_mib, l.connection_open_files);
}

std::string describe(const FrontEndConfig& c) {
    return std::format("config dir {}, security {}, codec {}, avc crf {}, avc max bitrate {} kbit/s, "
                       "frames in flight {}, follow client layout {}, user {}, password {}",
                       c.config_dir, to_string(c.security), to_string(c.codec), c.avc_crf,
                       c.avc_max_bitrate_kbps, c.max_frames_in_flight, c.follow_client_layout,
                       c.username.empty() ? "(generated)" : c.username,
                       c.password.empty() ? "(generated)" : "(from config)");
}

}  // namespace wrd::rdp
