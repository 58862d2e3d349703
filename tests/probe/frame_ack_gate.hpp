// Holds back the client's RDPGFX Frame Acknowledge PDUs (MS-RDPEGFX 2.2.2.13) while a test
// asks, and sends them later in their order, so the server's flow control can be watched:
// with acknowledgements withheld a server must stop after its window of unacknowledged frames.
// FreeRDP's rdpgfx client decides whether to acknowledge only when the channel opens, so the
// gate sits where every static virtual channel write passes (freerdp::SendChannelData, the hook
// FreeRDP's own proxy uses) and picks the graphics channel's acknowledgements out of the
// drdynvc traffic (MS-RDPEDYC 2.2.3.2). It learns that channel's id from the server's Create
// Request (MS-RDPEDYC 2.2.2.1) on the way in. Main thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "freerdp.hpp"

namespace wrd::probe {

// One dynamic virtual channel PDU header as the drdynvc channel carries it.
struct DvcHeader {
    uint8_t command = 0;     // DynamicChannelPDU: CREATE_REQUEST_PDU, DATA_PDU, ...
    uint32_t channel_id = 0;
    size_t size = 0;         // header bytes (1 + the channel id's 1, 2 or 4)
};

// Parses the header; nullopt when `pdu` is too short for it.
std::optional<DvcHeader> parse_dvc_header(std::span<const uint8_t> pdu);
// The channel a Create Request PDU opens when it is named `name`.
std::optional<uint32_t> created_channel(std::span<const uint8_t> pdu, std::string_view name);
// Whether a client-to-server drdynvc PDU is a whole Frame Acknowledge on channel `gfx_channel`.
bool is_frame_acknowledge(std::span<const uint8_t> pdu, uint32_t gfx_channel);

class FrameAckGate {
public:
    // Wraps the instance's channel send and receive callbacks; call once, before connecting.
    void install(freerdp* instance);

    // On: Frame Acknowledge PDUs are kept instead of sent.
    void hold(bool on) { holding_ = on; }
    bool holding() const { return holding_; }
    // Sends the kept acknowledgements, oldest first; how many, or why sending failed.
    std::expected<size_t, std::string> release();

    bool graphics_channel_known() const { return gfx_channel_.has_value(); }
    uint64_t sent() const { return sent_; }          // acknowledgements that went to the server
    uint64_t withheld() const { return withheld_; }  // acknowledgements held back, in all
    size_t pending() const { return held_.size(); }  // held back and not yet released

private:
    static BOOL send_channel_data(freerdp* instance, UINT16 channel_id, const BYTE* data, size_t size);
    static BOOL receive_channel_data(freerdp* instance, UINT16 channel_id, const BYTE* data, size_t size, UINT32 flags,
                                     size_t total_size);
    static FrameAckGate& of(freerdp* instance);
    bool is_drdynvc(freerdp* instance, UINT16 channel_id) const;

    freerdp* instance_ = nullptr;
    pSendChannelData send_ = nullptr;
    pReceiveChannelData receive_ = nullptr;
    std::optional<uint32_t> gfx_channel_;
    bool holding_ = false;
    std::deque<std::vector<uint8_t>> held_;
    uint64_t sent_ = 0;
    uint64_t withheld_ = 0;
};

}  // namespace wrd::probe
