#include "clipboard.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <utility>

#include "event_log.hpp"

namespace wrd::test {
namespace {

constexpr const char* text_utf8 = "text/plain;charset=utf-8";
constexpr const char* text_plain = "text/plain";
constexpr const char* png = "image/png";

// A paste from a client that never finishes writing must not leave us waiting for ever.
constexpr auto read_time_limit = std::chrono::seconds(5);

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open --copy-file " + path + ": " + std::strerror(errno));
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw std::runtime_error("cannot read --copy-file " + path);
    return bytes;
}

// One line per selection: a newline in the text would end the line early.
std::string escape_newlines(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '\n' ? std::string("\\n") : std::string(1, c);
    return out;
}

// FNV-1a 64: a test can compute it in a few lines of Python to check a binary paste.
uint64_t fnv1a64(const std::string& bytes) {
    uint64_t hash = 0xcbf29ce484222325u;
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3u;
    }
    return hash;
}

std::string join(const std::vector<std::string>& items, char separator) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

void log_read_error(const std::string& why) { log_event("selection_error {}", why); }

}  // namespace

bool Clipboard::Offer::has(const std::string& mime) const { return std::ranges::find(mimes, mime) != mimes.end(); }

// We take no part in drag and drop; its events only need their offers released.
const wl_data_device_listener Clipboard::device_listener{
    .data_offer = [](void* data, wl_data_device*, wl_data_offer* offer) {
        static_cast<Clipboard*>(data)->handle_data_offer(offer);
    },
    .enter = [](void* data, wl_data_device*, uint32_t, wl_surface*, wl_fixed_t, wl_fixed_t, wl_data_offer* offer) {
        static_cast<Clipboard*>(data)->handle_enter(offer);
    },
    .leave = [](void* data, wl_data_device*) { static_cast<Clipboard*>(data)->drag_.reset(); },
    .motion = [](void*, wl_data_device*, uint32_t, wl_fixed_t, wl_fixed_t) {},
    .drop = [](void*, wl_data_device*) {},
    .selection = [](void* data, wl_data_device*, wl_data_offer* offer) {
        static_cast<Clipboard*>(data)->handle_selection(offer);
    },
};

const wl_data_offer_listener Clipboard::offer_listener{
    .offer = [](void* data, wl_data_offer*, const char* mime) { static_cast<Offer*>(data)->mimes.emplace_back(mime); },
    .source_actions = [](void*, wl_data_offer*, uint32_t) {},
    .action = [](void*, wl_data_offer*, uint32_t) {},
};

const wl_data_source_listener Clipboard::source_listener{
    .target = [](void*, wl_data_source*, const char*) {},
    .send = [](void* data, wl_data_source*, const char* mime, int32_t fd) {
        static_cast<Clipboard*>(data)->handle_send(mime, fd);
    },
    .cancelled = [](void* data, wl_data_source*) { static_cast<Clipboard*>(data)->handle_cancelled(); },
    .dnd_drop_performed = [](void*, wl_data_source*) {},
    .dnd_finished = [](void*, wl_data_source*) {},
    .action = [](void*, wl_data_source*, uint32_t) {},
};

// The sync after set_selection: "copied" means the compositor has handled the request, so a
// test may run wl-paste as soon as it reads the line.
const wl_callback_listener Clipboard::copied_listener{
    .done = [](void* data, wl_callback*, uint32_t) {
        static_cast<Clipboard*>(data)->copied_sync_.reset();
        log_event("copied");
    },
};

Clipboard::Clipboard(wl_display* display, const Globals& globals, wl_seat* seat, const PatternOptions& options)
    : display_(display), manager_(globals.data_device_manager.get()), options_(options) {
    if (!manager_) throw std::runtime_error("the compositor does not offer wl_data_device_manager");
    if (options.copy_text) {
        copy_data_ = std::make_shared<const std::string>(*options.copy_text);
        copy_mimes_ = {text_utf8, text_plain};
    } else if (!options.copy_file.empty()) {
        copy_data_ = std::make_shared<const std::string>(read_file(options.copy_file));
        copy_mimes_ = {options.copy_mime};
    }
    device_.reset(wl_data_device_manager_get_data_device(manager_, seat));
    wl_data_device_add_listener(device_.get(), &device_listener, this);
}

Clipboard::~Clipboard() = default;

void Clipboard::keyboard_entered(uint32_t serial) {
    if (!copy_data_ || source_) return;  // only the first focus copies
    source_.reset(wl_data_device_manager_create_data_source(manager_));
    wl_data_source_add_listener(source_.get(), &source_listener, this);
    for (const std::string& mime : copy_mimes_) wl_data_source_offer(source_.get(), mime.c_str());
    wl_data_device_set_selection(device_.get(), source_.get(), serial);
    copied_sync_.reset(wl_display_sync(display_));
    wl_callback_add_listener(copied_sync_.get(), &copied_listener, this);
}

void Clipboard::handle_data_offer(wl_data_offer* offer) {
    auto entry = std::make_unique<Offer>();
    entry->offer.reset(offer);
    wl_data_offer_add_listener(offer, &offer_listener, entry.get());
    introduced_.push_back(std::move(entry));
}

std::unique_ptr<Clipboard::Offer> Clipboard::take_offer(wl_data_offer* offer) {
    auto it = std::ranges::find_if(introduced_, [offer](const auto& o) { return o->offer.get() == offer; });
    if (it == introduced_.end()) return nullptr;
    std::unique_ptr<Offer> taken = std::move(*it);
    introduced_.erase(it);
    return taken;
}

void Clipboard::handle_enter(wl_data_offer* offer) { drag_ = take_offer(offer); }

// The previous selection's offer dies here, and with it any read of it still running, so a
// selection_text line always belongs to the selection line just before it.
void Clipboard::handle_selection(wl_data_offer* offer) {
    selection_ = take_offer(offer);
    transfers_.cancel(selection_read_);
    selection_read_ = 0;
    if (!options_.watch_selection) return;
    if (!selection_) {
        log_event("selection none");
        return;
    }
    log_event("selection {}", join(selection_->mimes, ','));
    if (selection_->has(text_utf8) || selection_->has(text_plain)) {
        read_selection(selection_->has(text_utf8) ? text_utf8 : text_plain, [](auto bytes) {
            if (bytes) log_event("selection_text {}", escape_newlines(*bytes));
            else log_read_error(bytes.error());
        });
    } else if (selection_->has(png)) {
        read_selection(png, [](auto bytes) {
            if (bytes) log_event("selection_data {} {} {:016x}", png, bytes->size(), fnv1a64(*bytes));
            else log_read_error(bytes.error());
        });
    }
}

void Clipboard::read_selection(const std::string& mime, Transfers::ReadDone done) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        log_read_error(std::strerror(errno));
        return;
    }
    UniqueFd read_end(fds[0]);
    UniqueFd write_end(fds[1]);
    wl_data_offer_receive(selection_->offer.get(), mime.c_str(), write_end.get());
    // libwayland sends a duplicate; ours must close or the read never sees the end of data.
    write_end.reset();
    selection_read_ = transfers_.read(std::move(read_end), read_time_limit, std::move(done));
}

void Clipboard::handle_send(const char* mime, int fd) {
    UniqueFd owned(fd);
    // A type we never offered gets an empty answer rather than a reader left waiting.
    if (std::ranges::find(copy_mimes_, mime) == copy_mimes_.end()) return;
    transfers_.write(std::move(owned), copy_data_);
}

// Another client took the selection (or the compositor refused ours). The source is done.
void Clipboard::handle_cancelled() {
    log_event("copy_cancelled");
    source_.reset();
    copy_data_.reset();  // writes under way keep their own reference
}

}  // namespace wrd::test
