#include "credentials.hpp"

#include <pwd.h>
#include <sys/random.h>
#include <unistd.h>

#include <filesystem>
#include <format>
#include <sstream>

#include <toml++/toml.hpp>

#include "freerdp.hpp"
#include "private_file.hpp"

namespace wrd::rdp {
namespace {

std::string current_user() {
    if (passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return pw->pw_name;
    return std::format("user{}", ::getuid());
}

// 20 characters from an alphabet without look-alikes (0/O, 1/l/I): about 115 bits.
std::expected<std::string, std::string> random_password() {
    static constexpr std::string_view alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    while (out.size() < 20) {
        unsigned char bytes[32];
        if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes))
            return std::unexpected("getrandom failed");
        for (unsigned char b : bytes) {
            // Rejection sampling keeps every character equally likely.
            if (b >= 256 - 256 % alphabet.size()) continue;
            out += alphabet[b % alphabet.size()];
            if (out.size() == 20) break;
        }
    }
    return out;
}

std::string toml_quote(const std::string& s) {
    std::ostringstream out;
    out << toml::value<std::string>(s);
    return out.str();
}

}  // namespace

std::expected<std::array<uint8_t, 16>, std::string> nt_hash(const std::string& password) {
    std::array<uint8_t, 16> hash{};
    if (!NTOWFv1A(const_cast<LPSTR>(password.c_str()), static_cast<UINT32>(password.size()), hash.data()))
        return std::unexpected("cannot compute the NT hash: OpenSSL's MD4 (legacy provider) is unavailable");
    return hash;
}

std::expected<Credentials, std::string> ensure_credentials(const std::string& dir, const std::string& username,
                                                           const std::string& password) {
    if (!username.empty() && !password.empty()) return Credentials{username, password, {}};
    if (auto ok = ensure_private_dir(dir); !ok) return std::unexpected(ok.error());
    auto lock = lock_file(dir + "/.credentials.lock");
    if (!lock) return std::unexpected(lock.error());
    std::string path = dir + "/credentials";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        auto pw = random_password();
        if (!pw) return std::unexpected(pw.error());
        std::string user = username.empty() ? current_user() : username;
        std::string text = std::format(
            "# The login for this WRD server (NLA), generated on first start.\n"
            "# Delete this file to get a new password; or set username/password in [rdp] of wrd.toml.\n"
            "username = {}\npassword = {}\n",
            toml_quote(user), toml_quote(*pw));
        if (auto ok = write_private_file(path, text); !ok) return std::unexpected(ok.error());
    }
    try {
        auto table = toml::parse_file(path);
        auto user = table["username"].value<std::string>();
        auto pw = table["password"].value<std::string>();
        if (!user || user->empty() || !pw || pw->empty())
            return std::unexpected(path + ": needs non-empty username and password");
        return Credentials{*user, *pw, path};
    } catch (const toml::parse_error& e) {
        return std::unexpected(std::format("{}: {}", path, e.description()));
    }
}

}  // namespace wrd::rdp
