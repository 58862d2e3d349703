// wrd-test-bad-client: misbehaves on purpose so tests can check that the compositor cuts it
// off and carries on serving everyone else.
//   --mode garbage         writes 64 bytes of junk straight into the socket, then a roundtrip
//   --mode protocol-error  wl_surface.set_buffer_scale(0) then commit, which the compositor
//                          must answer with wl_surface.error invalid_scale
// Prints "disconnected: <why>" and exits 0 once the compositor drops the connection; exits 1
// if it is still connected after 5 s, 2 if it cannot connect at all.
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "event_log.hpp"
#include "globals.hpp"

namespace wrd::test {
namespace {

constexpr const char* program = "wrd-test-bad-client";
constexpr auto verdict_time = std::chrono::seconds(5);

// The first header names an object that does not exist and claims all 64 bytes as its size.
// libwayland-server waits for as many bytes as a header claims, so with purely random bytes
// (a size field above 64) the compositor would just keep waiting and never reject anything.
// The rest is arbitrary.
std::array<uint32_t, 16> junk() {
    std::array<uint32_t, 16> words{};
    words[0] = 0xdeadbeef;                       // object id
    words[1] = (64u << 16) | 0x7777;             // size 64, opcode 0x7777
    uint32_t x = 0x9e3779b9;
    for (size_t i = 2; i < words.size(); ++i) {  // xorshift noise
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        words[i] = x;
    }
    return words;
}

// Waits for the compositor's answer to the junk before the roundtrip sends anything more: a
// request still unread in its socket when it hangs up makes our next read fail with
// ECONNRESET, which loses the error event it sent us.
void send_garbage(wl_display* display, Clock::time_point deadline) {
    const auto words = junk();
    const int fd = wl_display_get_fd(display);
    // MSG_NOSIGNAL: if the compositor already hung up we want EPIPE, not SIGPIPE.
    if (::send(fd, words.data(), sizeof words, MSG_NOSIGNAL) != sizeof words)
        std::fprintf(stderr, "%s: writing the junk: %s\n", program, std::strerror(errno));
    pollfd pfd{.fd = fd, .events = POLLIN, .revents = 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    while (::poll(&pfd, 1, static_cast<int>(std::max<long long>(left.count(), 0))) < 0 && errno == EINTR) {
    }
}

Proxy<wl_surface> make_protocol_error(const Globals& globals) {
    Proxy<wl_surface> surface(wl_compositor_create_surface(globals.compositor.get()));
    wl_surface_set_buffer_scale(surface.get(), 0);  // wl_surface.set_buffer_scale: must be positive
    wl_surface_commit(surface.get());
    return surface;
}

// Sends a roundtrip and keeps reading until the compositor drops us or time runs out.
bool wait_for_disconnect(wl_display* display, Clock::time_point deadline) {
    Proxy<wl_callback> sync(wl_display_sync(display));
    return wait_until(display, deadline, [] { return false; }) == Wait::failed;
}

int verdict(wl_display* display, bool disconnected) {
    if (!disconnected) {
        log_event("still connected after {} s", verdict_time.count());
        return 1;
    }
    log_event("disconnected: {}", describe_display_error(display));
    return 0;
}

int run(const std::string& mode) {
    const auto deadline = Clock::now() + verdict_time;
    const Display display = connect_display();  // throws: main() exits 2
    if (mode == "garbage") {
        send_garbage(display.get(), deadline);
        return verdict(display.get(), wait_for_disconnect(display.get(), deadline));
    }
    std::optional<Globals> globals;
    try {
        globals.emplace(display.get(), deadline);
    } catch (const std::runtime_error& e) {  // a compositor too slow to list globals counts as not reacting
        std::fprintf(stderr, "%s: %s\n", program, e.what());
        return verdict(display.get(), wl_display_get_error(display.get()) != 0);
    }
    Proxy<wl_surface> surface = make_protocol_error(*globals);
    return verdict(display.get(), wait_for_disconnect(display.get(), deadline));
}

}  // namespace
}  // namespace wrd::test

int main(int argc, char** argv) {
    std::string mode;
    CLI::App app("Wayland client that misbehaves on purpose; exits 0 if the compositor disconnects it");
    app.add_option("--mode", mode, "what to do wrong")->required()->check(CLI::IsMember({"garbage", "protocol-error"}));
    CLI11_PARSE(app, argc, argv);
    wrd::test::capture_wayland_log();
    try {
        return wrd::test::run(mode);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", wrd::test::program, e.what());
        return 2;
    }
}
