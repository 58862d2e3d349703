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

// "X,Y,W,H": X and Y any integer (the anchor may lie outside the window), W and H in 1..16384.
std::optional<PopupRect> parse_popup(const std::string& text) {
    int values[4];
    const char* at = text.data();
    const char* end = text.data() + text.size();
    for (int i = 0; i < 4; ++i) {
        if (i > 0) {
            if (at == end || *at != ',') return std::nullopt;
            ++at;
        }
        auto [next, ec] = std::from_chars(at, end, values[i]);
        if (ec != std::errc()) return std::nullopt;
        at = next;
    }
    if (at != end) return std::nullopt;
    PopupRect rect{.x = values[0], .y = values[1], .width = values[2], .height = values[3]};
    if (rect.width < 1 || rect.height < 1 || rect.width > 16384 || rect.height > 16384) return std::nullopt;
    return rect;
}

// "X,Y": a point, any integers.
std::optional<PopupRect> parse_point(const std::string& text) {
    return text.find(',') != std::string::npos ? parse_popup(text + ",1,1") : std::nullopt;
}

std::string check_point(const std::string& text) {
    return parse_point(text) ? std::string() : "expected X,Y, e.g. 10,20";
}

std::string check_popup(const std::string& text) {
    return parse_popup(text) ? std::string() : "expected X,Y,W,H with W and H in 1..16384, e.g. 10,20,200,100";
}

// "top,N" or "bottom,N" with N in 1..16384.
std::optional<PanelSpec> parse_panel(const std::string& text) {
    const size_t comma = text.find(',');
    if (comma == std::string::npos) return std::nullopt;
    const std::string edge = text.substr(0, comma);
    PanelSpec spec;
    if (edge == "top") spec.edge = PanelSpec::Edge::top;
    else if (edge == "bottom") spec.edge = PanelSpec::Edge::bottom;
    else return std::nullopt;
    const char* end = text.data() + text.size();
    auto [rest, ec] = std::from_chars(text.data() + comma + 1, end, spec.thickness);
    if (ec != std::errc() || rest != end || spec.thickness < 1 || spec.thickness > 16384) return std::nullopt;
    return spec;
}

std::string check_panel(const std::string& text) {
    return parse_panel(text) ? std::string() : "expected top|bottom,THICKNESS with THICKNESS in 1..16384, e.g. top,40";
}

// The options for the input and shell protocol tests. A panel is not a toplevel, so the
// toplevel requests make no sense with it.
void add_protocol_options(CLI::App& app, PatternOptions& options, std::string& panel) {
    auto* lock = app.add_flag("--lock-pointer", options.lock_pointer,
                              "on the first pointer enter, lock the pointer there (pointer-constraints) and "
                              "log pointer motion and relative motion");
    app.add_flag("--confine-pointer", options.confine_pointer,
                 "like --lock-pointer, but confine the pointer to the surface instead")
        ->excludes(lock);
    auto* panel_option = app.add_option("--panel", panel,
                                        "be a layer-shell panel on the top layer along EDGE (top|bottom), THICKNESS high")
                             ->check(CLI::Validator(check_panel, "EDGE,THICKNESS"));
    for (const char* toplevel_only : {"--maximize", "--fullscreen", "--popup", "--minimize-after-ms", "--move-on-press",
                                      "--resize-on-press"})
        panel_option->excludes(toplevel_only);
    app.add_flag("--inhibit-idle", options.inhibit_idle, "once mapped, inhibit idle (idle-inhibit) while we live");
}

// The options this client has grown for the desktop and clipboard tests.
struct Extras {
    std::string copy_text;
    std::string popup;
    std::string reposition_popup;
    std::string panel;
    int minimize_after = -1;
    CLI::Option* copy_text_option = nullptr;
};

void add_extra_options(CLI::App& app, PatternOptions& options, Extras& extras) {
    extras.copy_text_option = app.add_option(
        "--copy-text", extras.copy_text, "on first keyboard focus, set the selection to TEXT (wl_data_device)");
    auto* file = app.add_option("--copy-file", options.copy_file, "like --copy-text with this file's bytes")
                     ->excludes(extras.copy_text_option)
                     ->check(CLI::ExistingFile);
    auto* mime = app.add_option("--copy-mime", options.copy_mime, "the mime type of --copy-file, e.g. image/png");
    file->needs(mime);
    mime->needs(file);
    app.add_flag("--watch-selection", options.watch_selection, "log each selection and read its text or PNG");
    app.add_option("--popup", extras.popup, "after the first configure, open an xdg_popup anchored at X,Y of size WxH")
        ->check(CLI::Validator(check_popup, "X,Y,W,H"));
    app.add_option("--reposition-popup", extras.reposition_popup,
                   "once the popup is mapped, move it with xdg_popup.reposition to anchor X,Y (same size)")
        ->check(CLI::Validator(check_point, "X,Y"))
        ->needs("--popup");
    app.add_option("--minimize-after-ms", extras.minimize_after, "ask to be minimized this long after ready")
        ->check(CLI::NonNegativeNumber);
    auto* move = app.add_flag("--move-on-press", options.move_on_press, "a left press starts an interactive move");
    app.add_flag("--resize-on-press", options.resize_on_press,
                 "a left press starts an interactive resize from the bottom-right corner")
        ->excludes(move);
}

void apply_extras(PatternOptions& options, const Extras& extras) {
    if (extras.copy_text_option->count() > 0) options.copy_text = extras.copy_text;
    if (!extras.popup.empty()) options.popup = parse_popup(extras.popup);
    if (!extras.reposition_popup.empty() && options.popup) {
        options.reposition_popup = parse_point(extras.reposition_popup);
        options.reposition_popup->width = options.popup->width;
        options.reposition_popup->height = options.popup->height;
    }
    if (extras.minimize_after >= 0) options.minimize_after_ms = extras.minimize_after;
    if (!extras.panel.empty()) options.panel = parse_panel(extras.panel);
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
    app.add_flag("--smooth", options.smooth, "paint a smooth desktop-like picture instead of the noise pattern");
    app.add_option("--app-id", options.app_id, "toplevel app id");
    app.add_flag("--maximize", options.maximize, "ask to be maximized before the first commit");
    app.add_flag("--fullscreen", options.fullscreen, "ask to be fullscreen before the first commit");
    auto* cursor = app.add_flag("--cursor", options.cursor, "set a 16x16 cursor image (hotspot 3,5) on pointer enter");
    app.add_flag("--hide-cursor", options.hide_cursor, "hide the cursor on pointer enter")->excludes(cursor);
    app.add_option("--exit-after-ms", exit_after, "exit 0 after this many milliseconds")->check(CLI::NonNegativeNumber);
    app.add_option("--csd-margin", options.csd_margin,
                   "draw a grey border this wide around the window and leave it out of the window geometry, as "
                   "client-side shadows are")
        ->check(CLI::Range(0, 256));
    std::string min_size;
    app.add_option("--min-size", min_size, "the smallest size we accept (xdg_toplevel.set_min_size)")
        ->check(CLI::Validator(check_size, "WxH"));
    Extras extras;
    add_extra_options(app, options, extras);
    add_protocol_options(app, options, extras.panel);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return std::unexpected(app.exit(e));
    }
    if (auto parsed = parse_size(size)) {
        options.width = parsed->width;
        options.height = parsed->height;
    }
    if (auto parsed = parse_size(min_size)) {
        options.min_width = parsed->width;
        options.min_height = parsed->height;
    }
    if (exit_after >= 0) options.exit_after_ms = exit_after;
    apply_extras(options, extras);
    return options;
}

}  // namespace wrd::test
