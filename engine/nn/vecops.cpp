#include "nn/vecops.h"

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
#endif

struct Ops {
    float (*dot)(const float *, const float *, std::size_t);
    void (*axpy)(float, const float *, float *, std::size_t);
    double (*exp)(const float *, float, float, float *, std::size_t);
};

Ops pick()
{
#if defined(__x86_64__)
    __builtin_cpu_init(); // this runs during static initialisation
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma"))
        return {dot512, axpy512, exp512};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return {dot256, axpy256, expScalar};
#endif
    return {dotScalar, axpyScalar, expScalar};
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

} // namespace keel::nn
