// Step parsing: a table of step names, each with a parser for the rest of the line, so a typo
// is caught before connecting (exit 3) rather than halfway through a run.
#include <array>
#include <charconv>
#include <vector>

#include "steps.hpp"

namespace wrd::probe {
namespace {

using Result = std::expected<StepAction, std::string>;

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        const size_t start = pos;
        while (pos < text.size() && text[pos] != ' ') ++pos;
        if (pos > start) out.push_back(text.substr(start, pos - start));
    }
    return out;
}

// The arguments as exactly `n` integers in [lo, hi].
std::expected<std::vector<int>, std::string> ints(std::string_view args, size_t n, int lo, int hi) {
    const auto parts = words(args);
    if (parts.size() != n) return std::unexpected("expected " + std::to_string(n) + " number(s)");
    std::vector<int> out;
    for (std::string_view part : parts) {
        auto v = parse_int(part, lo, hi);
        if (!v) return std::unexpected(v.error());
        out.push_back(*v);
    }
    return out;
}

std::expected<std::string, std::string> nonempty(std::string_view args, const char* what) {
    if (args.empty()) return std::unexpected(std::string("expected ") + what);
    return std::string(args);
}

constexpr int kMaxCoord = 32767;
constexpr int kMaxMs = 3'600'000;

Result parse_click(std::string_view args) {
    auto parts = words(args);
    if (parts.size() != 2 && parts.size() != 3) return std::unexpected("expected X Y [left|right|middle]");
    auto xy = ints(args.substr(0, parts[1].data() + parts[1].size() - args.data()), 2, 0, kMaxCoord);
    if (!xy) return std::unexpected(xy.error());
    Button button = Button::left;
    if (parts.size() == 3) {
        const std::string_view b = parts[2];
        if (b == "left" || b == "1")
            button = Button::left;
        else if (b == "right" || b == "2")
            button = Button::right;
        else if (b == "middle" || b == "3")
            button = Button::middle;
        else
            return std::unexpected("unknown button '" + std::string(b) + "'");
    }
    return step::Click{(*xy)[0], (*xy)[1], button};
}

Result parse_key(std::string_view args) {
    auto parts = words(args);
    if (parts.empty() || parts.size() > 2 || (parts.size() == 2 && parts[1] != "ext"))
        return std::unexpected("expected SCANCODE [ext]");
    auto code = parse_int(parts[0], 1, 0xff);
    if (!code) return std::unexpected(code.error());
    return step::Key{static_cast<uint8_t>(*code), parts.size() == 2};
}

Result parse_latency(std::string_view args) {
    auto parts = words(args);
    step::Trigger trigger = step::Trigger::key;
    if (parts.size() == 6) {
        if (parts[5] == "click")
            trigger = step::Trigger::click;
        else if (parts[5] != "key")
            return std::unexpected("the trigger must be key or click");
        args = args.substr(0, parts[4].data() + parts[4].size() - args.data());
    }
    auto v = ints(args, 5, 0, kMaxCoord);
    if (!v) return std::unexpected("expected X Y W H N [key|click]: " + v.error());
    const auto& n = *v;
    if (n[2] < 1 || n[3] < 1 || n[4] < 1) return std::unexpected("W, H and N must be positive");
    return step::Latency{{n[0], n[1], n[2], n[3]}, n[4], trigger};
}

Result parse_resize(std::string_view args) {
    auto size = parse_size(args);
    if (!size) return std::unexpected(size.error());
    // MS-RDPEDISP 2.2.2.2.1: width 200..8192 and even, height 200..8192.
    if (size->width < 200 || size->width > 8192 || size->width % 2 != 0 || size->height < 200 || size->height > 8192)
        return std::unexpected("the display control channel needs an even width 200..8192 and a height 200..8192");
    return step::Resize{*size};
}

template <typename T>
Result one_int(std::string_view args, int lo, int hi) {
    return ints(args, 1, lo, hi).transform([](const auto& v) -> StepAction { return T{v[0]}; });
}

// A step whose argument is the rest of the line: text (unescaped) or a path (as given).
template <typename T>
Result rest(std::string_view args, const char* what, bool is_text) {
    return nonempty(args, what).transform([&](std::string s) -> StepAction { return T{is_text ? unescape(s) : s}; });
}

Result wheel(std::string_view args, bool horizontal) {
    return ints(args, 1, -100, 100).transform([&](const auto& v) -> StepAction {
        return step::Wheel{v[0], horizontal};
    });
}

// "on" or "off" to `on`.
std::expected<bool, std::string> on_off(std::string_view args) {
    if (args == "on") return true;
    if (args == "off") return false;
    return std::unexpected("expected on or off");
}

Result parse_wait_pointer(std::string_view args) {
    using step::PointerEvent;
    constexpr std::array<std::pair<std::string_view, PointerEvent>, 4> kEvents{{
        {"image", PointerEvent::image},
        {"null", PointerEvent::null},
        {"default", PointerEvent::system_default},
        {"position", PointerEvent::position},
    }};
    for (const auto& [name, event] : kEvents)
        if (args == name) return step::WaitPointer{event};
    return std::unexpected("expected image, null, default or position");
}

template <typename T>
Result bare(std::string_view args) {
    if (!args.empty()) return std::unexpected("takes no arguments");
    return T{};
}

struct Parser {
    std::string_view name;
    Result (*parse)(std::string_view);
};

const std::array<Parser, 25> kParsers{{
    {"wait-frames", [](std::string_view a) { return one_int<step::WaitFrames>(a, 1, 1'000'000); }},
    {"wait-stable", [](std::string_view a) { return one_int<step::WaitStable>(a, 1, kMaxMs); }},
    {"screenshot", [](std::string_view a) { return rest<step::Screenshot>(a, "a file name", false); }},
    {"type", [](std::string_view a) { return rest<step::Type>(a, "text", true); }},
    {"keys", [](std::string_view a) { return rest<step::Keys>(a, "text", true); }},
    {"key", parse_key},
    {"click", parse_click},
    {"move",
     [](std::string_view a) {
    return ints(a, 2, 0, kMaxCoord).transform([](const auto& v) -> StepAction { return step::Move{v[0], v[1]}; });
     }},
    {"wheel", [](std::string_view a) { return wheel(a, false); }},
    {"hwheel", [](std::string_view a) { return wheel(a, true); }},
    {"resize", parse_resize},
    {"clipboard-set-text", [](std::string_view a) { return rest<step::ClipboardSetText>(a, "text", true); }},
    {"clipboard-get-text", [](std::string_view a) { return rest<step::ClipboardGetText>(a, "a file name", false); }},
    {"clipboard-set-file-image",
     [](std::string_view a) { return rest<step::ClipboardSetImage>(a, "a PNG file", false); }},
    {"clipboard-get-image", [](std::string_view a) { return rest<step::ClipboardGetImage>(a, "a file name", false); }},
    {"sleep", [](std::string_view a) { return one_int<step::Sleep>(a, 0, kMaxMs); }},
    {"latency", parse_latency},
    {"wait-clipboard", bare<step::WaitClipboard>},
    {"wait-stdin", bare<step::WaitStdin>},
    {"wait-pointer", parse_wait_pointer},
    {"pointer-image", [](std::string_view a) { return rest<step::PointerImage>(a, "a file name", false); }},
    {"suppress-output",
     [](std::string_view a) {
    return on_off(a).transform([](bool on) -> StepAction { return step::SuppressOutput{on}; });
     }},
    {"ack-frames",
     [](std::string_view a) { return on_off(a).transform([](bool on) -> StepAction { return step::AckFrames{on}; }); }},
    {"disconnect", bare<step::Disconnect>},
    {"kill", bare<step::Kill>},
}};

}  // namespace

const std::string_view kStepUsage =
    "Steps (--step, repeatable, run in order):\n"
    "  wait-frames N | wait-stable MS | sleep MS | screenshot FILE.png\n"
    "  type TEXT (Unicode events) | keys TEXT (US scancodes) | key SCANCODE [ext]\n"
    "  click X Y [left|right|middle] | move X Y | wheel NOTCHES | hwheel NOTCHES\n"
    "  resize WxH | clipboard-set-text TEXT | clipboard-get-text FILE\n"
    "  clipboard-set-file-image FILE.png | clipboard-get-image FILE.png\n"
    "  latency X Y W H N [key|click] | wait-clipboard | wait-stdin | disconnect | kill\n"
    "  wait-pointer image|null|default|position | pointer-image FILE.png\n"
    "  suppress-output on|off | ack-frames on|off\n"
    "TEXT understands \\n, \\t and \\\\.\n";

std::expected<Step, std::string> parse_step(std::string_view text) {
    const size_t space = text.find(' ');
    const std::string_view name = text.substr(0, space);
    std::string_view args = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    for (const Parser& p : kParsers) {
        if (p.name != name) continue;
        auto action = p.parse(args);
        if (!action) return std::unexpected("step '" + std::string(text) + "': " + action.error());
        return Step{std::string(text), std::move(*action)};
    }
    return std::unexpected("step '" + std::string(text) + "': unknown step '" + std::string(name) + "'");
}

std::expected<int, std::string> parse_int(std::string_view text, int lo, int hi) {
    int v = 0;
    const bool hex = text.starts_with("0x") || text.starts_with("0X");
    const char* begin = text.data() + (hex ? 2 : 0);
    const char* end = text.data() + text.size();
    auto [at, ec] = std::from_chars(begin, end, v, hex ? 16 : 10);
    if (ec != std::errc() || at != end || begin == end)
        return std::unexpected("'" + std::string(text) + "' is not a number");
    if (v < lo || v > hi)
        return std::unexpected("'" + std::string(text) + "' is outside " + std::to_string(lo) + ".." +
                               std::to_string(hi));
    return v;
}

std::expected<Size, std::string> parse_size(std::string_view text) {
    const size_t x = text.find('x');
    if (x == std::string_view::npos) return std::unexpected("expected WxH, got '" + std::string(text) + "'");
    auto w = parse_int(text.substr(0, x), 1, 16384);
    auto h = parse_int(text.substr(x + 1), 1, 16384);
    if (!w || !h) return std::unexpected("expected WxH with each 1..16384, got '" + std::string(text) + "'");
    return Size{*w, *h};
}

std::string unescape(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char next = text[i + 1];
            if (next == 'n' || next == 't' || next == '\\') {
                out += next == 'n' ? '\n' : next == 't' ? '\t' : '\\';
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace wrd::probe
