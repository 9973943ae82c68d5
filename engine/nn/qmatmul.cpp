#include "nn/qmatmul.h"

#include "core/error.h"

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace keel::nn {
namespace {

float f16(const std::byte *p)
{
    std::uint16_t h;
    std::memcpy(&h, p, 2);
    return halfToFloat(h);
}

// One block's 32 weights as integers (Q4: 0..15; Q8: -128..127) into q.
void unpack(DType type, const std::byte *block, std::int8_t *q)
{
    if (type == DType::Q8_0) {
        std::memcpy(q, block + 2, 32);
        return;
    }
    const auto *nibbles = reinterpret_cast<const std::uint8_t *>(block + (type == DType::Q4_1 ? 4 : 2));
    for (int j = 0; j < 16; ++j) {
        q[j] = std::int8_t(nibbles[j] & 0xF);
        q[j + 16] = std::int8_t(nibbles[j] >> 4);
    }
}

// Σ q·x over 32 values.
float dot32Scalar(const std::int8_t *q, const float *x)
{
    float s = 0;
    for (int j = 0; j < 32; ++j)
        s += float(q[j]) * x[j];
    return s;
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) float dot32Avx2(const std::int8_t *q, const float *x)
{
    __m256 acc = _mm256_setzero_ps();
    for (int j = 0; j < 32; j += 8) {
        const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(q + j));
        const __m256 w = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(bytes));
        acc = _mm256_fmadd_ps(w, _mm256_loadu_ps(x + j), acc);
    }
    const __m128 lo = _mm256_castps256_ps128(acc), hi = _mm256_extractf128_ps(acc, 1);
    __m128 s = _mm_add_ps(lo, hi);
    s = _mm_hadd_ps(s, s);
    s = _mm_hadd_ps(s, s);
    return _mm_cvtss_f32(s);
}
#endif

#if defined(__x86_64__)
// One row against up to 8 activation vectors: each block is decoded in registers once (nibbles
// split with masks and shifts, scales by F16C) and multiplied into every vector's sum by FMA.
__attribute__((target("avx2,fma,f16c"))) void rowDotsAvx2(DType type, const std::byte *row, std::size_t blocks, const float *x,
                                                         std::size_t cols, const float *sums, std::size_t tokens, float *out,
                                                         std::size_t outStride)
{
    __m256 acc[8];
    float offset[8] = {};
    for (std::size_t t = 0; t < tokens; ++t)
        acc[t] = _mm256_setzero_ps();
    const std::size_t blockBytes = type == DType::Q4_1 ? 20 : type == DType::Q4_0 ? 18 : 34;
    const __m128i mask = _mm_set1_epi8(0x0F);
    for (std::size_t b = 0; b < blocks; ++b, row += blockBytes) {
        std::uint16_t dh;
        std::memcpy(&dh, row, 2);
        const float dScalar = _cvtsh_ss(dh);
        const __m256 d = _mm256_set1_ps(dScalar);
        __m256 w[4];
        if (type == DType::Q8_0) {
            for (int j = 0; j < 4; ++j)
                w[j] = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i *>(row + 2 + 8 * j))));
        } else {
            const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i *>(row + (type == DType::Q4_1 ? 4 : 2)));
            const __m128i lo = _mm_and_si128(packed, mask);                    // values 0..15
            const __m128i hi = _mm_and_si128(_mm_srli_epi16(packed, 4), mask); // values 16..31
            w[0] = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(lo));
            w[1] = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8)));
            w[2] = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(hi));
            w[3] = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8)));
        }
        float minOrOffset = 0;
        if (type == DType::Q4_1) {
            std::uint16_t mh;
            std::memcpy(&mh, row + 2, 2);
            minOrOffset = _cvtsh_ss(mh);
        } else if (type == DType::Q4_0) {
            minOrOffset = -8.0f * dScalar; // values are (q - 8)·d
        }
        for (std::size_t t = 0; t < tokens; ++t) {
            const float *xs = x + t * cols + b * 32;
            __m256 s = _mm256_mul_ps(w[0], _mm256_loadu_ps(xs));
            s = _mm256_fmadd_ps(w[1], _mm256_loadu_ps(xs + 8), s);
            s = _mm256_fmadd_ps(w[2], _mm256_loadu_ps(xs + 16), s);
            s = _mm256_fmadd_ps(w[3], _mm256_loadu_ps(xs + 24), s);
            acc[t] = _mm256_fmadd_ps(d, s, acc[t]);
            offset[t] += minOrOffset * sums[t * blocks + b];
        }
    }
    for (std::size_t t = 0; t < tokens; ++t) {
        const __m128 lo = _mm256_castps256_ps128(acc[t]), hi = _mm256_extractf128_ps(acc[t], 1);
        __m128 s = _mm_add_ps(lo, hi);
        s = _mm_hadd_ps(s, s);
        s = _mm_hadd_ps(s, s);
        out[t * outStride] = _mm_cvtss_f32(s) + offset[t];
    }
}

bool hasAvx2()
{
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    return yes;
}
#endif

using Dot = float (*)(const std::int8_t *, const float *);

Dot pickDot()
{
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return dot32Avx2;
#endif
    return dot32Scalar;
}

void rowsRange(DType type, const std::byte *w, std::size_t rowBytes, std::size_t cols, const float *x, const float *blockSums,
               std::size_t tokens, float *y, std::size_t rows, std::size_t from, std::size_t to, Dot dot)
{
    const std::size_t blocks = cols / 32, blockBytes = info(type).blockBytes;
#if defined(__x86_64__)
    if (hasAvx2()) {
        for (std::size_t r = from; r < to; ++r)
            for (std::size_t t0 = 0; t0 < tokens; t0 += 8)
                rowDotsAvx2(type, w + r * rowBytes, blocks, x + t0 * cols, cols, blockSums + t0 * blocks, std::min<std::size_t>(8, tokens - t0),
                            y + t0 * rows + r, rows);
        return;
    }
#endif
    std::int8_t q[32];
    for (std::size_t r = from; r < to; ++r) {
        const std::byte *row = w + r * rowBytes;
        for (std::size_t t = 0; t < tokens; ++t)
            y[t * rows + r] = 0;
        for (std::size_t b = 0; b < blocks; ++b) {
            const std::byte *block = row + b * blockBytes;
            unpack(type, block, q);
            const float d = f16(block);
            const float m = type == DType::Q4_1 ? f16(block + 2) : 0.0f;
            for (std::size_t t = 0; t < tokens; ++t) {
                const float *xs = x + t * cols + b * 32;
                float s = dot(q, xs);
                if (type == DType::Q4_0)
                    s -= 8.0f * blockSums[t * blocks + b]; // values are (q - 8)·d
                y[t * rows + r] += d * s + m * blockSums[t * blocks + b];
            }
        }
    }
}

} // namespace

bool quantizedMatmulReads(DType type)
{
    return type == DType::Q4_0 || type == DType::Q4_1 || type == DType::Q8_0;
}

void quantizedMatmul(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols, const float *x, std::size_t tokens,
                     float *y, const RowSplitter &parallel)
{
    if (!quantizedMatmulReads(type))
        throwError(ErrorKind::BadInput, std::string("quantised matmul does not read ") + toString(type));
    if (cols % 32 != 0)
        throwError(ErrorKind::BadInput, "a quantised matrix row of " + std::to_string(cols) + " values is not whole blocks of 32");
    const std::size_t rowBytes = cols / 32 * info(type).blockBytes;
    if (weights.size() < rows * rowBytes)
        throwError(ErrorKind::BadInput, "the quantised matrix has " + std::to_string(weights.size()) + " bytes, " +
                                            std::to_string(rows * rowBytes) + " needed for " + std::to_string(rows) + " × " + std::to_string(cols));
    // Each activation block's sum, for the blocks' offsets (min, or −8·scale).
    const std::size_t blocks = cols / 32;
    std::vector<float> sums(tokens * blocks, 0.0f);
    for (std::size_t t = 0; t < tokens; ++t)
        for (std::size_t b = 0; b < blocks; ++b) {
            float s = 0;
            for (int j = 0; j < 32; ++j)
                s += x[t * cols + b * 32 + std::size_t(j)];
            sums[t * blocks + b] = s;
        }
    static const Dot dot = pickDot();
    auto body = [&](std::size_t from, std::size_t to) {
        rowsRange(type, weights.data(), rowBytes, cols, x, sums.data(), tokens, y, rows, from, to, dot);
    };
    if (parallel)
        parallel(rows, body);
    else
        body(0, rows);
}

} // namespace keel::nn
