// The standalone login for NLA: a user name and password from the config, or generated once
// and kept in `<config dir>/credentials` (mode 0600) so the person at the machine can read it.
// NTLM never sends the password; the session checks the client's proof against our NT hash
// (session/connection.cpp). Set-up code on the main thread.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <string>

namespace wrd::rdp {

struct Credentials {
    std::string username;
    std::string password;
    std::string file;  // where the password can be read; empty when it came from the config
};

// Uses `username`/`password` when both are set; otherwise reads `dir`/credentials, creating it
// with the current user's name and a new random password when missing.
std::expected<Credentials, std::string> ensure_credentials(const std::string& dir, const std::string& username,
                                                           const std::string& password);

// The NT hash (MD4 of the UTF-16LE password, MS-NLMP 3.3.1), which NTLM works from. Fails
// when OpenSSL has no MD4 (its legacy provider did not load).
std::expected<std::array<uint8_t, 16>, std::string> nt_hash(const std::string& password);

}  // namespace wrd::rdp
