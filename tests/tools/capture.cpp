// wrd-capture: captures one frame of an output with wlr-screencopy, optionally saves it, and
// checks it for the test pattern or given pixels. Exit 0: every check passed; 1: a check
// failed; 2: the capture itself could not be made (a set-up problem, not a test result).
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "checks.hpp"
#include "connection.hpp"
#include "screencopy.hpp"

namespace {

using namespace wrd::tools;

struct Options {
    std::optional<std::string> output;
    bool cursor = false;
    bool list_outputs = false;
    std::optional<std::string> save_to;
    int timeout_ms = 5000;
    std::vector<Check> checks;
};

void usage(FILE* to) {
    std::fprintf(to,
                 "usage: wrd-capture [--output NAME] [--cursor] [-o FILE.png|FILE.ppm] [--timeout-ms T] [checks]\n"
                 "       wrd-capture --list-outputs\n"
                 "  --output NAME             the output to capture (default: the first wl_output)\n"
                 "  --cursor                  ask the compositor to draw the cursor into the frame (a\n"
                 "                            headless output has only a software cursor, drawn in\n"
                 "                            either way unless a wrd_cursor_v1 turned that off)\n"
                 "  -o FILE                   save the frame as PNG or binary PPM, by extension\n"
                 "  --timeout-ms T            give up on a frame after T ms (default 5000)\n"
                 "  --list-outputs            print 'output NAME WxH at X,Y' per output (mode size,\n"
                 "                            layout position) and exit\n"
                 "%.*s"
                 "Check coordinates are pixels of the captured buffer. Exit 0: all checks passed;\n"
                 "1: a check failed; 2: no capture (no compositor, no screencopy, no such output).\n",
                 static_cast<int>(kCheckUsage.size()), kCheckUsage.data());
}

// Stores the value of an option that takes one; the error is one line for stderr.
std::expected<void, std::string> apply_value(Options& o, std::string_view opt, std::string_view value) {
    if (opt == "--output") {
        o.output = std::string(value);
    } else if (opt == "-o") {
        o.save_to = std::string(value);
    } else if (opt == "--timeout-ms") {
        auto t = parse_ints(value, 1);
        if (!t || (*t)[0] < 1) return std::unexpected("--timeout-ms: expected a positive number of ms");
        o.timeout_ms = (*t)[0];
    } else {
        auto check = parse_check(opt, value);
        if (!check) return std::unexpected(check.error());
        o.checks.push_back(*check);
    }
    return {};
}

// Returns the options, or the exit code to leave with.
std::expected<Options, int> parse(int argc, char** argv) {
    Options o;
    Args args(argc, argv);
    while (!args.done()) {
        const std::string_view opt = args.next();
        if (opt == "--cursor") {
            o.cursor = true;
        } else if (opt == "--list-outputs") {
            o.list_outputs = true;
        } else if (opt == "-h" || opt == "--help") {
            usage(stdout);
            return std::unexpected(kExitOk);
        } else if (opt == "--output" || opt == "-o" || opt == "--timeout-ms" || is_check_option(opt)) {
            auto applied = args.value().and_then([&](std::string_view v) { return apply_value(o, opt, v); });
            if (!applied) {
                std::fprintf(stderr, "wrd-capture: %s\n", applied.error().c_str());
                return std::unexpected(kExitSetup);
            }
        } else {
            std::fprintf(stderr, "wrd-capture: unknown argument '%.*s'\n", static_cast<int>(opt.size()), opt.data());
            usage(stderr);
            return std::unexpected(kExitSetup);
        }
    }
    return o;
}

void list_outputs(const Connection& conn) {
    for (const OutputInfo& out : conn.outputs())
        std::printf("output %s %dx%d at %d,%d\n", out.name.c_str(), out.width, out.height, out.x, out.y);
}

const OutputInfo* choose_output(const Connection& conn, const std::optional<std::string>& name) {
    if (!name) return conn.outputs().empty() ? nullptr : &conn.outputs().front();
    if (const OutputInfo* out = conn.find_output(*name)) return out;
    std::string have;
    for (const OutputInfo& out : conn.outputs()) have += (have.empty() ? "" : ", ") + out.name;
    std::fprintf(stderr, "wrd-capture: output '%s' not found (outputs: %s)\n", name->c_str(),
                 have.empty() ? "none" : have.c_str());
    return nullptr;
}

int run(const Options& o) {
    Connection conn;
    if (auto opened = conn.open(); !opened) {
        std::fprintf(stderr, "wrd-capture: %s\n", opened.error().c_str());
        return kExitSetup;
    }
    if (o.list_outputs) {
        list_outputs(conn);
        return kExitOk;
    }
    if (!conn.screencopy()) {
        std::fprintf(stderr, "wrd-capture: the compositor offers no zwlr_screencopy_manager_v1\n");
        return kExitSetup;
    }
    const OutputInfo* out = choose_output(conn, o.output);
    if (!out) {
        if (!o.output) std::fprintf(stderr, "wrd-capture: the compositor has no wl_output\n");
        return kExitSetup;
    }
    const std::string name = out->name;  // `out` goes if the output is removed while we wait
    auto cap = capture_output(conn, *out, o.cursor, o.timeout_ms);
    if (!cap) {
        std::fprintf(stderr, "wrd-capture: capture of %s failed: %s\n", name.c_str(), cap.error().c_str());
        return kExitSetup;
    }
    std::printf("captured %s %dx%d %s%s\n", name.c_str(), cap->image.width, cap->image.height,
                cap->format.c_str(), cap->y_invert ? " y-inverted" : "");
    if (o.save_to) {
        if (auto saved = save_image(cap->image, *o.save_to); !saved) {
            std::fprintf(stderr, "wrd-capture: %s\n", saved.error().c_str());
            return kExitSetup;
        }
    }
    return run_checks(cap->image, o.checks) ? kExitOk : kExitCheckFailed;
}

}  // namespace

int main(int argc, char** argv) {
    auto options = parse(argc, argv);
    if (!options) return options.error();
    const int rc = run(*options);
    std::fflush(stdout);
    return rc;
}
