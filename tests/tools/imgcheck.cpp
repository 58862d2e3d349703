// wrd-imgcheck: the checks of wrd-capture on an image file (PNG or binary PPM), e.g. one that
// grim or another screenshot tool wrote, and a comparison of two images (exact, or by PSNR,
// for lossy codecs). Exit 0: all passed; 1: a check or the comparison failed; 2: bad
// arguments or an unreadable file.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "checks.hpp"

namespace {

using namespace wrd::tools;

void usage(FILE* to) {
    std::fprintf(to,
                 "usage: wrd-imgcheck FILE [checks] [--compare FILE2 [--region X,Y,W,H] (--exact | --min-psnr DB)]\n"
                 "%.*s%.*s"
                 "With no check it prints the image's size. Exit 0: all checks passed; 1: a check\n"
                 "or the comparison failed; 2: bad arguments or an unreadable file.\n",
                 static_cast<int>(kCheckUsage.size()), kCheckUsage.data(), static_cast<int>(kCompareUsage.size()),
                 kCompareUsage.data());
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<std::string> file;
    std::vector<Check> checks;
    CompareSpec compare;
    bool comparing = false;
    Args args(argc, argv);
    while (!args.done()) {
        const std::string_view opt = args.next();
        if (opt == "-h" || opt == "--help") {
            usage(stdout);
            return kExitOk;
        }
        if (is_check_option(opt)) {
            auto check = args.value().and_then([&](std::string_view v) { return parse_check(opt, v); });
            if (!check) {
                std::fprintf(stderr, "wrd-imgcheck: %s\n", check.error().c_str());
                return kExitSetup;
            }
            checks.push_back(*check);
        } else if (is_compare_option(opt)) {
            comparing = true;
            if (auto r = parse_compare_option(opt, args, compare); !r) {
                std::fprintf(stderr, "wrd-imgcheck: %s\n", r.error().c_str());
                return kExitSetup;
            }
        } else if (!opt.starts_with("-") && !file) {
            file = std::string(opt);
        } else {
            std::fprintf(stderr, "wrd-imgcheck: unexpected argument '%.*s'\n", static_cast<int>(opt.size()),
                         opt.data());
            usage(stderr);
            return kExitSetup;
        }
    }
    if (!file) {
        usage(stderr);
        return kExitSetup;
    }
    if (auto r = comparing ? validate(compare) : std::expected<void, std::string>(); !r) {
        std::fprintf(stderr, "wrd-imgcheck: %s\n", r.error().c_str());
        return kExitSetup;
    }
    auto img = load_image(*file);
    auto other = comparing ? load_image(compare.other) : std::expected<Image, std::string>(Image());
    for (const auto* loaded : {&img, &other}) {
        if (!*loaded) {
            std::fprintf(stderr, "wrd-imgcheck: %s\n", loaded->error().c_str());
            return kExitSetup;
        }
    }
    std::printf("image %s %dx%d\n", file->c_str(), img->width, img->height);
    const bool checks_ok = run_checks(*img, checks);
    const int compared = comparing ? run_compare(*img, *other, compare) : kExitOk;
    return checks_ok && compared == kExitOk ? kExitOk : kExitCheckFailed;
}
