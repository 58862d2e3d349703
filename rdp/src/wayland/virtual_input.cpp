#include "wayland/virtual_input.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <expected>
#include <format>
#include <utility>

#include "logging.hpp"
#include "unique_fd.hpp"

namespace wrd::rdp {
namespace {

spdlog::logger& log() { return logger("wayland"); }

// The keymap text with its terminating NUL (the protocol's size counts it) in a memfd that
// can no longer change: the compositor maps it and must not see it shrink or be rewritten.
std::expected<UniqueFd, std::string> sealed_keymap(const std::string& text) {
    UniqueFd fd(::memfd_create("wrd-keymap", MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (!fd) return std::unexpected(std::format("memfd_create: {}", std::strerror(errno)));
    const char* data = text.c_str();
    size_t left = text.size() + 1;
    while (left > 0) {
        const ssize_t n = ::write(fd.get(), data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return std::unexpected(std::format("writing the keymap: {}", std::strerror(errno)));
        data += n;
        left -= static_cast<size_t>(n);
    }
    if (::fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
        return std::unexpected(std::format("sealing the keymap: {}", std::strerror(errno)));
    return fd;
}

}  // namespace

uint32_t input_timestamp_ms() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    const uint64_t ms = static_cast<uint64_t>(now.tv_sec) * 1000 + static_cast<uint64_t>(now.tv_nsec) / 1000000;
    return static_cast<uint32_t>(ms);
}

VirtualKeyboard::VirtualKeyboard(zwp_virtual_keyboard_manager_v1* manager, wl_seat* seat)
    : keyboard_(zwp_virtual_keyboard_manager_v1_create_virtual_keyboard(manager, seat)) {}

void VirtualKeyboard::keymap(const std::string& keymap_text) {
    if (keymap_text.empty()) {
        log().error("refusing an empty keymap");
        return;
    }
    auto fd = sealed_keymap(keymap_text);
    if (!fd) {
        log().error("cannot upload the keymap: {}", fd.error());
        return;
    }
    zwp_virtual_keyboard_v1_keymap(keyboard_.get(), WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd->get(),
                                   static_cast<uint32_t>(keymap_text.size() + 1));
    has_keymap_ = true;
}

void VirtualKeyboard::key(uint32_t evdev_code, bool pressed) {
    if (!has_keymap_) {
        if (!std::exchange(warned_, true)) log().warn("dropping keys sent before a keymap");
        return;
    }
    zwp_virtual_keyboard_v1_key(keyboard_.get(), input_timestamp_ms(), evdev_code,
                                pressed ? WL_KEYBOARD_KEY_STATE_PRESSED : WL_KEYBOARD_KEY_STATE_RELEASED);
}

void VirtualKeyboard::modifiers(uint32_t depressed, uint32_t latched, uint32_t locked, uint32_t group) {
    if (!has_keymap_) return;
    zwp_virtual_keyboard_v1_modifiers(keyboard_.get(), depressed, latched, locked, group);
}

VirtualPointer::VirtualPointer(zwlr_virtual_pointer_manager_v1* manager, wl_seat* seat)
    : pointer_(zwlr_virtual_pointer_manager_v1_create_virtual_pointer(manager, seat)),
      has_discrete_(zwlr_virtual_pointer_v1_get_version(pointer_.get()) >=
                    ZWLR_VIRTUAL_POINTER_V1_AXIS_DISCRETE_SINCE_VERSION) {}

void VirtualPointer::motion_absolute(uint32_t x, uint32_t y, uint32_t width, uint32_t height) {
    if (width == 0 || height == 0) return;
    zwlr_virtual_pointer_v1_motion_absolute(pointer_.get(), input_timestamp_ms(), std::min(x, width - 1),
                                            std::min(y, height - 1), width, height);
}

void VirtualPointer::button(uint32_t evdev_button, bool pressed) {
    zwlr_virtual_pointer_v1_button(pointer_.get(), input_timestamp_ms(), evdev_button,
                                   pressed ? WL_POINTER_BUTTON_STATE_PRESSED : WL_POINTER_BUTTON_STATE_RELEASED);
}

void VirtualPointer::axis(Axis axis, double value, int32_t discrete_120) {
    const uint32_t wl_axis =
        axis == Axis::vertical ? WL_POINTER_AXIS_VERTICAL_SCROLL : WL_POINTER_AXIS_HORIZONTAL_SCROLL;
    const uint32_t time = input_timestamp_ms();
    zwlr_virtual_pointer_v1_axis_source(pointer_.get(), WL_POINTER_AXIS_SOURCE_WHEEL);
    int32_t& partial = partial_120_[axis == Axis::vertical ? 0 : 1];
    partial += discrete_120;
    const int32_t notches = partial / 120;
    partial -= notches * 120;
    if (has_discrete_ && notches != 0)
        zwlr_virtual_pointer_v1_axis_discrete(pointer_.get(), time, wl_axis, wl_fixed_from_double(value), notches);
    else zwlr_virtual_pointer_v1_axis(pointer_.get(), time, wl_axis, wl_fixed_from_double(value));
}

void VirtualPointer::frame() { zwlr_virtual_pointer_v1_frame(pointer_.get()); }

}  // namespace wrd::rdp
