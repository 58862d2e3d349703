#include "pointer/pointer_updates.hpp"

#include <cstring>

#include "freerdp.hpp"
#include "logging.hpp"

namespace wrd::rdp {
namespace {
spdlog::logger& log() { return logger("rdp"); }
}  // namespace

void pointer_masks(const PointerShape& shape, std::vector<uint8_t>& xor_mask, std::vector<uint8_t>& and_mask) {
    const size_t row = shape.width * 4;
    xor_mask.resize(row * shape.height);
    for (uint32_t y = 0; y < shape.height; ++y)
        std::memcpy(&xor_mask[(shape.height - 1 - y) * row], &shape.bgra[y * row], row);
    const size_t and_row = ((shape.width + 15) / 16) * 2;
    and_mask.assign(and_row * shape.height, 0);
}

uint16_t PointerUpdates::cache_slot(uint32_t serial, bool& cached) {
    if (auto it = cached_.find(serial); it != cached_.end()) {
        cached = true;
        return it->second;
    }
    cached = false;
    uint32_t size = freerdp_settings_get_uint32(context_->settings, FreeRDP_PointerCacheSize);
    if (size == 0) size = 1;
    uint16_t slot = static_cast<uint16_t>(next_slot_ % size);
    next_slot_ = static_cast<uint16_t>((next_slot_ + 1) % size);
    std::erase_if(cached_, [slot](const auto& e) { return e.second == slot; });
    cached_[serial] = slot;
    return slot;
}

void PointerUpdates::show(const PointerShape& shape) {
    rdpPointerUpdate* pointer = context_->update->pointer;
    if (shape.width == 0 || shape.height == 0 || shape.bgra.size() < size_t{shape.width} * shape.height * 4) {
        log().warn("ignoring a malformed cursor image {}x{}", shape.width, shape.height);
        return;
    }
    bool cached = false;
    uint16_t slot = cache_slot(shape.serial, cached);
    hidden_ = false;
    shown_serial_ = shape.serial;
    if (cached) {
        POINTER_CACHED_UPDATE update{slot};
        pointer->PointerCached(context_, &update);
        return;
    }
    const uint32_t large = freerdp_settings_get_uint32(context_->settings, FreeRDP_LargePointerFlag);
    const uint32_t limit = (large & LARGE_POINTER_FLAG_384x384) ? 384 : 96;
    PointerShape fitted = shape;
    if (shape.width > limit || shape.height > limit) {
        // Crop rather than scale: the hotspot must stay where the desktop has it.
        fitted.width = std::min(shape.width, limit);
        fitted.height = std::min(shape.height, limit);
        fitted.bgra.resize(size_t{fitted.width} * fitted.height * 4);
        for (uint32_t y = 0; y < fitted.height; ++y)
            std::memcpy(&fitted.bgra[y * fitted.width * 4], &shape.bgra[y * shape.width * 4], fitted.width * 4);
        fitted.hotspot_x = std::min(fitted.hotspot_x, fitted.width - 1);
        fitted.hotspot_y = std::min(fitted.hotspot_y, fitted.height - 1);
    }
    std::vector<uint8_t> xor_mask, and_mask;
    pointer_masks(fitted, xor_mask, and_mask);
    if (fitted.width > 96 || fitted.height > 96) {
        POINTER_LARGE_UPDATE update{};
        update.xorBpp = 32;
        update.cacheIndex = slot;
        update.hotSpotX = static_cast<UINT16>(fitted.hotspot_x);
        update.hotSpotY = static_cast<UINT16>(fitted.hotspot_y);
        update.width = static_cast<UINT16>(fitted.width);
        update.height = static_cast<UINT16>(fitted.height);
        update.lengthXorMask = static_cast<UINT32>(xor_mask.size());
        update.lengthAndMask = static_cast<UINT32>(and_mask.size());
        update.xorMaskData = xor_mask.data();
        update.andMaskData = and_mask.data();
        pointer->PointerLarge(context_, &update);
        return;
    }
    POINTER_NEW_UPDATE update{};
    update.xorBpp = 32;
    auto& attr = update.colorPtrAttr;
    attr.cacheIndex = slot;
    attr.hotSpotX = static_cast<UINT16>(fitted.hotspot_x);
    attr.hotSpotY = static_cast<UINT16>(fitted.hotspot_y);
    attr.width = static_cast<UINT16>(fitted.width);
    attr.height = static_cast<UINT16>(fitted.height);
    attr.lengthXorMask = static_cast<UINT16>(xor_mask.size());
    attr.lengthAndMask = static_cast<UINT16>(and_mask.size());
    attr.xorMaskData = xor_mask.data();
    attr.andMaskData = and_mask.data();
    pointer->PointerNew(context_, &update);
}

void PointerUpdates::hide() {
    if (hidden_) return;
    hidden_ = true;
    POINTER_SYSTEM_UPDATE update{SYSPTR_NULL};
    context_->update->pointer->PointerSystem(context_, &update);
}

void PointerUpdates::moved_by_client(int32_t x, int32_t y) {
    client_x_ = x;
    client_y_ = y;
}

void PointerUpdates::moved_by_desktop(int32_t x, int32_t y) {
    if (x == client_x_ && y == client_y_) return;
    client_x_ = x;
    client_y_ = y;
    POINTER_POSITION_UPDATE update{static_cast<UINT32>(x), static_cast<UINT32>(y)};
    context_->update->pointer->PointerPosition(context_, &update);
}

void PointerUpdates::reset() {
    cached_.clear();
    next_slot_ = 0;
    hidden_ = false;
    shown_serial_ = 0;
}

}  // namespace wrd::rdp
