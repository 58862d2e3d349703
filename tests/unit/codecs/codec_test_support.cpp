#include "codec_test_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace wrd::encoder::test {
namespace {

// A small deterministic generator, so that every run sees the same pictures.
struct Lcg {
    uint32_t state;
    uint32_t next() {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    }
    int32_t range(int32_t lo, int32_t hi) { return lo + static_cast<int32_t>(next() % uint32_t(hi - lo + 1)); }
};

void put(Image& img, int32_t x, int32_t y, int r, int g, int b) {
    if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
    uint8_t* p = img.at(x, y);
    p[0] = static_cast<uint8_t>(b);
    p[1] = static_cast<uint8_t>(g);
    p[2] = static_cast<uint8_t>(r);
}

// Mixes `v` into the pixel with weight a/4: the soft edge of a stroke.
void blend(Image& img, int32_t x, int32_t y, int v, int a) {
    if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
    uint8_t* p = img.at(x, y);
    for (int c = 0; c < 3; ++c) p[c] = static_cast<uint8_t>((p[c] * (4 - a) + v * a) / 4);
}

void fill(Image& img, const Rect& r, int red, int green, int blue) {
    for (int32_t y = r.y; y < r.bottom(); ++y) {
        for (int32_t x = r.x; x < r.right(); ++x) put(img, x, y, red, green, blue);
    }
}

// One glyph in an 8x12 cell at (x, y): one to three strokes, each with anti-aliased sides.
void glyph(Image& img, Lcg& rng, int32_t x, int32_t y) {
    const int ink = rng.range(20, 70);
    for (int s = rng.range(1, 3); s > 0; --s) {
        if (rng.next() % 2 == 0) {
            const int32_t sx = x + rng.range(1, 5);
            for (int32_t yy = y + rng.range(0, 3); yy < y + 11; ++yy) {
                blend(img, sx, yy, ink, 4);
                blend(img, sx + 1, yy, ink, 2);
                blend(img, sx - 1, yy, ink, 1);
            }
        } else {
            const int32_t sy = y + rng.range(2, 10);
            for (int32_t xx = x + rng.range(0, 2); xx < x + 7; ++xx) {
                blend(img, xx, sy, ink, 4);
                blend(img, xx, sy + 1, ink, 1);
            }
        }
    }
}

// A light window with a coloured title bar and lines of text.
void panel(Image& img, Lcg& rng) {
    const int32_t w = std::max(8, rng.range(img.width / 3, img.width / 2));
    const int32_t h = std::max(8, rng.range(img.height / 3, img.height / 2));
    const Rect r{rng.range(0, std::max(0, img.width - w)), rng.range(0, std::max(0, img.height - h)), w, h};
    const int shade = rng.range(232, 250);
    fill(img, r, shade, shade, shade);
    const int32_t bar = std::min(20, h / 4);
    fill(img, {r.x, r.y, r.width, bar}, rng.range(30, 90), rng.range(80, 140), rng.range(150, 220));
    for (int32_t ty = r.y + bar + 4; ty + 12 < r.bottom(); ty += 18) {
        for (int32_t tx = r.x + 6; tx + 8 < r.right() - 6; tx += 9) {
            if (rng.next() % 10 < 8) glyph(img, rng, tx, ty);
        }
    }
}

}  // namespace

Image::Image(int32_t w, int32_t h, uint32_t fill_value)
    : width(w), height(h), stride(w * 4 + 64), pixels(size_t(stride) * size_t(std::max(h, 0))) {
    for (int32_t y = 0; y < h; ++y) {
        for (int32_t x = 0; x < w; ++x) std::memcpy(at(x, y), &fill_value, 4);
    }
}

Image natural_image(int32_t width, int32_t height, uint32_t seed) {
    Image img(width, height, 0xFF000000);
    for (int32_t y = 0; y < height; ++y) {
        for (int32_t x = 0; x < width; ++x) {
            put(img, x, y, 40 + 100 * (x + y) / (width + height), 60 + 120 * y / height, 90 + 135 * x / width);
        }
    }
    Lcg rng{seed};
    const int64_t panels = std::max<int64_t>(1, int64_t{width} * height / 250000);
    for (int64_t i = 0; i < panels; ++i) panel(img, rng);
    return img;
}

Image noise_image(int32_t width, int32_t height, uint32_t seed) {
    Image img(width, height, 0xFF000000);
    Lcg rng{seed};
    for (int32_t y = 0; y < height; ++y) {
        for (int32_t x = 0; x < width; ++x) {
            const uint32_t v = rng.next();
            put(img, x, y, int(v & 0xFF), int((v >> 8) & 0xFF), int((v >> 16) & 0xFF));
        }
    }
    return img;
}

std::vector<Rect> clipped(const Image& img, std::span<const Rect> rects) {
    std::vector<Rect> out;
    for (const Rect& r : rects) {
        if (Rect c = r.intersect({0, 0, img.width, img.height}); !c.empty()) out.push_back(c);
    }
    return out;
}

namespace {

// Visits each pixel of the union of `rects` once.
template <typename Fn>
void for_each_pixel(const Image& img, std::span<const Rect> rects, Fn&& fn) {
    std::vector<uint8_t> seen(size_t(img.width) * size_t(img.height), 0);
    for (const Rect& r : clipped(img, rects)) {
        for (int32_t y = r.y; y < r.bottom(); ++y) {
            for (int32_t x = r.x; x < r.right(); ++x) {
                uint8_t& s = seen[size_t(y) * size_t(img.width) + size_t(x)];
                if (s == 0) fn(x, y);
                s = 1;
            }
        }
    }
}

}  // namespace

double psnr(const Image& a, const Image& b, std::span<const Rect> rects) {
    double sum = 0;
    int64_t n = 0;
    for_each_pixel(a, rects, [&](int32_t x, int32_t y) {
        for (int c = 0; c < 3; ++c) {
            const double d = double(a.at(x, y)[c]) - double(b.at(x, y)[c]);
            sum += d * d;
        }
        n += 3;
    });
    if (n == 0 || sum == 0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(255.0 * 255.0 / (sum / double(n)));
}

int64_t differing_inside(const Image& a, const Image& b, std::span<const Rect> rects) {
    int64_t n = 0;
    for_each_pixel(a, rects, [&](int32_t x, int32_t y) {
        if (std::memcmp(a.at(x, y), b.at(x, y), 3) != 0) ++n;
    });
    return n;
}

int64_t touched_outside(const Image& canvas, std::span<const Rect> rects) {
    std::vector<uint8_t> inside(size_t(canvas.width) * size_t(canvas.height), 0);
    for (const Rect& r : clipped(canvas, rects)) {
        for (int32_t y = r.y; y < r.bottom(); ++y) {
            for (int32_t x = r.x; x < r.right(); ++x) inside[size_t(y) * size_t(canvas.width) + size_t(x)] = 1;
        }
    }
    int64_t n = 0;
    for (int32_t y = 0; y < canvas.height; ++y) {
        for (int32_t x = 0; x < canvas.width; ++x) {
            if (inside[size_t(y) * size_t(canvas.width) + size_t(x)] == 0 &&
                std::memcmp(canvas.at(x, y), &kSentinel, 4) != 0)
                ++n;
        }
    }
    return n;
}

double best_ms(int runs, const std::function<void()>& fn) {
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count());
    }
    return best;
}

RfxDecoder make_rfx_decoder() {
    RfxDecoder decoder(rfx_context_new(FALSE));
    if (decoder) rfx_context_set_pixel_format(decoder.get(), PIXEL_FORMAT_BGRX32);
    return decoder;
}

bool rfx_decode(RFX_CONTEXT* decoder, std::span<const uint8_t> message, Image& canvas) {
    REGION16 invalid;
    region16_init(&invalid);
    const BOOL ok = rfx_process_message(decoder, message.data(), static_cast<UINT32>(message.size()), 0, 0,
                                        canvas.pixels.data(), PIXEL_FORMAT_BGRX32, static_cast<UINT32>(canvas.stride),
                                        static_cast<UINT32>(canvas.height), &invalid);
    region16_uninit(&invalid);
    return ok != FALSE;
}

}  // namespace wrd::encoder::test
