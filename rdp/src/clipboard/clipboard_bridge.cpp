#include "clipboard/clipboard_bridge.hpp"

#include <algorithm>
#include <format>

#include "logging.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("clipboard"); }

}  // namespace

ClipboardBridge::ClipboardBridge(EventLoop& loop, void* vcm, wl_display* display, Options options)
    : loop_(loop),
      vcm_(vcm),
      display_(display),
      options_(options),
      request_timer_(loop, [this] { request_timed_out(); }) {}

ClipboardBridge::~ClipboardBridge() { stop(); }

std::expected<void, std::string> ClipboardBridge::start() {
    stop();
    try {
        converter_ = std::make_unique<Converter>(loop_);
        desktop_ = std::make_unique<DataControlClipboard>(
            loop_, display_, [this](const std::vector<std::string>& mimes) { desktop_selection_changed(mimes); },
            options_.transfer);
    } catch (const std::exception& e) {
        stop();
        return std::unexpected(std::string("desktop clipboard: ") + e.what());
    }
    desktop_mimes_ = desktop_->selection_mime_types();
    channel_ = std::make_unique<CliprdrChannel>(loop_, vcm_, static_cast<CliprdrChannel::Handler&>(*this));
    if (auto opened = channel_->open(); !opened) {
        stop();
        return std::unexpected(opened.error());
    }
    log().info("clipboard bridged (text, HTML, images)");
    return {};
}

void ClipboardBridge::stop() {
    converter_.reset();  // waits for a running conversion; undelivered results are dropped
    request_timer_.cancel();
    for (OutgoingRequest& request : outgoing_) answer(request, std::unexpected("the clipboard was closed"));
    outgoing_.clear();
    incoming_.clear();
    cache_.clear();
    imports_.clear();
    exports_.clear();
    desktop_mimes_.clear();
    request_in_flight_ = serving_ = client_synced_ = false;
    stale_responses_ = 0;
    desktop_.reset();
    channel_.reset();
}

void ClipboardBridge::channel_failed(const std::string& why) {
    // Called from inside the channel: it stays allocated (idle) until stop(); the rest goes.
    log().error("clipboard stopped: {}", why);
    converter_.reset();
    request_timer_.cancel();
    for (OutgoingRequest& request : outgoing_) answer(request, std::unexpected("the clipboard channel broke"));
    outgoing_.clear();
    incoming_.clear();
    desktop_.reset();
}

// --- the client's clipboard changed ---

void ClipboardBridge::client_format_list(std::vector<ClipFormat> formats) {
    log().debug("client clipboard: {}", describe(formats));
    ++list_serial_;
    cache_.clear();
    // A client whose clipboard changed owes nothing for the old one: responses to requests
    // that timed out are not waited for any more (a stuck request must not poison later ones).
    stale_responses_ = 0;
    imports_ = import_formats(formats);
    bool initial = !client_synced_;
    client_synced_ = true;
    // At connect the client's list comes first (1.3.2.1). If it holds nothing we can use,
    // the desktop's clipboard goes to the client instead of being wiped.
    if (initial && imports_.empty()) {
        if (!desktop_mimes_.empty()) announce_desktop_selection();
        return;
    }
    offer_client_formats();
}

void ClipboardBridge::offer_client_formats() {
    if (!desktop_) return;
    std::vector<std::string> mimes;
    for (const ImportFormat& import : imports_) mimes.push_back(import.mime);
    // With no usable format (the client copied files, say) the desktop gets an empty
    // selection, so a paste there does not bring back older content.
    desktop_->offer(mimes, [this](const std::string& mime, DataControlClipboard::Reply reply) {
        provide(mime, std::move(reply));
    });
    desktop_mimes_.clear();
    exports_.clear();  // the client owns the clipboard now; it has nothing of ours to paste
}

// --- the desktop's clipboard changed ---

void ClipboardBridge::desktop_selection_changed(const std::vector<std::string>& mime_types) {
    desktop_mimes_ = mime_types;
    if (client_synced_) announce_desktop_selection();
}

void ClipboardBridge::announce_desktop_selection() {
    exports_ = export_formats(desktop_mimes_);
    std::vector<ClipFormat> formats;
    for (const ExportFormat& e : exports_) formats.push_back(e.format);
    log().debug("desktop clipboard announced to the client: {}", describe(formats));
    // Format List PDU (2.2.3.1): only the formats; data follows a Format Data Request.
    if (!channel_->send_format_list(formats)) log().warn("sending the clipboard format list failed");
}

// --- the desktop pastes the client's data ---

void ClipboardBridge::provide(const std::string& mime_type, DataControlClipboard::Reply reply) {
    auto import = std::ranges::find(imports_, mime_type, &ImportFormat::mime);
    if (import == imports_.end()) return reply(std::unexpected("the client's clipboard has no " + mime_type));
    if (auto cached = cache_.find(import->format_id); cached != cache_.end()) return reply(cached->second);
    // Several pastes of one format share one request (one mime type often has several names).
    for (OutgoingRequest& request : outgoing_) {
        if (request.format_id == import->format_id && request.list_serial == list_serial_) {
            request.replies.push_back(std::move(reply));
            return;
        }
    }
    outgoing_.push_back({import->format_id, import->conversion, list_serial_, {std::move(reply)}});
    send_next_request();
}

void ClipboardBridge::send_next_request() {
    // One Format Data Request at a time: responses (2.2.5.2) do not say which request they
    // answer, so they can only be matched in order.
    while (!request_in_flight_ && !outgoing_.empty()) {
        if (channel_->send_data_request(outgoing_.front().format_id)) {
            request_in_flight_ = true;
            request_timer_.start(options_.client_timeout);
            return;
        }
        answer(outgoing_.front(), std::unexpected("sending the Format Data Request failed"));
        outgoing_.pop_front();
    }
}

void ClipboardBridge::client_data_response(std::optional<ByteView> data) {
    if (stale_responses_ > 0) {
        --stale_responses_;
        log().debug("dropped a Format Data Response that came after its timeout");
        return;
    }
    if (!request_in_flight_ || outgoing_.empty() || !converter_) {
        log().warn("the client sent a Format Data Response nobody asked for");
        return;
    }
    request_timer_.cancel();
    request_in_flight_ = false;
    auto request = std::make_shared<OutgoingRequest>(std::move(outgoing_.front()));
    outgoing_.pop_front();
    send_next_request();  // the next request travels while this one converts
    if (!data) {
        log().warn("the client could not provide clipboard format {}", request->format_id);
        return answer(*request, std::unexpected("the client could not provide the data"));
    }
    if (data->size() > options_.transfer.max_bytes) {
        log().warn("clipboard format {} from the client: {} bytes, more than the {} allowed", request->format_id,
                   data->size(), options_.transfer.max_bytes);
        return answer(*request, std::unexpected("the client's data is too large"));
    }
    convert_client_data(std::move(request), Bytes(data->begin(), data->end()));
}

void ClipboardBridge::convert_client_data(std::shared_ptr<OutgoingRequest> request, Bytes raw) {
    converter_->run(
        [conversion = request->conversion, raw = std::move(raw)] { return from_clipboard_format(conversion, raw); },
        [this, request](BytesResult converted) {
            if (!converted) {
                log().warn("clipboard format {} from the client: {}", request->format_id, converted.error());
                return answer(*request, std::unexpected(converted.error()));
            }
            auto shared = std::make_shared<const Bytes>(std::move(*converted));
            if (request->list_serial == list_serial_) cache_[request->format_id] = shared;
            answer(*request, shared);
        });
}

void ClipboardBridge::request_timed_out() {
    if (!request_in_flight_ || outgoing_.empty()) return;
    request_in_flight_ = false;
    ++stale_responses_;
    OutgoingRequest request = std::move(outgoing_.front());
    outgoing_.pop_front();
    log().warn("the client did not send clipboard format {} within {} ms", request.format_id,
               options_.client_timeout.count());
    answer(request, std::unexpected("the client did not answer"));
    send_next_request();
}

void ClipboardBridge::answer(OutgoingRequest& request, const std::expected<SharedBytes, std::string>& result) {
    auto replies = std::move(request.replies);
    for (auto& reply : replies) reply(result);
}

// --- the client pastes the desktop's data ---

void ClipboardBridge::client_data_request(uint32_t format_id) {
    incoming_.push_back(format_id);
    serve_next_client_request();
}

void ClipboardBridge::serve_next_client_request() {
    if (serving_ || incoming_.empty()) return;
    uint32_t id = incoming_.front();
    auto e = std::ranges::find(exports_, id, [](const ExportFormat& x) { return x.format.id; });
    if (e == exports_.end() || !desktop_ || !converter_)
        return respond_to_client(std::unexpected(std::format("format {} is not on offer", id)));
    serving_ = true;
    desktop_->read(e->mime, [this, conversion = e->conversion](BytesResult data) {
        if (!data || !converter_) return respond_to_client(std::move(data));
        converter_->run([conversion, raw = std::move(*data)] { return to_clipboard_format(conversion, raw); },
                        [this](BytesResult converted) { respond_to_client(std::move(converted)); });
    });
}

void ClipboardBridge::respond_to_client(BytesResult data) {
    // Format Data Response (2.2.5.2): a failure is answered too, or the client's paste hangs.
    if (!data) log().warn("clipboard paste on the client failed: {}", data.error());
    if (channel_ && !channel_->send_data_response(data ? std::optional<ByteView>(*data) : std::nullopt))
        log().warn("sending the Format Data Response failed");
    if (!incoming_.empty()) incoming_.pop_front();
    serving_ = false;
    serve_next_client_request();
}

}  // namespace wrd::rdp
