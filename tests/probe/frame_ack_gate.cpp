#include "frame_ack_gate.hpp"

#include <cstring>
#include <utility>

#include "client.hpp"

namespace wrd::probe {
namespace {

uint32_t read_le(std::span<const uint8_t> bytes, size_t at, size_t n) {
    uint32_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint32_t{bytes[at + i]} << (8 * i);
    return v;
}

// MS-RDPEGFX 2.2.2.13: RDPGFX_HEADER (cmdId, flags, pduLength) + frameId, totalFramesDecoded,
// queueDepth.
constexpr size_t kFrameAckSize = 8 + 12;

}  // namespace

// MS-RDPEDYC 2.2.3.2: Cmd in the high 4 bits, Sp in the next 2, cbChId in the low 2; the
// channel id follows in 1, 2 or 4 little-endian bytes.
std::optional<DvcHeader> parse_dvc_header(std::span<const uint8_t> pdu) {
    if (pdu.empty()) return std::nullopt;
    constexpr size_t kIdSizes[4] = {1, 2, 4, 4};
    const size_t id_size = kIdSizes[pdu[0] & 0x03];
    if (pdu.size() < 1 + id_size) return std::nullopt;
    return DvcHeader{static_cast<uint8_t>(pdu[0] >> 4), read_le(pdu, 1, id_size), 1 + id_size};
}

std::optional<uint32_t> created_channel(std::span<const uint8_t> pdu, std::string_view name) {
    auto header = parse_dvc_header(pdu);
    if (!header || header->command != CREATE_REQUEST_PDU) return std::nullopt;
    const auto rest = pdu.subspan(header->size);
    // The name is ANSI and null-terminated.
    if (rest.size() < name.size() + 1 || rest[name.size()] != 0 ||
        std::memcmp(rest.data(), name.data(), name.size()) != 0)
        return std::nullopt;
    return header->channel_id;
}

bool is_frame_acknowledge(std::span<const uint8_t> pdu, uint32_t gfx_channel) {
    auto header = parse_dvc_header(pdu);
    // A 20-byte message always fits one DATA PDU; client-to-server RDPGFX PDUs are not
    // compressed or segmented.
    if (!header || header->command != DATA_PDU || header->channel_id != gfx_channel) return false;
    const auto body = pdu.subspan(header->size);
    return body.size() == kFrameAckSize && read_le(body, 0, 2) == RDPGFX_CMDID_FRAMEACKNOWLEDGE &&
           read_le(body, 4, 4) == kFrameAckSize;
}

FrameAckGate& FrameAckGate::of(freerdp* instance) {
    return Client::of(instance->context).frame_acks();
}

void FrameAckGate::install(freerdp* instance) {
    if (instance->SendChannelData == send_channel_data) return;
    instance_ = instance;
    send_ = std::exchange(instance->SendChannelData, send_channel_data);
    receive_ = std::exchange(instance->ReceiveChannelData, receive_channel_data);
}

bool FrameAckGate::is_drdynvc(freerdp* instance, UINT16 channel_id) const {
    return channel_id != 0 && channel_id == freerdp_channels_get_id_by_name(instance, DRDYNVC_SVC_CHANNEL_NAME);
}

BOOL FrameAckGate::send_channel_data(freerdp* instance, UINT16 channel_id, const BYTE* data, size_t size) {
    FrameAckGate& self = of(instance);
    if (self.gfx_channel_ && self.is_drdynvc(instance, channel_id) &&
        is_frame_acknowledge({data, size}, *self.gfx_channel_)) {
        if (self.holding_) {
            self.held_.emplace_back(data, data + size);
            ++self.withheld_;
            return TRUE;
        }
        ++self.sent_;
    }
    return self.send_(instance, channel_id, data, size);
}

// Create Requests are a few dozen bytes, so they come in one chunk flagged first.
BOOL FrameAckGate::receive_channel_data(freerdp* instance, UINT16 channel_id, const BYTE* data, size_t size,
                                        UINT32 flags, size_t total_size) {
    FrameAckGate& self = of(instance);
    if ((flags & CHANNEL_FLAG_FIRST) && self.is_drdynvc(instance, channel_id))
        if (auto id = created_channel({data, size}, RDPGFX_DVC_CHANNEL_NAME)) self.gfx_channel_ = *id;
    return self.receive_(instance, channel_id, data, size, flags, total_size);
}

std::expected<size_t, std::string> FrameAckGate::release() {
    const UINT16 drdynvc = freerdp_channels_get_id_by_name(instance_, DRDYNVC_SVC_CHANNEL_NAME);
    size_t sent = 0;
    while (!held_.empty()) {
        const std::vector<uint8_t>& pdu = held_.front();
        if (!send_(instance_, drdynvc, pdu.data(), pdu.size()))
            return std::unexpected("sending a held frame acknowledgement failed");
        held_.pop_front();
        ++sent_;
        ++sent;
    }
    return sent;
}

}  // namespace wrd::probe
