// The core-protocol clipboard (wl_data_device), used the way a normal application uses it.
// --copy-text / --copy-file: on the first keyboard focus, offer the bytes as the selection
// with that enter's serial, log "copied" once the compositor has the request, and serve every
// paste. --watch-selection: log every selection the compositor announces and read its text
// or PNG. All pipe traffic goes through Transfers, so pasting our own selection works too.
// Main thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "globals.hpp"
#include "options.hpp"
#include "transfers.hpp"

namespace wrd::test {

class Clipboard {
public:
    // Throws std::runtime_error if the compositor has no wl_data_device_manager or the
    // --copy-file cannot be read.
    Clipboard(wl_display* display, const Globals& globals, wl_seat* seat, const PatternOptions& options);
    Clipboard(const Clipboard&) = delete;
    Clipboard& operator=(const Clipboard&) = delete;
    ~Clipboard();

    // wl_keyboard.enter on one of our surfaces: the serial set_selection needs.
    void keyboard_entered(uint32_t serial);

    // The pipes to serve in the next wait_until round.
    std::vector<FdWatch> watches() { return transfers_.watches(); }

private:
    // A wl_data_offer and the mime types it announced, in order.
    struct Offer {
        Proxy<wl_data_offer> offer;
        std::vector<std::string> mimes;
        bool has(const std::string& mime) const;
    };

    static const wl_data_device_listener device_listener;
    static const wl_data_offer_listener offer_listener;
    static const wl_data_source_listener source_listener;
    static const wl_callback_listener copied_listener;

    void handle_data_offer(wl_data_offer* offer);
    void handle_selection(wl_data_offer* offer);
    void handle_enter(wl_data_offer* offer);
    void handle_send(const char* mime, int fd);
    void handle_cancelled();
    std::unique_ptr<Offer> take_offer(wl_data_offer* offer);
    void read_selection(const std::string& mime, Transfers::ReadDone done);

    wl_display* display_;
    wl_data_device_manager* manager_;  // Globals owns it
    const PatternOptions& options_;
    Proxy<wl_data_device> device_;
    Proxy<wl_data_source> source_;  // ours, once copied
    Proxy<wl_callback> copied_sync_;
    std::shared_ptr<const std::string> copy_data_;  // null: nothing to copy
    std::vector<std::string> copy_mimes_;
    std::vector<std::unique_ptr<Offer>> introduced_;  // announced by data_offer, not yet placed
    std::unique_ptr<Offer> selection_;
    std::unique_ptr<Offer> drag_;  // a drag over us; we never accept it
    uint64_t selection_read_ = 0;  // the read of selection_, 0 when none runs
    Transfers transfers_;
};

}  // namespace wrd::test
