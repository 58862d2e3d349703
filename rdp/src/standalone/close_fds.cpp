#include "standalone/close_fds.hpp"

#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <climits>

namespace wrd::rdp {

void close_other_fds(std::span<const int> keep) noexcept {
    std::array<int, 16> sorted{};
    size_t n = std::min(keep.size(), sorted.size());
    std::copy_n(keep.begin(), n, sorted.begin());
    std::sort(sorted.begin(), sorted.begin() + static_cast<long>(n));
    unsigned next = 0;
    for (size_t i = 0; i < n; ++i) {
        if (sorted[i] < 0) continue;
        auto fd = static_cast<unsigned>(sorted[i]);
        if (fd > next) ::syscall(SYS_close_range, next, fd - 1, 0);
        next = fd + 1;
    }
    ::syscall(SYS_close_range, next, ~0U, 0);
}

}  // namespace wrd::rdp
