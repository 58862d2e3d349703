// rdesktop 1.9 writes the two INTEGER fields of its MCS Erect Domain Request as 16-bit
// numbers instead of PER (T.125; rdesktop issue #392); FreeRDP 3 checks the PDU is consumed
// exactly and drops the connection. This repairs that one PDU as it is read. I/O thread only.
#pragma once

#include "freerdp.hpp"

namespace wrd::rdp {

// Wraps the context's transport ReadPdu; call once after freerdp_peer_context_new.
bool install_erect_domain_fix(rdpContext* context);

}  // namespace wrd::rdp
