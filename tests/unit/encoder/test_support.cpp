#include "test_support.hpp"

#include <freerdp/codec/color.h>
#include <freerdp/primitives.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "av.hpp"

namespace wrd::encoder::test {

Image::Image(int32_t w, int32_t h, int32_t extra_stride)
    : width(w), height(h), stride(4 * w + extra_stride), pixels(size_t(stride) * size_t(h), 0) {}

void Image::set(int32_t x, int32_t y, uint8_t r, uint8_t g, uint8_t b) {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    uint8_t* p = at(x, y);
    p[0] = b;
    p[1] = g;
    p[2] = r;
    p[3] = 0xff;
}

void Image::fill(const Rect& r, uint8_t red, uint8_t green, uint8_t blue) {
    const Rect c = r.intersect({0, 0, width, height});
    for (int32_t y = c.y; y < c.bottom(); ++y)
        for (int32_t x = c.x; x < c.right(); ++x) set(x, y, red, green, blue);
}

Image gradient_image(int32_t w, int32_t h, int32_t extra_stride) {
    Image img(w, h, extra_stride);
    for (int32_t y = 0; y < h; ++y)
        for (int32_t x = 0; x < w; ++x)
            img.set(x, y, uint8_t(255 * x / std::max(1, w - 1)), uint8_t(255 * y / std::max(1, h - 1)),
                    uint8_t(255 * (x + y) / std::max(1, w + h - 2)));
    return img;
}

Image random_image(int32_t w, int32_t h, std::mt19937& rng, int32_t extra_stride) {
    Image img(w, h, extra_stride);
    std::uniform_int_distribution<int> byte(0, 255);
    for (uint8_t& b : img.pixels) b = uint8_t(byte(rng));
    return img;
}

void draw_text(Image& img, const Rect& area, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, 99);
    for (int32_t line = area.y + 4; line + 14 <= area.bottom(); line += 18) {
        for (int32_t cell = area.x + 4; cell + 8 <= area.right(); cell += 8) {
            if (pick(rng) < 15) continue;  // spaces between words
            const int strokes = 2 + pick(rng) % 3;
            for (int s = 0; s < strokes; ++s) {
                const int32_t x = cell + pick(rng) % 6, y = line + 2 + pick(rng) % 8;
                if (pick(rng) < 50) {
                    img.fill({x, line + pick(rng) % 4, 1 + pick(rng) % 2, 6 + pick(rng) % 5}, 25, 25, 30);
                } else {
                    img.fill({cell, y, 3 + pick(rng) % 4, 1}, 25, 25, 30);
                }
            }
        }
    }
}

Image desktop_image(int32_t w, int32_t h) {
    Image img(w, h);
    for (int32_t y = 0; y < h; ++y)
        for (int32_t x = 0; x < w; ++x)
            img.set(x, y, uint8_t(40 + 80 * x / std::max(1, w)), uint8_t(60 + 100 * y / std::max(1, h)),
                    uint8_t(120 + 60 * (x + y) / std::max(1, w + h)));
    const Rect windows[] = {{w / 10, h / 10, w / 2, h / 2}, {w / 3, h / 3, w / 2, h * 2 / 5}};
    uint32_t seed = 1;
    for (const Rect& win : windows) {
        img.fill(win, 128, 128, 128);
        img.fill({win.x + 1, win.y + 1, win.width - 2, win.height - 2}, 246, 246, 242);
        img.fill({win.x + 1, win.y + 1, win.width - 2, 24}, 50, 90, 160);
        draw_text(img, {win.x + 2, win.y + 28, win.width - 4, win.height - 30}, seed++);
    }
    return img;
}

I420 nv12_to_i420(const uint8_t* y, int32_t y_stride, const uint8_t* uv, int32_t uv_stride, int32_t w, int32_t h) {
    I420 out;
    out.width = w;
    out.height = h;
    // Strides of an even width, as a decoder's planes have: FreeRDP's generic primitive
    // walks the Y plane as if rows were an even number of bytes long.
    out.y_stride = (w + 1) & ~1;
    out.uv_stride = out.y_stride / 2;
    const int32_t ch = (h + 1) / 2;
    out.y.resize(size_t(out.y_stride) * size_t(h));
    out.u.resize(size_t(out.uv_stride) * size_t(ch));
    out.v.resize(out.u.size());
    for (int32_t r = 0; r < h; ++r)
        std::memcpy(&out.y[size_t(r) * size_t(out.y_stride)], y + int64_t{r} * y_stride, size_t(w));
    for (int32_t r = 0; r < ch; ++r)
        for (int32_t c = 0; c < out.uv_stride; ++c) {
            out.u[size_t(r) * size_t(out.uv_stride) + size_t(c)] = uv[int64_t{r} * uv_stride + 2 * c];
            out.v[size_t(r) * size_t(out.uv_stride) + size_t(c)] = uv[int64_t{r} * uv_stride + 2 * c + 1];
        }
    return out;
}

Image freerdp_yuv420_to_bgrx(const I420& planes, int32_t w, int32_t h, Primitives which) {
    Image out(w, h);
    primitives_t* prims = which == Primitives::best ? primitives_get() : primitives_get_generic();
    const BYTE* src[3] = {planes.y.data(), planes.u.data(), planes.v.data()};
    const UINT32 steps[3] = {UINT32(planes.y_stride), UINT32(planes.uv_stride), UINT32(planes.uv_stride)};
    const prim_size_t roi = {UINT32(w), UINT32(h)};
    if (prims->YUV420ToRGB_8u_P3AC4R(src, steps, out.pixels.data(), UINT32(out.stride), PIXEL_FORMAT_BGRX32, &roi) !=
        PRIMITIVES_SUCCESS)
        std::abort();
    return out;
}

ChannelError compare(const Image& a, const Image& b) {
    ChannelError e;
    int64_t sum = 0;
    for (int32_t y = 0; y < a.height; ++y)
        for (int32_t x = 0; x < a.width; ++x)
            for (int c = 0; c < 3; ++c) {
                const int d = std::abs(int(a.at(x, y)[c]) - int(b.at(x, y)[c]));
                e.max_abs = std::max(e.max_abs, d);
                sum += d;
            }
    e.mean_abs = double(sum) / (3.0 * double(a.width) * double(a.height));
    return e;
}

double psnr(const Image& a, const Image& b) {
    double sse = 0;
    for (int32_t y = 0; y < a.height; ++y)
        for (int32_t x = 0; x < a.width; ++x)
            for (int c = 0; c < 3; ++c) {
                const double d = double(a.at(x, y)[c]) - double(b.at(x, y)[c]);
                sse += d * d;
            }
    const double mse = sse / (3.0 * double(a.width) * double(a.height));
    return mse == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

struct H264Decoder::State {
    av::CodecContextPtr ctx;
    av::FramePtr frame;
    av::PacketPtr packet;
};

H264Decoder::H264Decoder() : state_(std::make_unique<State>()) {
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
    if (!codec) std::abort();
    state_->ctx.reset(avcodec_alloc_context3(codec));
    state_->ctx->thread_count = 1;
    state_->frame.reset(av_frame_alloc());
    state_->packet.reset(av_packet_alloc());
    if (avcodec_open2(state_->ctx.get(), codec, nullptr) < 0) std::abort();
}

H264Decoder::~H264Decoder() = default;

std::optional<I420> H264Decoder::decode(std::span<const uint8_t> access_unit, std::string& error) {
    AVPacket* pkt = state_->packet.get();
    if (int rc = av_new_packet(pkt, int(access_unit.size())); rc < 0) {
        error = av::error("av_new_packet", rc);
        return std::nullopt;
    }
    std::memcpy(pkt->data, access_unit.data(), access_unit.size());
    int rc = avcodec_send_packet(state_->ctx.get(), pkt);
    av_packet_unref(pkt);
    if (rc >= 0) rc = avcodec_receive_frame(state_->ctx.get(), state_->frame.get());
    if (rc < 0) {
        error = av::error("decoding", rc);
        return std::nullopt;
    }
    const AVFrame* f = state_->frame.get();
    I420 out;
    out.width = f->width;
    out.height = f->height;
    out.y_stride = f->width;
    out.uv_stride = f->width / 2;
    out.y.resize(size_t(f->width) * size_t(f->height));
    out.u.resize(size_t(out.uv_stride) * size_t(f->height / 2));
    out.v.resize(out.u.size());
    for (int r = 0; r < f->height; ++r)
        std::memcpy(&out.y[size_t(r) * size_t(f->width)], f->data[0] + int64_t{r} * f->linesize[0], size_t(f->width));
    for (int r = 0; r < f->height / 2; ++r) {
        std::memcpy(&out.u[size_t(r) * size_t(out.uv_stride)], f->data[1] + int64_t{r} * f->linesize[1],
                    size_t(out.uv_stride));
        std::memcpy(&out.v[size_t(r) * size_t(out.uv_stride)], f->data[2] + int64_t{r} * f->linesize[2],
                    size_t(out.uv_stride));
    }
    av_frame_unref(state_->frame.get());
    return out;
}

int H264Decoder::profile() const {
    return state_->ctx->profile;
}
bool H264Decoder::full_range() const {
    return state_->ctx->color_range == AVCOL_RANGE_JPEG;
}
bool H264Decoder::bt709() const {
    const AVCodecContext* c = state_->ctx.get();
    return c->colorspace == AVCOL_SPC_BT709 && c->color_primaries == AVCOL_PRI_BT709 && c->color_trc == AVCOL_TRC_BT709;
}

bool H264Decoder::chroma_centred() const {
    return state_->ctx->chroma_sample_location == AVCHROMA_LOC_CENTER;
}

std::vector<int> nal_types(std::span<const uint8_t> s) {
    std::vector<int> types;
    for (size_t i = 0; i + 3 < s.size(); ++i) {
        if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
            types.push_back(s[i + 3] & 0x1f);
            i += 2;
        }
    }
    return types;
}

}  // namespace wrd::encoder::test
