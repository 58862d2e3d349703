#include "session/erect_domain_fix.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace wrd::rdp {
namespace {

// TPKT (4) + X.224 Data TPDU (3) + MCS ErectDomainRequest (T.125 type 1 << 2), then
// rdesktop's subHeight = 1 and subInterval = 1 as big-endian 16-bit numbers.
constexpr std::array<uint8_t, 12> kRdesktopRequest = {0x03, 0x00, 0x00, 0x0c, 0x02, 0xf0,
                                                      0x80, 0x04, 0x00, 0x01, 0x00, 0x01};
// The same values as PER INTEGERs: a length byte then the value.
constexpr std::array<uint8_t, 4> kPerBody = {0x01, 0x01, 0x01, 0x01};

// One peer per wrd-rdp process, so one saved reader; set on the I/O thread before any read.
pTransportRWFkt default_read_pdu = nullptr;

int read_pdu(rdpTransport* transport, wStream* s) {
    const int n = default_read_pdu(transport, s);
    if (n == static_cast<int>(kRdesktopRequest.size()) && Stream_Length(s) == kRdesktopRequest.size() &&
        std::equal(kRdesktopRequest.begin(), kRdesktopRequest.end(), Stream_Buffer(s)))
        std::copy(kPerBody.begin(), kPerBody.end(), Stream_Buffer(s) + 8);
    return n;
}

}  // namespace

bool install_erect_domain_fix(rdpContext* context) {
    const rdpTransportIo* current = freerdp_get_io_callbacks(context);
    if (!current || !current->ReadPdu) return false;
    rdpTransportIo io = *current;
    if (io.ReadPdu != read_pdu) default_read_pdu = io.ReadPdu;
    io.ReadPdu = read_pdu;
    return freerdp_set_io_callbacks(context, &io);
}

}  // namespace wrd::rdp
