// The FreeRDP settings of a new server peer: security (TLS 1.2+ and NLA, never standard RDP
// security, never RDSTLS), the codecs and input features we offer. Main/I-O thread, before Initialize.
#pragma once

#include <expected>
#include <string>

#include "config.hpp"
#include "tls_identity.hpp"

typedef struct rdp_settings rdpSettings;

namespace wrd::rdp {

struct PeerSecurity {
    Security mode = Security::Nla;
    TlsIdentity tls;
    std::string username;  // the one account NLA (and a TLS login) accepts
    std::string password;
};

std::expected<void, std::string> apply_peer_settings(rdpSettings* settings, const PeerSecurity& security,
                                                     bool h264_available);

}  // namespace wrd::rdp
