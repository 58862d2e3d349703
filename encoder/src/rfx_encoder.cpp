#include "rfx_encoder.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "freerdp_codecs.hpp"

namespace wrd::encoder {
namespace {

// Block types and constants of the RemoteFX encode messages (MS-RDPRFX 2.2.2).
constexpr uint16_t kWbtSync = 0xCCC0;
constexpr uint16_t kWbtCodecVersions = 0xCCC1;
constexpr uint16_t kWbtChannels = 0xCCC2;
constexpr uint16_t kWbtContext = 0xCCC3;
constexpr uint16_t kWbtFrameBegin = 0xCCC4;
constexpr uint16_t kWbtFrameEnd = 0xCCC5;
constexpr uint16_t kWbtRegion = 0xCCC6;
constexpr uint16_t kWbtExtension = 0xCCC7;
constexpr uint16_t kCbtRegion = 0xCAC1;
constexpr uint16_t kCbtTileset = 0xCAC2;
constexpr uint16_t kCbtTile = 0xCAC3;
constexpr uint32_t kWfMagic = 0xCACCACCA;
constexpr uint16_t kWfVersion = 0x0100;
constexpr uint16_t kTileSide = 64;

// Block sizes in bytes: the four header blocks together, then the fixed parts of the data blocks.
constexpr size_t kHeaderBytes = 12 + 10 + 12 + 13;
constexpr size_t kFrameBeginBytes = 14;
constexpr size_t kRegionFixedBytes = 15;
constexpr size_t kRectBytes = 8;
constexpr size_t kTilesetFixedBytes = 22;
constexpr size_t kQuantBytes = 5;
constexpr size_t kTileFixedBytes = 19;
constexpr size_t kFrameEndBytes = 8;

// The codec properties FreeRDP's tile encoder implements: irreversible colour transform (cct 1),
// 5/3 DWT (xft 1), scalar quantisation (qt 1); flags 0 = video mode. Entropy: RLGR1 = 1, RLGR3 = 4.
uint16_t entropy_bits(RlgrMode mode) {
    return mode == RlgrMode::rlgr1 ? 1 : 4;
}

// TS_RFX_CONTEXT.properties (MS-RDPRFX 2.2.2.2.4): flags:3 cct:2 xft:4 et:4 qt:2.
uint16_t context_properties(RlgrMode mode) {
    return static_cast<uint16_t>((1u << 3) | (1u << 5) | (entropy_bits(mode) << 9) | (1u << 13));
}

// TS_RFX_TILESET.properties (MS-RDPRFX 2.2.2.3.4): lt:1 (= 1) flags:3 cct:2 xft:4 et:4 qt:2.
uint16_t tileset_properties(RlgrMode mode) {
    return static_cast<uint16_t>(1u | (1u << 4) | (1u << 6) | (entropy_bits(mode) << 10) | (1u << 14));
}

size_t tile_bytes(const RFX_TILE* tile) {
    return kTileFixedBytes + tile->YLen + tile->CbLen + tile->CrLen;
}

size_t tiles_bytes(std::span<const RFX_TILE* const> tiles) {
    size_t n = 0;
    for (const RFX_TILE* t : tiles) n += tile_bytes(t);
    return n;
}

// The size of one complete message (write_message) with these many rectangles, quantisation
// sets and bytes of tiles.
size_t message_bytes(size_t rects, size_t quants, size_t tile_data) {
    return kHeaderBytes + kFrameBeginBytes + kRegionFixedBytes + kRectBytes * rects + kTilesetFixedBytes +
           kQuantBytes * quants + tile_data + kFrameEndBytes;
}

Rect tile_rect(const RFX_TILE* tile) {
    return {tile->x, tile->y, kTileSide, kTileSide};
}
Rect to_rect(const RFX_RECT& r) {
    return {r.x, r.y, r.width, r.height};
}

// Little-endian output into a byte vector (all RemoteFX fields are little-endian, MS-RDPRFX 2.2).
class Writer {
public:
    explicit Writer(std::vector<uint8_t>& out) : out_(out) {}
    void u8(uint8_t v) { out_.push_back(v); }
    void u16(uint16_t v) {
        u8(static_cast<uint8_t>(v));
        u8(static_cast<uint8_t>(v >> 8));
    }
    void u32(uint32_t v) {
        u16(static_cast<uint16_t>(v));
        u16(static_cast<uint16_t>(v >> 16));
    }
    void bytes(const uint8_t* p, size_t n) { out_.insert(out_.end(), p, p + n); }
    // TS_RFX_BLOCKT (2.2.2.1.1).
    void block(uint16_t type, size_t length) {
        u16(type);
        u32(static_cast<uint32_t>(length));
    }
    // TS_RFX_BLOCKT + TS_RFX_CODEC_CHANNELT (2.2.2.1.2): codecId 1; channelId 0xFF for the
    // context block, 0 for the data blocks.
    void channel_block(uint16_t type, size_t length, uint8_t channel) {
        block(type, length);
        u8(1);
        u8(channel);
    }

private:
    std::vector<uint8_t>& out_;
};

// The header messages (MS-RDPRFX 2.2.2.2) in the order of 1.3.1.1; 3.1.8.3.1 allows them again
// before any frame, and image-mode clients need them before every frame.
void write_headers(Writer& w, uint16_t width, uint16_t height, RlgrMode mode) {
    w.block(kWbtSync, 12);  // TS_RFX_SYNC
    w.u32(kWfMagic);
    w.u16(kWfVersion);
    w.block(kWbtCodecVersions, 10);  // TS_RFX_CODEC_VERSIONS: one codec, id 1
    w.u8(1);
    w.u8(1);
    w.u16(kWfVersion);
    w.block(kWbtChannels, 12);  // TS_RFX_CHANNELS: one channel, id 0, the frame size
    w.u8(1);
    w.u8(0);
    w.u16(width);
    w.u16(height);
    w.channel_block(kWbtContext, 13, 0xFF);  // TS_RFX_CONTEXT
    w.u8(0);                                 // ctxId
    w.u16(kTileSide);                        // CT_TILE_64x64
    w.u16(context_properties(mode));
}

// What one frame (TS_RFX_FRAME_BEGIN .. TS_RFX_FRAME_END) carries.
struct FrameParts {
    std::span<const RFX_RECT> rects;
    std::span<const UINT32> quants;  // 10 values per TS_RFX_CODEC_QUANT, in wire order
    std::span<const RFX_TILE* const> tiles;
};

// TS_RFX_TILESET (2.2.2.3.4) with its TS_RFX_CODEC_QUANTs (2.2.2.1.5) and TS_RFX_TILEs (2.2.2.3.4.1).
void write_tileset(Writer& w, const FrameParts& p, RlgrMode mode) {
    const size_t tiles_size = tiles_bytes(p.tiles);
    const size_t quants = p.quants.size() / 10;
    w.channel_block(kWbtExtension, kTilesetFixedBytes + kQuantBytes * quants + tiles_size, 0);
    w.u16(kCbtTileset);
    w.u16(0);  // idx
    w.u16(tileset_properties(mode));
    w.u8(static_cast<uint8_t>(quants));
    w.u8(kTileSide);
    w.u16(static_cast<uint16_t>(p.tiles.size()));
    w.u32(static_cast<uint32_t>(tiles_size));
    for (size_t i = 0; i + 1 < p.quants.size(); i += 2)
        w.u8(static_cast<uint8_t>(p.quants[i] | (p.quants[i + 1] << 4)));
    for (const RFX_TILE* t : p.tiles) {
        w.block(kCbtTile, tile_bytes(t));
        w.u8(t->quantIdxY);
        w.u8(t->quantIdxCb);
        w.u8(t->quantIdxCr);
        w.u16(t->xIdx);
        w.u16(t->yIdx);
        w.u16(t->YLen);
        w.u16(t->CbLen);
        w.u16(t->CrLen);
        w.bytes(t->YData, t->YLen);
        w.bytes(t->CbData, t->CbLen);
        w.bytes(t->CrData, t->CrLen);
    }
}

// One complete, self-contained message: header blocks, then one frame with one region.
std::vector<uint8_t> write_message(const FrameView& frame, const FrameParts& p, uint32_t frame_index, RlgrMode mode) {
    std::vector<uint8_t> out;
    out.reserve(message_bytes(p.rects.size(), p.quants.size() / 10, tiles_bytes(p.tiles)));
    Writer w(out);
    write_headers(w, static_cast<uint16_t>(frame.width), static_cast<uint16_t>(frame.height), mode);
    w.channel_block(kWbtFrameBegin, kFrameBeginBytes, 0);  // TS_RFX_FRAME_BEGIN (2.2.2.3.1)
    w.u32(frame_index);
    w.u16(1);                                                                         // numRegions
    w.channel_block(kWbtRegion, kRegionFixedBytes + kRectBytes * p.rects.size(), 0);  // TS_RFX_REGION (2.2.2.3.3)
    w.u8(1);                                                                          // regionFlags: lrf
    w.u16(static_cast<uint16_t>(p.rects.size()));
    for (const RFX_RECT& r : p.rects) {
        w.u16(r.x);
        w.u16(r.y);
        w.u16(r.width);
        w.u16(r.height);
    }
    w.u16(kCbtRegion);
    w.u16(1);  // numTilesets
    write_tileset(w, p, mode);
    w.channel_block(kWbtFrameEnd, kFrameEndBytes, 0);  // TS_RFX_FRAME_END (2.2.2.3.2)
    return out;
}

// How many of the region's rectangles touch each tile: each costs one TS_RFX_RECT in a message
// that carries the tile (an upper bound; chunk_rects merges some).
std::vector<size_t> rects_per_tile(std::span<const RFX_TILE* const> tiles, std::span<const RFX_RECT> region) {
    std::vector<size_t> counts;
    counts.reserve(tiles.size());
    for (const RFX_TILE* t : tiles) {
        const Rect tr = tile_rect(t);
        counts.push_back(static_cast<size_t>(
            std::ranges::count_if(region, [&](const RFX_RECT& r) { return !tr.intersect(to_rect(r)).empty(); })));
    }
    return counts;
}

// The part of the region that lies on `tiles`, as disjoint rectangles: a split message must not
// announce areas whose tiles travel in another message. Pieces in one row of equal height merge.
std::vector<RFX_RECT> chunk_rects(std::span<const RFX_TILE* const> tiles, std::span<const RFX_RECT> region) {
    std::vector<Rect> pieces;
    for (const RFX_TILE* t : tiles) {
        for (const RFX_RECT& r : region) {
            if (Rect c = tile_rect(t).intersect(to_rect(r)); !c.empty()) pieces.push_back(c);
        }
    }
    std::ranges::sort(pieces, {}, [](const Rect& r) { return std::tuple{r.y, r.height, r.x}; });
    std::vector<RFX_RECT> out;
    for (const Rect& p : pieces) {
        if (!out.empty()) {
            RFX_RECT& last = out.back();
            if (last.y == p.y && last.height == p.height && last.x + last.width == p.x) {
                last.width = static_cast<UINT16>(last.width + p.width);
                continue;
            }
        }
        out.push_back({static_cast<UINT16>(p.x), static_cast<UINT16>(p.y), static_cast<UINT16>(p.width),
                       static_cast<UINT16>(p.height)});
    }
    return out;
}

// Where to cut the tiles, in order, so that each run's message (with the rectangles its tiles
// need) fits `budget`: the end index of each run.
std::expected<std::vector<size_t>, std::string> split_ends(const FrameParts& all, size_t budget) {
    const size_t quants = all.quants.size() / 10;
    const std::vector<size_t> rect_counts = rects_per_tile(all.tiles, all.rects);
    std::vector<size_t> ends;
    size_t end = 0;
    while (end < all.tiles.size()) {
        const size_t begin = end;
        size_t bytes = 0;
        size_t rects = 0;
        while (end < all.tiles.size() &&
               message_bytes(rects + rect_counts[end], quants, bytes + tile_bytes(all.tiles[end])) <= budget) {
            bytes += tile_bytes(all.tiles[end]);
            rects += rect_counts[end];
            ++end;
        }
        if (end == begin) return std::unexpected("max_message_bytes cannot hold one RemoteFX tile");
        ends.push_back(end);
    }
    return ends;
}

}  // namespace

// An RFX_MESSAGE from rfx_encode_message, freed with its context. Empty when nothing was encoded.
class RfxEncoder::Message {
public:
    Message() = default;
    Message(RFX_CONTEXT* context, RFX_MESSAGE* message) : context_(context), message_(message) {}
    Message(Message&& o) noexcept
        : context_(std::exchange(o.context_, nullptr)), message_(std::exchange(o.message_, nullptr)) {}
    Message& operator=(Message&&) = delete;
    ~Message() {
        if (message_ != nullptr) rfx_message_free(context_, message_);
    }

    std::span<const RFX_TILE* const> tiles() const {
        if (message_ == nullptr) return {};
        UINT16 n = 0;
        const RFX_TILE** tiles = rfx_message_get_tiles(message_, &n);
        return {tiles, n};
    }
    std::span<const RFX_RECT> rects() const {
        if (message_ == nullptr) return {};
        UINT16 n = 0;
        const RFX_RECT* rects = rfx_message_get_rects(message_, &n);
        return {rects, n};
    }
    std::span<const UINT32> quants() const {
        if (message_ == nullptr) return {};
        UINT16 n = 0;
        const UINT32* quants = rfx_message_get_quants(message_, &n);
        return {quants, size_t{n} * 10};
    }
    FrameParts parts() const { return {rects(), quants(), tiles()}; }

private:
    RFX_CONTEXT* context_ = nullptr;
    RFX_MESSAGE* message_ = nullptr;
};

void RfxEncoder::ContextFree::operator()(S_RFX_CONTEXT* context) const noexcept {
    rfx_context_free(context);
}

std::expected<RfxEncoder, std::string> RfxEncoder::create(int32_t width, int32_t height, RlgrMode mode) {
    if (width <= 0 || height <= 0 || width > fr::kMaxFrameSide || height > fr::kMaxFrameSide)
        return std::unexpected("invalid RemoteFX surface size");
    std::unique_ptr<S_RFX_CONTEXT, ContextFree> context(rfx_context_new(TRUE));
    if (!context) return std::unexpected("rfx_context_new failed");
    rfx_context_set_pixel_format(context.get(), PIXEL_FORMAT_BGRX32);
    if (!rfx_context_set_mode(context.get(), mode == RlgrMode::rlgr1 ? RLGR1 : RLGR3) ||
        !rfx_context_reset(context.get(), static_cast<UINT32>(width), static_cast<UINT32>(height)))
        return std::unexpected("RemoteFX context set-up failed");
    return RfxEncoder(std::move(context), width, height, mode);
}

RfxEncoder::RfxEncoder(std::unique_ptr<S_RFX_CONTEXT, ContextFree> context, int32_t width, int32_t height,
                       RlgrMode mode)
    : context_(std::move(context)), width_(width), height_(height), mode_(mode) {}

RfxEncoder::RfxEncoder(RfxEncoder&&) noexcept = default;
RfxEncoder& RfxEncoder::operator=(RfxEncoder&&) noexcept = default;
RfxEncoder::~RfxEncoder() = default;

std::expected<RfxEncoder::Message, std::string> RfxEncoder::encode_message(const FrameView& frame,
                                                                           std::span<const Rect> rects) {
    if (auto ok = fr::check_frame(frame); !ok) return std::unexpected(ok.error());
    if (frame.width != width_ || frame.height != height_) {
        // A new surface size: FreeRDP's context keeps the size for its channel block.
        rfx_context_reset(context_.get(), static_cast<UINT32>(frame.width), static_cast<UINT32>(frame.height));
        width_ = frame.width;
        height_ = frame.height;
    }
    auto damage = fr::damage_rects(frame, rects);
    if (!damage) return std::unexpected(damage.error());
    if (damage->empty()) return Message{};
    std::vector<RFX_RECT> rfx_rects;
    rfx_rects.reserve(damage->size());
    for (const Rect& r : *damage) {
        rfx_rects.push_back({static_cast<UINT16>(r.x), static_cast<UINT16>(r.y), static_cast<UINT16>(r.width),
                             static_cast<UINT16>(r.height)});
    }
    RFX_MESSAGE* message = rfx_encode_message(context_.get(), rfx_rects.data(), rfx_rects.size(), frame.data,
                                              static_cast<UINT32>(frame.width), static_cast<UINT32>(frame.height),
                                              static_cast<size_t>(frame.stride));
    if (message == nullptr) return std::unexpected("rfx_encode_message failed");
    return Message(context_.get(), message);
}

std::expected<std::vector<uint8_t>, std::string> RfxEncoder::encode_gfx(const FrameView& frame,
                                                                        std::span<const Rect> rects) {
    auto message = encode_message(frame, rects);
    if (!message) return std::unexpected(message.error());
    if (message->tiles().empty()) return std::vector<uint8_t>{};
    return write_message(frame, message->parts(), frame_index_++, mode_);
}

std::expected<std::vector<std::vector<uint8_t>>, std::string> RfxEncoder::encode_surface_bits(
    const FrameView& frame, std::span<const Rect> rects, size_t max_message_bytes) {
    auto message = encode_message(frame, rects);
    if (!message) return std::unexpected(message.error());
    std::vector<std::vector<uint8_t>> out;
    const FrameParts all = message->parts();
    if (all.tiles.empty()) return out;

    if (message_bytes(all.rects.size(), all.quants.size() / 10, tiles_bytes(all.tiles)) <= max_message_bytes) {
        out.push_back(write_message(frame, all, frame_index_++, mode_));
        return out;
    }
    // Each TS_SURFCMD_STREAM_SURF_BITS carries whole RemoteFX messages (MS-RDPRFX 3.1.8.3.1), so
    // an update too big for one command goes as several frames, each with a share of the tiles
    // and only the parts of the region that those tiles cover.
    auto ends = split_ends(all, max_message_bytes);
    if (!ends) return std::unexpected(ends.error());
    size_t begin = 0;
    for (size_t end : *ends) {
        const auto tiles = all.tiles.subspan(begin, end - begin);
        const std::vector<RFX_RECT> rects_of_tiles = chunk_rects(tiles, all.rects);
        out.push_back(write_message(frame, {rects_of_tiles, all.quants, tiles}, frame_index_++, mode_));
        begin = end;
    }
    return out;
}

}  // namespace wrd::encoder
