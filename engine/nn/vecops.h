#pragma once

#include <cstddef>

namespace keel::nn {

// Small float vector operations for the decoder's per-sequence work (attention over the
// cache), with AVX-512 or AVX2 when the CPU has them. Each sums in an order that depends on n
// only, never on where the vectors lie or which thread runs it.

// Σ a[i]·b[i].
float dot(const float *a, const float *b, std::size_t n);
// y[i] += a · x[i].
void axpy(float a, const float *x, float *y, std::size_t n);

// out[i] = exp((x[i] − shift) · scale), returning Σ out[i] (summed in double per lane). For
// softmax over a vocabulary: arguments ≤ 0 in use; relative error below 2e-7 where vectorised.
double expShifted(const float *x, float shift, float scale, float *out, std::size_t n);

// Attention over a cache whose rows are `stride` floats apart: out[p] = Σ_i q[i]·row_p[i] for
// `count` rows, and out[i] = Σ_p w[p]·row_p[i] (rows added in order), n values a row. With AVX2,
// four rows' sums at once and 64 outputs held in registers over all rows.
void dots(const float *q, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out);
void weightedSum(const float *w, const float *rows, std::size_t stride, std::size_t count, std::size_t n, float *out);

} // namespace keel::nn
