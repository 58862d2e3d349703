#include "config.hpp"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include <CLI/CLI.hpp>
#include <toml++/toml.hpp>

#include "log.hpp"

namespace wrd::compositor {
namespace {

RendererChoice parse_renderer(const std::string& name) {
    if (name == "auto") return RendererChoice::Auto;
    if (name == "pixman") return RendererChoice::Pixman;
    if (name == "vulkan") return RendererChoice::Vulkan;
    if (name == "gles2") return RendererChoice::Gles2;
    throw ConfigError("renderer must be auto, pixman, vulkan or gles2, not '" + name + "'");
}

void check_output(const OutputConfig& o, const std::string& where) {
    if (o.width < 1 || o.width > 8192 || o.height < 1 || o.height > 8192)
        throw ConfigError(where + ": output size must be 1..8192 pixels each way");
    if (o.refresh_mhz < 1000 || o.refresh_mhz > 480000) throw ConfigError(where + ": refresh must be 1..480 Hz");
    if (!(o.scale >= 0.25 && o.scale <= 8.0)) throw ConfigError(where + ": scale must be 0.25..8");
}

std::string default_config_path() {
    std::string base;
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
        base = x;
    else if (const char* h = std::getenv("HOME"); h && *h)
        base = std::string(h) + "/.config";
    else
        return {};
    return base + "/wrd/compositor.toml";
}

template <typename T>
T required(const toml::node_view<toml::node>& node, const std::string& where) {
    auto v = node.value<T>();
    if (!v) throw ConfigError(where + " has the wrong type");
    return *v;
}

void load_outputs(const toml::array& arr, const std::string& path, Config& config) {
    for (size_t i = 0; i < arr.size(); ++i) {
        const std::string where = path + ": outputs[" + std::to_string(i) + "]";
        const auto* t = arr[i].as_table();
        if (!t) throw ConfigError(where + " must be a table");
        toml::node_view<toml::node> n{const_cast<toml::table*>(t)};
        OutputConfig o;
        if (n["width"]) o.width = static_cast<int>(required<int64_t>(n["width"], where + ".width"));
        if (n["height"]) o.height = static_cast<int>(required<int64_t>(n["height"], where + ".height"));
        if (n["refresh"]) o.refresh_mhz = static_cast<int>(required<double>(n["refresh"], where + ".refresh") * 1000.0);
        if (n["scale"]) o.scale = required<double>(n["scale"], where + ".scale");
        if (n["x"]) o.x = static_cast<int>(required<int64_t>(n["x"], where + ".x"));
        if (n["y"]) o.y = static_cast<int>(required<int64_t>(n["y"], where + ".y"));
        for (auto&& [key, _] : *t)
            if (key != "width" && key != "height" && key != "refresh" && key != "scale" && key != "x" && key != "y")
                throw ConfigError(where + ": unknown key '" + std::string(key.str()) + "'");
        check_output(o, where);
        config.outputs.push_back(o);
    }
}

}  // namespace

OutputConfig parse_output_spec(const std::string& spec) {
    // WIDTHxHEIGHT[@HZ][:SCALE], e.g. 1920x1080@60:1.5
    static const std::regex re(R"(^(\d{1,5})x(\d{1,5})(?:@(\d+(?:\.\d+)?))?(?::(\d+(?:\.\d+)?))?$)");
    std::smatch m;
    if (!std::regex_match(spec, m, re))
        throw ConfigError("--output '" + spec + "': expected WIDTHxHEIGHT[@HZ][:SCALE], e.g. 1920x1080@60:1.5");
    OutputConfig o;
    o.width = std::stoi(m[1]);
    o.height = std::stoi(m[2]);
    if (m[3].matched) o.refresh_mhz = static_cast<int>(std::stod(m[3]) * 1000.0);
    if (m[4].matched) o.scale = std::stod(m[4]);
    check_output(o, "--output '" + spec + "'");
    return o;
}

void parse_colour(const std::string& text, float out[4]) {
    static const std::regex re(R"(^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$)");
    std::smatch m;
    if (!std::regex_match(text, m, re)) throw ConfigError("background '" + text + "': expected #RRGGBB or #RRGGBBAA");
    unsigned long rgb = std::stoul(m[1], nullptr, 16);
    unsigned long a = m[2].matched ? std::stoul(m[2], nullptr, 16) : 255;
    out[0] = static_cast<float>((rgb >> 16) & 0xff) / 255.0f;
    out[1] = static_cast<float>((rgb >> 8) & 0xff) / 255.0f;
    out[2] = static_cast<float>(rgb & 0xff) / 255.0f;
    out[3] = static_cast<float>(a) / 255.0f;
}

void load_config_file(const std::string& path, Config& config, std::vector<std::string>& warnings) {
    toml::table tbl;
    try {
        tbl = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError(path + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    }
    toml::node_view<toml::node> root{tbl};
    for (auto&& [key, node] : tbl) {
        const std::string k(key.str());
        const std::string where = path + ": " + k;
        if (k == "renderer")
            config.renderer = parse_renderer(required<std::string>(root[k], where));
        else if (k == "background")
            parse_colour(required<std::string>(root[k], where), config.background);
        else if (k == "exit_with_session")
            config.exit_with_session = required<bool>(root[k], where);
        else if (k == "xwayland")
            config.xwayland = required<bool>(root[k], where);
        else if (k == "socket")
            config.socket = required<std::string>(root[k], where);
        else if (k == "log_level")
            config.log_level = required<std::string>(root[k], where);
        else if (k == "autostart") {
            const auto* arr = node.as_array();
            if (!arr) throw ConfigError(where + " must be an array of command lines");
            for (auto& item : *arr) {
                auto cmd = item.value<std::string>();
                if (!cmd) throw ConfigError(where + " must hold strings");
                config.autostart.push_back(*cmd);
            }
        } else if (k == "outputs") {
            const auto* arr = node.as_array();
            if (!arr) throw ConfigError(where + " must be an array of tables ([[outputs]])");
            load_outputs(*arr, path, config);
        } else if (k == "rdp" || k == "server") {
            // One wrd.toml serves every component; these tables belong to wrd-rdp and wrd-server.
        } else {
            warnings.push_back(path + ": unknown key '" + k + "' ignored");
        }
    }
}

std::string describe(const Config& c) {
    static constexpr const char* renderers[] = {"auto", "pixman", "vulkan", "gles2"};
    std::string outputs;
    for (const auto& o : c.outputs) {
        if (!outputs.empty()) outputs += ", ";
        outputs += fmt::format("{}x{}@{:.2f}:{:.2f}", o.width, o.height, o.refresh_mhz / 1000.0, o.scale);
        if (o.x && o.y) outputs += fmt::format(" at {},{}", *o.x, *o.y);
    }
    return fmt::format(
        "renderer={} outputs=[{}] background=#{:02x}{:02x}{:02x} xwayland={} autostart={} command(s) "
        "exit_with_session={} socket={}",
        renderers[static_cast<int>(c.renderer)], outputs, static_cast<int>(c.background[0] * 255.0f + 0.5f),
        static_cast<int>(c.background[1] * 255.0f + 0.5f), static_cast<int>(c.background[2] * 255.0f + 0.5f),
        c.xwayland, c.autostart.size(), c.exit_with_session, c.socket.empty() ? "auto" : c.socket);
}

std::optional<Config> parse_command_line(int argc, char** argv) {
    CLI::App app{"wrd-compositor: the headless Wayland compositor of a WRD remote session"};
    std::string config_path, renderer, background, log_level;
    std::vector<std::string> output_specs, execs;
    bool exit_with_session = false, no_xwayland = false;
    std::string socket;
    app.add_option("-c,--config", config_path,
                   "TOML config file (default $XDG_CONFIG_HOME/wrd/compositor.toml if present)");
    app.add_option("--renderer", renderer,
                   "auto|pixman|vulkan|gles2 (auto: Vulkan with a DRM render node, else pixman)");
    app.add_option("--output", output_specs, "add an output WIDTHxHEIGHT[@HZ][:SCALE] (repeatable)");
    app.add_option("--background", background, "background colour #RRGGBB");
    app.add_option("--exec", execs, "run a command in the session (repeatable)");
    app.add_flag("--exit-with-session", exit_with_session, "exit when the first started app exits");
    app.add_flag("--no-xwayland", no_xwayland, "do not offer XWayland");
    app.add_option("--socket", socket, "Wayland socket name (default: first free wayland-N)");
    app.add_option("--log-level", log_level, "trace|debug|info|warn|error");
    app.set_version_flag("--version", "wrd-compositor 0.1.0");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        app.exit(e);
        return std::nullopt;
    } catch (const CLI::CallForVersion& e) {
        app.exit(e);
        return std::nullopt;
    } catch (const CLI::ParseError& e) {
        throw ConfigError(e.what());
    }

    Config config;
    std::vector<std::string> warnings;
    if (!config_path.empty()) {
        if (!std::filesystem::exists(config_path)) throw ConfigError("config file " + config_path + " does not exist");
        load_config_file(config_path, config, warnings);
    } else if (auto def = default_config_path(); !def.empty() && std::filesystem::exists(def)) {
        load_config_file(def, config, warnings);
    }
    if (!renderer.empty()) config.renderer = parse_renderer(renderer);
    if (!background.empty()) parse_colour(background, config.background);
    if (!output_specs.empty()) {
        config.outputs.clear();
        for (auto& spec : output_specs) config.outputs.push_back(parse_output_spec(spec));
    }
    if (config.outputs.empty()) config.outputs.emplace_back();
    config.autostart.insert(config.autostart.end(), execs.begin(), execs.end());
    if (exit_with_session) config.exit_with_session = true;
    if (no_xwayland) config.xwayland = false;
    if (!socket.empty()) config.socket = socket;
    if (!log_level.empty()) config.log_level = log_level;
    if (!init_logging(config.log_level)) throw ConfigError("unknown log level '" + config.log_level + "'");
    for (auto& w : warnings) log().warn("{}", w);
    log().info("config: {}", describe(config));
    if (config.exit_with_session && config.autostart.empty())
        throw ConfigError("--exit-with-session needs at least one --exec or autostart command");
    return config;
}

}  // namespace wrd::compositor
