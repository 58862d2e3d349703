#include "session/login_check.hpp"

#include <openssl/crypto.h>

#include "session/connection_request.hpp"

namespace wrd::rdp {

std::string selected_protocol_name(uint32_t selected) {
    if (selected & kProtocolHybridEx) return "NLA-EX (CredSSP over TLS)";
    if (selected & kProtocolHybrid) return "NLA (CredSSP over TLS)";
    if (selected & kProtocolRdstls) return "RDSTLS";
    if (selected & kProtocolSsl) return "TLS";
    if (selected == kProtocolRdp) return "standard RDP security";
    return "an unknown protocol";
}

std::expected<void, std::string> check_selected_protocol(Security mode, uint32_t selected) {
    bool nla = selected & (kProtocolHybrid | kProtocolHybridEx);
    if (selected & kProtocolRdstls) return std::unexpected("RDSTLS is never accepted");
    if (selected == kProtocolRdp) return std::unexpected("standard RDP security is never accepted");
    if (mode == Security::Nla && !nla) return std::unexpected("this server requires NLA");
    if (mode == Security::Tls && (nla || !(selected & kProtocolSsl)))
        return std::unexpected("this server takes TLS logins only");
    return {};
}

bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool same_user_ignoring_case(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        auto lower = [](unsigned char c) { return static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c); };
        diff |= lower(static_cast<unsigned char>(a[i])) ^ lower(static_cast<unsigned char>(b[i]));
    }
    return diff == 0;
}

bool account_matches(const Account& account, const std::string& user, const std::string& password) {
    // Both compared whatever the first says, so a wrong user takes as long as a wrong password.
    bool user_ok = !account.username.empty() && same_secret(user, account.username);
    bool password_ok = !account.password.empty() && same_secret(password, account.password);
    return user_ok && password_ok;
}

}  // namespace wrd::rdp
