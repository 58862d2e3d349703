#include "pointer.hpp"

#include <bit>
#include <format>
#include <utility>

#include "client.hpp"
#include "logging.hpp"

namespace wrd::probe {

static_assert(std::endian::native == std::endian::little, "pixels are read as little-endian words");
namespace {

// Calls on to the pointer cache's callback; FreeRDP leaves them unset only when client-side
// decoding is switched off, which the probe never does.
template <typename F, typename U>
BOOL call_on(F original, rdpContext* context, const U* update) {
    return original ? original(context, update) : TRUE;
}

}  // namespace

std::string_view name_of(PointerShown shown) {
    switch (shown) {
        case PointerShown::initial:
            return "initial";
        case PointerShown::image:
            return "image";
        case PointerShown::null:
            return "null";
        case PointerShown::system_default:
            return "default";
    }
    return "?";
}

std::expected<PointerImage, std::string> decode_pointer(const rdpPointer& p) {
    // MS-RDPBCGR 2.2.9.1.1.4.4 allows up to 96x96, 2.2.9.1.1.4.5 up to 384x384.
    if (p.width == 0 || p.height == 0 || p.width > 384 || p.height > 384)
        return std::unexpected(std::format("a {}x{} pointer", p.width, p.height));
    PointerImage image{p.width, p.height, p.xPos, p.yPos, p.xorBpp, {}};
    image.argb.resize(size_t{p.width} * p.height);
    // BGRA32 is bytes B, G, R, A: 0xAARRGGBB words on this little-endian machine. FreeRDP applies
    // the AND mask (transparent where it is set over black) and flips bottom-up rows.
    if (!freerdp_image_copy_from_pointer_data(reinterpret_cast<BYTE*>(image.argb.data()), PIXEL_FORMAT_BGRA32,
                                              p.width * 4, 0, 0, p.width, p.height, p.xorMaskData, p.lengthXorMask,
                                              p.andMaskData, p.lengthAndMask, p.xorBpp, nullptr))
        return std::unexpected(std::format("FreeRDP could not decode a {}x{} pointer at {} bpp (XOR mask {} bytes, "
                                           "AND mask {} bytes)",
                                           p.width, p.height, p.xorBpp, p.lengthXorMask, p.lengthAndMask));
    return image;
}

PointerTracker& PointerTracker::of(rdpContext* context) {
    return Client::of(context).pointer();
}

void PointerTracker::hook(rdpContext* context) {
    rdpPointer pointer{};
    pointer.size = sizeof(rdpPointer);
    pointer.New = pointer_new;
    pointer.Free = pointer_free;
    pointer.Set = pointer_set;
    pointer.SetNull = pointer_set_null;
    pointer.SetDefault = pointer_set_default;
    pointer.SetPosition = pointer_set_position;
    graphics_register_pointer(context->graphics, &pointer);

    rdpPointerUpdate* update = context->update->pointer;
    position_ = std::exchange(update->PointerPosition, on_position);
    system_ = std::exchange(update->PointerSystem, on_system);
    color_ = std::exchange(update->PointerColor, on_color);
    large_ = std::exchange(update->PointerLarge, on_large);
    new_ = std::exchange(update->PointerNew, on_new);
    cached_ = std::exchange(update->PointerCached, on_cached);
}

// A pointer that does not decode is counted and shown as nothing new; failing here would make
// FreeRDP drop the connection, and the report says more than a hang-up.
BOOL PointerTracker::pointer_new(rdpContext* context, rdpPointer* pointer) {
    PointerTracker& self = of(context);
    auto image = decode_pointer(*pointer);
    if (!image) {
        ++self.counts_.decode_errors;
        logger("probe").warn("pointer image: {}", image.error());
        return TRUE;
    }
    self.decoded_[pointer] = std::move(*image);
    return TRUE;
}

void PointerTracker::pointer_free(rdpContext* context, rdpPointer* pointer) {
    of(context).decoded_.erase(pointer);
}

BOOL PointerTracker::pointer_set(rdpContext* context, rdpPointer* pointer) {
    PointerTracker& self = of(context);
    self.shown_ = PointerShown::image;
    if (auto it = self.decoded_.find(pointer); it != self.decoded_.end()) self.last_ = it->second;
    return TRUE;
}

BOOL PointerTracker::pointer_set_null(rdpContext* context) {
    of(context).shown_ = PointerShown::null;
    return TRUE;
}

// FreeRDP 3.33 also calls SetDefault when it frees the pointer cache at disconnect, after the
// last update; only the server's system-pointer update (on_system) counts as shown.
BOOL PointerTracker::pointer_set_default(rdpContext*) {
    return TRUE;
}

// FreeRDP calls this only with GrabMouse set; the position is taken from the update instead.
BOOL PointerTracker::pointer_set_position(rdpContext*, UINT32, UINT32) {
    return TRUE;
}

BOOL PointerTracker::on_position(rdpContext* context, const POINTER_POSITION_UPDATE* update) {
    PointerTracker& self = of(context);
    ++self.counts_.position;
    self.last_position_ = std::pair{update->xPos, update->yPos};
    return call_on(self.position_, context, update);
}

BOOL PointerTracker::on_system(rdpContext* context, const POINTER_SYSTEM_UPDATE* update) {
    PointerTracker& self = of(context);
    if (update->type == SYSPTR_NULL) ++self.counts_.system_null;
    if (update->type == SYSPTR_DEFAULT) {
        ++self.counts_.system_default;
        self.shown_ = PointerShown::system_default;
    }
    return call_on(self.system_, context, update);
}

BOOL PointerTracker::on_color(rdpContext* context, const POINTER_COLOR_UPDATE* update) {
    PointerTracker& self = of(context);
    ++self.counts_.color;
    return call_on(self.color_, context, update);
}

BOOL PointerTracker::on_large(rdpContext* context, const POINTER_LARGE_UPDATE* update) {
    PointerTracker& self = of(context);
    ++self.counts_.large;
    return call_on(self.large_, context, update);
}

BOOL PointerTracker::on_new(rdpContext* context, const POINTER_NEW_UPDATE* update) {
    PointerTracker& self = of(context);
    ++self.counts_.new_updates;
    return call_on(self.new_, context, update);
}

BOOL PointerTracker::on_cached(rdpContext* context, const POINTER_CACHED_UPDATE* update) {
    PointerTracker& self = of(context);
    ++self.counts_.cached;
    return call_on(self.cached_, context, update);
}

}  // namespace wrd::probe
