// The image checks that wrd-capture and wrd-imgcheck share: option parsing, running, and the
// one-line-per-check report that shell tests grep. Any thread; no state.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image.hpp"

namespace wrd::tools {

// Exit codes of every tool: tests tell a failed check from a broken set-up.
constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;
constexpr int kExitSetup = 2;

struct Check {
    enum class Kind { Pattern, Find, Pixel };
    Kind kind = Kind::Pattern;
    int x = 0, y = 0, w = 0, h = 0;  // Pattern: x,y,w,h; Find: w,h; Pixel: x,y
    uint32_t rgb = 0;                // Pixel: 0xRRGGBB
};

// The options this module understands, with their argument's shape, for usage texts.
inline constexpr std::string_view kCheckUsage =
    "  --check-pattern X,Y,W,H   the WxH rectangle at X,Y is the test pattern\n"
    "  --find-pattern W,H        a WxH test pattern sits somewhere; print where\n"
    "  --expect-pixel X,Y,RRGGBB pixel X,Y has this colour (repeatable)\n";

bool is_check_option(std::string_view option);
// Parses `option value`; the error is one line for stderr.
std::expected<Check, std::string> parse_check(std::string_view option, std::string_view value);

// Prints one result line per check on stdout; true when every check passed.
bool run_checks(const Image& img, const std::vector<Check>& checks);

// Splits "a,b,c" into exactly n integers (n <= 4).
std::expected<std::vector<int>, std::string> parse_ints(std::string_view text, size_t n);

// Reads argv as `--option value` or `--option=value` pairs plus bare words.
class Args {
public:
    Args(int argc, char** argv) : argv_(argv + 1, argv + argc) {}

    bool done() const { return pos_ >= argv_.size(); }
    // The next word; for `--opt=value` only the `--opt` part, with the value kept for value().
    std::string_view next();
    // The value of the option next() returned; an error names the option when it is missing.
    std::expected<std::string_view, std::string> value();

private:
    std::vector<std::string_view> argv_;
    size_t pos_ = 0;
    std::string_view option_;
    std::string_view inline_value_;
    bool has_inline_ = false;
};

// wrd-imgcheck A --compare B [--region X,Y,W,H] (--exact | --min-psnr DB): does B look like A?
struct CompareSpec {
    std::string other;                       // the second image
    std::optional<std::vector<int>> region;  // X,Y,W,H; default the whole image
    bool exact = false;                      // every pixel equal
    std::optional<double> min_psnr;          // or a PSNR of at least this many dB
};

inline constexpr std::string_view kCompareUsage =
    "  --compare FILE            compare with FILE: needs --exact or --min-psnr\n"
    "  --region X,Y,W,H          compare only this rectangle (default: the whole image)\n"
    "  --exact                   every pixel must be equal\n"
    "  --min-psnr DB             the PSNR over R, G and B must be at least DB\n";

bool is_compare_option(std::string_view option);
// Takes one compare option (with its value, if it has one) into spec.
std::expected<void, std::string> parse_compare_option(std::string_view option, Args& args, CompareSpec& spec);
// The spec as a whole: a file and exactly one criterion.
std::expected<void, std::string> validate(const CompareSpec& spec);

// Prints the figures ("compare WxH at X,Y: ...") and a verdict line ("compare ok" or
// "compare failed: ..."). kExitOk or kExitCheckFailed: images of different sizes, or a
// region outside one of them, fail the comparison like differing pixels do.
int run_compare(const Image& a, const Image& b, const CompareSpec& spec);

}  // namespace wrd::tools
