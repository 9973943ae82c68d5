#include "nn/encoderops.h"

#include "nn/vecops.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace keel::nn {
namespace {

constexpr std::size_t kQueries = 8, kKeys = 16;

std::size_t padded(std::size_t n)
{
    return (n + kKeys - 1) / kKeys * kKeys;
}

// The kernels are written once over vectors of W floats (GCC's vector extension) and built for
// AVX-512 (W = 16), AVX2 (W = 8) and plain x86-64 or other CPUs (W = 4), the widths each one's
// registers hold: one generic width for all had AVX2 spill every sum (2 GFLOP/s). This file is
// built with multiply-adds contracted.
template<int W>
struct Vector {
    typedef float Type __attribute__((vector_size(4 * W)));
};

template<int W>
[[gnu::always_inline]] inline typename Vector<W>::Type load(const float *p)
{
    typename Vector<W>::Type v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

template<int W>
[[gnu::always_inline]] inline void store(float *p, const typename Vector<W>::Type &v)
{
    std::memcpy(p, &v, sizeof v);
}

// scores[r][j] = Σ_c qt[c][r] · kt[c][j] for the kQueries queries (qt: their values transposed,
// kQueries floats a row, zero past the last query) and every j < np (kt: K transposed, np floats
// a row): kQueries sums of W keys held in registers over all c.
template<int W>
[[gnu::always_inline]] inline void scoreBlock(const float *qt, const float *kt, std::size_t np, std::size_t d, float *scores)
{
    using V = typename Vector<W>::Type;
    for (std::size_t j0 = 0; j0 < np; j0 += W) {
        V acc[kQueries] = {};
        for (std::size_t c = 0; c < d; ++c) {
            const V kr = load<W>(kt + c * np + j0);
            const float *qc = qt + c * kQueries;
#pragma GCC unroll 8
            for (std::size_t r = 0; r < kQueries; ++r)
                acc[r] += qc[r] * kr;
        }
        for (std::size_t r = 0; r < kQueries; ++r)
            store<W>(scores + r * np + j0, acc[r]);
    }
}

// out_r[c] = weight_r · Σ_j p_r[j] · v_j[c] over j < n in order, for the `rows` queries whose
// probabilities (unnormalised) are the rows of `p` (np floats apart, kQueries rows all finite);
// v rows `stride` apart, out rows outStride apart. Chunks of C·W values of a row at once (C
// loads feed C·kQueries multiply-adds), then W, then one at a time.
template<int W, int C>
[[gnu::always_inline]] inline void weightedBlock(const float *p, std::size_t np, std::size_t rows, const float *v, std::size_t stride,
                                                 std::size_t n, std::size_t d, const float *weight, float *out, std::size_t outStride)
{
    using V = typename Vector<W>::Type;
    std::size_t c0 = 0;
    for (; c0 + C * W <= d; c0 += C * W) {
        V acc[C][kQueries] = {};
        for (std::size_t j = 0; j < n; ++j) {
            V x[C];
            for (int k = 0; k < C; ++k)
                x[k] = load<W>(v + j * stride + c0 + std::size_t(k) * W);
#pragma GCC unroll 8
            for (std::size_t r = 0; r < kQueries; ++r) {
                const float pr = p[r * np + j];
                for (int k = 0; k < C; ++k)
                    acc[k][r] += pr * x[k];
            }
        }
        for (std::size_t r = 0; r < rows; ++r)
            for (int k = 0; k < C; ++k)
                store<W>(out + r * outStride + c0 + std::size_t(k) * W, acc[k][r] * weight[r]);
    }
    for (; c0 < d; ++c0) // a head width that is not a multiple of the chunk: the rest one value at a time
        for (std::size_t r = 0; r < rows; ++r) {
            float s = 0;
            for (std::size_t j = 0; j < n; ++j)
                s += p[r * np + j] * v[j * stride + c0];
            out[r * outStride + c0] = s * weight[r];
        }
}

// The largest of s[0..n).
template<int W>
[[gnu::always_inline]] inline float rowMax(const float *s, std::size_t n)
{
    using V = typename Vector<W>::Type;
    std::size_t j = 0;
    float top = s[0];
    if (n >= std::size_t(W)) {
        V m = load<W>(s);
        for (j = W; j + W <= n; j += W) {
            const V x = load<W>(s + j);
            m = m > x ? m : x;
        }
        for (int l = 0; l < W; ++l)
            top = std::max(top, m[l]);
    }
    for (; j < n; ++j)
        top = std::max(top, s[j]);
    return top;
}

// One head's queries against its keys and values, a block of kQueries queries at a time.
template<int W, int C>
[[gnu::always_inline]] inline void attendHead(const float *queries, const float *keys, const float *values, std::size_t n, std::size_t d,
                                              float scale, float *out, std::size_t outStride, float *scores, float *qt)
{
    const std::size_t np = padded(n);
    float weight[kQueries];
    for (std::size_t i0 = 0; i0 < n; i0 += kQueries) {
        const std::size_t rows = std::min(kQueries, n - i0);
        for (std::size_t c = 0; c < d; ++c)
            for (std::size_t r = 0; r < kQueries; ++r)
                qt[c * kQueries + r] = r < rows ? queries[(i0 + r) * d + c] : 0.0f;
        scoreBlock<W>(qt, keys, np, d, scores);
        for (std::size_t r = 0; r < rows; ++r) {
            float *s = scores + r * np;
            weight[r] = float(1.0 / expShifted(s, rowMax<W>(s, n), scale, s, n)); // softmax's exponentials, in place
        }
        weightedBlock<W, C>(scores, np, rows, values, d, n, d, weight, out + i0 * outStride, outStride);
    }
}

using HeadKernel = void (*)(const float *, const float *, const float *, std::size_t, std::size_t, float, float *, std::size_t, float *,
                            float *);

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("arch=x86-64-v4"))) void attendHead512(const float *q, const float *k, const float *v, std::size_t n, std::size_t d,
                                                               float scale, float *out, std::size_t outStride, float *scores, float *qt)
{
    attendHead<16, 2>(q, k, v, n, d, scale, out, outStride, scores, qt);
}

__attribute__((target("arch=x86-64-v3"))) void attendHead256(const float *q, const float *k, const float *v, std::size_t n, std::size_t d,
                                                               float scale, float *out, std::size_t outStride, float *scores, float *qt)
{
    attendHead<8, 1>(q, k, v, n, d, scale, out, outStride, scores, qt);
}
#endif

void attendHeadPlain(const float *q, const float *k, const float *v, std::size_t n, std::size_t d, float scale, float *out,
                     std::size_t outStride, float *scores, float *qt)
{
    attendHead<4, 1>(q, k, v, n, d, scale, out, outStride, scores, qt);
}

HeadKernel kernelFor(AttentionKernels set)
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (set == AttentionKernels::Best && __builtin_cpu_supports("x86-64-v4"))
        return attendHead512;
    if (set != AttentionKernels::Portable && __builtin_cpu_supports("x86-64-v3"))
        return attendHead256;
#endif
    (void)set;
    return attendHeadPlain;
}

std::atomic<HeadKernel> headKernel{kernelFor(AttentionKernels::Best)};


} // namespace

AttentionKernels useAttentionKernels(AttentionKernels set)
{
    const HeadKernel kernel = kernelFor(set);
    headKernel = kernel;
#if defined(__x86_64__) && defined(__GNUC__)
    if (kernel == attendHead512)
        return AttentionKernels::Best;
    if (kernel == attendHead256)
        return AttentionKernels::Avx2;
#endif
    return AttentionKernels::Portable;
}

std::size_t attentionScratchFloats(std::size_t n, std::size_t heads, std::size_t d)
{
    return heads * padded(n) * 3 * d + padded(n) * kQueries + d * kQueries;
}

void attendSequence(const float *qkv, std::size_t n, std::size_t heads, std::size_t d, float scale, float *out, std::size_t outStride,
                    float *scratch)
{
    if (n == 0)
        return;
    const std::size_t np = padded(n), width = heads * d, stride = 3 * width;
    // Every head's queries and values packed (n × d each) and keys transposed (d × np), read from
    // the rows in order (so the prefetchers follow): a head's values are then one block that stays
    // in cache, where in the rows they lie a few KiB apart, on a few cache sets.
    float *qp = scratch, *kt = qp + heads * np * d, *vp = kt + heads * np * d, *scores = vp + heads * np * d, *qt = scores + np * kQueries;
    for (std::size_t j = 0; j < n; ++j) {
        const float *row = qkv + j * stride;
        for (std::size_t h = 0; h < heads; ++h) {
            std::memcpy(qp + (h * np + j) * d, row + h * d, d * sizeof(float));
            float *keys = kt + h * np * d;
            for (std::size_t c = 0; c < d; ++c)
                keys[c * np + j] = row[width + h * d + c];
            std::memcpy(vp + (h * np + j) * d, row + 2 * width + h * d, d * sizeof(float));
        }
    }
    for (std::size_t h = 0; h < heads; ++h)
        for (std::size_t c = 0; c < d; ++c)
            std::fill(kt + (h * d + c) * np + n, kt + (h * d + c + 1) * np, 0.0f);
    for (std::size_t h = 0; h < heads; ++h)
        headKernel.load(std::memory_order_relaxed)(qp + h * np * d, kt + h * np * d, vp + h * np * d, n, d, scale, out + h * d, outStride, scores, qt);
}

} // namespace keel::nn
