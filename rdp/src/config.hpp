// The front end's settings (wrd-rdp, and the part of wrd-server it passes on): defaults, then
// the TOML file, then the command line. Built once on the main thread; read-only afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace wrd::rdp {

enum class Security { Nla, Tls };
// Which codec to use; Auto picks the best the client announces (AVC420, then progressive,
// RemoteFX, then bitmaps).
enum class CodecChoice { Auto, Avc420, Progressive, RemoteFx, Bitmap };

// What a listening front end (wrd-server, `wrd-rdp --listen`) allows before and after login:
// the [server] table. The defaults are at least GNOME Remote Desktop's after CVE-2025-5024.
struct ServerLimits {
    int max_unauthenticated = 10;            // connections not yet logged in, from anywhere
    int max_unauthenticated_per_source = 5;  // ... from one address
    int max_new_per_source_per_second = 10;
    int handshake_timeout_s = 10;            // accept → security negotiated
    int login_timeout_s = 30;                // accept → logged in
    int max_sessions = 16;                   // logged-in connections at once
    int login_backoff_s = 1;                 // after a failed login; doubles; 0: no backoff
    int login_backoff_max_s = 60;
    int connection_memory_mib = 4096;        // address space of one wrd-rdp (RLIMIT_AS)
    int connection_open_files = 1024;        // RLIMIT_NOFILE of one wrd-rdp
};

struct FrontEndConfig {
    std::string config_dir;  // certificate, key and generated credentials live here
    Security security = Security::Nla;
    CodecChoice codec = CodecChoice::Auto;
    int avc_crf = 23;
    int avc_max_bitrate_kbps = 0;  // 0: no cap
    int max_frames_in_flight = 3;  // unacknowledged RDPGFX frames before capture waits
    bool follow_client_layout = true;  // resize outputs / add monitors to match the client
    std::string username;          // NLA credentials; empty: generated once and kept
    std::string password;
    std::string log_level = "info";
    ServerLimits limits;
};

// A bad setting: the message names the file or option and what is wrong with it.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// $XDG_CONFIG_HOME/wrd, else $HOME/.config/wrd.
std::string default_config_dir();

// Reads the [rdp] and [server] tables of a wrd TOML file into `config`; unknown keys become
// warnings.
// A missing file is not an error when `must_exist` is false. Throws ConfigError.
void load_front_end_config(const std::string& path, bool must_exist, FrontEndConfig& config,
                           std::vector<std::string>& warnings);

// One line with the effective settings for the log; the password is never included.
std::string describe(const FrontEndConfig& config);
std::string describe(const ServerLimits& limits);

std::string to_string(Security security);
std::string to_string(CodecChoice codec);
std::optional<Security> parse_security(const std::string& text);
std::optional<CodecChoice> parse_codec(const std::string& text);

}  // namespace wrd::rdp
