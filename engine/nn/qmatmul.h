#pragma once

#include "nn/dtype.h"

#include <cstddef>
#include <functional>
#include <span>

namespace keel::nn {

// y[t][r] = Σ_c W[r][c] · x[t][c] for a weight matrix kept in its file's quantised blocks
// (Q4_0, Q4_1, Q8_0, Q5_0, Q5_1, and the K-quants Q4_K and Q6_K; rows × cols, each row a whole
// number of blocks) and `tokens` activation rows of `cols` floats. The weights are never expanded to
// fp32 in memory: a quarter to a sixth of the bytes. `parallel(rows, body)` may split the rows
// (body(from, to) over disjoint ranges); empty: one thread. Q4_0/Q4_1/Q8_0: AVX-512 or AVX2
// kernels decode each block in registers once for up to 8 activation rows (portable C++
// otherwise); Q5 and K-quants: each row is decoded to floats once per call. Each token's sum runs in
// an order that does not depend on how many tokens come along.
using RowSplitter = std::function<void(std::size_t rows, const std::function<void(std::size_t from, std::size_t to)> &body)>;
void quantizedMatmul(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols, const float *x, std::size_t tokens,
                     float *y, const RowSplitter &parallel = {});

// Which kernels quantizedMatmul uses: the best the CPU has (AVX-512, else AVX2, else portable
// C++), or a lower set, so that tests hold each against the others on one machine. Returns the
// set now in use (Best stands for AVX-512).
enum class QuantizedKernels { Best, Avx2, Portable };
QuantizedKernels useKernels(QuantizedKernels set);

// Whether quantizedMatmul reads this type.
bool quantizedMatmulReads(DType type);

} // namespace keel::nn
