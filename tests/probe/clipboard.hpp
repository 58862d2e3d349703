// The client side of the clipboard channel (MS-RDPECLIP): answers the server's handshake,
// keeps the server's latest format list, offers our data and answers the server's requests
// for it, and fetches the server's data one request at a time. Main thread only (the cliprdr
// plugin calls back from inside Client::pump()).
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "freerdp.hpp"

namespace wrd::probe {

// A named format has no fixed id: the sender picks one from the registered range
// (MS-RDPECLIP 2.2.3.1.1.1). This is ours for "PNG", the name Windows registers.
constexpr uint32_t kPngFormatId = 0xc0fe;
constexpr const char* kPngFormatName = "PNG";

class Clipboard {
public:
    struct Format {
        uint32_t id = 0;
        std::string name;  // empty for the standard formats (CF_*)
    };
    struct Item {
        Format format;
        std::vector<uint8_t> data;
    };
    // What the report shows.
    struct Results {
        bool loaded = false;         // the cliprdr plugin was loaded
        bool monitor_ready = false;  // the server used the channel: it sent Monitor Ready
        std::optional<std::string> text_received;
        std::optional<std::string> image_received;  // "WxH via FORMAT"
        std::optional<std::string> text_offered;
        std::optional<std::string> image_offered;
        uint64_t requests_served = 0;
        uint64_t requests_refused = 0;
    };

    // The cliprdr plugin is up or went away. FreeRDP announces every static channel it loaded,
    // whether or not the server joined it: only Monitor Ready proves the server takes part.
    void attach(CliprdrClientContext* cliprdr);
    void detach(CliprdrClientContext* cliprdr);

    bool loaded() const { return cliprdr_ != nullptr; }
    // The server sent Monitor Ready and we answered with our capabilities and format list.
    bool ready() const { return ready_ && cliprdr_ != nullptr; }

    // Replaces what we offer and announces it with a Format List PDU.
    std::expected<void, std::string> offer(std::vector<Item> items);
    // The server's Format List Response to our latest offer: true ok, false refused.
    std::optional<bool> offer_answer() const { return offer_answer_; }

    const std::vector<Format>& server_formats() const { return server_formats_; }
    uint64_t server_lists() const { return server_lists_; }
    // The first of `ids` or `names` (in that order of preference) in the server's list.
    std::optional<Format> server_has(const std::vector<uint32_t>& ids, const std::vector<std::string>& names) const;

    // Asks for the server's data in `format_id`; the answer arrives in response().
    std::expected<void, std::string> request(uint32_t format_id);
    // Set when the server answered the last request: its bytes, or why it refused.
    const std::optional<std::expected<std::vector<uint8_t>, std::string>>& response() const { return response_; }

    Results& results() { return results_; }
    const Results& results() const { return results_; }

private:
    static UINT on_monitor_ready(CliprdrClientContext* cliprdr, const CLIPRDR_MONITOR_READY* ready);
    static UINT on_server_caps(CliprdrClientContext* cliprdr, const CLIPRDR_CAPABILITIES* caps);
    static UINT on_format_list(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_LIST* list);
    static UINT on_format_list_response(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_LIST_RESPONSE* response);
    static UINT on_data_request(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_DATA_REQUEST* request);
    static UINT on_data_response(CliprdrClientContext* cliprdr, const CLIPRDR_FORMAT_DATA_RESPONSE* response);
    static Clipboard& of(CliprdrClientContext* cliprdr) { return *static_cast<Clipboard*>(cliprdr->custom); }

    UINT send_format_list();

    CliprdrClientContext* cliprdr_ = nullptr;
    bool ready_ = false;
    std::vector<Item> offered_;
    std::optional<bool> offer_answer_;
    uint64_t lists_sent_ = 0;
    uint64_t list_answers_ = 0;
    std::vector<Format> server_formats_;
    uint64_t server_lists_ = 0;
    bool request_in_flight_ = false;
    std::optional<std::expected<std::vector<uint8_t>, std::string>> response_;
    Results results_;
};

}  // namespace wrd::probe
