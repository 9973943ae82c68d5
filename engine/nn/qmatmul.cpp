#include "nn/qmatmul.h"

#include "core/error.h"
#include "nn/vecops.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace keel::nn {
namespace {

// How each kernel sums: a block's 32 weights are first dequantised in registers (w = q·d + m,
// or (q − 8)·d, or q·d, each by one fused multiply-add), then multiplied into per-token
// accumulators lane by lane. The order of the additions for one token does not depend on how
// many tokens or rows a call handles together, so a sequence's logits are the same alone or
// in any batch (continuous batching relies on that).

template <DType type>
constexpr std::size_t blockBytes()
{
    return type == DType::F32 ? 128 : type == DType::Q4_1 ? 20 : type == DType::Q4_0 ? 18 : 34;
}

float f16(const std::byte *p)
{
    std::uint16_t h;
    std::memcpy(&h, p, 2);
    return halfToFloat(h);
}

// Types the register kernels decode only with AVX-512; elsewhere their rows are dequantised.
template <DType type>
constexpr bool decodedPerBlockOnlyOnAvx512()
{
    return type == DType::Q5_0 || type == DType::Q5_1 || type == DType::Q4_K || type == DType::Q6_K;
}

// Portable: the same dequantise-then-accumulate order, one float sum per token and row.
template <DType type>
void rowsScalar(const std::byte *w, std::size_t rowBytes, std::size_t cols, const float *x, std::size_t tokens, float *y, std::size_t rows,
                std::size_t from, std::size_t to)
{
    const std::size_t blocks = cols / 32;
    float values[32];
    for (std::size_t r = from; r < to; ++r) {
        for (std::size_t t = 0; t < tokens; ++t)
            y[t * rows + r] = 0;
        for (std::size_t b = 0; b < blocks; ++b) {
            const std::byte *block = w + r * rowBytes + b * blockBytes<type>();
            if constexpr (type == DType::F32) {
                std::memcpy(values, block, sizeof values);
            } else if constexpr (type == DType::Q8_0) {
                const float d = f16(block);
                for (int j = 0; j < 32; ++j)
                    values[j] = float(std::int8_t(block[2 + j])) * d;
            } else {
                const float d = f16(block);
                const float m = type == DType::Q4_1 ? f16(block + 2) : -8.0f * d;
                const auto *nibbles = reinterpret_cast<const std::uint8_t *>(block + (type == DType::Q4_1 ? 4 : 2));
                for (int j = 0; j < 16; ++j) {
                    values[j] = std::fma(float(nibbles[j] & 0xF), d, m);
                    values[j + 16] = std::fma(float(nibbles[j] >> 4), d, m);
                }
            }
            for (std::size_t t = 0; t < tokens; ++t) {
                const float *xs = x + t * cols + b * 32;
                float s = 0;
                for (int j = 0; j < 32; ++j)
                    s += values[j] * xs[j];
                y[t * rows + r] += s;
            }
        }
    }
}

// K-quants (256-value super-blocks with packed sub-block scales) and Q5_0/Q5_1 (the fallback
// of K-quant files for rows that are not whole super-blocks): each row is dequantised once
// into floats by dtype.cpp's decoder and multiplied with every token's activations, so the
// matrix stays in its blocks in memory (Q4_K: 4.5 bits a weight) at the cost of decoding it
// per call (where the CPU has no AVX-512, which decodes them in registers like the others).
void rowsDequantized(DType type, const std::byte *w, std::size_t rowBytes, std::size_t cols, const float *x, std::size_t tokens, float *y,
                     std::size_t rows, std::size_t from, std::size_t to)
{
    thread_local std::vector<float> row;
    row.resize(cols);
    for (std::size_t r = from; r < to; ++r) {
        dequantize(type, std::span<const std::byte>(w + r * rowBytes, rowBytes), row);
        for (std::size_t t = 0; t < tokens; ++t)
            y[t * rows + r] = dot(row.data(), x + t * cols, cols);
    }
}

#if defined(__x86_64__)

// AVX-512: a block is two 16-lane vectors; each token keeps two accumulators.
template <DType type>
__attribute__((target("avx512f,avx512bw,fma,f16c"), always_inline)) inline void decodeK512(const std::byte *row, std::size_t b, __m512 &w0,
                                                                                           __m512 &w1);

// Block b (32 values) of a row.
template <DType type>
__attribute__((target("avx512f,avx512bw,fma,f16c"), always_inline)) inline void decode512(const std::byte *row, std::size_t b, __m512 &w0, __m512 &w1)
{
    if constexpr (type == DType::Q5_0 || type == DType::Q5_1 || type == DType::Q4_K || type == DType::Q6_K) {
        decodeK512<type>(row, b, w0, w1);
        return;
    } else {
    const std::byte *block = row + b * blockBytes<type>();
    if constexpr (type == DType::F32) {
        w0 = _mm512_loadu_ps(reinterpret_cast<const float *>(block));
        w1 = _mm512_loadu_ps(reinterpret_cast<const float *>(block) + 16);
        return;
    }
    std::uint16_t dh;
    std::memcpy(&dh, block, 2);
    const __m512 d = _mm512_set1_ps(_cvtsh_ss(dh));
    if constexpr (type == DType::Q8_0) {
        w0 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(block + 2)))), d);
        w1 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(block + 18)))), d);
    } else {
        __m512 m;
        if constexpr (type == DType::Q4_1) {
            std::uint16_t mh;
            std::memcpy(&mh, block + 2, 2);
            m = _mm512_set1_ps(_cvtsh_ss(mh));
        } else {
            m = _mm512_mul_ps(_mm512_set1_ps(-8.0f), d);
        }
        const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i *>(block + (type == DType::Q4_1 ? 4 : 2)));
        const __m128i mask = _mm_set1_epi8(0x0F);
        const __m128i lo = _mm_and_si128(packed, mask);                    // values 0..15
        const __m128i hi = _mm_and_si128(_mm_srli_epi16(packed, 4), mask); // values 16..31
        w0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(lo)), d, m);
        w1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(hi)), d, m);
    }
}
}

// Q5_0/Q5_1: the fifth bits of values 0..15 and 16..31 are the low and high halves of qh, used
// as lane masks. Q4_K: block b is sub-block b % 8 of super-block b / 8, its 32 values the low
// (even b) or high (odd b) nibbles of one 32-byte run, scale d·sc and offset −dmin·m. Q6_K:
// block b is the quarter b % 4 of half b / 4; its values take 4 bits from ql and 2 from qh,
// less 32, with one int8 scale for each 16.
template <DType type>
__attribute__((target("avx512f,avx512bw,fma,f16c"), always_inline)) inline void decodeK512(const std::byte *row, std::size_t b, __m512 &w0,
                                                                                           __m512 &w1)
{
    const __m128i mask4 = _mm_set1_epi8(0x0F);
    if constexpr (type == DType::Q5_0 || type == DType::Q5_1) {
        constexpr bool withMin = type == DType::Q5_1;
        const std::byte *block = row + b * (withMin ? 24 : 22);
        std::uint16_t dh;
        std::memcpy(&dh, block, 2);
        const float d = _cvtsh_ss(dh);
        float m = -16.0f * d;
        if constexpr (withMin) {
            std::uint16_t mh;
            std::memcpy(&mh, block + 2, 2);
            m = _cvtsh_ss(mh);
        }
        std::uint32_t qh;
        std::memcpy(&qh, block + (withMin ? 4 : 2), 4);
        const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i *>(block + (withMin ? 8 : 6)));
        const __m512i sixteen = _mm512_set1_epi32(16);
        __m512i lo = _mm512_cvtepu8_epi32(_mm_and_si128(packed, mask4));
        __m512i hi = _mm512_cvtepu8_epi32(_mm_and_si128(_mm_srli_epi16(packed, 4), mask4));
        lo = _mm512_mask_add_epi32(lo, __mmask16(qh & 0xFFFF), lo, sixteen);
        hi = _mm512_mask_add_epi32(hi, __mmask16(qh >> 16), hi, sixteen);
        const __m512 dv = _mm512_set1_ps(d), mv = _mm512_set1_ps(m);
        w0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lo), dv, mv);
        w1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(hi), dv, mv);
    } else if constexpr (type == DType::Q4_K) {
        const std::byte *super = row + (b >> 3) * 144;
        const int j = int(b & 7);
        std::uint16_t dh, mh;
        std::memcpy(&dh, super, 2);
        std::memcpy(&mh, super + 2, 2);
        const auto *scales = reinterpret_cast<const std::uint8_t *>(super + 4);
        std::uint8_t sc, mn;
        if (j < 4) {
            sc = scales[j] & 63;
            mn = scales[j + 4] & 63;
        } else {
            sc = std::uint8_t((scales[j + 4] & 0xF) | ((scales[j - 4] >> 6) << 4));
            mn = std::uint8_t((scales[j + 4] >> 4) | ((scales[j] >> 6) << 4));
        }
        const __m512 dv = _mm512_set1_ps(_cvtsh_ss(dh) * float(sc)), mv = _mm512_set1_ps(_cvtsh_ss(mh) * float(mn));
        const auto *q = reinterpret_cast<const __m128i *>(super + 16 + 32 * (j >> 1));
        __m128i q0 = _mm_loadu_si128(q), q1 = _mm_loadu_si128(q + 1);
        if (j & 1) {
            q0 = _mm_srli_epi16(q0, 4);
            q1 = _mm_srli_epi16(q1, 4);
        }
        w0 = _mm512_fmsub_ps(_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_and_si128(q0, mask4))), dv, mv);
        w1 = _mm512_fmsub_ps(_mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_and_si128(q1, mask4))), dv, mv);
    } else {
        static_assert(type == DType::Q6_K);
        const std::byte *super = row + (b >> 3) * 210;
        const int half = int((b >> 2) & 1), k = int(b & 3);
        const auto *ql = reinterpret_cast<const __m128i *>(super + 64 * half + 32 * (k & 1));
        const auto *qh = reinterpret_cast<const __m128i *>(super + 128 + 32 * half);
        const auto *sc = reinterpret_cast<const std::int8_t *>(super + 192 + 8 * half + 2 * k);
        std::uint16_t dh;
        std::memcpy(&dh, super + 208, 2);
        const float d = _cvtsh_ss(dh);
        const int lowShift = 4 * (k >> 1), highShift = 2 * k;
        const __m128i mask2 = _mm_set1_epi8(0x03), thirtyTwo = _mm_set1_epi8(32);
        __m128i v[2];
        for (int i = 0; i < 2; ++i) {
            const __m128i low = _mm_and_si128(_mm_srli_epi16(_mm_loadu_si128(ql + i), lowShift), mask4);
            const __m128i high = _mm_and_si128(_mm_srli_epi16(_mm_loadu_si128(qh + i), highShift), mask2);
            v[i] = _mm_sub_epi8(_mm_or_si128(low, _mm_slli_epi16(high, 4)), thirtyTwo); // −32..31
        }
        w0 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(v[0])), _mm512_set1_ps(d * float(sc[0])));
        w1 = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(v[1])), _mm512_set1_ps(d * float(sc[1])));
    }
}

// R consecutive rows against NT activation rows: y[t·yStride + r].
template <DType type, int R, int NT>
__attribute__((target("avx512f,avx512bw,fma,f16c"))) void tile512(const std::byte *w, std::size_t rowBytes, std::size_t blocks, const float *x,
                                                                 std::size_t cols, float *y, std::size_t yStride)
{
    __m512 acc[R][NT][2];
    for (int r = 0; r < R; ++r)
        for (int t = 0; t < NT; ++t)
            acc[r][t][0] = acc[r][t][1] = _mm512_setzero_ps();
    for (std::size_t b = 0; b < blocks; ++b) {
        __m512 wv[R][2];
        for (int r = 0; r < R; ++r)
            decode512<type>(w + std::size_t(r) * rowBytes, b, wv[r][0], wv[r][1]);
        for (int t = 0; t < NT; ++t) {
            const float *xs = x + std::size_t(t) * cols + b * 32;
            const __m512 x0 = _mm512_loadu_ps(xs), x1 = _mm512_loadu_ps(xs + 16);
            for (int r = 0; r < R; ++r) {
                acc[r][t][0] = _mm512_fmadd_ps(wv[r][0], x0, acc[r][t][0]);
                acc[r][t][1] = _mm512_fmadd_ps(wv[r][1], x1, acc[r][t][1]);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int t = 0; t < NT; ++t)
            y[std::size_t(t) * yStride + std::size_t(r)] = _mm512_reduce_add_ps(_mm512_add_ps(acc[r][t][0], acc[r][t][1]));
}

// AVX2: a block is four 8-lane vectors; each token keeps two accumulators (quarters 0 and 2,
// quarters 1 and 3).
template <DType type>
__attribute__((target("avx2,fma,f16c"), always_inline)) inline void decode256(const std::byte *block, __m256 w[4])
{
    if constexpr (type == DType::F32) {
        for (int j = 0; j < 4; ++j)
            w[j] = _mm256_loadu_ps(reinterpret_cast<const float *>(block) + 8 * j);
        return;
    }
    std::uint16_t dh;
    std::memcpy(&dh, block, 2);
    const __m256 d = _mm256_set1_ps(_cvtsh_ss(dh));
    if constexpr (type == DType::Q8_0) {
        for (int j = 0; j < 4; ++j)
            w[j] = _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(block + 2 + 8 * j)))), d);
    } else {
        __m256 m;
        if constexpr (type == DType::Q4_1) {
            std::uint16_t mh;
            std::memcpy(&mh, block + 2, 2);
            m = _mm256_set1_ps(_cvtsh_ss(mh));
        } else {
            m = _mm256_mul_ps(_mm256_set1_ps(-8.0f), d);
        }
        const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i *>(block + (type == DType::Q4_1 ? 4 : 2)));
        const __m128i mask = _mm_set1_epi8(0x0F);
        const __m128i lo = _mm_and_si128(packed, mask);
        const __m128i hi = _mm_and_si128(_mm_srli_epi16(packed, 4), mask);
        w[0] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(lo)), d, m);
        w[1] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8))), d, m);
        w[2] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(hi)), d, m);
        w[3] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8))), d, m);
    }
}

template <DType type, int R, int NT>
__attribute__((target("avx2,fma,f16c"))) void tile256(const std::byte *w, std::size_t rowBytes, std::size_t blocks, const float *x,
                                                     std::size_t cols, float *y, std::size_t yStride)
{
    __m256 acc[R][NT][2];
    for (int r = 0; r < R; ++r)
        for (int t = 0; t < NT; ++t)
            acc[r][t][0] = acc[r][t][1] = _mm256_setzero_ps();
    for (std::size_t b = 0; b < blocks; ++b) {
        __m256 wv[R][4];
        for (int r = 0; r < R; ++r)
            decode256<type>(w + std::size_t(r) * rowBytes + b * blockBytes<type>(), wv[r]);
        for (int t = 0; t < NT; ++t) {
            const float *xs = x + std::size_t(t) * cols + b * 32;
            for (int j = 0; j < 4; ++j) {
                const __m256 xv = _mm256_loadu_ps(xs + 8 * j);
                for (int r = 0; r < R; ++r)
                    acc[r][t][j & 1] = _mm256_fmadd_ps(wv[r][j], xv, acc[r][t][j & 1]);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int t = 0; t < NT; ++t) {
            const __m256 s8 = _mm256_add_ps(acc[r][t][0], acc[r][t][1]);
            __m128 s = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
            s = _mm_add_ps(s, _mm_movehl_ps(s, s));
            s = _mm_add_ss(s, _mm_movehdup_ps(s));
            y[std::size_t(t) * yStride + std::size_t(r)] = _mm_cvtss_f32(s);
        }
}

// --- Activations in 8 bits (llama.cpp's Q8_0/Q8_1 for its Q4 and Q8 dot products): each
// token's row, block by block of 32, as q = round(x · 127 / max|x|) (nearest, ties to even),
// d = max|x| / 127 and, for the Q4_1 offset term, s = d·Σq; d and s are rounded to fp16, as
// llama.cpp's blocks store them. A block's product with a weight block is then integer
// multiply-adds (AVX2 maddubs: unsigned 8-bit × signed 8-bit pairs into 16 bits, then into 32)
// and one float multiply-add by the two scales.
//
// A call's tokens in 8 bits: q row by row (tokens × cols), and each block's d and s block by
// block across the tokens (d[b·stride + t]), so that a kernel reads the scales of its tile of
// tokens as one vector. stride leaves 8 zero lanes past the last token.
struct Q8Rows {
    const std::int8_t *q;
    std::size_t cols;
    const float *d, *s;
    const std::int32_t *sum; // Σq of each block, exact (Q4_0's −8 offset term)
    std::size_t stride;
};

__attribute__((target("avx2,fma,f16c"))) void quantizeQ8Avx2(const float *x, std::size_t n, std::int8_t *q, float *d, float *s, std::int32_t *sum, std::size_t stride)
{
    const __m256 signBit = _mm256_set1_ps(-0.0f);
    for (std::size_t b = 0; b < n / 32; ++b) {
        const float *xs = x + b * 32;
        __m256 v[4];
        __m256 amax = _mm256_setzero_ps();
        for (int j = 0; j < 4; ++j) {
            v[j] = _mm256_loadu_ps(xs + 8 * j);
            amax = _mm256_max_ps(amax, _mm256_andnot_ps(signBit, v[j]));
        }
        __m128 m = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
        m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        m = _mm_max_ss(m, _mm_movehdup_ps(m));
        // As llama.cpp's q8_0/q8_1 blocks: q from 127 / max|x| in fp32, d and s kept in fp16.
        const float top = _mm_cvtss_f32(m), scale = top / 127.0f;
        const __m256 inv = _mm256_set1_ps(top != 0 ? 127.0f / top : 0.0f);
        __m256i qi[4];
        for (int j = 0; j < 4; ++j)
            qi[j] = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v[j], inv), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        // Σq in 32 bits, for s = d·Σq: Q4_1's offset m then multiplies the same 8-bit values as
        // its q·d part, so the product is exactly w·x8 (w centred on zero; m·Σx of the floats
        // doubles the error on SmolLM2's logits). Then the four vectors packed to bytes in their
        // order (packs interleave 128-bit lanes; the permute puts them back).
        const __m256i sum32 = _mm256_add_epi32(_mm256_add_epi32(qi[0], qi[1]), _mm256_add_epi32(qi[2], qi[3]));
        __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(sum32), _mm256_extracti128_si256(sum32, 1));
        s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0x4E));
        s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, 0xB1));
        const __m256i p16a = _mm256_packs_epi32(qi[0], qi[1]), p16b = _mm256_packs_epi32(qi[2], qi[3]);
        const __m256i p8 = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(p16a, p16b), _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256(reinterpret_cast<__m256i *>(q + b * 32), p8);
        d[b * stride] = _cvtsh_ss(_cvtss_sh(scale, _MM_FROUND_TO_NEAREST_INT)); // rounded to fp16 and back in F16C
        s[b * stride] = _cvtsh_ss(_cvtss_sh(scale * float(_mm_cvtsi128_si32(s4)), _MM_FROUND_TO_NEAREST_INT)); // rounded to fp16 and back in F16C
        sum[b * stride] = _mm_cvtsi128_si32(s4);
    }
}

// Q8_0 rows against NT tokens' 8-bit rows, R rows at a time: y[t·yStride + r]. Each (row,
// token) keeps one vector of float partial sums, added in block order, lane by lane, whatever R
// and NT are. Signed weights: maddubs multiplies |w| by x with w's sign. The block's products of
// the scales (d_w·d_x for 8 tokens at once) go through memory, so a token takes its own as one
// broadcast load. (Q4_0 and Q4_1 run 8 rows at a time from their packed layout, below.)
template <int R, int NT>
__attribute__((target("avx2,fma,f16c"))) void tileQ8(const std::byte *w, std::size_t rowBytes, std::size_t blocks, const Q8Rows &x,
                                                    std::size_t t0, float *y, std::size_t yStride)
{
    __m256 acc[R][NT];
    for (int r = 0; r < R; ++r)
        for (int t = 0; t < NT; ++t)
            acc[r][t] = _mm256_setzero_ps();
    const __m256i ones = _mm256_set1_epi16(1);
    const std::size_t cols = x.cols, stride = x.stride;
    const std::int8_t *xq = x.q + t0 * cols;
    const float *dRow = x.d + t0;
    alignas(32) float scales[R][8];
    for (std::size_t b = 0; b < blocks; ++b) {
        __m256i wq[R], wAbs[R];
        const __m256 dx = _mm256_loadu_ps(dRow + b * stride);
        for (int r = 0; r < R; ++r) {
            const std::byte *block = w + std::size_t(r) * rowBytes + b * blockBytes<DType::Q8_0>();
            std::uint16_t dh;
            std::memcpy(&dh, block, 2);
            wq[r] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + 2));
            wAbs[r] = _mm256_sign_epi8(wq[r], wq[r]); // |w| as unsigned bytes (−128 gives 128)
            _mm256_store_ps(scales[r], _mm256_mul_ps(_mm256_set1_ps(_cvtsh_ss(dh)), dx));
        }
        const std::int8_t *xt = xq + b * 32;
#pragma GCC unroll 8
        for (int t = 0; t < NT; ++t, xt += cols) {
            const __m256i xv = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(xt));
#pragma GCC unroll 4
            for (int r = 0; r < R; ++r) {
                // |w| times x with w's sign (zero where w is zero): w·x, pair sums within 16 bits
                const __m256i products = _mm256_maddubs_epi16(wAbs[r], _mm256_sign_epi8(xv, wq[r]));
                const __m256 sums = _mm256_cvtepi32_ps(_mm256_madd_epi16(products, ones));
                acc[r][t] = _mm256_fmadd_ps(_mm256_broadcast_ss(&scales[r][t]), sums, acc[r][t]);
            }
        }
    }
    for (int r = 0; r < R; ++r)
        for (int t = 0; t < NT; ++t) {
            const __m256 s8 = acc[r][t];
            __m128 s = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
            s = _mm_add_ps(s, _mm_movehl_ps(s, s));
            s = _mm_add_ss(s, _mm_movehdup_ps(s));
            y[std::size_t(t) * yStride + std::size_t(r)] = _mm_cvtss_f32(s);
        }
}

using Tile = void (*)(const std::byte *, std::size_t, std::size_t, const float *, std::size_t, float *, std::size_t);

// The kernels one instruction set offers for one type: tokens[n-1] handles n ≤ maxTokens
// activation rows for one weight row; severalRows handles `rowsAtOnce` weight rows for one
// activation row (single-sequence decoding, where a row's decode is not shared and independent
// rows keep the multiply-adds busy).
template <typename TileFn>
struct KernelTable {
    TileFn tokens[8];
    std::size_t maxTokens;
    TileFn severalRows;
    std::size_t rowsAtOnce;
};
using Kernels = KernelTable<Tile>;

template <DType type>
Kernels kernels512()
{
    return {{tile512<type, 1, 1>, tile512<type, 1, 2>, tile512<type, 1, 3>, tile512<type, 1, 4>, tile512<type, 1, 5>, tile512<type, 1, 6>,
             tile512<type, 1, 7>, tile512<type, 1, 8>},
            8,
            type == DType::F32 ? tile512<type, 1, 1> : tile512<type, 4, 1>,
            type == DType::F32 ? std::size_t(1) : std::size_t(4)};
}

template <DType type>
Kernels kernels256()
{
    // fp32 rows, whose loads are their decoding: one row at a time on one token streams the
    // matrix fastest (18 GB/s here, against 10 for four rows interleaved).
    if constexpr (type == DType::F32)
        return {{tile256<type, 1, 1>, tile256<type, 1, 2>, tile256<type, 1, 3>, tile256<type, 1, 4>}, 4, tile256<type, 1, 1>, 1};
    else
        return {{tile256<type, 1, 1>, tile256<type, 1, 2>, tile256<type, 1, 3>, tile256<type, 1, 4>}, 4, tile256<type, 2, 1>, 2};
}

using TileQ8 = void (*)(const std::byte *, std::size_t, std::size_t, const Q8Rows &, std::size_t, float *, std::size_t);

using KernelsQ8 = KernelTable<TileQ8>;

KernelsQ8 kernelsQ8()
{
    return {{tileQ8<1, 1>, tileQ8<1, 2>, tileQ8<1, 3>, tileQ8<1, 4>, tileQ8<1, 5>, tileQ8<1, 6>, tileQ8<1, 7>, tileQ8<1, 8>}, 8, tileQ8<4, 1>, 4};
}

enum class Isa { Scalar, Avx2, Avx512 };

Isa detectIsa()
{
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return Isa::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c"))
        return Isa::Avx2;
    return Isa::Scalar;
}


// The best the CPU has, lowered by useKernels (tests run every set).
std::atomic<int> kernelCap{int(QuantizedKernels::Best)};

Isa activeIsa()
{
    static const Isa best = detectIsa();
    const auto cap = QuantizedKernels(kernelCap.load(std::memory_order_relaxed));
    if (cap == QuantizedKernels::Portable)
        return Isa::Scalar;
    if (cap == QuantizedKernels::Avx2 && best == Isa::Avx512)
        return Isa::Avx2;
    return best;
}

template <DType type>
const Kernels *kernelsFor()
{
    const Isa isa = activeIsa();
    static const Kernels k512 = kernels512<type>();
    if constexpr (decodedPerBlockOnlyOnAvx512<type>()) {
        return isa == Isa::Avx512 ? &k512 : nullptr;
    } else {
        static const Kernels k256 = kernels256<type>();
        return isa == Isa::Avx512 ? &k512 : isa == Isa::Avx2 ? &k256 : nullptr;
    }
}

// AVX-512 VNNI's integer dot products (with AVX512VL for their 256-bit form), where the AVX-512
// set runs.
bool vnniActive()
{
    static const bool has = __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vl");
    return has && activeIsa() == Isa::Avx512;
}

// 8-bit activations: where AVX2's kernels run (the CPU has no AVX-512, or tests cap the set
// there) and where AVX-512 has VNNI, unless asked for fp32. An AVX-512 CPU without VNNI keeps
// the fp32 kernels.
std::atomic<int> activationsWanted{int(ActivationPrecision::Auto)};

bool int8Activations(DType type)
{
    if (type != DType::Q4_0 && type != DType::Q4_1 && type != DType::Q8_0)
        return false;
    auto wanted = ActivationPrecision(activationsWanted.load(std::memory_order_relaxed));
    static const bool fp32FromEnvironment = [] {
        const char *v = std::getenv("KEEL_ACTIVATIONS");
        return v && std::string_view(v) == "fp32";
    }();
    if (wanted == ActivationPrecision::Auto && fp32FromEnvironment)
        wanted = ActivationPrecision::Float32;
    return wanted != ActivationPrecision::Float32 && (activeIsa() == Isa::Avx2 || vnniActive());
}

const KernelsQ8 &kernelsQ8For()
{
    static const KernelsQ8 k = kernelsQ8();
    return k;
}

// Rows [from, to) through a kernel table: for one token, rowsAtOnce rows per call; then rows
// in chunks, and each chunk against one tile of tokens at a time: the tile (up to 8 rows of
// activations) and the chunk's weight rows stay in the L1 and L2 caches while they meet, instead
// of every weight row reading all the tokens' activations again (64 tokens of a 1,536-wide
// layer are 384 KiB of floats). SmolLM2 Q4_1, 64 concurrent requests: 259 -> 530 tokens/s, 16:
// 339 -> 490. Each (row, token) sum is the same kernel's, in the same order, whatever the
// chunking. run(fn, row, firstToken) calls one kernel.
template <typename TileFn, typename Run>
void tileRows(const KernelTable<TileFn> &k, std::size_t tokens, std::size_t from, std::size_t to, Run &&run)
{
    std::size_t r = from;
    if (tokens == 1)
        for (; r + k.rowsAtOnce <= to; r += k.rowsAtOnce)
            run(k.severalRows, r, std::size_t(0));
    constexpr std::size_t kChunkRows = 32;
    for (; r < to; r += kChunkRows) {
        const std::size_t chunkEnd = std::min(to, r + kChunkRows);
        for (std::size_t t0 = 0; t0 < tokens; t0 += k.maxTokens) {
            const std::size_t n = std::min(k.maxTokens, tokens - t0);
            for (std::size_t rr = r; rr < chunkEnd; ++rr)
                run(k.tokens[n - 1], rr, t0);
        }
    }
}

// Q8_0 rows [from, to), where AVX2 runs them (VNNI runs them packed).
void rowsRangeQ8(const std::byte *w, std::size_t rowBytes, std::size_t cols, const Q8Rows &x, std::size_t tokens, float *y, std::size_t rows,
                 std::size_t from, std::size_t to)
{
    const std::size_t blocks = cols / 32;
    tileRows(kernelsQ8For(), tokens, from, to,
             [&](TileQ8 f, std::size_t r, std::size_t t0) { f(w + r * rowBytes, rowBytes, blocks, x, t0, y + t0 * rows + r, rows); });
}

// --- Q4_0 and Q4_1 (and, with VNNI, Q8_0) against 8-bit activations, 8 weight rows at a time.
// The rows of a group of 8 are laid out block by block ("packed", packedBlockBytes per block):
// for Q4, four 32-byte vectors P_j, whose dword r is row r's nibble bytes 4j..4j+3 (low nibbles:
// values 4j..4j+3, high: values 16+4j..19+4j), then the 8 rows' d and (Q4_1) m in fp16. Masked and shifted, the four loads
// give W_k (k = 0..7), whose dword r holds row r's values 4k..4k+3: one maddubs of W_k against
// the activations' dword k, broadcast, adds 4 products of every row at once. The 8 of a block
// add in 16 bits (|Σ| ≤ 8·2·15·127 = 30,480), one madd gives each row's exact integer block
// sum, and a row's output is Σ_b fl(d_w·d_x)·isum_b (+ m_w·s_x for Q4_1) in block order: the
// same whatever the tile or batch. Per row and token that is 3 vector operations a block where
// a row at a time takes 5.5 (SmolLM2 Q4_1 at 16 requests: see bench_decode).
// Q8_0's packed block is W_0..W_7 themselves (eight 32-byte vectors, each byte w + 128, so
// unsigned), then the 8 rows' d: Σ(w + 128)x − 128Σx is the exact block sum. Only VNNI multiplies
// it (vpdpbusd sums in 32 bits; maddubs' 16-bit pairs would saturate at 2·255·127), so only VNNI
// packs it; AVX2 runs Q8_0 a row at a time (tileQ8).
template <DType type>
constexpr std::size_t packedBlockBytes()
{
    return type == DType::Q8_0 ? 272 : 160;
}

// Group `rowsHere` (≤ 8) rows of `blocks` blocks into `out` (blocks · packedBlockBytes); missing rows are zeros.
template <DType type>
void packGroup(const std::byte *w, std::size_t rowBytes, std::size_t blocks, std::size_t rowsHere, std::byte *out)
{
    constexpr std::size_t bytes = packedBlockBytes<type>();
    std::memset(out, 0, blocks * bytes);
    for (std::size_t b = 0; b < blocks; ++b) {
        std::byte *o = out + b * bytes;
        for (std::size_t r = 0; r < rowsHere; ++r) {
            const std::byte *block = w + r * rowBytes + b * blockBytes<type>();
            if constexpr (type == DType::Q8_0) {
                for (std::size_t j = 0; j < 32; ++j)
                    o[32 * (j / 4) + 4 * r + j % 4] = block[2 + j] ^ std::byte(0x80); // w + 128 as an unsigned byte
                std::memcpy(o + 256 + 2 * r, block, 2);
            } else {
                constexpr std::size_t nibblesAt = type == DType::Q4_1 ? 4 : 2;
                for (std::size_t j = 0; j < 4; ++j)
                    std::memcpy(o + 32 * j + 4 * r, block + nibblesAt + 4 * j, 4);
                std::memcpy(o + 128 + 2 * r, block, 2);
                if constexpr (type == DType::Q4_1)
                    std::memcpy(o + 144 + 2 * r, block + 2, 2);
            }
        }
    }
}

// Groups [g0, g1) of a matrix of `rows` rows into `out`, one after the other.
template <DType type>
void packGroups(const std::byte *w, std::size_t rowBytes, std::size_t rows, std::size_t blocks, std::size_t g0, std::size_t g1, std::byte *out)
{
    for (std::size_t g = g0; g < g1; ++g)
        packGroup<type>(w + g * 8 * rowBytes, rowBytes, blocks, std::min<std::size_t>(8, rows - g * 8), out + (g - g0) * blocks * packedBlockBytes<type>());
}

__attribute__((target("avx2"), always_inline)) inline __m256i broadcastDword(const std::int8_t *p)
{
    std::int32_t v;
    std::memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}

// The parts of a packed block both kernels below share: W_0..W_7 (dword r: row r's values
// 4k..4k+3, unsigned), from Q4's four loads masked and shifted or Q8_0's eight; the 8 rows' d
// (and m) in fp32; where the tokens' activations and scales for the block start; and a block's
// exact integer sums into a token's accumulators, acc += fl(d_w·d_x)·isum (+ m_w·s_x for Q4_1).
struct PackedBlock {
    __m256i wk[8];
    alignas(32) float dw[8];
    alignas(32) float mw[8];
    const std::int8_t *xt; // the first token's 32 values; the next token's are x.cols further
    const float *dx, *sx;
    const std::int32_t *qx;
};

__attribute__((target("avx2,fma,f16c"), always_inline)) inline void storeHalves(const std::byte *p, float *out)
{
    _mm256_store_ps(out, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p))));
}

template <DType type>
__attribute__((target("avx2,fma,f16c"), always_inline)) inline void loadPackedBlock(const std::byte *group, std::size_t b, const Q8Rows &x,
                                                                                    std::size_t t0, PackedBlock &k)
{
    const std::byte *p = group + b * packedBlockBytes<type>();
    if constexpr (type == DType::Q8_0) {
        for (int j = 0; j < 8; ++j)
            k.wk[j] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + 32 * j));
        storeHalves(p + 256, k.dw);
    } else {
        const __m256i low = _mm256_set1_epi8(0x0F);
        for (int j = 0; j < 4; ++j) {
            const __m256i pj = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p + 32 * j));
            k.wk[j] = _mm256_and_si256(pj, low);
            k.wk[j + 4] = _mm256_and_si256(_mm256_srli_epi16(pj, 4), low);
        }
        storeHalves(p + 128, k.dw);
        if constexpr (type == DType::Q4_1)
            storeHalves(p + 144, k.mw);
    }
    k.xt = x.q + t0 * x.cols + b * 32;
    k.dx = x.d + b * x.stride + t0;
    k.sx = x.s + b * x.stride + t0;
    k.qx = x.sum + b * x.stride + t0;
}

template <DType type>
__attribute__((target("avx2,fma,f16c"), always_inline)) inline __m256 addBlock(__m256 acc, __m256i isum, const PackedBlock &k, int t)
{
    if constexpr (type == DType::Q4_0) // the nibbles are q + 8: Σ(q + 8)x − 8Σx
        isum = _mm256_sub_epi32(isum, _mm256_set1_epi32(8 * k.qx[t]));
    if constexpr (type == DType::Q8_0) // the bytes are w + 128
        isum = _mm256_sub_epi32(isum, _mm256_set1_epi32(128 * k.qx[t]));
    acc = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_load_ps(k.dw), _mm256_set1_ps(k.dx[t])), _mm256_cvtepi32_ps(isum), acc);
    if constexpr (type == DType::Q4_1)
        acc = _mm256_fmadd_ps(_mm256_load_ps(k.mw), _mm256_set1_ps(k.sx[t]), acc);
    return acc;
}

// A token's 8 sums to y (the rows [lo, hi) of them).
__attribute__((target("avx2"), always_inline)) inline void storeRows(__m256 sums, float *out, unsigned lo, unsigned hi)
{
    if (lo == 0 && hi == 8) {
        _mm256_storeu_ps(out, sums);
        return;
    }
    alignas(32) float v[8];
    _mm256_store_ps(v, sums);
    for (unsigned r = lo; r < hi; ++r)
        out[r] = v[r];
}

// One packed group of 8 rows against NT tokens from t0: y[t·yStride + r] for the rows [lo, hi).
// AVX2: maddubs adds pairs of products in 16 bits, the 8 W_k of a block add there, and one madd
// widens the sums to 32 bits.
template <DType type, int NT>
__attribute__((target("avx2,fma,f16c"))) void tilePacked(const std::byte *group, std::size_t blocks, const Q8Rows &x, std::size_t t0, float *y,
                                                        std::size_t yStride, unsigned lo, unsigned hi)
{
    __m256 acc[NT];
    for (int t = 0; t < NT; ++t)
        acc[t] = _mm256_setzero_ps();
    const __m256i ones = _mm256_set1_epi16(1);
    PackedBlock k;
    for (std::size_t b = 0; b < blocks; ++b) {
        loadPackedBlock<type>(group, b, x, t0, k);
        const std::int8_t *xt = k.xt;
#pragma GCC unroll 4
        for (int t = 0; t < NT; ++t, xt += x.cols) {
            __m256i s16 = _mm256_maddubs_epi16(k.wk[0], broadcastDword(xt));
#pragma GCC unroll 7
            for (int j = 1; j < 8; ++j)
                s16 = _mm256_add_epi16(s16, _mm256_maddubs_epi16(k.wk[j], broadcastDword(xt + 4 * j)));
            acc[t] = addBlock<type>(acc[t], _mm256_madd_epi16(s16, ones), k, t);
        }
    }
    for (int t = 0; t < NT; ++t)
        storeRows(acc[t], y + (t0 + std::size_t(t)) * yStride, lo, hi);
}

// The same with AVX-512 VNNI (on 256-bit vectors, AVX512VL): vpdpbusd adds each dword's four
// products straight into 32 bits, one instruction per W_k where AVX2 takes two, and the integer
// sums, so the outputs, are the same bits (Q4_0 and Q4_1; Q8_0 has only this kernel, as its
// bytes w + 128 would saturate maddubs). Two chains per token (even and odd k) halve the wait
// on each instruction's result, and 32 registers hold 8 tokens' accumulators.
template <DType type, int NT>
__attribute__((target("avx512f,avx512vl,avx512vnni,avx2,fma,f16c"))) void tilePackedVnni(const std::byte *group, std::size_t blocks, const Q8Rows &x,
                                                                                         std::size_t t0, float *y, std::size_t yStride, unsigned lo,
                                                                                         unsigned hi)
{
    __m256 acc[NT];
    for (int t = 0; t < NT; ++t)
        acc[t] = _mm256_setzero_ps();
    PackedBlock k;
    for (std::size_t b = 0; b < blocks; ++b) {
        loadPackedBlock<type>(group, b, x, t0, k);
        const std::int8_t *xt = k.xt;
#pragma GCC unroll 8
        for (int t = 0; t < NT; ++t, xt += x.cols) {
            __m256i even = _mm256_dpbusd_epi32(_mm256_setzero_si256(), k.wk[0], broadcastDword(xt));
            __m256i odd = _mm256_dpbusd_epi32(_mm256_setzero_si256(), k.wk[1], broadcastDword(xt + 4));
#pragma GCC unroll 3
            for (int j = 2; j < 8; j += 2) {
                even = _mm256_dpbusd_epi32(even, k.wk[j], broadcastDword(xt + 4 * j));
                odd = _mm256_dpbusd_epi32(odd, k.wk[j + 1], broadcastDword(xt + 4 * j + 4));
            }
            acc[t] = addBlock<type>(acc[t], _mm256_add_epi32(even, odd), k, t);
        }
    }
    for (int t = 0; t < NT; ++t)
        storeRows(acc[t], y + (t0 + std::size_t(t)) * yStride, lo, hi);
}

using TilePacked = void (*)(const std::byte *, std::size_t, const Q8Rows &, std::size_t, float *, std::size_t, unsigned, unsigned);

// tokens[n-1] runs a tile of n ≤ maxTokens tokens: 4 for AVX2 (W_0..7 and 4 sums fill its 16
// registers), 8 for VNNI.
struct PackedKernels {
    TilePacked tokens[8];
    std::size_t maxTokens;
};

template <DType type>
const PackedKernels &packedKernels()
{
    static const PackedKernels vnni{{tilePackedVnni<type, 1>, tilePackedVnni<type, 2>, tilePackedVnni<type, 3>, tilePackedVnni<type, 4>,
                                     tilePackedVnni<type, 5>, tilePackedVnni<type, 6>, tilePackedVnni<type, 7>, tilePackedVnni<type, 8>},
                                    8};
    if constexpr (type == DType::Q8_0) {
        return vnni; // only VNNI runs packed Q8_0
    } else {
        static const PackedKernels avx2{{tilePacked<type, 1>, tilePacked<type, 2>, tilePacked<type, 3>, tilePacked<type, 4>}, 4};
        return vnniActive() ? vnni : avx2;
    }
}

// Whether quantizedMatmul multiplies this type from the packed layout now.
bool packedNow(DType type)
{
    return type == DType::Q4_0 || type == DType::Q4_1 || (type == DType::Q8_0 && vnniActive());
}

// Rows [from, to) of a Q4_0/Q4_1 (or, with VNNI, Q8_0) matrix: its packed groups (`packed`), or,
// without them, each chunk of groups packed here from the file's blocks first (the same sums either way). A chunk of
// 4 groups (32 rows) meets every tile of tokens while it is in the L1 cache.
template <DType type>
void rowsRangePacked(const std::byte *packed, const std::byte *w, std::size_t rowBytes, std::size_t rows, std::size_t cols, const Q8Rows &x,
                     std::size_t tokens, float *y, std::size_t from, std::size_t to)
{
    const std::size_t blocks = cols / 32, groupBytes = blocks * packedBlockBytes<type>();
    constexpr std::size_t kChunkGroups = 4;
    thread_local std::vector<std::byte> scratch;
    const PackedKernels &k = packedKernels<type>();
    for (std::size_t g0 = from / 8; g0 * 8 < to; g0 += kChunkGroups) {
        const std::size_t g1 = std::min(g0 + kChunkGroups, (to + 7) / 8);
        const std::byte *base = packed ? packed + g0 * groupBytes : nullptr;
        if (!packed) {
            scratch.resize((g1 - g0) * groupBytes);
            packGroups<type>(w, rowBytes, rows, blocks, g0, g1, scratch.data());
            base = scratch.data();
        }
        for (std::size_t t0 = 0; t0 < tokens; t0 += k.maxTokens) {
            const std::size_t n = std::min(k.maxTokens, tokens - t0);
            for (std::size_t g = g0; g < g1; ++g) {
                const std::size_t first = g * 8;
                k.tokens[n - 1](base + (g - g0) * groupBytes, blocks, x, t0, y + first, rows, unsigned(std::max(from, first) - first),
                         unsigned(std::min(to, first + 8) - first));
            }
        }
    }
}

// Every token's row in 8 bits, once per call before the rows are split (each part reads all).
struct Q8Buffer {
    std::vector<std::int8_t> q;
    std::vector<float> d, s;
    std::vector<std::int32_t> sum;
    Q8Rows quantize(const float *x, std::size_t tokens, std::size_t cols)
    {
        const std::size_t blocks = cols / 32, stride = tokens + 8;
        q.resize(tokens * cols);
        d.assign(blocks * stride, 0.0f);
        s.assign(blocks * stride, 0.0f);
        sum.assign(blocks * stride, 0);
        for (std::size_t t = 0; t < tokens; ++t)
            quantizeQ8Avx2(x + t * cols, cols, q.data() + t * cols, d.data() + t, s.data() + t, sum.data() + t, stride);
        return {q.data(), cols, d.data(), s.data(), sum.data(), stride};
    }
};

#endif

template <DType type>
void rowsRange(const std::byte *w, std::size_t rowBytes, std::size_t cols, const float *x, std::size_t tokens, float *y, std::size_t rows,
               std::size_t from, std::size_t to)
{
#if defined(__x86_64__)
    if (const Kernels *k = kernelsFor<type>()) {
        const std::size_t blocks = cols / 32;
        tileRows(*k, tokens, from, to,
                 [&](Tile f, std::size_t r, std::size_t t0) { f(w + r * rowBytes, rowBytes, blocks, x + t0 * cols, cols, y + t0 * rows + r, rows); });
        return;
    }
#endif
    if constexpr (decodedPerBlockOnlyOnAvx512<type>())
        rowsDequantized(type, w, rowBytes, cols, x, tokens, y, rows, from, to);
    else
        rowsScalar<type>(w, rowBytes, cols, x, tokens, y, rows, from, to);
}

// body over [0, rows): split by the caller's splitter, or on this thread.
void splitRows(const RowSplitter &parallel, std::size_t rows, const std::function<void(std::size_t, std::size_t)> &body)
{
    if (parallel)
        parallel(rows, body);
    else
        body(0, rows);
}

} // namespace

QuantizedKernels useKernels(QuantizedKernels set)
{
#if defined(__x86_64__)
    kernelCap = int(set);
    const Isa isa = activeIsa();
    return isa == Isa::Avx512 ? QuantizedKernels::Best : isa == Isa::Avx2 ? QuantizedKernels::Avx2 : QuantizedKernels::Portable;
#else
    (void)set;
    return QuantizedKernels::Portable;
#endif
}

ActivationPrecision useActivationPrecision(ActivationPrecision precision)
{
#if defined(__x86_64__)
    activationsWanted = int(precision);
    return int8Activations(DType::Q4_1) ? ActivationPrecision::Int8 : ActivationPrecision::Float32;
#else
    (void)precision;
    return ActivationPrecision::Float32;
#endif
}

void quantizeActivationsQ8(const float *x, std::size_t n, std::span<std::int8_t> q, std::span<float> scales)
{
    if (n % 32 != 0 || q.size() < n || scales.size() < n / 32)
        throwError(ErrorKind::BadInput, "8-bit activations: " + std::to_string(n) + " values are not whole blocks of 32, or the outputs are short");
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
        Q8Buffer buffer;
        const Q8Rows rows = buffer.quantize(x, 1, n);
        std::memcpy(q.data(), rows.q, n);
        for (std::size_t b = 0; b < n / 32; ++b)
            scales[b] = rows.d[b * rows.stride];
        return;
    }
#endif
    throwError(ErrorKind::BadInput, "8-bit activations need a CPU with AVX2");
}

void floatMatmul(const float *w, std::size_t rows, std::size_t cols, const float *x, std::size_t tokens, float *y, const RowSplitter &parallel)
{
    const auto *bytes = reinterpret_cast<const std::byte *>(w);
    const std::size_t rowBytes = cols * sizeof(float);
    auto body = [&](std::size_t from, std::size_t to) {
        if (cols % 32 == 0) {
            rowsRange<DType::F32>(bytes, rowBytes, cols, x, tokens, y, rows, from, to);
            return;
        }
        for (std::size_t r = from; r < to; ++r) // rows not whole blocks of 32: one dot product each
            for (std::size_t t = 0; t < tokens; ++t)
                y[t * rows + r] = dot(w + r * cols, x + t * cols, cols);
    };
    splitRows(parallel, rows, body);
}

namespace {
// The bytes of a row of a rows × cols matrix of `type` (whole blocks), checked against what
// `weights` holds.
std::size_t checkedRowBytes(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols)
{
    const std::size_t perBlock = info(type).blockElements;
    if (cols % perBlock != 0)
        throwError(ErrorKind::BadInput, "a " + std::string(toString(type)) + " matrix row of " + std::to_string(cols) + " values is not whole blocks of " +
                                            std::to_string(perBlock));
    const std::size_t rowBytes = cols / perBlock * info(type).blockBytes;
    if (weights.size() < rows * rowBytes)
        throwError(ErrorKind::BadInput, "the quantised matrix has " + std::to_string(weights.size()) + " bytes, " +
                                            std::to_string(rows * rowBytes) + " needed for " + std::to_string(rows) + " × " + std::to_string(cols));
    return rowBytes;
}
} // namespace

std::size_t packedBytes(DType type, std::size_t rows, std::size_t cols)
{
#if defined(__x86_64__)
    if (cols % 32 == 0 && (type == DType::Q4_0 || type == DType::Q4_1))
        return (rows + 7) / 8 * (cols / 32) * packedBlockBytes<DType::Q4_0>();
    if (cols % 32 == 0 && type == DType::Q8_0)
        return (rows + 7) / 8 * (cols / 32) * packedBlockBytes<DType::Q8_0>();
#else
    (void)type, (void)rows, (void)cols;
#endif
    return 0;
}

std::vector<std::byte> packForInt8Activations(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols)
{
    std::vector<std::byte> out;
#if defined(__x86_64__)
    const std::size_t size = packedBytes(type, rows, cols);
    if (size == 0 || !int8Activations(type) || !packedNow(type))
        return out;
    const std::size_t rowBytes = checkedRowBytes(type, weights, rows, cols);
    out.resize(size);
    const std::size_t blocks = cols / 32, groups = (rows + 7) / 8;
    switch (type) {
    case DType::Q4_0: packGroups<DType::Q4_0>(weights.data(), rowBytes, rows, blocks, 0, groups, out.data()); break;
    case DType::Q4_1: packGroups<DType::Q4_1>(weights.data(), rowBytes, rows, blocks, 0, groups, out.data()); break;
    default: packGroups<DType::Q8_0>(weights.data(), rowBytes, rows, blocks, 0, groups, out.data()); break;
    }
#else
    (void)type, (void)weights, (void)rows, (void)cols;
#endif
    return out;
}

bool quantizedMatmulReads(DType type)
{
    return type == DType::Q4_0 || type == DType::Q4_1 || type == DType::Q8_0 || type == DType::Q5_0 || type == DType::Q5_1 || type == DType::Q4_K ||
           type == DType::Q6_K;
}

void quantizedMatmul(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols, const float *x, std::size_t tokens,
                     float *y, const RowSplitter &parallel, std::span<const std::byte> packed)
{
    if (!quantizedMatmulReads(type))
        throwError(ErrorKind::BadInput, std::string("quantised matmul does not read ") + toString(type));
    const std::size_t rowBytes = checkedRowBytes(type, weights, rows, cols);
#if defined(__x86_64__)
    if (int8Activations(type)) {
        if (!packed.empty() && packed.size() != packedBytes(type, rows, cols))
            throwError(ErrorKind::BadInput, "the packed " + std::string(toString(type)) + " matrix has " + std::to_string(packed.size()) + " bytes, " +
                                                std::to_string(packedBytes(type, rows, cols)) + " expected");
        thread_local Q8Buffer buffer;
        const Q8Rows xs = buffer.quantize(x, tokens, cols);
        const std::byte *groups = packed.empty() ? nullptr : packed.data();
        auto body = [&](std::size_t from, std::size_t to) {
            switch (type) {
            case DType::Q4_0: rowsRangePacked<DType::Q4_0>(groups, weights.data(), rowBytes, rows, cols, xs, tokens, y, from, to); break;
            case DType::Q4_1: rowsRangePacked<DType::Q4_1>(groups, weights.data(), rowBytes, rows, cols, xs, tokens, y, from, to); break;
            default:
                if (packedNow(type)) // VNNI; AVX2 reads the file's blocks, even where a VNNI run packed them
                    rowsRangePacked<DType::Q8_0>(groups, weights.data(), rowBytes, rows, cols, xs, tokens, y, from, to);
                else
                    rowsRangeQ8(weights.data(), rowBytes, cols, xs, tokens, y, rows, from, to);
                break;
            }
        };
        splitRows(parallel, rows, body);
        return;
    }
#endif
    auto body = [&](std::size_t from, std::size_t to) {
        switch (type) {
        case DType::Q5_0: rowsRange<DType::Q5_0>(weights.data(), rowBytes, cols, x, tokens, y, rows, from, to); break;
        case DType::Q5_1: rowsRange<DType::Q5_1>(weights.data(), rowBytes, cols, x, tokens, y, rows, from, to); break;
        case DType::Q4_K: rowsRange<DType::Q4_K>(weights.data(), rowBytes, cols, x, tokens, y, rows, from, to); break;
        case DType::Q6_K: rowsRange<DType::Q6_K>(weights.data(), rowBytes, cols, x, tokens, y, rows, from, to); break;
        case DType::Q4_0: rowsRange<DType::Q4_0>(weights.data(), rowBytes, cols, x, tokens, y, rows, from, to); break;
        case DType::Q4_1: rowsRange<DType::Q4_1>(weights.data(), rowBytes, cols, x, tokens, y, rows, from, to); break;
        default: rowsRange<DType::Q8_0>(weights.data(), rowBytes, cols, x, tokens, y, rows, from, to); break;
        }
    };
    splitRows(parallel, rows, body);
}

} // namespace keel::nn
