#pragma once

#include "nn/dtype.h"

#include <cstddef>
#include <functional>
#include <span>

namespace keel::nn {

// y[t][r] = Σ_c W[r][c] · x[t][c] for a weight matrix kept in its file's quantised blocks
// (Q4_0, Q4_1, Q8_0; rows × cols, each row a whole number of blocks) and `tokens` activation
// rows of `cols` floats. The weights are read once for all tokens and never expanded to fp32:
// a quarter to a sixth of the bytes per step. `parallel(rows, body)` may split the rows
// (body(from, to) over disjoint ranges, as at::parallel_for does); empty: one thread.
// AVX2 and FMA when the CPU has them, portable C++ otherwise; both sum in float as the blocks
// dictate (scale × Σ q·x + min × Σ x).
using RowSplitter = std::function<void(std::size_t rows, const std::function<void(std::size_t from, std::size_t to)> &body)>;
void quantizedMatmul(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols, const float *x, std::size_t tokens,
                     float *y, const RowSplitter &parallel = {});

// Whether quantizedMatmul reads this type.
bool quantizedMatmulReads(DType type);

} // namespace keel::nn
