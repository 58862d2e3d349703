#include "clipboard/data_control_clipboard.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <wayland-client.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "logging.hpp"
#include "wlr-data-control-unstable-v1-client-protocol.h"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("clipboard"); }

// Runs a handler called from libwayland's C code: no exception may cross back into it.
template <class F>
void guarded(const char* what, F&& handler) noexcept {
    try {
        handler();
    } catch (const std::exception& e) {
        log().error("clipboard {} handler failed: {}", what, e.what());
    } catch (...) {
        log().error("clipboard {} handler failed", what);
    }
}

}  // namespace

// The C listener tables; members of a nested type so they may call the private handlers.
struct DataControlClipboard::Callbacks {
    static DataControlClipboard& self(void* data) { return *static_cast<DataControlClipboard*>(data); }

    static constexpr wl_registry_listener registry{
        .global = [](void* data, wl_registry* registry, uint32_t name, const char* interface, uint32_t version) {
            guarded("global", [&] { self(data).handle_global(registry, name, interface, version); });
        },
        .global_remove = [](void*, wl_registry*, uint32_t) {},
    };

    static constexpr zwlr_data_control_device_v1_listener device{
        .data_offer = [](void* data, zwlr_data_control_device_v1*, zwlr_data_control_offer_v1* id) {
            guarded("data_offer", [&] { self(data).handle_data_offer(id); });
        },
        .selection = [](void* data, zwlr_data_control_device_v1*, zwlr_data_control_offer_v1* id) {
            guarded("selection", [&] { self(data).handle_selection(id); });
        },
        .finished = [](void* data, zwlr_data_control_device_v1*) {
            guarded("finished", [&] { self(data).handle_finished(); });
        },
        // Version 1 is bound, so this never comes; the table still needs the slot.
        .primary_selection = [](void*, zwlr_data_control_device_v1*, zwlr_data_control_offer_v1* id) {
            if (id) zwlr_data_control_offer_v1_destroy(id);
        },
    };

    static constexpr zwlr_data_control_offer_v1_listener offer{
        .offer = [](void* data, zwlr_data_control_offer_v1* proxy, const char* mime_type) {
            guarded("offer", [&] { self(data).handle_offer_mime(proxy, mime_type); });
        },
    };

    static constexpr zwlr_data_control_source_v1_listener source{
        .send = [](void* data, zwlr_data_control_source_v1*, const char* mime_type, int32_t fd) {
            guarded("send", [&] { self(data).handle_send(mime_type, fd); });
        },
        .cancelled = [](void* data, zwlr_data_control_source_v1* proxy) {
            guarded("cancelled", [&] { self(data).handle_cancelled(proxy); });
        },
    };
};

DataControlClipboard::DataControlClipboard(EventLoop& loop, wl_display* display, SelectionChanged on_change,
                                           TransferLimits limits)
    : loop_(loop), display_(display), on_change_(std::move(on_change)), limits_(limits) {
    bind_globals();
    device_ = zwlr_data_control_manager_v1_get_data_device(manager_, seat_);
    zwlr_data_control_device_v1_add_listener(device_, &Callbacks::device, this);
    // The compositor answers get_data_device with the current selection.
    if (wl_display_roundtrip(display_) < 0) throw std::runtime_error("Wayland connection lost");
    constructed_ = true;
}

DataControlClipboard::~DataControlClipboard() {
    readers_.clear();
    writers_.clear();
    for (auto& [offer, mimes] : pending_offers_) zwlr_data_control_offer_v1_destroy(offer);
    if (selection_) zwlr_data_control_offer_v1_destroy(selection_);
    if (source_) zwlr_data_control_source_v1_destroy(source_);
    if (device_) zwlr_data_control_device_v1_destroy(device_);
    if (manager_) zwlr_data_control_manager_v1_destroy(manager_);
    if (seat_) wl_seat_destroy(seat_);
    if (registry_) wl_registry_destroy(registry_);
    flush();
}

void DataControlClipboard::bind_globals() {
    registry_ = wl_display_get_registry(display_);
    wl_registry_add_listener(registry_, &Callbacks::registry, this);
    if (wl_display_roundtrip(display_) < 0) throw std::runtime_error("Wayland connection lost");
    if (!manager_) throw std::runtime_error("the compositor has no zwlr_data_control_manager_v1");
    if (!seat_) throw std::runtime_error("the compositor has no wl_seat");
}

void DataControlClipboard::handle_global(wl_registry* registry, uint32_t name, const char* interface, uint32_t) {
    // Version 1 is all we use: the primary selection (version 2) is not bridged to RDP.
    if (!manager_ && std::strcmp(interface, zwlr_data_control_manager_v1_interface.name) == 0) {
        manager_ = static_cast<zwlr_data_control_manager_v1*>(
            wl_registry_bind(registry, name, &zwlr_data_control_manager_v1_interface, 1));
    } else if (!seat_ && std::strcmp(interface, wl_seat_interface.name) == 0) {
        seat_ = static_cast<wl_seat*>(wl_registry_bind(registry, name, &wl_seat_interface, 1));
    }
}

void DataControlClipboard::handle_data_offer(zwlr_data_control_offer_v1* offer) {
    pending_offers_[offer];
    zwlr_data_control_offer_v1_add_listener(offer, &Callbacks::offer, this);
}

void DataControlClipboard::handle_offer_mime(zwlr_data_control_offer_v1* offer, const char* mime_type) {
    auto it = pending_offers_.find(offer);
    if (it != pending_offers_.end()) it->second.emplace_back(mime_type);
}

void DataControlClipboard::handle_selection(zwlr_data_control_offer_v1* offer) {
    std::vector<std::string> mimes;
    if (auto it = pending_offers_.find(offer); offer && it != pending_offers_.end()) {
        mimes = std::move(it->second);
        pending_offers_.erase(it);
    }
    drop_offer(selection_);
    selection_ = offer;
    // While our source is alive, the selection is ours: this event is our own change coming
    // back. Any other client's selection cancels our source first (wlroots sends cancelled
    // before the new selection), so this test cannot swallow a real change.
    if (source_) {
        selection_mimes_.clear();
        return;
    }
    selection_mimes_ = std::move(mimes);
    log().debug("selection changed: {} types", selection_mimes_.size());
    if (constructed_ && on_change_) on_change_(selection_mimes_);
}

void DataControlClipboard::handle_finished() {
    log().warn("the data-control device was withdrawn (seat gone); the desktop clipboard is no longer bridged");
    zwlr_data_control_device_v1_destroy(device_);
    device_ = nullptr;
}

void DataControlClipboard::drop_offer(zwlr_data_control_offer_v1*& offer) {
    if (offer) zwlr_data_control_offer_v1_destroy(offer);
    offer = nullptr;
}

void DataControlClipboard::read(const std::string& mime_type, ReadDone done) {
    sweep_transfers();
    if (!selection_ || source_) return done(std::unexpected("the desktop has no selection to read"));
    if (std::ranges::find(selection_mimes_, mime_type) == selection_mimes_.end())
        return done(std::unexpected("the selection has no " + mime_type));
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) < 0) return done(std::unexpected(std::string("pipe: ") + std::strerror(errno)));
    UniqueFd read_end(fds[0]), write_end(fds[1]);
    prepare_pipe_end(write_end.get());
    zwlr_data_control_offer_v1_receive(selection_, mime_type.c_str(), write_end.get());
    // libwayland duplicated the fd when queueing the request; ours must close so that the
    // read end sees end-of-file once the source client is done.
    write_end.reset();
    flush();
    readers_.push_back(std::make_unique<PipeReader>(loop_, std::move(read_end), limits_, std::move(done)));
}

void DataControlClipboard::offer(const std::vector<std::string>& mime_types, Provider provider) {
    sweep_transfers();
    if (!device_) return;
    if (source_) zwlr_data_control_source_v1_destroy(source_);
    source_ = zwlr_data_control_manager_v1_create_data_source(manager_);
    zwlr_data_control_source_v1_add_listener(source_, &Callbacks::source, this);
    for (const std::string& mime : mime_types) zwlr_data_control_source_v1_offer(source_, mime.c_str());
    zwlr_data_control_device_v1_set_selection(device_, source_);
    provider_ = std::move(provider);
    selection_mimes_.clear();
    flush();
}

void DataControlClipboard::handle_send(const char* mime_type, int fd) {
    sweep_transfers();
    auto writer = std::make_shared<PipeWriter>(loop_, UniqueFd(fd), limits_, mime_type);
    writers_.push_back(writer);
    if (!provider_) return writer->abort("nothing provides our selection");
    // Shared by every copy of the Reply: a reply that is dropped uncalled still ends the paste.
    struct Pending {
        explicit Pending(std::weak_ptr<PipeWriter> w) : writer(std::move(w)) {}
        Pending(const Pending&) = delete;
        ~Pending() {
            if (auto w = writer.lock(); w && !replied) w->abort("the data never came");
        }
        std::weak_ptr<PipeWriter> writer;
        bool replied = false;
    };
    auto pending = std::make_shared<Pending>(writer);
    provider_(mime_type, [pending](std::expected<SharedBytes, std::string> data) {
        if (pending->replied) return;
        pending->replied = true;
        auto w = pending->writer.lock();
        if (!w) return;
        if (data) w->write(std::move(*data));
        else w->abort(data.error());
    });
}

void DataControlClipboard::handle_cancelled(zwlr_data_control_source_v1* source) {
    // Sources we replaced were destroyed then, so their events never reach us.
    if (source != source_) return;
    zwlr_data_control_source_v1_destroy(source_);
    source_ = nullptr;
    provider_ = {};
}

void DataControlClipboard::sweep_transfers() {
    std::erase_if(readers_, [](const auto& r) { return r->finished(); });
    std::erase_if(writers_, [](const auto& w) { return w->finished(); });
}

void DataControlClipboard::flush() {
    // Non-blocking; whatever does not fit now goes out with the owner's flush before poll.
    wl_display_flush(display_);
}

}  // namespace wrd::rdp
