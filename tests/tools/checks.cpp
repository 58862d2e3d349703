// Check parsing and reporting. Result lines are stable text for tests to grep:
//   pattern ok at X,Y | pattern mismatch: N pixels, first at X,Y = RRGGBB expected RRGGBB
//   found pattern at X,Y | pattern WxH not found
//   pixel X,Y = RRGGBB ok | pixel X,Y = RRGGBB expected RRGGBB
#include "checks.hpp"

#include <charconv>
#include <cstdio>

namespace wrd::tools {
namespace {

std::expected<uint32_t, std::string> parse_rgb(std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, 16);
    if (text.size() != 6 || ec != std::errc() || end != text.data() + text.size())
        return std::unexpected("expected a colour RRGGBB, got '" + std::string(text) + "'");
    return v;
}

std::string describe(const Mismatch& m) {
    char buf[96];
    if (m.outside)
        std::snprintf(buf, sizeof buf, "%d,%d (outside the image) expected %06X", m.at.x, m.at.y, m.want);
    else
        std::snprintf(buf, sizeof buf, "%d,%d = %06X expected %06X", m.at.x, m.at.y, m.got, m.want);
    return buf;
}

bool run_pattern(const Image& img, const Check& c) {
    const PatternCheck r = check_pattern(img, c.x, c.y, c.w, c.h);
    if (r.mismatches == 0) {
        std::printf("pattern ok at %d,%d\n", c.x, c.y);
        return true;
    }
    std::printf("pattern mismatch: %zu pixels, first at %s\n", r.mismatches, describe(r.first.front()).c_str());
    for (size_t i = 1; i < r.first.size(); ++i) std::printf("  also at %s\n", describe(r.first[i]).c_str());
    // A pattern that is only displaced is a different bug from one that is damaged: say which.
    if (auto at = find_pattern(img, c.w, c.h)) std::printf("  but the pattern sits at %d,%d\n", at->x, at->y);
    return false;
}

bool run_find(const Image& img, const Check& c) {
    if (auto at = find_pattern(img, c.w, c.h)) {
        std::printf("found pattern at %d,%d\n", at->x, at->y);
        return true;
    }
    std::printf("pattern %dx%d not found\n", c.w, c.h);
    return false;
}

bool run_pixel(const Image& img, const Check& c) {
    if (!img.contains(c.x, c.y)) {
        std::printf("pixel %d,%d outside the %dx%d image\n", c.x, c.y, img.width, img.height);
        return false;
    }
    const uint32_t got = img.at(c.x, c.y) & 0xffffff;
    if (got == c.rgb) {
        std::printf("pixel %d,%d = %06X ok\n", c.x, c.y, got);
        return true;
    }
    std::printf("pixel %d,%d = %06X expected %06X\n", c.x, c.y, got, c.rgb);
    return false;
}

}  // namespace

std::expected<std::vector<int>, std::string> parse_ints(std::string_view text, size_t n) {
    std::vector<int> out;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    while (out.size() < n) {
        int v = 0;
        auto [next, ec] = std::from_chars(p, end, v);
        if (ec != std::errc()) break;
        out.push_back(v);
        p = next;
        if (out.size() < n && (p == end || *p++ != ',')) break;
    }
    if (out.size() != n || p != end)
        return std::unexpected("expected " + std::to_string(n) + " comma-separated integers, got '" +
                               std::string(text) + "'");
    return out;
}

bool is_check_option(std::string_view option) {
    return option == "--check-pattern" || option == "--find-pattern" || option == "--expect-pixel";
}

std::expected<Check, std::string> parse_check(std::string_view option, std::string_view value) {
    Check c;
    auto fail = [&](const std::string& why) { return std::unexpected(std::string(option) + ": " + why); };
    if (option == "--check-pattern" || option == "--find-pattern") {
        const bool find = option == "--find-pattern";
        auto v = parse_ints(value, find ? 2 : 4);
        if (!v) return fail(v.error());
        c.kind = find ? Check::Kind::Find : Check::Kind::Pattern;
        if (!find) {
            c.x = (*v)[0];
            c.y = (*v)[1];
        }
        c.w = v->at(v->size() - 2);
        c.h = v->back();
        if (c.w < 1 || c.h < 1) return fail("width and height must be positive");
        return c;
    }
    if (option == "--expect-pixel") {
        const size_t comma = value.rfind(',');
        if (comma == std::string_view::npos) return fail("expected X,Y,RRGGBB");
        auto xy = parse_ints(value.substr(0, comma), 2);
        if (!xy) return fail(xy.error());
        auto rgb = parse_rgb(value.substr(comma + 1));
        if (!rgb) return fail(rgb.error());
        c.kind = Check::Kind::Pixel;
        c.x = (*xy)[0];
        c.y = (*xy)[1];
        c.rgb = *rgb;
        return c;
    }
    return fail("not a check option");
}

bool run_checks(const Image& img, const std::vector<Check>& checks) {
    bool all = true;
    for (const Check& c : checks) {
        bool ok = false;
        switch (c.kind) {
        case Check::Kind::Pattern:
            ok = run_pattern(img, c);
            break;
        case Check::Kind::Find:
            ok = run_find(img, c);
            break;
        case Check::Kind::Pixel:
            ok = run_pixel(img, c);
            break;
        }
        all = all && ok;
    }
    std::fflush(stdout);
    return all;
}

std::string_view Args::next() {
    std::string_view word = argv_[pos_++];
    has_inline_ = false;
    if (word.starts_with("--")) {
        if (const size_t eq = word.find('='); eq != std::string_view::npos) {
            inline_value_ = word.substr(eq + 1);
            has_inline_ = true;
            word = word.substr(0, eq);
        }
    }
    option_ = word;
    return word;
}

std::expected<std::string_view, std::string> Args::value() {
    if (has_inline_) {
        has_inline_ = false;
        return inline_value_;
    }
    if (done()) return std::unexpected(std::string(option_) + " needs a value");
    return argv_[pos_++];
}

}  // namespace wrd::tools
