// wrd-compositor: headless wlroots compositor for one user's remote session.
#include <cstdio>

#include "config.hpp"
#include "log.hpp"
#include "server.hpp"

int main(int argc, char** argv) {
    using namespace wrd::compositor;
    std::optional<Config> config;
    try {
        config = parse_command_line(argc, argv);
    } catch (const ConfigError& e) {
        std::fprintf(stderr, "wrd-compositor: %s\n", e.what());
        return 2;
    }
    if (!config) return 0;
    try {
        Server server(*config);
        return server.run();
    } catch (const StartupError& e) {
        log().error("cannot start: {}", e.what());
        return 1;
    }
}
