// Check parsing and reporting. Result lines are stable text for tests to grep:
//   pattern ok at X,Y | pattern mismatch: N pixels, first at X,Y = RRGGBB expected RRGGBB
//   found pattern at X,Y | pattern WxH not found
//   pixel X,Y = RRGGBB ok | pixel X,Y = RRGGBB expected RRGGBB
//   compare WxH at X,Y: N differing pixels, max difference D, PSNR P dB
//   compare ok | compare failed: WHY
#include "checks.hpp"

#include <charconv>
#include <cmath>
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

std::string db_text(double db) {
    if (std::isinf(db)) return "inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", db);
    return buf;
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

bool is_compare_option(std::string_view option) {
    return option == "--compare" || option == "--region" || option == "--exact" || option == "--min-psnr";
}

std::expected<void, std::string> parse_compare_option(std::string_view option, Args& args, CompareSpec& spec) {
    if (option == "--exact") {
        spec.exact = true;
        return {};
    }
    auto value = args.value();
    if (!value) return std::unexpected(value.error());
    if (option == "--compare") {
        spec.other = std::string(*value);
    } else if (option == "--region") {
        auto v = parse_ints(*value, 4);
        if (!v) return std::unexpected("--region: " + v.error());
        if ((*v)[2] < 1 || (*v)[3] < 1) return std::unexpected("--region: width and height must be positive");
        spec.region = std::move(*v);
    } else {
        double db = 0;
        auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), db);
        if (ec != std::errc() || end != value->data() + value->size() || !(db > 0))
            return std::unexpected("--min-psnr: expected a positive number of dB, got '" + std::string(*value) + "'");
        spec.min_psnr = db;
    }
    return {};
}

std::expected<void, std::string> validate(const CompareSpec& spec) {
    if (spec.other.empty()) return std::unexpected("--region, --exact and --min-psnr need --compare FILE");
    if (spec.exact == spec.min_psnr.has_value()) return std::unexpected("--compare needs one of --exact or --min-psnr");
    return {};
}

int run_compare(const Image& a, const Image& b, const CompareSpec& spec) {
    auto failed = [](const std::string& why) {
        std::printf("compare failed: %s\n", why.c_str());
        std::fflush(stdout);
        return kExitCheckFailed;
    };
    if (!spec.region && (a.width != b.width || a.height != b.height))
        return failed("the images are " + std::to_string(a.width) + "x" + std::to_string(a.height) + " and " +
                      std::to_string(b.width) + "x" + std::to_string(b.height));
    const std::vector<int> r = spec.region.value_or(std::vector<int>{0, 0, a.width, a.height});
    for (const Image* img : {&a, &b})
        if (!img->contains(r[0], r[1]) || !img->contains(r[0] + r[2] - 1, r[1] + r[3] - 1))
            return failed("the region is not inside a " + std::to_string(img->width) + "x" +
                          std::to_string(img->height) + " image");
    const Comparison c = compare_images(a, b, r[0], r[1], r[2], r[3]);
    std::printf("compare %dx%d at %d,%d: %zu differing pixels, max difference %d, PSNR %s dB\n", r[2], r[3], r[0],
                r[1], c.differing, c.max_difference, db_text(c.psnr).c_str());
    if (c.first) std::printf("  first difference at %d,%d\n", c.first->x, c.first->y);
    if (spec.exact && c.differing > 0) return failed(std::to_string(c.differing) + " pixels differ");
    if (spec.min_psnr && c.psnr < *spec.min_psnr)
        return failed("PSNR " + db_text(c.psnr) + " dB is below " + db_text(*spec.min_psnr) + " dB");
    std::printf("compare ok\n");
    std::fflush(stdout);
    return kExitOk;
}

}  // namespace wrd::tools
