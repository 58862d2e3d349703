// PeerSession: the NLA check. The one account we accept (from the config or generated) is
// compared by name; the NTLMv2 hash is computed from its password on the fly.
#include "credentials.hpp"
#include "freerdp.hpp"
#include "logging.hpp"
#include "session/peer_session.hpp"

namespace wrd::rdp {

bool PeerSession::nla_hash(const std::string& user, const std::u16string& user_utf16, const std::u16string& domain,
                           uint8_t* ntlm_v2_hash) {
    nla_user_ = user;
    if (user != options_.security.username) {
        logger("rdp").debug("{}: NLA for unknown user '{}'", client_name_, user);
        return false;
    }
    auto nt = nt_hash(options_.security.password);
    std::u16string u = user_utf16, d = domain;
    return NTOWFv2FromHashW(nt.data(), reinterpret_cast<LPWSTR>(u.data()), static_cast<UINT32>(u.size() * 2),
                            reinterpret_cast<LPWSTR>(d.data()), static_cast<UINT32>(d.size() * 2), ntlm_v2_hash);
}

}  // namespace wrd::rdp
