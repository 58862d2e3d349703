// Command line of wrd-test-pattern. Main thread only.
#pragma once

#include <expected>
#include <optional>
#include <string>

namespace wrd::test {

struct PatternOptions {
    int width = 400;  // used when the compositor leaves the size to us (configure 0x0)
    int height = 300;
    std::string title = "wrd-test-pattern";
    std::string app_id;  // empty: none set
    bool maximize = false;
    bool fullscreen = false;
    bool cursor = false;       // set our own cursor image on pointer enter
    bool hide_cursor = false;  // set a null cursor on pointer enter
    std::optional<int> exit_after_ms;
};

// The options, or the exit status when the program should stop now (--help, or a bad
// option, reported on stderr).
std::expected<PatternOptions, int> parse_pattern_options(int argc, char** argv);

}  // namespace wrd::test
