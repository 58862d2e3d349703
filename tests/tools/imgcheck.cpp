// wrd-imgcheck: the checks of wrd-capture on an image file (PNG or binary PPM), e.g. one that
// grim or another screenshot tool wrote. Exit 0: all passed; 1: a check failed; 2: bad
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
                 "usage: wrd-imgcheck FILE [checks]\n"
                 "%.*s"
                 "With no check it prints the image's size. Exit 0: all checks passed; 1: a check\n"
                 "failed; 2: bad arguments or an unreadable file.\n",
                 static_cast<int>(kCheckUsage.size()), kCheckUsage.data());
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<std::string> file;
    std::vector<Check> checks;
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
    auto img = load_image(*file);
    if (!img) {
        std::fprintf(stderr, "wrd-imgcheck: %s\n", img.error().c_str());
        return kExitSetup;
    }
    std::printf("image %s %dx%d\n", file->c_str(), img->width, img->height);
    return run_checks(*img, checks) ? kExitOk : kExitCheckFailed;
}
