#include "listen_socket.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <format>
#include <memory>

namespace wrd::rdp {

std::expected<ListenAddress, std::string> parse_listen_address(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) return std::unexpected(std::format("'{}': expected ADDRESS:PORT", text));
    ListenAddress out;
    out.host = text.substr(0, colon);
    if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']')
        out.host = out.host.substr(1, out.host.size() - 2);
    std::string port = text.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value > 65535 || port.empty())
        return std::unexpected(std::format("'{}': bad port '{}'", text, port));
    out.port = static_cast<uint16_t>(value);
    if (out.host.empty()) out.host = "0.0.0.0";
    return out;
}

std::expected<UniqueFd, std::string> listen_tcp(const ListenAddress& address, int backlog) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    std::string port = std::to_string(address.port);
    if (int rc = ::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return std::unexpected(std::format("{}:{}: {}", address.host, address.port, gai_strerror(rc)));
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(found, ::freeaddrinfo);
    UniqueFd fd(::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return std::unexpected(std::format("socket: {}", std::strerror(errno)));
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd.get(), found->ai_addr, found->ai_addrlen) != 0)
        return std::unexpected(std::format("cannot listen on {}:{}: {}", address.host, address.port, std::strerror(errno)));
    if (::listen(fd.get(), backlog) != 0)
        return std::unexpected(std::format("listen on {}:{}: {}", address.host, address.port, std::strerror(errno)));
    return fd;
}

namespace {

std::string format_address(const sockaddr_storage& ss) {
    char host[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(ss);
        ::inet_ntop(AF_INET, &in.sin_addr, host, sizeof host);
        return std::format("{}:{}", host, ntohs(in.sin_port));
    }
    if (ss.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(ss);
        ::inet_ntop(AF_INET6, &in6.sin6_addr, host, sizeof host);
        return std::format("[{}]:{}", host, ntohs(in6.sin6_port));
    }
    return "(unknown address)";
}

}  // namespace

std::string local_address(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "(unknown address)";
    return format_address(ss);
}

std::string peer_address(int fd) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "(unknown peer)";
    return format_address(ss);
}

}  // namespace wrd::rdp
