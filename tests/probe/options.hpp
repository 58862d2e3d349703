// wrd-probe's command line: where to connect, how (security, codec, desktop layout), how long
// any wait may take, where the JSON report goes, and the steps to run. Parsed once in main;
// read-only afterwards. Any thread.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <vector>

#include "steps.hpp"

namespace wrd::probe {

// Exit codes: tests tell a failed step from a refused connection from a typo.
constexpr int kExitOk = 0;
constexpr int kExitStepFailed = 1;
constexpr int kExitConnectFailed = 2;
constexpr int kExitBadArguments = 3;

enum class Security { nla, tls, any };

// What the client advertises. The server picks; the report says what it picked.
//   avc420, avc444, progressive: the graphics pipeline (RDPGFX) with those codecs allowed;
//   rfx, nsc: no GFX, surface bits with RemoteFX or NSCodec;
//   raw: no GFX, surface bits without a codec (lossless, what pixel-exact tests want);
//   bitmap: no GFX and no surface commands, so the server must send bitmap updates
//           (planar for 32 bpp, interleaved below).
enum class Codec { avc420, avc444, progressive, rfx, nsc, raw, bitmap };

struct Monitor {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

struct Options {
    std::string host = "127.0.0.1";
    uint16_t port = 3389;
    std::string user;
    std::string password;
    std::string domain;
    Security security = Security::any;
    Codec codec = Codec::avc420;
    int width = 1024;
    int height = 768;
    std::vector<Monitor> monitors;  // empty: one monitor of width x height
    int timeout_s = 10;
    std::string json_path;  // empty: no report file
    std::string log_level = "warn";
    std::vector<Step> steps;
};

std::string_view name_of(Codec codec);
std::string_view name_of(Security security);

// Parses argv. The error is the exit code: 0 after --help, kExitBadArguments otherwise (the
// reason has been printed).
std::expected<Options, int> parse_options(int argc, char** argv);

// "WxH+X+Y;WxH+X+Y": each monitor's size and place on the desktop; the first is primary.
std::expected<std::vector<Monitor>, std::string> parse_monitors(std::string_view text);

}  // namespace wrd::probe
