// The security decisions of a connection, as pure functions so that every cell of the
// mode × protocol × credentials matrix is testable without a network. Any thread.
#pragma once

#include <cstdint>
#include <expected>
#include <string>

#include "config.hpp"

namespace wrd::rdp {

// The protocol FreeRDP selected (MS-RDPBCGR 2.2.1.2.1 selectedProtocol) as a log word.
std::string selected_protocol_name(uint32_t selected);

// Whether a connection that negotiated `selected` may go on in `mode`: NLA mode takes only
// CredSSP (NLA), TLS mode only TLS; standard RDP security and RDSTLS never. The error is the
// refusal's reason for the log.
std::expected<void, std::string> check_selected_protocol(Security mode, uint32_t selected);

// Constant-time comparison of one secret (no early exit that times the first difference).
bool same_secret(const std::string& a, const std::string& b);

// Equal user names up to ASCII case (NTLM's rule), compared in constant time for equal lengths.
bool same_user_ignoring_case(const std::string& a, const std::string& b);

// The one account a standalone front end accepts. An empty password never matches.
struct Account {
    std::string username;
    std::string password;
};
bool account_matches(const Account& account, const std::string& user, const std::string& password);

}  // namespace wrd::rdp
