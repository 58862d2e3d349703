#include "clipboard/cliprdr_channel.hpp"

#include <format>

#include "freerdp.hpp"
#include "logging.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("clipboard"); }

// Every callback answers CHANNEL_RC_OK: FreeRDP 3.15 does not consume a PDU whose callback
// fails and would hand it to us again on the next read. Failures are handled here instead.
template <class F>
UINT guarded(const char* what, F&& handler) noexcept {
    try {
        handler();
    } catch (const std::exception& e) {
        log().error("cliprdr {} handler failed: {}", what, e.what());
    } catch (...) {
        log().error("cliprdr {} handler failed", what);
    }
    return CHANNEL_RC_OK;
}

CLIPRDR_HEADER header(UINT16 type, UINT16 flags = 0, UINT32 length = 0) { return {type, flags, length}; }

}  // namespace

// The C callbacks; a nested type so they may reach the private members.
struct CliprdrChannel::Callbacks {
    static CliprdrChannel& self(CliprdrServerContext* context) {
        return *static_cast<CliprdrChannel*>(context->custom);
    }

    // Clipboard Capabilities PDU (2.2.2.1): FreeRDP already narrowed useLongFormatNames to
    // what both sides support before calling this.
    static UINT capabilities(CliprdrServerContext* context, const CLIPRDR_CAPABILITIES*) {
        return guarded("capabilities", [&] {
            log().debug("client clipboard capabilities: long format names {}", context->useLongFormatNames != 0);
        });
    }

    // Temporary Directory PDU (2.2.2.3): only used for file copy, which we do not offer.
    static UINT temp_directory(CliprdrServerContext*, const CLIPRDR_TEMP_DIRECTORY*) { return CHANNEL_RC_OK; }

    static UINT format_list(CliprdrServerContext* context, const CLIPRDR_FORMAT_LIST* list) {
        return guarded("format list", [&] {
            std::vector<ClipFormat> formats;
            for (UINT32 i = 0; i < list->numFormats; ++i) {
                const CLIPRDR_FORMAT& f = list->formats[i];
                formats.push_back({f.formatId, f.formatName ? f.formatName : ""});
            }
            // Every Format List is acknowledged (2.2.3.2) before anything else is sent.
            self(context).send_format_list_response();
            self(context).handler_.client_format_list(std::move(formats));
        });
    }

    static UINT format_list_response(CliprdrServerContext*, const CLIPRDR_FORMAT_LIST_RESPONSE* response) {
        if (response->common.msgFlags & CB_RESPONSE_FAIL) log().warn("the client refused our clipboard format list");
        return CHANNEL_RC_OK;
    }

    // Lock/Unlock Clipboard Data (2.2.4): we do not announce CB_CAN_LOCK_CLIPDATA; ignored.
    static UINT lock(CliprdrServerContext*, const CLIPRDR_LOCK_CLIPBOARD_DATA*) { return CHANNEL_RC_OK; }
    static UINT unlock(CliprdrServerContext*, const CLIPRDR_UNLOCK_CLIPBOARD_DATA*) { return CHANNEL_RC_OK; }

    static UINT data_request(CliprdrServerContext* context, const CLIPRDR_FORMAT_DATA_REQUEST* request) {
        return guarded("data request", [&] { self(context).handler_.client_data_request(request->requestedFormatId); });
    }

    static UINT data_response(CliprdrServerContext* context, const CLIPRDR_FORMAT_DATA_RESPONSE* response) {
        return guarded("data response", [&] {
            bool ok = (response->common.msgFlags & CB_RESPONSE_OK) && response->requestedFormatData;
            std::optional<ByteView> data;
            if (ok) data = ByteView(response->requestedFormatData, response->common.dataLen);
            self(context).handler_.client_data_response(data);
        });
    }

    // File Contents Request (2.2.5.3): no file formats are announced, so any request is
    // answered with a failure rather than left hanging.
    static UINT file_contents_request(CliprdrServerContext* context, const CLIPRDR_FILE_CONTENTS_REQUEST* request) {
        return guarded("file contents", [&] { self(context).send_file_contents_failure(request->streamId); });
    }

    static UINT file_contents_response(CliprdrServerContext*, const CLIPRDR_FILE_CONTENTS_RESPONSE*) {
        return CHANNEL_RC_OK;
    }
};

void CliprdrChannel::ContextDeleter::operator()(s_cliprdr_server_context* context) const {
    cliprdr_server_context_free(context);
}

CliprdrChannel::CliprdrChannel(EventLoop& loop, void* vcm, Handler& handler)
    : loop_(loop), vcm_(vcm), handler_(handler) {}

CliprdrChannel::~CliprdrChannel() {
    if (watch_) loop_.remove(watch_);
    if (open_) context_->Close(context_.get());
}

std::expected<void, std::string> CliprdrChannel::open() {
    if (!WTSVirtualChannelManagerIsChannelJoined(vcm_, CLIPRDR_SVC_CHANNEL_NAME))
        return std::unexpected("the client did not join the cliprdr channel (clipboard redirection off)");
    context_.reset(cliprdr_server_context_new(vcm_));
    if (!context_) return std::unexpected("cliprdr_server_context_new failed");
    CliprdrServerContext* c = context_.get();
    c->custom = this;
    c->useLongFormatNames = TRUE;  // offered; FreeRDP clears it if the client lacks it
    c->ClientCapabilities = Callbacks::capabilities;
    c->TempDirectory = Callbacks::temp_directory;
    c->ClientFormatList = Callbacks::format_list;
    c->ClientFormatListResponse = Callbacks::format_list_response;
    c->ClientLockClipboardData = Callbacks::lock;
    c->ClientUnlockClipboardData = Callbacks::unlock;
    c->ClientFormatDataRequest = Callbacks::data_request;
    c->ClientFormatDataResponse = Callbacks::data_response;
    c->ClientFileContentsRequest = Callbacks::file_contents_request;
    c->ClientFileContentsResponse = Callbacks::file_contents_response;
    if (UINT rc = c->Open(c); rc != CHANNEL_RC_OK)
        return std::unexpected(std::format("opening cliprdr failed ({})", rc));
    open_ = true;
    int fd = GetEventFileDescriptor(c->GetEventHandle(c));
    if (fd < 0) return std::unexpected("the cliprdr channel has no event file descriptor");
    watch_ = loop_.add_fd(fd, POLLIN, [this](short) { on_event(); });

    // Clipboard Capabilities PDU (2.2.2.1) with one General Capability Set (2.2.2.1.1.1):
    // version 2, long format names; no file copy, no clipboard locking.
    CLIPRDR_GENERAL_CAPABILITY_SET general{CB_CAPSTYPE_GENERAL, CB_CAPSTYPE_GENERAL_LEN, CB_CAPS_VERSION_2,
                                           CB_USE_LONG_FORMAT_NAMES};
    CLIPRDR_CAPABILITIES caps{header(CB_CLIP_CAPS, 0, 4 + CB_CAPSTYPE_GENERAL_LEN), 1,
                              reinterpret_cast<CLIPRDR_CAPABILITY_SET*>(&general)};
    CLIPRDR_MONITOR_READY ready{header(CB_MONITOR_READY)};
    if (c->ServerCapabilities(c, &caps) != CHANNEL_RC_OK || c->MonitorReady(c, &ready) != CHANNEL_RC_OK)
        return std::unexpected("sending the clipboard capabilities failed");
    return {};
}

void CliprdrChannel::on_event() {
    // One call reads at most one PDU; the event stays signalled while more are queued, so
    // poll brings us back for the rest.
    UINT rc = context_->CheckEventHandle(context_.get());
    if (rc != CHANNEL_RC_OK) fail(std::format("reading the cliprdr channel failed ({})", rc));
}

void CliprdrChannel::fail(const std::string& why) {
    // Stop reading: FreeRDP would offer the same broken PDU again. Closing waits for the
    // destructor, since we may be inside one of FreeRDP's calls.
    loop_.remove(watch_);
    watch_ = 0;
    handler_.channel_failed(why);
}

bool CliprdrChannel::send_format_list(const std::vector<ClipFormat>& formats) {
    std::vector<CLIPRDR_FORMAT> wire;
    for (const ClipFormat& f : formats)
        wire.push_back({f.id, f.name.empty() ? nullptr : const_cast<char*>(f.name.c_str())});
    CLIPRDR_FORMAT_LIST list{header(CB_FORMAT_LIST), static_cast<UINT32>(wire.size()), wire.data()};
    return context_->ServerFormatList(context_.get(), &list) == CHANNEL_RC_OK;
}

bool CliprdrChannel::send_format_list_response() {
    CLIPRDR_FORMAT_LIST_RESPONSE response{header(CB_FORMAT_LIST_RESPONSE, CB_RESPONSE_OK)};
    return context_->ServerFormatListResponse(context_.get(), &response) == CHANNEL_RC_OK;
}

bool CliprdrChannel::send_data_request(uint32_t format_id) {
    CLIPRDR_FORMAT_DATA_REQUEST request{header(CB_FORMAT_DATA_REQUEST, 0, 4), format_id};
    return context_->ServerFormatDataRequest(context_.get(), &request) == CHANNEL_RC_OK;
}

bool CliprdrChannel::send_data_response(std::optional<ByteView> data) {
    CLIPRDR_FORMAT_DATA_RESPONSE response{header(CB_FORMAT_DATA_RESPONSE, CB_RESPONSE_FAIL), nullptr};
    if (data) {
        response.common = header(CB_FORMAT_DATA_RESPONSE, CB_RESPONSE_OK, static_cast<UINT32>(data->size()));
        response.requestedFormatData = data->data();
    }
    return context_->ServerFormatDataResponse(context_.get(), &response) == CHANNEL_RC_OK;
}

bool CliprdrChannel::send_file_contents_failure(uint32_t stream_id) {
    CLIPRDR_FILE_CONTENTS_RESPONSE response{header(CB_FILECONTENTS_RESPONSE, CB_RESPONSE_FAIL), stream_id, 0, nullptr};
    return context_->ServerFileContentsResponse(context_.get(), &response) == CHANNEL_RC_OK;
}

}  // namespace wrd::rdp
