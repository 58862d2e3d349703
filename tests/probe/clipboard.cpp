#include "clipboard.hpp"

#include <algorithm>

#include "logging.hpp"

namespace wrd::probe {

void Clipboard::attach(CliprdrClientContext* cliprdr) {
    cliprdr_ = cliprdr;
    results_.loaded = true;
    cliprdr->custom = this;
    cliprdr->MonitorReady = on_monitor_ready;
    cliprdr->ServerCapabilities = on_server_caps;
    cliprdr->ServerFormatList = on_format_list;
    cliprdr->ServerFormatListResponse = on_format_list_response;
    cliprdr->ServerFormatDataRequest = on_data_request;
    cliprdr->ServerFormatDataResponse = on_data_response;
}

void Clipboard::detach(CliprdrClientContext* cliprdr) {
    if (cliprdr != cliprdr_) return;
    cliprdr->custom = nullptr;
    cliprdr_ = nullptr;
    ready_ = false;
}

// MS-RDPECLIP 1.3.2.1: after Monitor Ready the client sends its capabilities and a Format List.
UINT Clipboard::on_monitor_ready(CliprdrClientContext* cliprdr, const CLIPRDR_MONITOR_READY*) {
    Clipboard& self = of(cliprdr);
    CLIPRDR_GENERAL_CAPABILITY_SET general{};
    general.capabilitySetType = CB_CAPSTYPE_GENERAL;
    general.capabilitySetLength = CB_CAPSTYPE_GENERAL_LEN;
    general.version = CB_CAPS_VERSION_2;
    general.generalFlags = CB_USE_LONG_FORMAT_NAMES;
    CLIPRDR_CAPABILITIES caps{};
    caps.common.msgType = CB_CLIP_CAPS;
    caps.cCapabilitiesSets = 1;
    caps.capabilitySets = reinterpret_cast<CLIPRDR_CAPABILITY_SET*>(&general);
    if (const UINT rc = cliprdr->ClientCapabilities(cliprdr, &caps); rc != CHANNEL_RC_OK) return rc;
    const UINT rc = self.send_format_list();
    self.ready_ = rc == CHANNEL_RC_OK;
    self.results_.monitor_ready = true;
    return rc;
}

UINT Clipboard::on_server_caps(CliprdrClientContext*, const CLIPRDR_CAPABILITIES*) {
    // The plugin itself records what the server supports (long format names); nothing to add.
    return CHANNEL_RC_OK;
}

UINT Clipboard::send_format_list() {
    std::vector<CLIPRDR_FORMAT> formats;
    for (Item& item : offered_)
        formats.push_back({item.format.id, item.format.name.empty() ? nullptr : item.format.name.data()});
    CLIPRDR_FORMAT_LIST list{};
    list.common.msgType = CB_FORMAT_LIST;
    list.numFormats = static_cast<UINT32>(formats.size());
    list.formats = formats.data();
    ++lists_sent_;
    offer_answer_.reset();
    return cliprdr_->ClientFormatList(cliprdr_, &list);
}

std::expected<void, std::string> Clipboard::offer(std::vector<Item> items) {
    if (!ready_) return std::unexpected("the clipboard channel is not ready");
    offered_ = std::move(items);
    if (const UINT rc = send_format_list(); rc != CHANNEL_RC_OK)
        return std::unexpected("sending the format list failed (error " + std::to_string(rc) + ")");
    return {};
}

UINT Clipboard::on_format_list_response(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_LIST_RESPONSE* response) {
    Clipboard& self = of(cliprdr);
    // Answers come in order; only the one to our latest list says whether the offer stands.
    if (++self.list_answers_ == self.lists_sent_)
        self.offer_answer_ = (response->common.msgFlags & CB_RESPONSE_OK) != 0;
    return CHANNEL_RC_OK;
}

// The server copied something: remember its formats and acknowledge (MS-RDPECLIP 2.2.3.2).
UINT Clipboard::on_format_list(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_LIST* list) {
    Clipboard& self = of(cliprdr);
    self.server_formats_.clear();
    for (UINT32 i = 0; i < list->numFormats; ++i) {
        const CLIPRDR_FORMAT& f = list->formats[i];
        self.server_formats_.push_back({f.formatId, f.formatName ? f.formatName : ""});
    }
    ++self.server_lists_;
    CLIPRDR_FORMAT_LIST_RESPONSE answer{};
    answer.common.msgType = CB_FORMAT_LIST_RESPONSE;
    answer.common.msgFlags = CB_RESPONSE_OK;
    return cliprdr->ClientFormatListResponse(cliprdr, &answer);
}

std::optional<Clipboard::Format> Clipboard::server_has(const std::vector<uint32_t>& ids,
                                                       const std::vector<std::string>& names) const {
    for (uint32_t id : ids)
        for (const Format& f : server_formats_)
            if (f.id == id && f.name.empty()) return f;
    for (const std::string& name : names)
        for (const Format& f : server_formats_)
            if (f.name == name) return f;
    return std::nullopt;
}

// The server pastes: send what we offered in that format, or refuse.
UINT Clipboard::on_data_request(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_DATA_REQUEST* request) {
    Clipboard& self = of(cliprdr);
    CLIPRDR_FORMAT_DATA_RESPONSE answer{};
    answer.common.msgType = CB_FORMAT_DATA_RESPONSE;
    auto it =
        std::ranges::find_if(self.offered_, [&](const Item& i) { return i.format.id == request->requestedFormatId; });
    if (it == self.offered_.end()) {
        ++self.results_.requests_refused;
        answer.common.msgFlags = CB_RESPONSE_FAIL;
    } else {
        ++self.results_.requests_served;
        answer.common.msgFlags = CB_RESPONSE_OK;
        answer.common.dataLen = static_cast<UINT32>(it->data.size());
        answer.requestedFormatData = it->data.data();
    }
    return cliprdr->ClientFormatDataResponse(cliprdr, &answer);
}

std::expected<void, std::string> Clipboard::request(uint32_t format_id) {
    if (!ready_) return std::unexpected("the clipboard channel is not ready");
    if (request_in_flight_) return std::unexpected("a clipboard request is still in flight");
    CLIPRDR_FORMAT_DATA_REQUEST req{};
    req.common.msgType = CB_FORMAT_DATA_REQUEST;
    req.requestedFormatId = format_id;
    response_.reset();
    if (const UINT rc = cliprdr_->ClientFormatDataRequest(cliprdr_, &req); rc != CHANNEL_RC_OK)
        return std::unexpected("sending the data request failed (error " + std::to_string(rc) + ")");
    request_in_flight_ = true;
    return {};
}

UINT Clipboard::on_data_response(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_DATA_RESPONSE* response) {
    Clipboard& self = of(cliprdr);
    if (!self.request_in_flight_) {
        logger("probe").warn("clipboard: a data response nobody asked for");
        return CHANNEL_RC_OK;
    }
    self.request_in_flight_ = false;
    if ((response->common.msgFlags & CB_RESPONSE_OK) == 0) {
        self.response_ = std::unexpected(std::string("the server refused the request"));
    } else {
        const BYTE* data = response->requestedFormatData;
        self.response_ = std::vector<uint8_t>(data, data + (data ? response->common.dataLen : 0));
    }
    return CHANNEL_RC_OK;
}

}  // namespace wrd::probe
