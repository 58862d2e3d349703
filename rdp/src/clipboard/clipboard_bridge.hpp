// ClipboardBridge: copy and paste between the RDP client (cliprdr, MS-RDPECLIP) and the
// desktop (the Wayland selection through zwlr_data_control_v1), both ways, with delayed
// rendering on both sides: formats are announced when a clipboard changes, data moves only
// when someone pastes. Text, HTML and images are converted on a worker thread.
//
// Wiring (all on the connection's I/O thread, which owns the peer and the Wayland display):
//   - construct with the loop, the peer's WTS virtual channel manager (HANDLE) and the
//     compositor connection; call start() once the peer is activated;
//   - the peer code must keep servicing the channel manager: watch
//     WTSVirtualChannelManagerGetEventHandle(vcm)'s fd and call
//     WTSVirtualChannelManagerCheckFileDescriptor(Ex); that delivers received cliprdr data
//     and sends what the bridge queued. The bridge watches the cliprdr channel's own event fd.
//   - the Wayland display's default queue must be dispatched and flushed by the loop's owner;
//   - destroy (or stop()) before the peer, the channel manager and the display go away.
#pragma once

#include <chrono>
#include <deque>
#include <expected>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "clipboard/cliprdr_channel.hpp"
#include "clipboard/converter.hpp"
#include "clipboard/data_control_clipboard.hpp"
#include "clipboard/formats.hpp"
#include "timer.hpp"
#include "event_loop.hpp"

struct wl_display;

namespace wrd::rdp {

class ClipboardBridge : private CliprdrChannel::Handler {
public:
    struct Options {
        TransferLimits transfer;
        // How long a paste on the desktop waits for the client's Format Data Response.
        // Generous: a large image crosses a slow link as one PDU.
        std::chrono::milliseconds client_timeout{60'000};
    };

    ClipboardBridge(EventLoop& loop, void* vcm, wl_display* display, Options options);
    ClipboardBridge(EventLoop& loop, void* vcm, wl_display* display) : ClipboardBridge(loop, vcm, display, Options{}) {}
    ~ClipboardBridge() override;
    ClipboardBridge(const ClipboardBridge&) = delete;
    ClipboardBridge& operator=(const ClipboardBridge&) = delete;

    // Opens cliprdr and binds data-control. Fails (and leaves everything closed) if the client
    // has no clipboard channel or the compositor no data-control.
    std::expected<void, std::string> start();
    // Closes both sides; pastes in progress end empty. start() may be called again.
    void stop();

private:
    // A Format Data Request we sent for desktop pastes, with every paste waiting for it.
    struct OutgoingRequest {
        uint32_t format_id;
        Conversion conversion;
        uint64_t list_serial;
        std::vector<DataControlClipboard::Reply> replies;
    };

    // Client side (CliprdrChannel::Handler).
    void client_format_list(std::vector<ClipFormat> formats) override;
    void client_data_request(uint32_t format_id) override;
    void client_data_response(std::optional<ByteView> data) override;
    void channel_failed(const std::string& why) override;

    // The desktop's clipboard changed; a client list with nothing usable.
    void desktop_selection_changed(const std::vector<std::string>& mime_types);
    void announce_desktop_selection();
    void offer_client_formats();

    // Desktop pastes the client's data.
    void provide(const std::string& mime_type, DataControlClipboard::Reply reply);
    void send_next_request();
    void convert_client_data(std::shared_ptr<OutgoingRequest> request, Bytes raw);
    void request_timed_out();
    void answer(OutgoingRequest& request, const std::expected<SharedBytes, std::string>& result);

    // The client pastes the desktop's data, one request at a time, answered in order.
    void serve_next_client_request();
    void respond_to_client(BytesResult data);

    EventLoop& loop_;
    void* vcm_;
    wl_display* display_;
    Options options_;

    std::unique_ptr<CliprdrChannel> channel_;
    std::unique_ptr<DataControlClipboard> desktop_;
    Timer request_timer_;

    // MS-RDPECLIP 1.3.2.1: the client sends its Format List first; until then we announce
    // nothing, and the client's clipboard wins at connect unless it has nothing for us.
    bool client_synced_ = false;
    std::vector<std::string> desktop_mimes_;   // the desktop's selection (someone else's)
    std::vector<ExportFormat> exports_;        // what we announced to the client for it
    std::vector<ImportFormat> imports_;        // what we offer the desktop from the client
    uint64_t list_serial_ = 0;                 // counts client Format Lists
    std::map<uint32_t, SharedBytes> cache_;    // converted client data of the current list

    std::deque<OutgoingRequest> outgoing_;
    bool request_in_flight_ = false;
    // Responses still owed for requests that timed out: they are dropped when they come, or
    // they would answer the next request (the PDUs carry no request id).
    unsigned stale_responses_ = 0;

    std::deque<uint32_t> incoming_;  // client Format Data Requests (format ids), in order
    bool serving_ = false;

    // Last member: destroyed first, so no conversion result outlives the state it touches.
    std::unique_ptr<Converter> converter_;
};

}  // namespace wrd::rdp
