#include "standalone/connection_process.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>

namespace wrd::rdp {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

void set_limit(int resource, rlim_t value) {
    rlimit r{value, value};
    ::setrlimit(resource, &r);
}

}  // namespace

void enable_keepalive(int fd) noexcept {
    int on = 1, idle = 20, interval = 10, count = 3;
    unsigned user_timeout_ms = 50000;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
    ::setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout_ms, sizeof user_timeout_ms);
}

void apply_connection_limits(const ServerLimits& limits) noexcept {
    if (!kAddressSanitizer) set_limit(RLIMIT_AS, rlim_t(limits.connection_memory_mib) << 20);
    set_limit(RLIMIT_NOFILE, rlim_t(limits.connection_open_files));
    set_limit(RLIMIT_CORE, 0);
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
}

}  // namespace wrd::rdp
