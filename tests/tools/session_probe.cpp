// wrd-session-probe: a wrd_session_manager_v1 client for tests. It prints what the compositor
// sends, one flushed line per event, so a shell test can read it through a pipe:
//   cursor: image W H HX HY SERIAL PIXEL00 PIXELMID | hidden | position X Y
//   create-output: created NAME | failed REASON, then wl_output NAME per output, destroyed
// Exit 0: ran as asked; 1: the compositor refused (failed event, protocol error) or went away;
// 2: set-up problem (no compositor, no wrd_session_manager_v1, bad arguments).
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "checks.hpp"
#include "connection.hpp"
#include "wayland/unique_fd.hpp"

namespace {

using namespace wrd::tools;
using wrd::test::Clock;
using wrd::test::describe_display_error;
using wrd::test::roundtrip_until;
using wrd::test::wait_until;

int setup_error(const std::string& why) {
    std::fprintf(stderr, "wrd-session-probe: %s\n", why.c_str());
    return kExitSetup;
}

void line(const char* fmt, auto... args) {
    std::printf(fmt, args...);
    std::fflush(stdout);  // a test reads us through a pipe while we keep running
}

// No limit without a time: Clock::time_point::max() waits for ever.
Clock::time_point deadline_after(std::optional<int> ms) {
    return ms ? Clock::now() + std::chrono::milliseconds(*ms) : Clock::time_point::max();
}

// ---- cursor ------------------------------------------------------------------------------

struct CursorProbe {
    long events = 0;
    long max_events = -1;  // -1: no limit

    bool want_more() const { return max_events < 0 || events < max_events; }
};

CursorProbe& probe_of(void* data) { return *static_cast<CursorProbe*>(data); }

// Reads ARGB words (0,0) and (w/2,h/2) from the image file; "--------" when it cannot.
std::pair<std::string, std::string> sample_image(int fd, int w, int h, int stride) {
    std::pair<std::string, std::string> out{"--------", "--------"};
    const size_t size = static_cast<size_t>(stride) * static_cast<size_t>(h);
    if (w < 1 || h < 1 || stride < w * 4) return out;
    void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        std::fprintf(stderr, "wrd-session-probe: cannot map the cursor image: %s\n", std::strerror(errno));
        return out;
    }
    auto word = [&](int x, int y) {
        uint32_t v;
        const size_t offset = static_cast<size_t>(y) * static_cast<size_t>(stride) + static_cast<size_t>(x) * 4;
        std::memcpy(&v, static_cast<const char*>(map) + offset, 4);
        char buf[9];
        std::snprintf(buf, sizeof buf, "%08X", v);
        return std::string(buf);
    };
    out = {word(0, 0), word(w / 2, h / 2)};
    munmap(map, size);
    return out;
}

void cursor_image(void* data, wrd_cursor_v1*, int32_t fd, int32_t w, int32_t h, int32_t stride, int32_t hx,
                  int32_t hy, uint32_t serial) {
    const wrd::test::UniqueFd owned(fd);  // the receiver owns it (wrd-session-v1.xml, image event)
    CursorProbe& p = probe_of(data);
    if (!p.want_more()) return;
    const auto [p00, mid] = sample_image(owned.get(), w, h, stride);
    line("image %d %d %d %d %u %s %s\n", w, h, hx, hy, serial, p00.c_str(), mid.c_str());
    ++p.events;
}

void cursor_hidden(void* data, wrd_cursor_v1*) {
    CursorProbe& p = probe_of(data);
    if (!p.want_more()) return;
    line("hidden\n");
    ++p.events;
}

void cursor_position(void* data, wrd_cursor_v1*, wl_fixed_t x, wl_fixed_t y) {
    CursorProbe& p = probe_of(data);
    if (!p.want_more()) return;
    line("position %.1f %.1f\n", wl_fixed_to_double(x), wl_fixed_to_double(y));
    ++p.events;
}

const wrd_cursor_v1_listener cursor_listener = {cursor_image, cursor_hidden, cursor_position};

int run_cursor(Args& args) {
    bool composite = true;
    CursorProbe probe;
    std::optional<int> timeout_ms;
    while (!args.done()) {
        const std::string_view opt = args.next();
        if (opt == "--no-composite") {
            composite = false;
            continue;
        }
        if (opt != "--events" && opt != "--timeout-ms")
            return setup_error("cursor: unknown argument " + std::string(opt));
        auto n = args.value().and_then([](std::string_view v) { return parse_ints(v, 1); });
        if (!n || (*n)[0] < 0) return setup_error(std::string(opt) + ": expected a count or milliseconds");
        if (opt == "--events") probe.max_events = (*n)[0];
        else timeout_ms = (*n)[0];
    }
    Connection conn;
    if (auto opened = conn.open(); !opened) return setup_error(opened.error());
    if (!conn.session()) return setup_error("the compositor offers no wrd_session_manager_v1");

    Proxy<wrd_cursor_v1> cursor(wrd_session_manager_v1_get_cursor(conn.session()));
    wrd_cursor_v1_add_listener(cursor.get(), &cursor_listener, &probe);
    if (!composite) wrd_cursor_v1_set_composited(cursor.get(), 0);

    const auto done = [&] { return !probe.want_more(); };
    if (wait_until(conn.display(), deadline_after(timeout_ms), done) == wrd::test::Wait::failed) {
        std::fprintf(stderr, "wrd-session-probe: %s\n", describe_display_error(conn.display()).c_str());
        return kExitCheckFailed;
    }
    return kExitOk;
}

// ---- create-output -----------------------------------------------------------------------

struct OutputProbe {
    std::optional<std::string> created;
    std::optional<std::string> failed;
};

void vout_created(void* data, wrd_virtual_output_v1*, const char* name) {
    static_cast<OutputProbe*>(data)->created = name;
}
void vout_failed(void* data, wrd_virtual_output_v1*, const char* reason) {
    static_cast<OutputProbe*>(data)->failed = reason;
}

const wrd_virtual_output_v1_listener vout_listener = {vout_created, vout_failed};

// Handles the lines a test may write while we hold the output: `move X Y`. False at EOF.
bool read_commands(wrd_virtual_output_v1* vout, std::string& pending) {
    char buf[256];
    const ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n <= 0) return false;
    pending.append(buf, static_cast<size_t>(n));
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
        int x = 0, y = 0;
        if (std::sscanf(pending.substr(0, nl).c_str(), "move %d %d", &x, &y) == 2) {
            wrd_virtual_output_v1_set_position(vout, x, y);
            line("moved %d %d\n", x, y);
        } else if (nl > 0) {
            std::fprintf(stderr, "wrd-session-probe: ignoring '%s' (only 'move X Y')\n", pending.substr(0, nl).c_str());
        }
    }
    return true;
}

// Keeps the output until the deadline (if any) and stdin's end (if no deadline).
bool hold(Connection& conn, wrd_virtual_output_v1* vout, std::optional<int> hold_ms) {
    bool stdin_open = true;
    std::string pending;
    const auto done = [&] { return !hold_ms && !stdin_open; };
    const auto watches = [&] {
        std::vector<wrd::test::FdWatch> fds;
        if (stdin_open)
            fds.push_back({.fd = STDIN_FILENO, .events = POLLIN, .ready = [&](short) {
                               stdin_open = read_commands(vout, pending);
                           }});
        return fds;
    };
    return wait_until(conn.display(), deadline_after(hold_ms), done, watches) != wrd::test::Wait::failed;
}

struct CreateArgs {
    int w = 0, h = 0, x = 0, y = 0;
    std::optional<int> hold_ms;
};

std::expected<CreateArgs, std::string> parse_create(Args& args) {
    std::vector<int> geometry;  // W H X Y; X and Y may be negative
    CreateArgs out;
    while (!args.done()) {
        const std::string_view word = args.next();
        if (word == "--hold-ms") {
            auto n = args.value().and_then([](std::string_view v) { return parse_ints(v, 1); });
            if (!n || (*n)[0] < 0) return std::unexpected("--hold-ms: expected milliseconds");
            out.hold_ms = (*n)[0];
            continue;
        }
        auto n = parse_ints(word, 1);
        if (!n || geometry.size() == 4)
            return std::unexpected("create-output: unexpected argument " + std::string(word));
        geometry.push_back((*n)[0]);
    }
    if (geometry.size() != 4) return std::unexpected("usage: create-output W H X Y [--hold-ms T]");
    out.w = geometry[0];
    out.h = geometry[1];
    out.x = geometry[2];
    out.y = geometry[3];
    return out;
}

int run_create_output(Args& args) {
    auto a = parse_create(args);
    if (!a) return setup_error(a.error());
    Connection conn;
    if (auto opened = conn.open(); !opened) return setup_error(opened.error());
    if (!conn.session()) return setup_error("the compositor offers no wrd_session_manager_v1");

    OutputProbe probe;
    Proxy<wrd_virtual_output_v1> vout(
        wrd_session_manager_v1_create_virtual_output(conn.session(), a->x, a->y, a->w, a->h, 0));
    wrd_virtual_output_v1_add_listener(vout.get(), &vout_listener, &probe);
    // The wl_output global comes before `created`; the second roundtrip brings its name.
    if (!roundtrip_until(conn.display()) || !roundtrip_until(conn.display())) {
        line("failed %s\n", describe_display_error(conn.display()).c_str());  // e.g. invalid_size
        return kExitCheckFailed;
    }
    if (probe.failed || !probe.created) {
        line("failed %s\n", probe.failed ? probe.failed->c_str() : "(no created or failed event)");
        return kExitCheckFailed;
    }
    line("created %s\n", probe.created->c_str());
    for (const OutputInfo& out : conn.outputs()) line("wl_output %s\n", out.name.c_str());
    if (!hold(conn, vout.get(), a->hold_ms)) return setup_error(describe_display_error(conn.display()));
    vout.reset();
    if (!roundtrip_until(conn.display())) return setup_error(describe_display_error(conn.display()));
    line("destroyed\n");
    return kExitOk;
}

void usage(FILE* to) {
    std::fprintf(to,
                 "usage: wrd-session-probe cursor [--no-composite] [--events N] [--timeout-ms T]\n"
                 "       wrd-session-probe create-output W H X Y [--hold-ms T]\n"
                 "cursor prints 'image W H HX HY SERIAL PIXEL00 PIXELMID', 'hidden' and 'position X Y'\n"
                 "lines until N events or T ms. create-output prints 'created NAME' (or 'failed\n"
                 "REASON'), 'wl_output NAME' per output, holds the output for T ms or until stdin\n"
                 "closes (stdin lines 'move X Y' reposition it), then prints 'destroyed'.\n");
}

}  // namespace

int main(int argc, char** argv) {
    Args args(argc, argv);
    const std::string_view command = args.done() ? "" : args.next();
    if (command == "cursor") return run_cursor(args);
    if (command == "create-output") return run_create_output(args);
    if (command == "-h" || command == "--help") {
        usage(stdout);
        return kExitOk;
    }
    usage(stderr);
    return kExitSetup;
}
