// The AVX2 row-pair kernel of color_convert.hpp: 16 pixels of two rows per step, the same
// integer arithmetic as the portable kernel (so the bytes are identical), compiled for AVX2
// with a target attribute and only called after __builtin_cpu_supports("avx2").
#include <immintrin.h>

#include "color_convert.hpp"

namespace wrd::encoder::detail {

namespace {

#define WRD_AVX2 __attribute__((target("avx2")))

// Coefficients for _mm256_madd_epi16 on BGRX widened to 16 bits: (B, G) and (R, X) pairs.
WRD_AVX2 __m256i coefficients(int32_t b, int32_t g, int32_t r) {
    return _mm256_setr_epi16(int16_t(b), int16_t(g), int16_t(r), 0, int16_t(b), int16_t(g), int16_t(r), 0, int16_t(b),
                             int16_t(g), int16_t(r), 0, int16_t(b), int16_t(g), int16_t(r), 0);
}

// The dot product per pixel of 8 pixels given as unpacked lo/hi halves. Lane 0 holds pixels
// 0-3 and lane 1 pixels 4-7 (unpacklo gives pixels 0,1 | 4,5; unpackhi 2,3 | 6,7).
WRD_AVX2 __m256i dot8(__m256i lo, __m256i hi, __m256i k) {
    return _mm256_hadd_epi32(_mm256_madd_epi16(lo, k), _mm256_madd_epi16(hi, k));
}

// 16 Y values of one row (pixels 0-7 in `p0`, 8-15 in `p1`) as 16-bit words in order.
WRD_AVX2 __m256i luma16(__m256i p0, __m256i p1, __m256i k) {
    const __m256i zero = _mm256_setzero_si256(), round = _mm256_set1_epi32(kYRound);
    __m256i a = dot8(_mm256_unpacklo_epi8(p0, zero), _mm256_unpackhi_epi8(p0, zero), k);
    __m256i b = dot8(_mm256_unpacklo_epi8(p1, zero), _mm256_unpackhi_epi8(p1, zero), k);
    a = _mm256_srai_epi32(_mm256_add_epi32(a, round), 15);
    b = _mm256_srai_epi32(_mm256_add_epi32(b, round), 15);
    // packs interleaves the lanes: (0-3, 8-11 | 4-7, 12-15); the permute restores the order.
    return _mm256_permute4x64_epi64(_mm256_packs_epi32(a, b), _MM_SHUFFLE(3, 1, 2, 0));
}

// 8 chroma values (one per 2x2 block) from the vertical sums of 16 pixels, in the order
// (0, 1, 4, 5 | 2, 3, 6, 7): the pair sums of dot8's output lanes.
WRD_AVX2 __m256i chroma8(const __m256i sums[4], __m256i k) {
    const __m256i bias = _mm256_set1_epi32(kUVBias);
    __m256i c = _mm256_hadd_epi32(dot8(sums[0], sums[1], k), dot8(sums[2], sums[3], k));
    return _mm256_srai_epi32(_mm256_add_epi32(c, bias), 17);
}

struct Kernel {
    __m256i ky, ku, kv;

    WRD_AVX2 void step(const uint8_t* row0, const uint8_t* row1, uint8_t* y0, uint8_t* y1, uint8_t* uv) const {
        const __m256i zero = _mm256_setzero_si256();
        const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row0));
        const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row0 + 32));
        const __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row1));
        const __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row1 + 32));

        const __m256i ybytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(luma16(a0, a1, ky), luma16(b0, b1, ky)),
                                                        _MM_SHUFFLE(3, 1, 2, 0));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(y0), _mm256_castsi256_si128(ybytes));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(y1), _mm256_extracti128_si256(ybytes, 1));

        // Vertical sums of the two rows per pixel, 16-bit (at most 510).
        const __m256i sums[4] = {
            _mm256_add_epi16(_mm256_unpacklo_epi8(a0, zero), _mm256_unpacklo_epi8(b0, zero)),
            _mm256_add_epi16(_mm256_unpackhi_epi8(a0, zero), _mm256_unpackhi_epi8(b0, zero)),
            _mm256_add_epi16(_mm256_unpacklo_epi8(a1, zero), _mm256_unpacklo_epi8(b1, zero)),
            _mm256_add_epi16(_mm256_unpackhi_epi8(a1, zero), _mm256_unpackhi_epi8(b1, zero)),
        };
        const __m256i u = chroma8(sums, ku), v = chroma8(sums, kv);
        // (u0 v0 u1 v1 | u2 v2 u3 v3) and (u4 v4 u5 v5 | u6 v6 u7 v7) -> words in order -> bytes.
        const __m256i words = _mm256_permute4x64_epi64(
            _mm256_packs_epi32(_mm256_unpacklo_epi32(u, v), _mm256_unpackhi_epi32(u, v)), _MM_SHUFFLE(3, 1, 2, 0));
        const __m128i bytes = _mm_packus_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(uv), bytes);
    }
};

}  // namespace

WRD_AVX2 void row_pair_avx2(const uint8_t* row0, const uint8_t* row1, uint8_t* y0, uint8_t* y1, uint8_t* uv,
                            int32_t pairs) {
    const Kernel kernel{coefficients(kYB, kYG, kYR), coefficients(kUB, kUG, kUR), coefficients(kVB, kVG, kVR)};
    constexpr int32_t kPairsPerStep = 8;
    int32_t i = 0;
    for (; i + kPairsPerStep <= pairs; i += kPairsPerStep)
        kernel.step(row0 + 8 * i, row1 + 8 * i, y0 + 2 * i, y1 + 2 * i, uv + 2 * i);
    if (i < pairs) row_pair_portable(row0 + 8 * i, row1 + 8 * i, y0 + 2 * i, y1 + 2 * i, uv + 2 * i, pairs - i);
}

}  // namespace wrd::encoder::detail
