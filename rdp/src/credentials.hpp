// The standalone login for NLA: a user name and password from the config, or generated once
// and kept in `<config dir>/credentials` (mode 0600) so the person at the machine can read it.
// FreeRDP's NTLM checks an NT hash from a SAM file, never the password itself, so we also
// write that file. Set-up code on the main thread.
#pragma once

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

// Writes a WinPR SAM file ("user::LMHASH:NTHASH:::", no domain so any domain matches) for
// `credentials` at `path`, mode 0600.
std::expected<void, std::string> write_sam_file(const std::string& path, const Credentials& credentials);

// The NT hash (MD4 of the UTF-16LE password) as 32 uppercase hex digits.
std::string nt_hash_hex(const std::string& password);

}  // namespace wrd::rdp
