// wrd-server: standalone mode. Starts wrd-compositor for the current user and serves it over
// RDP, one wrd-rdp process per connection.
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <CLI/CLI.hpp>

#include "config.hpp"
#include "logging.hpp"
#include "standalone/standalone_server.hpp"

namespace {

using namespace wrd::rdp;

// wrd-compositor and wrd-rdp are looked up next to this program first (a build tree or an
// installed bin/), then on PATH.
std::string sibling_program(const char* name) {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (auto dir : {self.parent_path(), self.parent_path() / ".." / "compositor"}) {
            auto candidate = dir / name;
            if (::access(candidate.c_str(), X_OK) == 0) return candidate.lexically_normal().string();
        }
    }
    return name;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"wrd-server: a Wayland desktop for the current user, served over RDP"};
    ServerOptions o;
    o.front_end.config_dir = default_config_dir();
    std::string listen = "0.0.0.0:3389", security, codec, log_level;
    app.add_option("--listen", listen, "ADDRESS:PORT to listen on")->capture_default_str();
    app.add_option("-c,--config", o.config_file, "the wrd.toml file (default: CONFIG_DIR/wrd.toml)");
    app.add_option("--config-dir", o.front_end.config_dir, "where the certificate and credentials are kept")
        ->capture_default_str();
    app.add_option("--exec", o.exec, "run a command in the session (repeatable; default: a terminal)");
    app.add_option("--output", o.outputs, "compositor output WIDTHxHEIGHT[@HZ] (repeatable)");
    app.add_option("--security", security, "nla or tls");
    app.add_option("--codec", codec, "auto, avc420, progressive, rfx or bitmap");
    int max_sessions = 0;
    app.add_option("--max-sessions", max_sessions, "logged-in connections at once (server.max_sessions)");
    app.add_option("--compositor", o.compositor_path, "the wrd-compositor program");
    app.add_option("--rdp", o.rdp_path, "the wrd-rdp program");
    app.add_option("--log-level", log_level, "trace, debug, info, warn or error");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    auto& log = wrd::logger("server");
    try {
        if (o.config_file.empty()) o.config_file = o.front_end.config_dir + "/wrd.toml";
        std::vector<std::string> warnings;
        load_front_end_config(o.config_file, false, o.front_end, warnings);
        if (!log_level.empty()) o.front_end.log_level = log_level;
        if (!wrd::set_log_level(o.front_end.log_level))
            throw ConfigError("unknown log level '" + o.front_end.log_level + "'");
        for (const auto& w : warnings) log.warn("{}", w);
        if (!security.empty()) {
            auto s = parse_security(security);
            if (!s) throw ConfigError("--security: expected nla or tls");
            o.front_end.security = *s;
        }
        if (!codec.empty()) {
            auto c = parse_codec(codec);
            if (!c) throw ConfigError("--codec: expected auto, avc420, progressive, rfx or bitmap");
            o.front_end.codec = *c;
        }
        if (max_sessions > 0) o.front_end.limits.max_sessions = max_sessions;
        auto address = parse_listen_address(listen);
        if (!address) throw ConfigError("--listen " + address.error());
        o.listen = *address;
    } catch (const ConfigError& e) {
        log.error("{}", e.what());
        return 2;
    }
    if (o.exec.empty()) o.exec = {"foot"};
    if (o.compositor_path.empty()) o.compositor_path = sibling_program("wrd-compositor");
    if (o.rdp_path.empty()) o.rdp_path = sibling_program("wrd-rdp");
    log.info("{}", describe(o.front_end));
    return run_standalone_server(o);
}
