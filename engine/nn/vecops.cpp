#include "nn/vecops.h"

#include <algorithm>
#include <cmath>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace keel::nn {
namespace {

float dotScalar(const float *a, const float *b, std::size_t n)
{
    float s[8] = {};
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j)
            s[j] += a[i + std::size_t(j)] * b[i + std::size_t(j)];
    float total = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
    for (; i < n; ++i)
        total += a[i] * b[i];
    return total;
}

void axpyScalar(float a, const float *x, float *y, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        y[i] += a * x[i];
}

double expScalar(const float *x, float shift, float scale, float *out, std::size_t n)
{
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += out[i] = std::exp((x[i] - shift) * scale);
    return sum;
}

void dotsScalar(const float *q, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out);
void weightedSumScalar(const float *w, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out);

#if defined(__x86_64__)
// exp(t) = 2^k · 2^f with k = round(t·log2 e) and f = t·log2 e − k in [−½, ½]; 2^f by its
// degree-6 Taylor polynomial in f·ln 2 (error < 2e-7 relative); below −87 the result is 0.
__attribute__((target("avx512f,fma"))) double exp512(const float *x, float shift, float scale, float *out, std::size_t n)
{
    const __m512 vshift = _mm512_set1_ps(shift), vscale = _mm512_set1_ps(scale), log2e = _mm512_set1_ps(1.44269504088896341f),
                 ln2Hi = _mm512_set1_ps(0.693145751953125f), ln2Lo = _mm512_set1_ps(1.428606765330187045e-06f), low = _mm512_set1_ps(-87.0f);
    const __m512 c2 = _mm512_set1_ps(1.0f / 2), c3 = _mm512_set1_ps(1.0f / 6), c4 = _mm512_set1_ps(1.0f / 24), c5 = _mm512_set1_ps(1.0f / 120),
                 c6 = _mm512_set1_ps(1.0f / 720), one = _mm512_set1_ps(1.0f);
    __m512d sumLo = _mm512_setzero_pd(), sumHi = _mm512_setzero_pd();
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 t = _mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + i), vshift), vscale);
        const __mmask16 tiny = _mm512_cmp_ps_mask(t, low, _CMP_LT_OQ);
        t = _mm512_max_ps(t, low);
        const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(t, log2e), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        // t − k·ln 2 with ln 2 in two parts (Cody and Waite), |r| ≤ ln2 / 2
        const __m512 r = _mm512_fnmadd_ps(k, ln2Lo, _mm512_fnmadd_ps(k, ln2Hi, t));
        __m512 p = _mm512_fmadd_ps(c6, r, c5);
        p = _mm512_fmadd_ps(p, r, c4);
        p = _mm512_fmadd_ps(p, r, c3);
        p = _mm512_fmadd_ps(p, r, c2);
        p = _mm512_fmadd_ps(p, r, one);
        p = _mm512_fmadd_ps(p, r, one);
        __m512 e = _mm512_scalef_ps(p, k);
        e = _mm512_mask_blend_ps(tiny, e, _mm512_setzero_ps());
        _mm512_storeu_ps(out + i, e);
        sumLo = _mm512_add_pd(sumLo, _mm512_cvtps_pd(_mm512_castps512_ps256(e)));
        sumHi = _mm512_add_pd(sumHi, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(e), 1))));
    }
    double sum = _mm512_reduce_add_pd(_mm512_add_pd(sumLo, sumHi));
    return sum + expScalar(x + i, shift, scale, out + i, n - i);
}

__attribute__((target("avx512f,fma"))) float dot512(const float *a, const float *b, std::size_t n)
{
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    if (i + 16 <= n) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        i += 16;
    }
    float total = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
    for (; i < n; ++i)
        total += a[i] * b[i];
    return total;
}

__attribute__((target("avx512f,fma"))) void axpy512(float a, const float *x, float *y, std::size_t n)
{
    const __m512 av = _mm512_set1_ps(a);
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, _mm512_fmadd_ps(av, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i)));
    for (; i < n; ++i)
        y[i] += a * x[i];
}

// exp512's method on 8 lanes: 2^k built in the exponent bits (k in [−126, 127] once t is held to
// [−87, 88]); above ~88.72 exp overflows, as std::exp does, to infinity.
__attribute__((target("avx2,fma"))) double exp256(const float *x, float shift, float scale, float *out, std::size_t n)
{
    const __m256 vshift = _mm256_set1_ps(shift), vscale = _mm256_set1_ps(scale), log2e = _mm256_set1_ps(1.44269504088896341f),
                 ln2Hi = _mm256_set1_ps(0.693145751953125f), ln2Lo = _mm256_set1_ps(1.428606765330187045e-06f), low = _mm256_set1_ps(-87.0f),
                 high = _mm256_set1_ps(88.0f), overflow = _mm256_set1_ps(88.72283935546875f), inf = _mm256_set1_ps(INFINITY);
    const __m256 c2 = _mm256_set1_ps(1.0f / 2), c3 = _mm256_set1_ps(1.0f / 6), c4 = _mm256_set1_ps(1.0f / 24), c5 = _mm256_set1_ps(1.0f / 120),
                 c6 = _mm256_set1_ps(1.0f / 720), one = _mm256_set1_ps(1.0f);
    __m256d sumLo = _mm256_setzero_pd(), sumHi = _mm256_setzero_pd();
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 t0 = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), vshift), vscale);
        const __m256 tiny = _mm256_cmp_ps(t0, low, _CMP_LT_OQ), huge = _mm256_cmp_ps(t0, overflow, _CMP_GT_OQ);
        const __m256 t = _mm256_min_ps(_mm256_max_ps(t0, low), high);
        const __m256 k = _mm256_round_ps(_mm256_mul_ps(t, log2e), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        const __m256 r = _mm256_fnmadd_ps(k, ln2Lo, _mm256_fnmadd_ps(k, ln2Hi, t));
        __m256 p = _mm256_fmadd_ps(c6, r, c5);
        p = _mm256_fmadd_ps(p, r, c4);
        p = _mm256_fmadd_ps(p, r, c3);
        p = _mm256_fmadd_ps(p, r, c2);
        p = _mm256_fmadd_ps(p, r, one);
        p = _mm256_fmadd_ps(p, r, one);
        const __m256 twoK = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23));
        __m256 e = _mm256_mul_ps(p, twoK);
        e = _mm256_andnot_ps(tiny, e);
        e = _mm256_blendv_ps(e, inf, huge);
        _mm256_storeu_ps(out + i, e);
        sumLo = _mm256_add_pd(sumLo, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        sumHi = _mm256_add_pd(sumHi, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
    }
    alignas(32) double lanes[4];
    _mm256_store_pd(lanes, _mm256_add_pd(sumLo, sumHi));
    const double sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
    return sum + expScalar(x + i, shift, scale, out + i, n - i);
}

__attribute__((target("avx2,fma"))) float dot256(const float *a, const float *b, std::size_t n)
{
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    if (i + 8 <= n) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        i += 8;
    }
    const __m256 s8 = _mm256_add_ps(s0, s1);
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    float total = _mm_cvtss_f32(s);
    for (; i < n; ++i)
        total += a[i] * b[i];
    return total;
}

__attribute__((target("avx2,fma"))) void axpy256(float a, const float *x, float *y, std::size_t n)
{
    const __m256 av = _mm256_set1_ps(a);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(av, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; ++i)
        y[i] += a * x[i];
}

// Four rows at a time against q, their four sums reduced together (horizontal adds); a last
// partial four repeats row 0 and drops what it gives, so every row sums the same way.
__attribute__((target("avx2,fma"))) void dots256(const float *q, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out)
{
    if (n % 8 != 0) {
        dotsScalar(q, rows, stride, count, n, out);
        return;
    }
    for (std::size_t p = 0; p < count; p += 4) {
        const float *r[4];
        for (std::size_t j = 0; j < 4; ++j)
            r[j] = rows + (p + j < count ? p + j : p) * stride;
        __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
        for (std::size_t i = 0; i < n; i += 8) {
            const __m256 qv = _mm256_loadu_ps(q + i);
            for (int j = 0; j < 4; ++j)
                acc[j] = _mm256_fmadd_ps(qv, _mm256_loadu_ps(r[j] + i), acc[j]);
        }
        const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(acc[0], acc[1]), _mm256_hadd_ps(acc[2], acc[3]));
        alignas(16) float four[4];
        _mm_store_ps(four, _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)));
        for (std::size_t j = 0; j < 4 && p + j < count; ++j)
            out[p + j] = four[j];
    }
}

// 64 columns at a time in eight registers over every row (the products added in row order, as
// a run of axpy calls adds them).
__attribute__((target("avx2,fma"))) void weightedSum256(const float *w, const float *rows, std::size_t stride, std::size_t count, std::size_t n,
                                                       float *out)
{
    std::size_t c0 = 0;
    for (; c0 + 64 <= n; c0 += 64) {
        __m256 acc[8];
        for (int j = 0; j < 8; ++j)
            acc[j] = _mm256_setzero_ps();
        for (std::size_t p = 0; p < count; ++p) {
            const __m256 a = _mm256_broadcast_ss(w + p);
            const float *row = rows + p * stride + c0;
            for (int j = 0; j < 8; ++j)
                acc[j] = _mm256_fmadd_ps(a, _mm256_loadu_ps(row + 8 * j), acc[j]);
        }
        for (int j = 0; j < 8; ++j)
            _mm256_storeu_ps(out + c0 + 8 * j, acc[j]);
    }
    if (c0 < n)
        weightedSumScalar(w, rows + c0, stride, count, n - c0, out + c0);
}
#endif

void dotsScalar(const float *q, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out)
{
    for (std::size_t p = 0; p < count; ++p)
        out[p] = dot(q, rows + p * stride, n);
}

void weightedSumScalar(const float *w, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out)
{
    std::fill_n(out, n, 0.0f);
    for (std::size_t p = 0; p < count; ++p)
        axpy(w[p], rows + p * stride, out, n);
}

struct Ops {
    float (*dot)(const float *, const float *, std::size_t);
    void (*axpy)(float, const float *, float *, std::size_t);
    double (*exp)(const float *, float, float, float *, std::size_t);
    void (*dots)(const float *, const float *, std::size_t, std::size_t, std::size_t, float *);
    void (*weightedSum)(const float *, const float *, std::size_t, std::size_t, std::size_t, float *);
};

Ops pick()
{
#if defined(__x86_64__)
    __builtin_cpu_init(); // this runs during static initialisation
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
        return {dot512, axpy512, exp512, dotsScalar, weightedSumScalar};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return {dot256, axpy256, exp256, dots256, weightedSum256};
#endif
    return {dotScalar, axpyScalar, expScalar, dotsScalar, weightedSumScalar};
}

const Ops ops = pick();

} // namespace

float dot(const float *a, const float *b, std::size_t n)
{
    return ops.dot(a, b, n);
}

void axpy(float a, const float *x, float *y, std::size_t n)
{
    ops.axpy(a, x, y, n);
}

double expShifted(const float *x, float shift, float scale, float *out, std::size_t n)
{
    return ops.exp(x, shift, scale, out, n);
}

void dots(const float *q, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out)
{
    ops.dots(q, rows, stride, count, n, out);
}

void weightedSum(const float *w, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out)
{
    ops.weightedSum(w, rows, stride, count, n, out);
}

} // namespace keel::nn
