// DataControlClipboard: the desktop's clipboard (the Wayland selection) seen through
// zwlr_data_control_v1, the protocol clipboard managers use. It reports what the selection
// offers when it changes, reads one mime type of it asynchronously, and takes the selection
// with data produced only when someone pastes (delayed rendering, like RDP's).
//
// It binds its own wl_registry, data-control manager and wl_seat on the owner's wl_display.
// The owner dispatches that display's default queue and flushes it before each poll; requests
// made here are flushed at once as well. I/O thread only; every callback runs on it.
#pragma once

#include <functional>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "clipboard/bytes.hpp"
#include "clipboard/pipe_transfer.hpp"
#include "event_loop.hpp"

struct wl_display;
struct wl_registry;
struct wl_seat;
struct zwlr_data_control_manager_v1;
struct zwlr_data_control_device_v1;
struct zwlr_data_control_offer_v1;
struct zwlr_data_control_source_v1;

namespace wrd::rdp {

class DataControlClipboard {
public:
    // The mime types of a new selection someone else made; empty when it was cleared.
    using SelectionChanged = std::function<void(const std::vector<std::string>& mime_types)>;
    // The data of one read, or why there is none.
    using ReadDone = std::function<void(BytesResult)>;
    // Answers one paste of our selection: call it once, now or later, with the data or an
    // error. If every copy is destroyed uncalled, the paste ends empty (it never hangs).
    using Reply = std::function<void(std::expected<SharedBytes, std::string>)>;
    // Produces the data of `mime_type` for a paste of our selection.
    using Provider = std::function<void(const std::string& mime_type, Reply reply)>;

    // Binds the globals and fetches the current selection (two roundtrips). Throws
    // std::runtime_error if the compositor has no zwlr_data_control_manager_v1 or no seat.
    // `on_change` is not called for the selection found here: read selection_mime_types().
    DataControlClipboard(EventLoop& loop, wl_display* display, SelectionChanged on_change, TransferLimits limits = {});
    ~DataControlClipboard();
    DataControlClipboard(const DataControlClipboard&) = delete;
    DataControlClipboard& operator=(const DataControlClipboard&) = delete;

    // The current selection's mime types (empty if there is none or it is our own).
    const std::vector<std::string>& selection_mime_types() const { return selection_mimes_; }

    // Reads `mime_type` from the current selection. `done` runs once: later, or before read()
    // returns if there is nothing to read. It must not destroy this object.
    void read(const std::string& mime_type, ReadDone done);

    // Takes the selection, offering `mime_types` (none: an empty selection); `provider`
    // supplies the data per paste. The change this causes is not reported back (no echo).
    void offer(const std::vector<std::string>& mime_types, Provider provider);

    // True while the selection is the one we offered last.
    bool owns_selection() const { return source_ != nullptr; }

private:
    struct Callbacks;

    void bind_globals();
    void handle_global(wl_registry* registry, uint32_t name, const char* interface, uint32_t version);
    void handle_data_offer(zwlr_data_control_offer_v1* offer);
    void handle_offer_mime(zwlr_data_control_offer_v1* offer, const char* mime_type);
    void handle_selection(zwlr_data_control_offer_v1* offer);
    void handle_finished();
    void handle_send(const char* mime_type, int fd);
    void handle_cancelled(zwlr_data_control_source_v1* source);
    void drop_offer(zwlr_data_control_offer_v1*& offer);
    void sweep_transfers();
    void flush();

    EventLoop& loop_;
    wl_display* display_;
    SelectionChanged on_change_;
    TransferLimits limits_;
    bool constructed_ = false;

    wl_registry* registry_ = nullptr;
    wl_seat* seat_ = nullptr;
    zwlr_data_control_manager_v1* manager_ = nullptr;
    zwlr_data_control_device_v1* device_ = nullptr;

    // Offers announced by data_offer whose selection event has not come yet, with their types.
    std::unordered_map<zwlr_data_control_offer_v1*, std::vector<std::string>> pending_offers_;
    zwlr_data_control_offer_v1* selection_ = nullptr;
    std::vector<std::string> selection_mimes_;

    zwlr_data_control_source_v1* source_ = nullptr;
    Provider provider_;

    std::list<std::unique_ptr<PipeReader>> readers_;
    std::list<std::shared_ptr<PipeWriter>> writers_;
};

}  // namespace wrd::rdp
