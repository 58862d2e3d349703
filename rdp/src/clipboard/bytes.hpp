// Byte buffers passed between the RDP clipboard channel and the Wayland selection. Clipboard
// data can be hundreds of megabytes, so it moves or is shared, never copied by accident.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wrd::rdp {

using Bytes = std::vector<uint8_t>;
// Data handed to several readers at once (one paste can fan out to many receivers).
using SharedBytes = std::shared_ptr<const Bytes>;
using ByteView = std::span<const uint8_t>;
// A conversion or transfer result: the data, or why there is none.
using BytesResult = std::expected<Bytes, std::string>;

inline ByteView as_bytes(std::string_view text) {
    return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

inline std::string_view as_chars(ByteView bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace wrd::rdp
