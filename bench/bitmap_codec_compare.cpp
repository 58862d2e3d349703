// wrd-bench-bitmap-codecs: our RDP 6.0 planar and interleaved RLE encoders against FreeRDP's
// (freerdp_bitmap_compress_planar, interleaved_compress) on 64x64 tiles of a 1080p picture, as
// BitmapEncoder cuts a legacy bitmap update. For each encoder: tiles that FreeRDP's own decoders
// (freerdp_bitmap_decompress_planar with the vertical flip a client applies to TS_BITMAP_DATA,
// interleaved_decompress) do not give back exactly (RGB compared; at 16 bpp decoded to RGB565 and
// compared with the source's top 5/6/5 bits),
// the codec bytes of a frame (no raw fallback on either side), and the CPU time to encode a
// frame, best of several runs. Two pictures: desktop-like content and full noise.
//
// Written for ADR 0004 (FreeRDP 3.33: are its encoders correct now, and are ours still better?).
#include "freerdp_codecs.hpp"  // the encoder's one door to FreeRDP's codec headers

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "interleaved_rle.hpp"
#include "rdp6_planar.hpp"

namespace {

constexpr int32_t kWidth = 1920, kHeight = 1080, kTile = 64;
constexpr int kRuns = 5;

// A BGRX picture, X = 0xFF; the stride is padded past the row so that every encoder is seen to
// honour it.
struct Picture {
    int32_t stride = kWidth * 4 + 64;
    std::vector<uint8_t> pixels = std::vector<uint8_t>(size_t(stride) * kHeight, 0xFF);

    uint8_t* at(int32_t x, int32_t y) { return pixels.data() + size_t(y) * size_t(stride) + size_t(x) * 4; }
    const uint8_t* at(int32_t x, int32_t y) const {
        return pixels.data() + size_t(y) * size_t(stride) + size_t(x) * 4;
    }
    void put(int32_t x, int32_t y, int r, int g, int b) {
        uint8_t* p = at(x, y);
        p[0] = uint8_t(std::clamp(b, 0, 255));
        p[1] = uint8_t(std::clamp(g, 0, 255));
        p[2] = uint8_t(std::clamp(r, 0, 255));
        p[3] = 0xFF;
    }
    void fill(int32_t x0, int32_t y0, int32_t w, int32_t h, int r, int g, int b) {
        for (int32_t y = std::max(y0, 0); y < std::min(y0 + h, kHeight); ++y)
            for (int32_t x = std::max(x0, 0); x < std::min(x0 + w, kWidth); ++x) put(x, y, r, g, b);
    }
};

// xorshift32: deterministic across libstdc++ versions.
struct Rng {
    uint32_t s;
    uint32_t operator()() {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        return s;
    }
    int below(int n) { return int((*this)() % uint32_t(n)); }
};

// Desktop-like: a diagonal gradient wallpaper (rising and falling deltas in every plane), a
// taskbar, three windows with flat bodies and gradient title bars, lines of dark anti-aliased
// text strokes, and a 640x400 photo-like block (smooth shapes plus sensor-like noise).
Picture desktop_picture() {
    Picture p;
    for (int32_t y = 0; y < kHeight; ++y)
        for (int32_t x = 0; x < kWidth; ++x)
            p.put(x, y, 30 + 90 * x / kWidth, 150 - 100 * y / kHeight, 120 + 60 * (x + y) / (kWidth + kHeight));
    p.fill(0, kHeight - 48, kWidth, 48, 32, 34, 40);
    for (int32_t i = 0; i < 12; ++i) p.fill(8 + i * 56, kHeight - 42, 44, 36, 70 + i * 9, 80, 110);
    Rng rng{12345};
    struct Win {
        int32_t x, y, w, h;
    };
    for (const Win& w : {Win{80, 60, 1000, 700}, Win{1150, 90, 700, 520}, Win{300, 640, 900, 360}}) {
        p.fill(w.x - 1, w.y - 1, w.w + 2, w.h + 2, 90, 90, 96);  // border
        p.fill(w.x, w.y, w.w, w.h, 246, 246, 242);               // body
        for (int32_t y = w.y; y < w.y + 30; ++y)
            for (int32_t x = w.x; x < w.x + w.w; ++x) p.put(x, y, 40 + 60 * (x - w.x) / w.w, 90, 200 - (y - w.y));
        for (int32_t line = w.y + 44; line + 16 < w.y + w.h; line += 18) {
            const int32_t end = w.x + 20 + rng.below(w.w - 40);
            for (int32_t cell = w.x + 12; cell + 8 < end; cell += 8) {
                if (rng.below(100) < 14) continue;  // a space
                const int32_t sx = cell + rng.below(5), sy = line + rng.below(5);
                const int32_t sw = 1 + rng.below(3), sh = 2 + rng.below(9);
                p.fill(sx, sy, sw, sh, 25, 25, 30);
                for (int32_t y = sy; y < sy + sh; ++y) {  // soft edges, as after anti-aliasing
                    p.put(sx - 1, y, 150, 150, 152);
                    p.put(sx + sw, y, 190, 190, 190);
                }
            }
        }
    }
    const int32_t px = 1180, py = 640, pw = 640, ph = 360;
    for (int32_t y = py; y < py + ph; ++y) {
        for (int32_t x = px; x < px + pw; ++x) {
            const int dx = x - px - 400, dy = y - py - 150;
            const bool disc = dx * dx + dy * dy < 110 * 110;
            const int n = rng.below(25) - 12;
            p.put(x, y, (disc ? 220 : 60 + (x - px) / 5) + n, (disc ? 180 : 110 + (y - py) / 4) + n,
                  (disc ? 60 : 160 - (x - px) / 8) + rng.below(17) - 8);
        }
    }
    return p;
}

Picture noise_picture() {
    Picture p;
    Rng rng{777};
    for (int32_t y = 0; y < kHeight; ++y)
        for (int32_t x = 0; x < kWidth; ++x) {
            const uint32_t v = rng();
            p.put(x, y, int(v & 0xFF), int((v >> 8) & 0xFF), int((v >> 16) & 0xFF));
        }
    return p;
}

struct Tile {
    int32_t x, y, h;  // every tile is 64 wide (1920 = 30 x 64); the last row is 56 high
};

std::vector<Tile> tiles() {
    std::vector<Tile> out;
    for (int32_t y = 0; y < kHeight; y += kTile)
        for (int32_t x = 0; x < kWidth; x += kTile) out.push_back({x, y, std::min(kTile, kHeight - y)});
    return out;
}

double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// An encoder of one tile: the codec bytes, or nothing when it failed.
using EncodeFn = std::function<bool(const uint8_t* src, int32_t stride, int32_t h, std::vector<uint8_t>& out)>;

struct PlanarFree {
    void operator()(BITMAP_PLANAR_CONTEXT* c) const noexcept { freerdp_bitmap_planar_context_free(c); }
};
struct InterleavedFree {
    void operator()(BITMAP_INTERLEAVED_CONTEXT* c) const noexcept { bitmap_interleaved_context_free(c); }
};
using Planar = std::unique_ptr<BITMAP_PLANAR_CONTEXT, PlanarFree>;
using Interleaved = std::unique_ptr<BITMAP_INTERLEAVED_CONTEXT, InterleavedFree>;

struct Codec {
    const char* name;
    uint32_t bpp;  // 32 = planar, 24/16 = interleaved
    EncodeFn encode;
};

// FreeRDP's planar encoder writes into a caller's buffer without a bounds check: this one holds
// four raw planes twice over.
constexpr size_t kScratch = size_t(kTile) * kTile * 8 + 64;

struct Result {
    size_t bytes = 0;
    int failed_encodes = 0;
    int wrong_tiles = 0;
    double ms = 0;
};

bool tile_matches(const Picture& pic, const Tile& t, const std::vector<uint8_t>& decoded, uint32_t bpp) {
    for (int32_t y = 0; y < t.h; ++y) {
        for (int32_t x = 0; x < kTile; ++x) {
            const uint8_t* s = pic.at(t.x + x, t.y + y);
            const size_t bytes_pp = bpp == 16 ? 2 : 4;
            const uint8_t* d = decoded.data() + (size_t(y) * kTile + size_t(x)) * bytes_pp;
            if (bpp == 16) {  // decoded as RGB565 (no widening), compared with the source's top bits
                const uint16_t want = uint16_t(((s[2] >> 3) << 11) | ((s[1] >> 2) << 5) | (s[0] >> 3));
                if (d[0] != uint8_t(want) || d[1] != uint8_t(want >> 8)) return false;
            } else if (s[0] != d[0] || s[1] != d[1] || s[2] != d[2]) {
                return false;
            }
        }
    }
    return true;
}

Result measure(const Picture& pic, const Codec& codec) {
    const std::vector<Tile> grid = tiles();
    Result r;
    Planar planar_dec(freerdp_bitmap_planar_context_new(0, kTile, kTile));
    Interleaved interleaved_dec(bitmap_interleaved_context_new(FALSE));
    std::vector<uint8_t> out, decoded(size_t(kTile) * kTile * 4);
    for (const Tile& t : grid) {  // correctness and size
        if (!codec.encode(pic.at(t.x, t.y), pic.stride, t.h, out)) {
            ++r.failed_encodes;
            ++r.wrong_tiles;
            continue;
        }
        r.bytes += out.size();
        std::fill(decoded.begin(), decoded.end(), uint8_t{0x5A});
        const UINT32 format = codec.bpp == 16 ? PIXEL_FORMAT_RGB16 : PIXEL_FORMAT_BGRX32;
        const UINT32 step = kTile * FreeRDPGetBytesPerPixel(format);
        const BOOL ok = codec.bpp == 32
                            ? freerdp_bitmap_decompress_planar(planar_dec.get(), out.data(), UINT32(out.size()), kTile,
                                                               UINT32(t.h), decoded.data(), PIXEL_FORMAT_BGRX32, step,
                                                               0, 0, kTile, UINT32(t.h), TRUE)
                            : interleaved_decompress(interleaved_dec.get(), out.data(), UINT32(out.size()), kTile,
                                                     UINT32(t.h), codec.bpp, decoded.data(), format,
                                                     step, 0, 0, kTile, UINT32(t.h), nullptr);
        if (!ok || !tile_matches(pic, t, decoded, codec.bpp)) ++r.wrong_tiles;
    }
    r.ms = std::numeric_limits<double>::infinity();
    for (int run = 0; run < kRuns; ++run) {  // CPU time per frame, encode only
        const double start = cpu_ms();
        for (const Tile& t : grid) (void)codec.encode(pic.at(t.x, t.y), pic.stride, t.h, out);
        r.ms = std::min(r.ms, cpu_ms() - start);
    }
    return r;
}

}  // namespace

int main() {
    using wrd::encoder::encode_interleaved_rle;
    using wrd::encoder::encode_rdp6_planar;
    using wrd::encoder::ScanlineOrder;

    Planar fr_planar(freerdp_bitmap_planar_context_new(PLANAR_FORMAT_HEADER_RLE, kTile, kTile));
    Planar fr_planar_na(
        freerdp_bitmap_planar_context_new(PLANAR_FORMAT_HEADER_RLE | PLANAR_FORMAT_HEADER_NA, kTile, kTile));
    Interleaved fr_interleaved(bitmap_interleaved_context_new(TRUE));
    if (!fr_planar || !fr_planar_na || !fr_interleaved) {
        std::fprintf(stderr, "FreeRDP codec contexts could not be created\n");
        return 1;
    }

    const auto ours_planar = [](const uint8_t* src, int32_t stride, int32_t h, std::vector<uint8_t>& out) {
        out = encode_rdp6_planar(src, kTile, h, stride, ScanlineOrder::bottom_up);
        return !out.empty();
    };
    const auto ours_interleaved = [](uint32_t bpp) {
        return [bpp](const uint8_t* src, int32_t stride, int32_t h, std::vector<uint8_t>& out) {
            out = encode_interleaved_rle(src, kTile, h, stride, bpp);
            return !out.empty();
        };
    };
    const auto freerdp_planar = [](BITMAP_PLANAR_CONTEXT* ctx) {
        return [ctx](const uint8_t* src, int32_t stride, int32_t h, std::vector<uint8_t>& out) {
            out.resize(kScratch);
            UINT32 size = UINT32(out.size());
            if (!freerdp_bitmap_compress_planar(ctx, src, PIXEL_FORMAT_BGRX32, kTile, UINT32(h), UINT32(stride),
                                                out.data(), &size))
                return false;
            out.resize(size);
            return true;
        };
    };
    const auto freerdp_interleaved = [&fr_interleaved](uint32_t bpp) {
        return [ctx = fr_interleaved.get(), bpp](const uint8_t* src, int32_t stride, int32_t h,
                                                 std::vector<uint8_t>& out) {
            out.resize(kScratch);
            UINT32 size = UINT32(out.size());
            if (!interleaved_compress(ctx, out.data(), &size, kTile, UINT32(h), src, PIXEL_FORMAT_BGRX32,
                                      UINT32(stride), 0, 0, nullptr, bpp))
                return false;
            out.resize(size);
            return true;
        };
    };

    const Codec codecs[] = {
        {"planar 32 bpp       ours", 32, ours_planar},
        {"planar 32 bpp    FreeRDP", 32, freerdp_planar(fr_planar.get())},
        {"planar 32 bpp NA FreeRDP", 32, freerdp_planar(fr_planar_na.get())},
        {"interleaved 24   ours", 24, ours_interleaved(24)},
        {"interleaved 24   FreeRDP", 24, freerdp_interleaved(24)},
        {"interleaved 16   ours", 16, ours_interleaved(16)},
        {"interleaved 16   FreeRDP", 16, freerdp_interleaved(16)},
    };

    const size_t n_tiles = tiles().size();
    std::printf("WinPR %s (the FreeRDP release); 1920x1080, %zu tiles of 64x64 (last row 64x56); CPU ms per frame, best of %d\n",
                winpr_get_version_string(), n_tiles, kRuns);
    std::printf("(NA: FreeRDP's planar without the alpha plane, header 0x30; ours and the plain row send 0x10)\n\n");
    std::printf("%-8s %-26s %12s %8s %9s %10s\n", "picture", "encoder", "bytes/frame", "ratio", "wrong", "ms/frame");
    for (const auto& [label, pic] : {std::pair{"desktop", desktop_picture()}, std::pair{"noise", noise_picture()}}) {
        for (const Codec& c : codecs) {
            const Result r = measure(pic, c);
            const double raw = double(kWidth) * kHeight * (c.bpp == 32 ? 4 : c.bpp / 8);
            const std::string wrong = std::to_string(r.wrong_tiles) + "/" + std::to_string(n_tiles);
            std::printf("%-8s %-26s %12zu %7.1f%% %9s %10.2f%s\n", label, c.name, r.bytes, 100.0 * double(r.bytes) / raw,
                        wrong.c_str(), r.ms,
                        r.failed_encodes ? (" (" + std::to_string(r.failed_encodes) + " encodes failed)").c_str() : "");
        }
        std::printf("\n");
    }
    std::printf("ratio: codec bytes / raw bytes at that depth (4, 3 or 2 bytes a pixel)\n");
    return 0;
}
