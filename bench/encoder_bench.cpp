// wrd-bench-encoder: the AVC420 half of the encoder, stage by stage, at 1080p. Google Benchmark;
// times are per operation in milliseconds. Encoder runs use wall time (x264's slice threads do
// the work) with threads:0 (libx264 picks, slice threads) and threads:1.
//   tile compare:  TileDamage::update over the whole frame, unchanged and fully changed
//   conversion:    BGRX -> NV12, portable and AVX2
//   AVC420:        Avc420Encoder::encode of a full-frame change and of a small change
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "avc420_encoder.hpp"
#include "color_convert.hpp"
#include "tile_damage.hpp"

namespace wrd::encoder {
namespace {

constexpr int32_t kWidth = 1920, kHeight = 1080;

// A BGRX frame with desktop-like content: a gradient wallpaper, a light window and rows of
// dark text-like strokes. `seed` varies the strokes, so two seeds differ in every tile row.
struct Frame {
    std::vector<uint8_t> pixels = std::vector<uint8_t>(size_t(kWidth) * kHeight * 4);

    explicit Frame(uint32_t seed) {
        for (int32_t y = 0; y < kHeight; ++y)
            for (int32_t x = 0; x < kWidth; ++x)
                put(x, y, uint8_t(40 + 80 * x / kWidth), uint8_t(60 + 100 * y / kHeight), uint8_t(150 + seed % 50));
        fill({200, 100, 1400, 850}, 246, 246, 242);
        std::mt19937 rng(seed);
        for (int32_t line = 120; line + 14 < 940; line += 18)
            for (int32_t cell = 210; cell + 8 < 1590; cell += 8)
                if (rng() % 100 >= 15)
                    fill({cell + int32_t(rng() % 5), line + int32_t(rng() % 6), 1 + int32_t(rng() % 4),
                          1 + int32_t(rng() % 9)},
                         25, 25, 30);
    }
    void put(int32_t x, int32_t y, uint8_t r, uint8_t g, uint8_t b) {
        uint8_t* p = &pixels[(size_t(y) * kWidth + size_t(x)) * 4];
        p[0] = b, p[1] = g, p[2] = r, p[3] = 255;
    }
    void fill(const Rect& r, uint8_t red, uint8_t green, uint8_t blue) {
        for (int32_t y = r.y; y < r.bottom(); ++y)
            for (int32_t x = r.x; x < r.right(); ++x) put(x, y, red, green, blue);
    }
    FrameView view() const { return {pixels.data(), kWidth, kHeight, kWidth * 4}; }
};

const Rect kWhole{0, 0, kWidth, kHeight};

void BM_TileCompareNoChange(benchmark::State& state) {
    const Frame frame(1);
    TileDamage damage;
    damage.update(frame.view(), {});
    for (auto _ : state) benchmark::DoNotOptimize(damage.update(frame.view(), {&kWhole, 1}));
}

void BM_TileCompareFullChange(benchmark::State& state) {
    const Frame a(1), b(2);
    TileDamage damage;
    damage.update(a.view(), {});
    bool flip = false;
    for (auto _ : state) {
        flip = !flip;
        benchmark::DoNotOptimize(damage.update((flip ? b : a).view(), {&kWhole, 1}));
    }
}

void convert(benchmark::State& state, ConvertImpl impl) {
    if (impl == ConvertImpl::avx2 && !avx2_supported()) {
        state.SkipWithError("no AVX2 on this CPU");
        return;
    }
    const Frame frame(1);
    const int32_t coded_h = (kHeight + 15) & ~15;
    std::vector<uint8_t> y(size_t(kWidth) * coded_h), uv(y.size() / 2);
    const Nv12Planes planes{y.data(), kWidth, uv.data(), kWidth, kWidth, coded_h};
    for (auto _ : state) {
        bgrx_to_nv12(frame.view(), planes, kWhole, impl);
        benchmark::ClobberMemory();
    }
}
void BM_ConvertPortable(benchmark::State& state) {
    convert(state, ConvertImpl::portable);
}
void BM_ConvertAvx2(benchmark::State& state) {
    convert(state, ConvertImpl::avx2);
}

std::optional<Avc420Encoder> make_encoder(benchmark::State& state) {
    auto enc = Avc420Encoder::create(kWidth, kHeight, {.threads = int(state.range(0))});
    if (!enc) {
        state.SkipWithError(enc.error().c_str());
        return std::nullopt;
    }
    return std::move(*enc);
}

// Alternates between two different frames: every picture is a full-frame P-frame.
void BM_Avc420FullChange(benchmark::State& state) {
    const Frame a(1), b(2);
    auto enc = make_encoder(state);
    if (!enc) return;
    enc->encode(a.view(), {&kWhole, 1}, false);
    bool flip = false;
    size_t bytes = 0;
    for (auto _ : state) {
        flip = !flip;
        auto out = enc->encode((flip ? b : a).view(), {&kWhole, 1}, false);
        if (!out) state.SkipWithError(out.error().c_str());
        bytes += out ? out->bitstream.size() : 0;
    }
    state.counters["kB/frame"] = double(bytes) / 1000.0 / double(std::max<int64_t>(1, state.iterations()));
}

// A 300x20 line of text changes per picture (typing, a clock, a progress bar).
void BM_Avc420SmallChange(benchmark::State& state) {
    Frame frame(1);
    auto enc = make_encoder(state);
    if (!enc) return;
    enc->encode(frame.view(), {}, false);
    const Rect line{400, 500, 300, 20};
    uint8_t shade = 0;
    size_t bytes = 0;
    for (auto _ : state) {
        shade = uint8_t(shade + 37);
        frame.fill({line.x + shade % 200, line.y, 100, line.height}, shade, 20, 255 - shade);
        auto out = enc->encode(frame.view(), {&line, 1}, false);
        if (!out) state.SkipWithError(out.error().c_str());
        bytes += out ? out->bitstream.size() : 0;
    }
    state.counters["kB/frame"] = double(bytes) / 1000.0 / double(std::max<int64_t>(1, state.iterations()));
}

void BM_Avc420Idr(benchmark::State& state) {
    const Frame frame(1);
    auto enc = make_encoder(state);
    if (!enc) return;
    for (auto _ : state) {
        auto out = enc->encode(frame.view(), {}, true);
        if (!out) state.SkipWithError(out.error().c_str());
    }
}

BENCHMARK(BM_TileCompareNoChange)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TileCompareFullChange)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConvertPortable)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConvertAvx2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Avc420FullChange)->ArgName("threads")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Avc420SmallChange)->ArgName("threads")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Avc420Idr)->ArgName("threads")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace wrd::encoder

BENCHMARK_MAIN();
