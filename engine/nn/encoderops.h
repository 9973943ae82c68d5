#pragma once

#include <cstddef>

// The BERT encoder's attention on the CPU (bertencoder.cpp): ATen's batched products and softmax
// over [batch, heads, T, T] score tensors took a quarter of an embedding's time.
namespace keel::nn {

// Bidirectional attention of one sequence of n tokens, every head, on the CPU. Row j of `qkv`
// holds token j's queries, keys and values side by side (3 · heads · d floats, as a fused QKV
// projection gives them); head h's output for token i, softmax(scale · q_i · Kᵀ) · V over the
// sequence's n tokens, goes to out[i · outStride + h · d ...]. The encoder's padding is left out by
// n: no padded key is read and no padded query computed. Scores are formed eight queries against
// sixteen keys at a time from packed copies (K transposed) that stay in cache; softmax's
// exponentials are vecops' expShifted; each output sums its keys in order. `scratch` holds at least
// attentionScratchFloats(n, heads, d) floats.
std::size_t attentionScratchFloats(std::size_t n, std::size_t heads, std::size_t d);
void attendSequence(const float *qkv, std::size_t n, std::size_t heads, std::size_t d, float scale, float *out, std::size_t outStride,
                    float *scratch);

// Which attention kernels run: AVX-512's (Best, where the CPU has them), AVX2's, or portable
// C++'s, for tests and benchmarks to compare. Returns the set now in use (Best meaning AVX-512's;
// a set the CPU lacks falls to the next).
enum class AttentionKernels { Best, Avx2, Portable };
AttentionKernels useAttentionKernels(AttentionKernels set);

} // namespace keel::nn
