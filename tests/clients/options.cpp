#include "options.hpp"

#include <charconv>

#include <CLI/CLI.hpp>

namespace wrd::test {
namespace {

struct Size {
    int width;
    int height;
};

// "WxH" with both parts in 1..16384.
std::optional<Size> parse_size(const std::string& text) {
    Size size{};
    const char* end = text.data() + text.size();
    auto [x_at, ec1] = std::from_chars(text.data(), end, size.width);
    if (ec1 != std::errc() || x_at == end || *x_at != 'x') return std::nullopt;
    auto [rest, ec2] = std::from_chars(x_at + 1, end, size.height);
    if (ec2 != std::errc() || rest != end) return std::nullopt;
    if (size.width < 1 || size.height < 1 || size.width > 16384 || size.height > 16384) return std::nullopt;
    return size;
}

std::string check_size(const std::string& text) {
    return parse_size(text) ? std::string() : "expected WIDTHxHEIGHT, each 1..16384, e.g. 400x300";
}

}  // namespace

std::expected<PatternOptions, int> parse_pattern_options(int argc, char** argv) {
    PatternOptions options;
    std::string size;
    int exit_after = -1;
    CLI::App app("xdg-shell test client that paints the known test pattern and logs its events");
    app.add_option("--size", size, "size when the compositor leaves it to us (default 400x300)")
        ->check(CLI::Validator(check_size, "WxH"));
    app.add_option("--title", options.title, "toplevel title");
    app.add_option("--app-id", options.app_id, "toplevel app id");
    app.add_flag("--maximize", options.maximize, "ask to be maximized before the first commit");
    app.add_flag("--fullscreen", options.fullscreen, "ask to be fullscreen before the first commit");
    auto* cursor = app.add_flag("--cursor", options.cursor, "set a 16x16 cursor image (hotspot 3,5) on pointer enter");
    app.add_flag("--hide-cursor", options.hide_cursor, "hide the cursor on pointer enter")->excludes(cursor);
    app.add_option("--exit-after-ms", exit_after, "exit 0 after this many milliseconds")->check(CLI::NonNegativeNumber);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return std::unexpected(app.exit(e));
    }
    if (auto parsed = parse_size(size)) {
        options.width = parsed->width;
        options.height = parsed->height;
    }
    if (exit_after >= 0) options.exit_after_ms = exit_after;
    return options;
}

}  // namespace wrd::test
