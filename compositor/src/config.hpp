// The compositor's settings: defaults, then the TOML file, then the command line.
// Built once on the main thread before start-up; read-only afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wrd::compositor {

enum class RendererChoice { Auto, Pixman, Vulkan, Gles2 };

struct OutputConfig {
    int width = 1920;
    int height = 1080;
    int refresh_mhz = 60000;
    double scale = 1.0;
    std::optional<int> x, y;  // layout position; unset: to the right of the others
};

struct Config {
    RendererChoice renderer = RendererChoice::Auto;
    std::vector<OutputConfig> outputs;  // empty: one 1920x1080@60 output
    float background[4] = {0.19f, 0.21f, 0.25f, 1.0f};
    std::vector<std::string> autostart;  // config autostart, then each --exec
    bool exit_with_session = false;
    bool xwayland = true;
    std::string socket;  // Wayland socket name; empty picks wayland-N
    std::string log_level = "info";
};

// A bad setting: the message names the file or option and what is wrong with it.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses argv (CLI11; --help prints and exits 0). Throws ConfigError for bad input.
// Returns nullopt when the program should exit 0 (help or version printed).
std::optional<Config> parse_command_line(int argc, char** argv);

// One line with the effective settings, for the log at start-up (nothing here is secret).
std::string describe(const Config& config);

// Exposed for tests of the parsers.
OutputConfig parse_output_spec(const std::string& spec);
void parse_colour(const std::string& text, float out[4]);
void load_config_file(const std::string& path, Config& config, std::vector<std::string>& warnings);

}  // namespace wrd::compositor
