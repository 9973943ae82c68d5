#include "nn/llamamodel.h"

#include "core/error.h"
#include "nn/gguf.h"
#include "nn/grammar.h"
#include "nn/qmatmul.h"
#include "nn/sampling.h"
#include "nn/spinpool.h"
#include "nn/vecops.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <chrono>
#include <map>
#include <cmath>
#include <mutex>
#include <numeric>
#include <random>

namespace keel::nn {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// A weight matrix: fp32 as a tensor, or its quantised blocks in the mapped file.
struct Weight {
    at::Tensor dense;
    DType type = DType::F32;
    std::span<const std::byte> blocks;
    // Q4_0/Q4_1 (with VNNI, Q8_0) rows interleaved for 8-bit activations (packForInt8Activations);
    // shared by a tied embedding and output matrix.
    std::shared_ptr<const std::vector<std::byte>> packed;
    std::span<const std::byte> packedBytes() const { return packed ? std::span<const std::byte>(*packed) : std::span<const std::byte>(); }
    std::int64_t rows = 0, cols = 0;
    bool quantized() const { return !dense.defined(); }
};

struct Block {
    at::Tensor attnNorm, ffnNorm;
    Weight wq, wk, wv, wo, gate, up, down;
};

// Activation rows on 64-byte boundaries: a row of whole 32-value blocks then never straddles
// cache lines in the kernels' vector loads (a quarter faster than malloc's 16-byte alignment).
class Floats {
public:
    explicit Floats(std::size_t n)
        : m_data(static_cast<float *>(std::aligned_alloc(64, std::max<std::size_t>((n * sizeof(float) + 63) / 64 * 64, 64))))
    {
        if (!m_data)
            throw std::bad_alloc();
    }
    float *data() const { return m_data.get(); }
    float &operator[](std::size_t i) const { return m_data.get()[i]; }

private:
    struct Free {
        void operator()(float *p) const { std::free(p); }
    };
    std::unique_ptr<float, Free> m_data;
};

class Cache final : public LlamaModel::KvCache {
public:
    std::vector<at::Tensor> keys, values; // per layer: [capacity, kvHeads, headDim]
    std::size_t used = 0, cap = 0;
    std::size_t length() const override { return used; }
    std::size_t capacity() const override { return cap; }
    void truncate(std::size_t n) override { used = std::min(used, n); }
};

} // namespace

struct LlamaModel::Impl {
    std::shared_ptr<GgufFile> file; // quantised weights are read from its mapping
    bool keepQuantized = true;
    LlamaConfig config;
    std::unique_ptr<BpeTokenizer> tokenizer;
    mutable std::once_flag trieOnce;
    mutable std::shared_ptr<const TokenTrie> trie;
    ChatTemplate chat;
    at::Device device = at::kCPU;
    at::ScalarType matrixType = at::kFloat; // dense matrices (not norms)
    Weight embedding, output;
    at::Tensor outputNorm, invFreq;
    std::vector<Block> blocks;
    std::uint64_t bytes = 0;
    std::unique_ptr<SpinPool> pool; // the float-row path's threads
    bool tensorPath = false; // ATen operators on the CPU too (the CUDA path), for comparing the two

    // Refuses tokens outside the vocabulary and more positions than the cache holds.
    void check(const Cache &cache, std::span<const std::int32_t> tokens, const std::string &what) const
    {
        if (cache.used + tokens.size() > cache.cap)
            throwError(ErrorKind::BadInput, what + " needs " + std::to_string(cache.used + tokens.size()) + " positions; its cache holds " +
                                                std::to_string(cache.cap) + " (raise the context or shorten the prompt)");
        for (std::int32_t id : tokens)
            if (id < 0 || std::size_t(id) >= config.vocab)
                throwError(ErrorKind::BadInput, "token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(config.vocab));
    }

    at::Tensor matrix(const GgufFile &file, const std::string &name, std::int64_t rows, std::int64_t cols)
    {
        const GgufTensor &t = file.tensor(name);
        // GGUF lists the contiguous dimension first: a [cols, rows] tensor is rows × cols row-major.
        const std::vector<std::uint64_t> want = cols == 1 ? std::vector<std::uint64_t>{std::uint64_t(rows)}
                                                          : std::vector<std::uint64_t>{std::uint64_t(cols), std::uint64_t(rows)};
        if (t.shape != want)
            throwError(ErrorKind::BadInput, file.path().string() + ": tensor \"" + name + "\" has another shape than the metadata gives (" +
                                                std::to_string(rows) + " × " + std::to_string(cols) + ")");
        std::vector<float> values = file.dequantize(t);
        const at::ScalarType type = cols == 1 ? at::kFloat : matrixType;
        bytes += values.size() * at::elementSize(type);
        const std::vector<std::int64_t> shape = cols == 1 ? std::vector<std::int64_t>{rows} : std::vector<std::int64_t>{rows, cols};
        return at::from_blob(values.data(), shape, at::kFloat).to(device, type, false, true);
    }

    // `product`: the matrix multiplies activations (not only the embedding's rows looked up).
    Weight weight(const GgufFile &f, const std::string &name, std::int64_t rows, std::int64_t cols, bool product = true)
    {
        const GgufTensor &t = f.tensor(name);
        if (keepQuantized && device.is_cpu() && t.dtype && quantizedMatmulReads(*t.dtype) && std::size_t(cols) % info(*t.dtype).blockElements == 0 &&
            t.shape == std::vector<std::uint64_t>{std::uint64_t(cols), std::uint64_t(rows)}) {
            Weight w;
            w.type = *t.dtype;
            w.blocks = f.data(t);
            w.rows = rows;
            w.cols = cols;
            if (product)
                if (std::vector<std::byte> packed = packForInt8Activations(w.type, w.blocks, std::size_t(rows), std::size_t(cols)); !packed.empty()) {
                    w.packed = std::make_shared<const std::vector<std::byte>>(std::move(packed));
                    f.release(t); // read from the packed copy now (as large for Q4_1 and Q8_0, 1/9 more for Q4_0); the blocks page in again only where read
                }
            bytes += w.packed ? w.packed->size() : w.blocks.size();
            config.weightsQuantized = true;
            return w;
        }
        Weight w;
        w.dense = matrix(f, name, rows, cols);
        w.rows = rows;
        w.cols = cols;
        return w;
    }

    // x: [T, cols] → [T, rows].
    at::Tensor linear(const at::Tensor &x, const Weight &w) const
    {
        if (!w.quantized()) {
            if (w.dense.scalar_type() != at::kFloat) // fp16/bf16 product, fp32 out
                return at::linear(x.to(w.dense.scalar_type()), w.dense).to(at::kFloat);
            return at::linear(x, w.dense);
        }
        const at::Tensor in = x.to(at::kFloat).contiguous().reshape({-1, w.cols});
        at::Tensor out = at::empty({in.size(0), w.rows}, at::kFloat);
        quantizedMatmul(w.type, w.blocks, std::size_t(w.rows), std::size_t(w.cols), in.data_ptr<float>(), std::size_t(in.size(0)),
                        out.data_ptr<float>(), [](std::size_t rows, const std::function<void(std::size_t, std::size_t)> &body) {
                            at::parallel_for(0, std::int64_t(rows), 64, [&](std::int64_t from, std::int64_t to) { body(std::size_t(from), std::size_t(to)); });
                        }, w.packedBytes());
        auto shape = x.sizes().vec();
        shape.back() = w.rows;
        return out.reshape(shape);
    }

    // Rows of the embedding matrix for `ids` ([T] longs) → [T, dim].
    at::Tensor embed(const at::Tensor &ids) const
    {
        if (!embedding.quantized())
            return embedding.dense.index_select(0, ids).to(at::kFloat);
        const auto T = ids.size(0);
        at::Tensor out = at::empty({T, embedding.cols}, at::kFloat);
        const std::size_t rowBytes = storageBytes(embedding.type, std::uint64_t(embedding.cols));
        const auto idv = ids.to(at::kCPU).contiguous();
        for (std::int64_t t = 0; t < T; ++t) {
            const auto r = std::size_t(idv.data_ptr<std::int64_t>()[t]);
            dequantize(embedding.type, embedding.blocks.subspan(r * rowBytes, rowBytes),
                       std::span<float>(out.data_ptr<float>() + t * embedding.cols, std::size_t(embedding.cols)));
        }
        return out.to(device);
    }

    // Grouped-query attention of q [T, H, hd] over keys and values [L, KV, hd]: query head h reads
    // key/value head h / (H / KV). The query heads of one group share a matrix product with their
    // key/value head, so the cache is never copied per query head. `causal` [T, L] marks what a
    // query may not see. Returns [T, H·hd].
    at::Tensor attend(const at::Tensor &q, const at::Tensor &keys, const at::Tensor &values, const at::Tensor *causal) const
    {
        const auto T = q.size(0), H = q.size(1), hd = q.size(2), L = keys.size(0), KV = keys.size(1), G = H / KV;
        const at::Tensor qg = q.reshape({T, KV, G, hd}).permute({1, 2, 0, 3}).reshape({KV, G * T, hd});
        at::Tensor scores = at::matmul(qg, keys.permute({1, 2, 0})) * (1.0 / std::sqrt(double(hd))); // [KV, G·T, L]
        if (causal)
            scores = scores.reshape({KV, G, T, L}).masked_fill(*causal, -std::numeric_limits<float>::infinity()).reshape({KV, G * T, L});
        const at::Tensor out = at::matmul(at::softmax(scores, -1), values.permute({1, 0, 2})); // [KV, G·T, hd]
        return out.reshape({KV, G, T, hd}).permute({2, 0, 1, 3}).reshape({T, H * hd});
    }

    at::Tensor rmsNorm(const at::Tensor &x, const at::Tensor &w) const
    {
        return x * at::rsqrt(x.pow(2).mean(-1, true) + config.rmsEps) * w;
    }

    // Rotary positions on adjacent pairs (2i, 2i+1): the layout llama.cpp's conversion gives Q and K.
    at::Tensor rope(const at::Tensor &x, std::int64_t start) const
    {
        const auto T = x.size(0), H = x.size(1), hd = x.size(2);
        const at::Tensor positions = at::arange(start, start + T, at::TensorOptions().dtype(at::kFloat).device(device));
        const at::Tensor angles = positions.unsqueeze(1) * invFreq.unsqueeze(0); // [T, hd/2]
        const at::Tensor cos = angles.cos().unsqueeze(1), sin = angles.sin().unsqueeze(1);
        const at::Tensor pairs = x.reshape({T, H, hd / 2, 2});
        const at::Tensor x0 = pairs.select(3, 0), x1 = pairs.select(3, 1);
        return at::stack({x0 * cos - x1 * sin, x0 * sin + x1 * cos}, 3).reshape({T, H, hd});
    }

    // --- The CPU decoding step on plain float rows. One token per sequence leaves the ATen
    // operators with almost nothing to do each and their dispatch cost (tens of them per layer
    // and sequence) would dominate; these loops do the same arithmetic without it.

    // y [T, w.rows] = x [T, w.cols] · wᵀ.
    void linearRows(SpinPool::Session &threads, const Weight &w, const float *x, std::size_t T, float *y) const
    {
        if (w.quantized()) {
            quantizedMatmul(w.type, w.blocks, std::size_t(w.rows), std::size_t(w.cols), x, T, y,
                            [&](std::size_t rows, const std::function<void(std::size_t, std::size_t)> &body) { threads.run(rows, 16, body); }, w.packedBytes());
            return;
        }
        // fp32 weights: the quantised matrices' tiled kernels (a token's outputs are the same
        // whatever else is in the batch; BLAS picks kernels, and orders of additions, by shape).
        if (w.dense.scalar_type() == at::kFloat) {
            floatMatmul(w.dense.data_ptr<float>(), std::size_t(w.rows), std::size_t(w.cols), x, T, y,
                        [&](std::size_t rows, const std::function<void(std::size_t, std::size_t)> &body) { threads.run(rows, 16, body); });
            return;
        }
        // bf16 weights (the reduced-precision path): ATen with its own threads, ours asleep meanwhile.
        const at::Tensor in = at::from_blob(const_cast<float *>(x), {std::int64_t(T), w.cols}, at::kFloat);
        at::Tensor out = at::from_blob(y, {std::int64_t(T), w.rows}, at::kFloat);
        threads.pauseSpinning();
        out.copy_(at::mm(in.to(w.dense.scalar_type()), w.dense.t()));
        threads.resumeSpinning();
    }

    void rmsNormRows(const float *x, std::size_t T, const at::Tensor &weight, float *y) const
    {
        const std::size_t D = config.dim;
        const float *w = weight.data_ptr<float>();
        for (std::size_t t = 0; t < T; ++t) {
            const float *row = x + t * D;
            double squares = 0;
            for (std::size_t i = 0; i < D; ++i)
                squares += double(row[i]) * row[i];
            const float scale = 1.0f / std::sqrt(float(squares / double(D)) + config.rmsEps);
            for (std::size_t i = 0; i < D; ++i)
                y[t * D + i] = row[i] * scale * w[i];
        }
    }

    // Rotates one head's adjacent pairs by the angles whose cosines and sines are given.
    static void ropeHead(float *v, const float *cos, const float *sin, std::size_t halfDim)
    {
        for (std::size_t i = 0; i < halfDim; ++i) {
            const float a = v[2 * i], b = v[2 * i + 1];
            v[2 * i] = a * cos[i] - b * sin[i];
            v[2 * i + 1] = a * sin[i] + b * cos[i];
        }
    }

    // Runs tokens[s] after what seqs[s]'s cache holds, for every s at once: all rows go through
    // each weight matrix together (a prompt's chunk and other sequences' single tokens alike),
    // and each row attends over its own sequence's cache up to its position. Returns the logits
    // of each sequence's last row, or of every row of the sequences s with allRows[s] non-zero
    // (row after row, sequence after sequence, [rows wanted, vocab]).
    std::vector<float> runRows(std::span<Cache *const> seqs, std::span<const std::span<const std::int32_t>> tokens, bool allRows) const
    {
        const std::vector<std::uint8_t> each(seqs.size(), allRows ? 1 : 0);
        return runRows(seqs, tokens, std::span<const std::uint8_t>(each));
    }
    std::vector<float> runRows(std::span<Cache *const> seqs, std::span<const std::span<const std::int32_t>> tokens, std::span<const std::uint8_t> allRows) const
    {
        const std::size_t S = seqs.size(), D = config.dim, H = config.heads, KV = config.kvHeads, hd = D / H, G = H / KV,
                          kvDim = KV * hd, F = config.ffn, half = hd / 2;
        // Each row's sequence and position.
        std::vector<std::size_t> rowSeq, rowPos;
        std::vector<std::int32_t> ids;
        for (std::size_t s = 0; s < S; ++s)
            for (std::size_t j = 0; j < tokens[s].size(); ++j) {
                rowSeq.push_back(s);
                rowPos.push_back(seqs[s]->used + j);
                ids.push_back(tokens[s][j]);
            }
        const std::size_t N = ids.size();
        const Floats x(N * D), h(N * D), q(N * D), k(N * kvDim), v(N * kvDim), att(N * D), o(N * D), gate(N * F), up(N * F);
        const std::size_t rowBytes = embedding.quantized() ? storageBytes(embedding.type, std::uint64_t(embedding.cols)) : 0;
        for (std::size_t r = 0; r < N; ++r) {
            const auto id = std::size_t(ids[r]);
            if (embedding.quantized())
                dequantize(embedding.type, embedding.blocks.subspan(id * rowBytes, rowBytes), std::span<float>(x.data() + r * D, D));
            else if (embedding.dense.scalar_type() == at::kFloat)
                std::copy_n(embedding.dense.data_ptr<float>() + id * D, D, x.data() + r * D);
            else
                at::from_blob(x.data() + r * D, {std::int64_t(D)}, at::kFloat).copy_(embedding.dense[std::int64_t(id)]);
        }
        // Each row's rotation at its position, as the tensor path computes it (a float angle).
        std::vector<float> cosines(N * half), sines(N * half);
        const float *inv = invFreq.data_ptr<float>();
        for (std::size_t r = 0; r < N; ++r)
            for (std::size_t j = 0; j < half; ++j) {
                const float angle = float(rowPos[r]) * inv[j];
                cosines[r * half + j] = std::cos(angle);
                sines[r * half + j] = std::sin(angle);
            }
        // Attention work items: a sequence's rows in pairs (j, n−1−j), so that every item has
        // about the same causal length to cover and an even split between threads is even.
        struct Item {
            std::size_t first, second; // rows; second == first when alone
        };
        std::vector<Item> items;
        for (std::size_t r = 0, s = 0; s < S; r += tokens[s].size(), ++s) {
            const std::size_t n = tokens[s].size();
            for (std::size_t j = 0; j < (n + 1) / 2; ++j)
                items.push_back({r + j, r + n - 1 - j});
        }
        const float scale = float(1.0 / std::sqrt(double(hd)));
        SpinPool::Session threads(*pool);
        for (std::size_t l = 0; l < blocks.size(); ++l) {
            const Block &b = blocks[l];
            rmsNormRows(x.data(), N, b.attnNorm, h.data());
            linearRows(threads, b.wq, h.data(), N, q.data());
            linearRows(threads, b.wk, h.data(), N, k.data());
            linearRows(threads, b.wv, h.data(), N, v.data());
            // Rotate queries and keys; keys and values join their caches.
            threads.run(N, 16, [&](std::size_t from, std::size_t to) {
                for (std::size_t r = from; r < to; ++r) {
                    Cache &c = *seqs[rowSeq[r]];
                    const float *cs = cosines.data() + r * half, *sn = sines.data() + r * half;
                    for (std::size_t head = 0; head < H; ++head)
                        ropeHead(q.data() + r * D + head * hd, cs, sn, half);
                    float *kRow = c.keys[l].data_ptr<float>() + rowPos[r] * kvDim;
                    std::copy_n(k.data() + r * kvDim, kvDim, kRow);
                    for (std::size_t kvh = 0; kvh < KV; ++kvh)
                        ropeHead(kRow + kvh * hd, cs, sn, half);
                    std::copy_n(v.data() + r * kvDim, kvDim, c.values[l].data_ptr<float>() + rowPos[r] * kvDim);
                }
            });
            // Each row's query heads over its sequence's positions up to its own.
            threads.run(items.size() * KV, 1, [&](std::size_t from, std::size_t to) {
                std::vector<float> scores;
                for (std::size_t task = from; task < to; ++task) {
                    const Item &item = items[task / KV];
                    const std::size_t kvh = task % KV;
                    for (const std::size_t r : {item.first, item.second}) {
                        const Cache &c = *seqs[rowSeq[r]];
                        const std::size_t L = rowPos[r] + 1;
                        const float *keys = c.keys[l].data_ptr<float>() + kvh * hd, *values = c.values[l].data_ptr<float>() + kvh * hd;
                        scores.resize(L);
                        for (std::size_t g = 0; g < G; ++g) {
                            const std::size_t head = kvh * G + g;
                            const float *qh = q.data() + r * D + head * hd;
                            dots(qh, keys, kvDim, L, hd, scores.data());
                            const float top = *std::max_element(scores.begin(), scores.end());
                            const auto sum = float(expShifted(scores.data(), top, scale, scores.data(), L)); // softmax of scale · q·k
                            for (std::size_t p = 0; p < L; ++p)
                                scores[p] /= sum;
                            weightedSum(scores.data(), values, kvDim, L, hd, att.data() + r * D + head * hd);
                        }
                        if (item.first == item.second)
                            break; // a lone middle row, once
                    }
                }
            });
            linearRows(threads, b.wo, att.data(), N, o.data());
            for (std::size_t j = 0; j < N * D; ++j)
                x[j] += o[j];
            rmsNormRows(x.data(), N, b.ffnNorm, h.data());
            linearRows(threads, b.gate, h.data(), N, gate.data());
            linearRows(threads, b.up, h.data(), N, up.data());
            // SwiGLU, row by row on the pool (an exp per value, vectorised: at 16 rows a few
            // percent of a step on one core).
            threads.run(N, 1, [&](std::size_t from, std::size_t to) {
                thread_local std::vector<float> e; // kept between steps: no allocation per layer
                e.resize((to - from) * F);
                expShifted(gate.data() + from * F, 0.0f, -1.0f, e.data(), e.size()); // exp(−g)
                for (std::size_t j = from * F; j < to * F; ++j)
                    gate[j] = gate[j] / (1.0f + e[j - from * F]) * up[j];
            });
            linearRows(threads, b.down, gate.data(), N, o.data());
            for (std::size_t j = 0; j < N * D; ++j)
                x[j] += o[j];
        }
        for (std::size_t s = 0; s < S; ++s)
            seqs[s]->used += tokens[s].size();
        // The rows whose logits are wanted, normalised, through the output matrix.
        std::vector<std::size_t> wanted;
        for (std::size_t r = 0, s = 0; s < S; r += tokens[s].size(), ++s) {
            if (s < allRows.size() && allRows[s])
                for (std::size_t j = 0; j < tokens[s].size(); ++j)
                    wanted.push_back(r + j);
            else
                wanted.push_back(r + tokens[s].size() - 1);
        }
        const Floats last(wanted.size() * D);
        for (std::size_t i = 0; i < wanted.size(); ++i)
            std::copy_n(x.data() + wanted[i] * D, D, last.data() + i * D);
        rmsNormRows(last.data(), wanted.size(), outputNorm, h.data());
        std::vector<float> logits(wanted.size() * config.vocab);
        linearRows(threads, output, h.data(), wanted.size(), logits.data());
        return logits;
    }

    at::Tensor run(Cache &cache, std::span<const std::int32_t> tokens, bool allPositions) const
    {
        const auto T = std::int64_t(tokens.size());
        const auto start = std::int64_t(cache.used);
        check(cache, tokens, "the sequence");
        const auto H = std::int64_t(config.heads), KV = std::int64_t(config.kvHeads), D = std::int64_t(config.dim);
        const auto hd = D / H;
        std::vector<std::int64_t> ids(tokens.begin(), tokens.end());
        const at::Tensor idTensor = at::from_blob(ids.data(), {T}, at::kLong).clone().to(device);
        at::Tensor x = embed(idTensor); // [T, D]
        const std::int64_t L = start + T;
        // Query t (at position start + t) sees keys at positions ≤ start + t.
        const at::Tensor causal = at::ones({T, L}, at::TensorOptions().dtype(at::kBool).device(device)).triu(start + 1);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const Block &b = blocks[i];
            const at::Tensor h = rmsNorm(x, b.attnNorm);
            const at::Tensor q = rope(linear(h, b.wq).reshape({T, H, hd}), start);
            const at::Tensor k = rope(linear(h, b.wk).reshape({T, KV, hd}), start);
            const at::Tensor v = linear(h, b.wv).reshape({T, KV, hd});
            cache.keys[i].slice(0, start, L).copy_(k);
            cache.values[i].slice(0, start, L).copy_(v);
            const at::Tensor attended = attend(q, cache.keys[i].slice(0, 0, L), cache.values[i].slice(0, 0, L), &causal);
            x = x + linear(attended, b.wo);
            const at::Tensor f = rmsNorm(x, b.ffnNorm);
            x = x + linear(at::silu(linear(f, b.gate)) * linear(f, b.up), b.down);
        }
        cache.used += tokens.size();
        const at::Tensor last = allPositions ? x : x.slice(0, T - 1, T);
        return linear(rmsNorm(last, outputNorm), output);
    }
};

std::vector<std::vector<float>> LlamaModel::step(std::span<KvCache *const> caches, std::span<const std::int32_t> tokens) const
{
    if (caches.size() != tokens.size() || caches.empty())
        throwError(ErrorKind::BadInput, "a batched step needs one token per sequence");
    at::NoGradGuard noGrad;
    const Impl &m = *d;
    const auto B = std::int64_t(tokens.size());
    const auto H = std::int64_t(m.config.heads), KV = std::int64_t(m.config.kvHeads), D = std::int64_t(m.config.dim);
    const auto hd = D / H;
    std::vector<std::int64_t> ids(tokens.begin(), tokens.end());
    std::vector<Cache *> seqs;
    for (std::size_t i = 0; i < caches.size(); ++i) {
        auto *c = static_cast<Cache *>(caches[i]);
        m.check(*c, tokens.subspan(i, 1), "sequence " + std::to_string(i));
        seqs.push_back(c);
    }
    const std::size_t V = m.config.vocab;
    if (m.device.is_cpu() && !m.tensorPath) {
        std::vector<std::span<const std::int32_t>> each;
        for (std::size_t i = 0; i < tokens.size(); ++i)
            each.push_back(tokens.subspan(i, 1));
        const std::vector<float> logits = m.runRows(seqs, each, false);
        std::vector<std::vector<float>> out(static_cast<std::size_t>(B));
        for (std::int64_t i = 0; i < B; ++i)
            out[std::size_t(i)].assign(logits.begin() + std::ptrdiff_t(std::size_t(i) * V), logits.begin() + std::ptrdiff_t(std::size_t(i + 1) * V));
        return out;
    }
    at::Tensor x = m.embed(at::from_blob(ids.data(), {B}, at::kLong).clone()); // [B, D]
    for (std::size_t l = 0; l < m.blocks.size(); ++l) {
        const Block &b = m.blocks[l];
        const at::Tensor h = m.rmsNorm(x, b.attnNorm);
        const at::Tensor q = m.linear(h, b.wq).reshape({B, H, hd});
        const at::Tensor k = m.linear(h, b.wk).reshape({B, KV, hd});
        const at::Tensor v = m.linear(h, b.wv).reshape({B, KV, hd});
        std::vector<at::Tensor> outs;
        outs.reserve(std::size_t(B));
        for (std::int64_t i = 0; i < B; ++i) {
            Cache &c = *seqs[std::size_t(i)];
            const auto pos = std::int64_t(c.used);
            const at::Tensor qi = m.rope(q.slice(0, i, i + 1), pos);
            c.keys[l].slice(0, pos, pos + 1).copy_(m.rope(k.slice(0, i, i + 1), pos));
            c.values[l].slice(0, pos, pos + 1).copy_(v.slice(0, i, i + 1));
            outs.push_back(m.attend(qi, c.keys[l].slice(0, 0, pos + 1), c.values[l].slice(0, 0, pos + 1), nullptr));
        }
        x = x + m.linear(at::cat(outs, 0), b.wo);
        const at::Tensor f = m.rmsNorm(x, b.ffnNorm);
        x = x + m.linear(at::silu(m.linear(f, b.gate)) * m.linear(f, b.up), b.down);
    }
    for (Cache *c : seqs)
        ++c->used;
    const at::Tensor logits = m.linear(m.rmsNorm(x, m.outputNorm), m.output).to(at::kCPU).contiguous();
    std::vector<std::vector<float>> out(static_cast<std::size_t>(B));
    const float *p = logits.data_ptr<float>();
    for (std::int64_t i = 0; i < B; ++i)
        out[std::size_t(i)].assign(p + std::size_t(i) * V, p + std::size_t(i + 1) * V);
    return out;
}

std::vector<std::vector<float>> LlamaModel::step(std::span<KvCache *const> caches, std::span<const std::span<const std::int32_t>> tokens,
                                                 std::span<const std::uint8_t> allRows) const
{
    if (caches.size() != tokens.size() || caches.empty())
        throwError(ErrorKind::BadInput, "a batched step needs tokens for each sequence");
    at::NoGradGuard noGrad;
    std::vector<Cache *> seqs;
    for (std::size_t i = 0; i < caches.size(); ++i) {
        auto *c = static_cast<Cache *>(caches[i]);
        if (tokens[i].empty())
            throwError(ErrorKind::BadInput, "sequence " + std::to_string(i) + " has no tokens to run");
        d->check(*c, tokens[i], "sequence " + std::to_string(i));
        seqs.push_back(c);
    }
    const std::size_t V = d->config.vocab;
    std::vector<std::vector<float>> out(caches.size());
    const auto wantsAll = [&](std::size_t i) { return i < allRows.size() && allRows[i] != 0; };
    if (d->device.is_cpu() && !d->tensorPath) {
        const std::vector<float> logits = d->runRows(seqs, tokens, allRows);
        for (std::size_t i = 0, row = 0; i < out.size(); ++i) {
            const std::size_t rows = wantsAll(i) ? tokens[i].size() : 1;
            out[i].assign(logits.begin() + std::ptrdiff_t(row * V), logits.begin() + std::ptrdiff_t((row + rows) * V));
            row += rows;
        }
        return out;
    }
    // The tensor path: single tokens in one batched step, longer runs one sequence at a time.
    std::vector<KvCache *> singles;
    std::vector<std::int32_t> singleTokens;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < caches.size(); ++i) {
        if (tokens[i].size() == 1) {
            singles.push_back(caches[i]);
            singleTokens.push_back(tokens[i][0]);
            where.push_back(i);
        } else {
            out[i] = forward(*caches[i], tokens[i], wantsAll(i));
        }
    }
    if (!singles.empty()) {
        auto logits = step(singles, singleTokens);
        for (std::size_t j = 0; j < where.size(); ++j)
            out[where[j]] = std::move(logits[j]);
    }
    return out;
}

void LlamaModel::useTensorOperators(bool on)
{
    d->tensorPath = on;
}

LlamaModel::LlamaModel(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{
}

LlamaModel::~LlamaModel() = default;

std::unique_ptr<LlamaModel> LlamaModel::load(const std::filesystem::path &path, compute::DeviceId device, bool keepQuantized, Precision precision)
{
    auto impl = std::make_unique<Impl>();
    if (precision == Precision::Auto)
        precision = device.isCuda() ? Precision::Half : Precision::Float32;
    impl->matrixType = precision == Precision::Half ? at::kHalf : precision == Precision::BFloat16 ? at::kBFloat16 : at::kFloat;
    impl->config.matrixType = precision == Precision::Half ? "F16" : precision == Precision::BFloat16 ? "BF16" : "F32";
    impl->file = std::make_shared<GgufFile>(path);
    impl->keepQuantized = keepQuantized;
    const GgufFile &file = *impl->file;
    impl->device = device.isCuda() ? at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(device.index)) : at::Device(at::kCPU);
    const std::string arch = file.getString("general.architecture");
    if (arch != "llama")
        throwError(ErrorKind::BadInput, path.string() + ": general.architecture is \"" + arch + "\"; Keel's decoder runs llama-family models");
    LlamaConfig &c = impl->config;
    c.layers = std::size_t(file.getInteger("llama.block_count"));
    c.heads = std::size_t(file.getInteger("llama.attention.head_count"));
    c.kvHeads = std::size_t(file.integerOr("llama.attention.head_count_kv").value_or(std::int64_t(c.heads)));
    c.dim = std::size_t(file.getInteger("llama.embedding_length"));
    c.ffn = std::size_t(file.getInteger("llama.feed_forward_length"));
    c.context = std::size_t(file.getInteger("llama.context_length"));
    c.rmsEps = float(file.getReal("llama.attention.layer_norm_rms_epsilon"));
    c.ropeBase = file.realOr("llama.rope.freq_base").value_or(10000.0);
    c.name = file.find("general.name") ? file.getString("general.name") : path.stem().string();
    if (c.heads == 0 || c.kvHeads == 0 || c.dim % c.heads != 0 || c.heads % c.kvHeads != 0 || (c.dim / c.heads) % 2 != 0)
        throwError(ErrorKind::BadInput, path.string() + ": llama.attention.head_count / head_count_kv / embedding_length do not fit together");
    if (const auto rope = file.integerOr("llama.rope.dimension_count"); rope && std::size_t(*rope) != c.dim / c.heads)
        throwError(ErrorKind::BadInput, path.string() + ": llama.rope.dimension_count " + std::to_string(*rope) + " rotates part of each head; not read yet");
    impl->tokenizer = std::make_unique<BpeTokenizer>(BpeTokenizer::fromGguf(file));
    c.vocab = impl->tokenizer->vocabularySize();
    const std::string eos = impl->tokenizer->eos() >= 0 ? impl->tokenizer->token(impl->tokenizer->eos()) : "</s>";
    const std::string bos = impl->tokenizer->bos() >= 0 ? impl->tokenizer->token(impl->tokenizer->bos()) : "";
    impl->chat = file.find("tokenizer.chat_template") ? chatTemplateFrom(file.getString("tokenizer.chat_template"), bos, eos)
                                                      : ChatTemplate{ChatFormat::ChatML, bos, eos, {}};

    const auto D = std::int64_t(c.dim), F = std::int64_t(c.ffn), V = std::int64_t(c.vocab);
    const auto kvDim = D / std::int64_t(c.heads) * std::int64_t(c.kvHeads);
    std::map<std::string, std::uint64_t> byType;
    for (const auto &t : file.tensors())
        byType[ggmlTypeName(t.ggmlType)] += t.elements;
    c.quantisation = std::max_element(byType.begin(), byType.end(), [](const auto &a, const auto &b) { return a.second < b.second; })->first;
    c.tiedEmbeddings = file.findTensor("output.weight") == nullptr;
    impl->embedding = impl->weight(file, "token_embd.weight", V, D, c.tiedEmbeddings);
    impl->outputNorm = impl->matrix(file, "output_norm.weight", D, 1);
    impl->output = c.tiedEmbeddings ? impl->embedding : impl->weight(file, "output.weight", V, D);
    for (std::size_t i = 0; i < c.layers; ++i) {
        const std::string p = "blk." + std::to_string(i) + ".";
        Block b;
        b.attnNorm = impl->matrix(file, p + "attn_norm.weight", D, 1);
        b.wq = impl->weight(file, p + "attn_q.weight", D, D);
        b.wk = impl->weight(file, p + "attn_k.weight", kvDim, D);
        b.wv = impl->weight(file, p + "attn_v.weight", kvDim, D);
        b.wo = impl->weight(file, p + "attn_output.weight", D, D);
        b.ffnNorm = impl->matrix(file, p + "ffn_norm.weight", D, 1);
        b.gate = impl->weight(file, p + "ffn_gate.weight", F, D);
        b.up = impl->weight(file, p + "ffn_up.weight", F, D);
        b.down = impl->weight(file, p + "ffn_down.weight", D, F);
        impl->blocks.push_back(std::move(b));
    }
    // θ_i = base^(-2i/d), computed in double as the reference does, used in float.
    const auto hd = D / std::int64_t(c.heads);
    std::vector<float> inv(std::size_t(hd / 2));
    for (std::int64_t i = 0; i < hd / 2; ++i)
        inv[std::size_t(i)] = float(1.0 / std::pow(c.ropeBase, double(2 * i) / double(hd)));
    // Llama 3.1 and later stretch the rotation's low frequencies for long contexts: the file
    // then holds one factor per frequency (rope_freqs.weight), each θ_i divided by its factor as
    // llama.cpp does.
    if (const GgufTensor *factors = file.findTensor("rope_freqs.weight")) {
        const std::vector<float> f = file.dequantize(*factors);
        if (f.size() != inv.size())
            throwError(ErrorKind::BadInput, path.string() + ": rope_freqs.weight has " + std::to_string(f.size()) + " factors for " +
                                                std::to_string(inv.size()) + " rotation frequencies");
        for (std::size_t i = 0; i < inv.size(); ++i) {
            if (!(f[i] > 0))
                throwError(ErrorKind::BadInput, path.string() + ": rope_freqs.weight[" + std::to_string(i) + "] is not a positive factor");
            inv[i] = float(double(inv[i]) / double(f[i]));
        }
    }
    impl->invFreq = at::from_blob(inv.data(), {hd / 2}, at::kFloat).clone().to(impl->device);
    if (impl->device.is_cpu())
        impl->pool = std::make_unique<SpinPool>(std::size_t(std::max(1, at::get_num_threads())));
    return std::unique_ptr<LlamaModel>(new LlamaModel(std::move(impl)));
}

const LlamaConfig &LlamaModel::config() const
{
    return d->config;
}

const BpeTokenizer &LlamaModel::tokenizer() const
{
    return *d->tokenizer;
}

std::shared_ptr<const TokenTrie> LlamaModel::tokenTrie() const
{
    std::call_once(d->trieOnce, [this] { d->trie = std::make_shared<TokenTrie>(*d->tokenizer); });
    return d->trie;
}

const ChatTemplate &LlamaModel::chatTemplate() const
{
    return d->chat;
}

std::uint64_t LlamaModel::weightBytes() const
{
    return d->bytes;
}

std::unique_ptr<LlamaModel::KvCache> LlamaModel::newCache(std::size_t capacity) const
{
    auto cache = std::make_unique<Cache>();
    cache->cap = std::min(capacity, d->config.context);
    const auto hd = std::int64_t(d->config.dim / d->config.heads);
    for (std::size_t i = 0; i < d->config.layers; ++i) {
        cache->keys.push_back(at::zeros({std::int64_t(cache->cap), std::int64_t(d->config.kvHeads), hd}, at::TensorOptions().device(d->device)));
        cache->values.push_back(at::zeros({std::int64_t(cache->cap), std::int64_t(d->config.kvHeads), hd}, at::TensorOptions().device(d->device)));
    }
    return cache;
}

std::vector<float> LlamaModel::forward(KvCache &cache, std::span<const std::int32_t> tokens, bool allPositions) const
{
    if (tokens.empty())
        throwError(ErrorKind::BadInput, "no tokens to run");
    at::NoGradGuard noGrad;
    if (d->device.is_cpu() && !d->tensorPath) {
        auto &c = static_cast<Cache &>(cache);
        d->check(c, tokens, "the sequence");
        Cache *one[1] = {&c};
        const std::span<const std::int32_t> rows[1] = {tokens};
        return d->runRows(one, rows, allPositions);
    }
    const at::Tensor logits = d->run(static_cast<Cache &>(cache), tokens, allPositions).to(at::kCPU).contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}


Generation LlamaModel::generate(const std::vector<std::int32_t> &prompt, const SamplingParams &params,
                                const std::function<bool(const std::string &)> &onText, std::size_t prefillChunk) const
{
    if (prompt.empty())
        throwError(ErrorKind::BadInput, "the prompt has no tokens");
    const auto started = Clock::now();
    Generation g;
    g.promptTokens = prompt.size();
    auto cache = newCache(std::min(d->config.context, prompt.size() + params.maxTokens));
    std::vector<float> logits;
    for (std::size_t at = 0; at < prompt.size(); at += std::max<std::size_t>(prefillChunk, 1)) {
        const std::size_t n = std::min(prompt.size() - at, std::max<std::size_t>(prefillChunk, 1));
        logits = forward(*cache, std::span<const std::int32_t>(prompt).subspan(at, n));
    }
    std::mt19937_64 rng(params.seed);
    std::vector<std::int32_t> seen = prompt;
    StreamingDetokenizer detok(*d->tokenizer);
    Clock::time_point firstAt;
    g.stopReason = "length";
    std::unique_ptr<TokenConstraint> constraint;
    if (params.grammar)
        constraint = std::make_unique<TokenConstraint>(params.grammar, tokenTrie());
    while (g.tokens.size() < params.maxTokens) {
        const std::int32_t next = sampleToken(logits, params, seen, rng, constraint.get());
        if (next < 0) {
            g.stopReason = "error: the grammar allows no token of this vocabulary here";
            break;
        }
        if (g.tokens.empty()) {
            firstAt = Clock::now();
            g.timeToFirstTokenMs = msSince(started);
        }
        if (next == d->tokenizer->eos()) {
            g.stopReason = "eos";
            break;
        }
        g.tokens.push_back(next);
        if (params.logprobs)
            g.logprobs.push_back(tokenLogProbability(logits, next));
        if (params.topLogprobs > 0)
            g.topLogprobs.push_back(topLogProbabilities(logits, params.topLogprobs));
        seen.push_back(next);
        if (constraint)
            constraint->accept(next);
        std::string piece = detok.push(next);
        g.text += piece;
        // Stop strings: cut the text before the first one that appears.
        bool stopped = false;
        for (const std::string &s : params.stop) {
            if (s.empty())
                continue;
            if (const auto at = g.text.find(s); at != std::string::npos) {
                const std::size_t before = g.text.size() - piece.size();
                piece = at > before ? piece.substr(0, at - before) : std::string();
                g.text.resize(at);
                stopped = true;
                break;
            }
        }
        if (onText && !piece.empty() && !onText(piece)) {
            g.stopReason = "cancelled";
            break;
        }
        if (stopped || (constraint && constraint->mustEnd())) {
            g.stopReason = "stop";
            break;
        }
        if (g.tokens.size() >= params.maxTokens || cache->length() >= cache->capacity())
            break;
        const std::int32_t one[1] = {next};
        logits = forward(*cache, one);
    }
    if (g.stopReason == "length" || g.stopReason == "eos" || (constraint && g.stopReason == "stop")) {
        const std::string rest = detok.finish();
        g.text += rest;
        if (onText && !rest.empty())
            onText(rest);
    }
    g.totalMs = msSince(started);
    if (g.tokens.size() > 1)
        g.tokensPerSecond = double(g.tokens.size() - 1) / (std::chrono::duration<double>(Clock::now() - firstAt).count());
    return g;
}

double LlamaModel::loglikelihood(const std::vector<std::int32_t> &context, const std::vector<std::int32_t> &continuation) const
{
    if (context.empty() || continuation.empty())
        throwError(ErrorKind::BadInput, "loglikelihood needs a context and a continuation");
    std::vector<std::int32_t> all = context;
    all.insert(all.end(), continuation.begin(), continuation.end() - 1);
    auto cache = newCache(all.size());
    const std::vector<float> logits = forward(*cache, all, true);
    const std::size_t V = d->config.vocab;
    double total = 0;
    for (std::size_t i = 0; i < continuation.size(); ++i) {
        const std::size_t row = context.size() - 1 + i;
        const std::vector<float> rowLogits(logits.begin() + std::ptrdiff_t(row * V), logits.begin() + std::ptrdiff_t((row + 1) * V));
        total += tokenLogProbability(rowLogits, continuation[i]);
    }
    return total;
}

} // namespace keel::nn
