// CliprdrChannel: the cliprdr static virtual channel (MS-RDPECLIP) run from the I/O thread's
// poll loop instead of FreeRDP's own channel thread. FreeRDP's cliprdr server parses and
// builds the PDUs; this class opens the channel (Open, not Start, which would spawn a thread),
// watches the channel's event fd and calls CheckEventHandle when it is readable, and turns
// received PDUs into Handler calls. I/O thread only; Handler calls run there.
//
// What is sent is queued in the virtual channel manager: it reaches the client when the peer
// code services the manager (WTSVirtualChannelManagerCheckFileDescriptor).
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clipboard/bytes.hpp"
#include "clipboard/formats.hpp"
#include "event_loop.hpp"

struct s_cliprdr_server_context;

namespace wrd::rdp {

class CliprdrChannel {
public:
    class Handler {
    public:
        virtual ~Handler() = default;
        // Format List PDU (2.2.3.1): the client's clipboard changed. Answered by the channel.
        virtual void client_format_list(std::vector<ClipFormat> formats) = 0;
        // Format Data Request PDU (2.2.5.1): the client pastes one of our formats; answer
        // with send_data_response, in request order.
        virtual void client_data_request(uint32_t format_id) = 0;
        // Format Data Response PDU (2.2.5.2): nullopt when the client reported failure. The
        // bytes are valid only during the call.
        virtual void client_data_response(std::optional<ByteView> data) = 0;
        // The channel broke (bad PDU, closed); nothing more will arrive.
        virtual void channel_failed(const std::string& why) = 0;
    };

    // `vcm` is the peer's WTS virtual channel manager (a WinPR HANDLE).
    CliprdrChannel(EventLoop& loop, void* vcm, Handler& handler);
    ~CliprdrChannel();
    CliprdrChannel(const CliprdrChannel&) = delete;
    CliprdrChannel& operator=(const CliprdrChannel&) = delete;

    // Opens the channel, starts watching it and sends the Clipboard Capabilities and Monitor
    // Ready PDUs (2.2.2.1, 2.2.2.2), which start the client's side (1.3.2.1).
    std::expected<void, std::string> open();

    bool send_format_list(const std::vector<ClipFormat>& formats);
    // nullopt sends a response with CB_RESPONSE_FAIL.
    bool send_data_response(std::optional<ByteView> data);
    bool send_data_request(uint32_t format_id);

private:
    struct Callbacks;
    struct ContextDeleter {
        void operator()(s_cliprdr_server_context* context) const;
    };

    void on_event();
    void fail(const std::string& why);
    bool send_format_list_response();
    bool send_file_contents_failure(uint32_t stream_id);

    EventLoop& loop_;
    void* vcm_;
    Handler& handler_;
    std::unique_ptr<s_cliprdr_server_context, ContextDeleter> context_;
    bool open_ = false;
    EventLoop::Id watch_ = 0;
};

}  // namespace wrd::rdp
