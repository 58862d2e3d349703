#include "options.hpp"

#include <array>
#include <cstdio>
#include <utility>

#include <CLI/CLI.hpp>

namespace wrd::probe {
namespace {

constexpr std::array<std::pair<std::string_view, Codec>, 7> kCodecs{{
    {"avc420", Codec::avc420},
    {"avc444", Codec::avc444},
    {"progressive", Codec::progressive},
    {"rfx", Codec::rfx},
    {"nsc", Codec::nsc},
    {"raw", Codec::raw},
    {"bitmap", Codec::bitmap},
}};

constexpr std::array<std::pair<std::string_view, Security>, 3> kSecurities{{
    {"nla", Security::nla},
    {"tls", Security::tls},
    {"any", Security::any},
}};

template <typename T, size_t N>
std::vector<std::string> names_of(const std::array<std::pair<std::string_view, T>, N>& table) {
    std::vector<std::string> out;
    for (const auto& [name, value] : table) out.emplace_back(name);
    return out;
}

template <typename T, size_t N>
T value_of(const std::array<std::pair<std::string_view, T>, N>& table, const std::string& name) {
    for (const auto& [n, v] : table)
        if (n == name) return v;
    return table.front().second;  // unreachable: CLI11 checked the name
}

// The names the options take; converted to the enums after parsing.
struct Names {
    std::string size;
    std::string monitors;
    std::string codec = "avc420";
    std::string security = "any";
    std::vector<std::string> steps;
};

template <typename T, size_t N>
std::string_view lookup_name(const std::array<std::pair<std::string_view, T>, N>& table, T value) {
    for (const auto& [name, v] : table)
        if (v == value) return name;
    return "?";
}

// One monitor: "WxH+X+Y" (X and Y may be negative: "+-1920").
std::expected<Monitor, std::string> parse_monitor(std::string_view text) {
    const size_t plus = text.find('+');
    if (plus == std::string_view::npos) return std::unexpected("expected WxH+X+Y, got '" + std::string(text) + "'");
    auto size = parse_size(text.substr(0, plus));
    if (!size) return std::unexpected(size.error());
    const std::string_view place = text.substr(plus + 1);
    const size_t plus2 = place.find('+', 1);
    if (plus2 == std::string_view::npos) return std::unexpected("expected WxH+X+Y, got '" + std::string(text) + "'");
    auto x = parse_int(place.substr(0, plus2), -32768, 32767);
    auto y = parse_int(place.substr(plus2 + 1), -32768, 32767);
    if (!x || !y) return std::unexpected("expected WxH+X+Y, got '" + std::string(text) + "'");
    return Monitor{*x, *y, size->width, size->height};
}

// The desktop is the bounding box of the monitors, which must start at 0,0 (MS-RDPBCGR 2.2.1.3.6:
// the primary monitor's top-left is the origin, and the others are relative to it).
std::expected<void, std::string> apply_monitors(Options& options, const std::string& text) {
    auto monitors = parse_monitors(text);
    if (!monitors) return std::unexpected(monitors.error());
    if (monitors->front().x != 0 || monitors->front().y != 0)
        return std::unexpected("--monitors: the first (primary) monitor must be at +0+0");
    int right = 0;
    int bottom = 0;
    for (const Monitor& m : *monitors) {
        if (m.x < 0 || m.y < 0)
            return std::unexpected("--monitors: monitors left of or above the primary one are not supported");
        right = std::max(right, m.x + m.width);
        bottom = std::max(bottom, m.y + m.height);
    }
    options.width = right;
    options.height = bottom;
    options.monitors = std::move(*monitors);
    return {};
}

void add_options(CLI::App& app, Options& o, Names& n) {
    app.add_option("--host", o.host, "server address (default 127.0.0.1)");
    app.add_option("--port", o.port, "server port (default 3389)")->check(CLI::Range(1, 65535));
    app.add_option("--user", o.user, "user name");
    app.add_option("--password", o.password, "password");
    app.add_option("--domain", o.domain, "domain");
    app.add_option("--security", n.security, "nla|tls|any (default any)")->check(CLI::IsMember(names_of(kSecurities)));
    app.add_option("--codec", n.codec, "avc420|avc444|progressive|rfx|nsc|raw|bitmap (default avc420)")
        ->check(CLI::IsMember(names_of(kCodecs)));
    app.add_option("--size", n.size, "desktop size WxH (default 1024x768)");
    auto* mon = app.add_option("--monitors", n.monitors, "monitor layout \"WxH+X+Y;WxH+X+Y\", the first is primary");
    app.get_option("--size")->excludes(mon);
    app.add_option("--timeout", o.timeout_s, "the bound of every wait, in seconds (default 10)")
        ->check(CLI::Range(1, 3600));
    app.add_option("--json", o.json_path, "write the report to this file");
    app.add_option("--log-level", o.log_level,
                   "trace|debug|info|warn|error|off for our and FreeRDP's log (default warn)");
    app.add_option("--step", n.steps, "a step to run (repeatable, in order); see below");
}

std::expected<void, std::string> finish(Options& o, const Names& n) {
    o.codec = value_of(kCodecs, n.codec);
    o.security = value_of(kSecurities, n.security);
    if (!n.size.empty()) {
        auto s = parse_size(n.size);
        if (!s) return std::unexpected("--size: " + s.error());
        o.width = s->width;
        o.height = s->height;
    }
    if (!n.monitors.empty())
        if (auto r = apply_monitors(o, n.monitors); !r) return r;
    for (const std::string& text : n.steps) {
        auto s = parse_step(text);
        if (!s) return std::unexpected(s.error());
        o.steps.push_back(std::move(*s));
    }
    return {};
}

}  // namespace

std::string_view name_of(Codec codec) {
    return lookup_name(kCodecs, codec);
}
std::string_view name_of(Security security) {
    return lookup_name(kSecurities, security);
}

std::expected<std::vector<Monitor>, std::string> parse_monitors(std::string_view text) {
    std::vector<Monitor> out;
    while (!text.empty()) {
        const size_t semi = text.find(';');
        auto m = parse_monitor(text.substr(0, semi));
        if (!m) return std::unexpected("--monitors: " + m.error());
        out.push_back(*m);
        text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    }
    if (out.empty()) return std::unexpected("--monitors: no monitor given");
    if (out.size() > 16) return std::unexpected("--monitors: at most 16 monitors");
    return out;
}

std::expected<Options, int> parse_options(int argc, char** argv) {
    Options options;
    Names names;
    CLI::App app("wrd-probe: an RDP test client that connects, runs steps and reports what it saw");
    app.footer(std::string(kStepUsage) +
               "Exit: 0 all steps done; 1 a step failed or timed out; 2 could not connect; 3 bad arguments.");
    add_options(app, options, names);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return std::unexpected(code == 0 ? kExitOk : kExitBadArguments);
    }
    if (auto r = finish(options, names); !r) {
        std::fprintf(stderr, "wrd-probe: %s\n", r.error().c_str());
        return std::unexpected(kExitBadArguments);
    }
    return options;
}

}  // namespace wrd::probe
