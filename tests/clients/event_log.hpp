// One line per event on stdout, flushed at once: tests read these lines while the client runs,
// so a line left in a buffer would look like an event that never came. Main thread only.
#pragma once

#include <cstdio>
#include <format>
#include <string>
#include <utility>

namespace wrd::test {

template <typename... Args>
void log_event(std::format_string<Args...> fmt, Args&&... args) {
    std::string line = std::format(fmt, std::forward<Args>(args)...);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

}  // namespace wrd::test
