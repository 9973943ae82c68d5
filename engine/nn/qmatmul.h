#pragma once

#include "nn/dtype.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace keel::nn {

// y[t][r] = Σ_c W[r][c] · x[t][c] for a weight matrix kept in its file's quantised blocks
// (Q4_0, Q4_1, Q8_0, Q5_0, Q5_1, and the K-quants Q4_K and Q6_K; rows × cols, each row a whole
// number of blocks) and `tokens` activation rows of `cols` floats. The weights are never expanded to
// fp32 in memory: a quarter to a sixth of the bytes. `parallel(rows, body)` may split the rows
// (body(from, to) over disjoint ranges); empty: one thread. Q4_0/Q4_1/Q8_0: AVX-512 or AVX2
// kernels decode each block in registers once for up to 8 activation rows (portable C++
// otherwise); Q5 and K-quants: each row is decoded to floats once per call. Each token's sum runs in
// an order that does not depend on how many tokens come along.
// With 8-bit activations, Q4_0 and Q4_1 rows (and with AVX-512 VNNI, Q8_0 rows) are multiplied
// 8 at a time from a layout that interleaves them block by block; `packed` (from
// packForInt8Activations, made once when the model loads) is that layout, and without it each
// call packs the rows it reads first. The sums are the same either way.
using RowSplitter = std::function<void(std::size_t rows, const std::function<void(std::size_t from, std::size_t to)> &body)>;
void quantizedMatmul(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols, const float *x, std::size_t tokens,
                     float *y, const RowSplitter &parallel = {}, std::span<const std::byte> packed = {});

// The packed layout of a Q4_0 or Q4_1 matrix (and, where AVX-512 VNNI runs, Q8_0) for 8-bit
// activations (as many bytes as its blocks take, rounded up to groups of 8 rows); empty for other
// types, and where 8-bit activations are not what quantizedMatmul runs now (a CPU without AVX2,
// AVX-512 without VNNI, KEEL_ACTIVATIONS=fp32).
std::vector<std::byte> packForInt8Activations(DType type, std::span<const std::byte> weights, std::size_t rows, std::size_t cols);
std::size_t packedBytes(DType type, std::size_t rows, std::size_t cols);

// Which kernels quantizedMatmul uses: the best the CPU has (AVX-512, else AVX2, else portable
// C++), or a lower set, so that tests hold each against the others on one machine. Returns the
// set now in use (Best stands for AVX-512).
enum class QuantizedKernels { Best, Avx2, Portable };
QuantizedKernels useKernels(QuantizedKernels set);

// What Q4_0, Q4_1 and Q8_0 matrices multiply: fp32 activations, or activations quantised to 8
// bits per token and block of 32 (d = max|x|/127, as llama.cpp's q8_0/q8_1) for integer dot
// products (AVX2 maddubs, or AVX-512 VNNI's vpdpbusd where the CPU has it: exact integer sums
// either way). Auto: 8 bits where AVX2's kernels run (a CPU without AVX-512, or
// useKernels(Avx2)) or AVX-512's with VNNI, fp32 elsewhere (AVX-512 without VNNI, portable C++)
// or when the environment has KEEL_ACTIVATIONS=fp32. Returns what Q4_1 now runs with (Float32 or Int8).
enum class ActivationPrecision { Auto, Float32, Int8 };
ActivationPrecision useActivationPrecision(ActivationPrecision precision);

// The 8-bit activations of n floats (n a multiple of 32), per block of 32: q[i] = round(x[i] ·
// 127 / max|x|) (ties to even), scales[block] = max|x| / 127 rounded to fp16, so x ≈ q·scale.
// For tests to hold the kernels to.
void quantizeActivationsQ8(const float *x, std::size_t n, std::span<std::int8_t> q, std::span<float> scales);

// y[t][r] = Σ_c W[r][c] · x[t][c] for an fp32 matrix (rows × cols, row-major): the same tiled
// kernels, each block of 32 weights loaded once for up to 8 tokens, so each token's sum runs in
// an order that does not depend on the batch (BLAS's kernels, picked by the batch's shape, add
// in other orders).
void floatMatmul(const float *w, std::size_t rows, std::size_t cols, const float *x, std::size_t tokens, float *y, const RowSplitter &parallel = {});

// Whether quantizedMatmul reads this type.
bool quantizedMatmulReads(DType type);

} // namespace keel::nn
