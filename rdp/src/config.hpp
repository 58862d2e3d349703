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
};

// A bad setting: the message names the file or option and what is wrong with it.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// $XDG_CONFIG_HOME/wrd, else $HOME/.config/wrd.
std::string default_config_dir();

// Reads the [rdp] table of a wrd TOML file into `config`; unknown keys become warnings.
// A missing file is not an error when `must_exist` is false. Throws ConfigError.
void load_front_end_config(const std::string& path, bool must_exist, FrontEndConfig& config,
                           std::vector<std::string>& warnings);

// One line with the effective settings for the log; the password is never included.
std::string describe(const FrontEndConfig& config);

std::string to_string(Security security);
std::string to_string(CodecChoice codec);
std::optional<Security> parse_security(const std::string& text);
std::optional<CodecChoice> parse_codec(const std::string& text);

}  // namespace wrd::rdp
