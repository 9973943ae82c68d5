#include "nn/llamamodel.h"

#include "core/error.h"
#include "nn/gguf.h"
#include "nn/qmatmul.h"
#include "nn/sampling.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <cmath>
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
    std::int64_t rows = 0, cols = 0;
    bool quantized() const { return !dense.defined(); }
};

struct Block {
    at::Tensor attnNorm, ffnNorm;
    Weight wq, wk, wv, wo, gate, up, down;
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
    ChatTemplate chat;
    at::Device device = at::kCPU;
    Weight embedding, output;
    at::Tensor outputNorm, invFreq;
    std::vector<Block> blocks;
    std::uint64_t bytes = 0;

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
        bytes += values.size() * sizeof(float);
        const std::vector<std::int64_t> shape = cols == 1 ? std::vector<std::int64_t>{rows} : std::vector<std::int64_t>{rows, cols};
        return at::from_blob(values.data(), shape, at::kFloat).clone().to(device);
    }

    Weight weight(const GgufFile &f, const std::string &name, std::int64_t rows, std::int64_t cols)
    {
        const GgufTensor &t = f.tensor(name);
        if (keepQuantized && device.is_cpu() && t.dtype && quantizedMatmulReads(*t.dtype) && cols % 32 == 0 &&
            t.shape == std::vector<std::uint64_t>{std::uint64_t(cols), std::uint64_t(rows)}) {
            Weight w;
            w.type = *t.dtype;
            w.blocks = f.data(t);
            w.rows = rows;
            w.cols = cols;
            bytes += w.blocks.size();
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
        if (!w.quantized())
            return at::linear(x, w.dense);
        const at::Tensor in = x.to(at::kFloat).contiguous().reshape({-1, w.cols});
        at::Tensor out = at::empty({in.size(0), w.rows}, at::kFloat);
        quantizedMatmul(w.type, w.blocks, std::size_t(w.rows), std::size_t(w.cols), in.data_ptr<float>(), std::size_t(in.size(0)),
                        out.data_ptr<float>(), [](std::size_t rows, const std::function<void(std::size_t, std::size_t)> &body) {
                            at::parallel_for(0, std::int64_t(rows), 64, [&](std::int64_t from, std::int64_t to) { body(std::size_t(from), std::size_t(to)); });
                        });
        auto shape = x.sizes().vec();
        shape.back() = w.rows;
        return out.reshape(shape);
    }

    // Rows of the embedding matrix for `ids` ([T] longs) → [T, dim].
    at::Tensor embed(const at::Tensor &ids) const
    {
        if (!embedding.quantized())
            return embedding.dense.index_select(0, ids);
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

    at::Tensor run(Cache &cache, std::span<const std::int32_t> tokens, bool allPositions) const
    {
        const auto T = std::int64_t(tokens.size());
        const auto start = std::int64_t(cache.used);
        if (cache.used + tokens.size() > cache.cap)
            throwError(ErrorKind::BadInput, "the sequence needs " + std::to_string(cache.used + tokens.size()) + " positions; its cache holds " +
                                                std::to_string(cache.cap) + " (raise the context or shorten the prompt)");
        for (std::int32_t id : tokens)
            if (id < 0 || std::size_t(id) >= config.vocab)
                throwError(ErrorKind::BadInput, "token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(config.vocab));
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
        if (c->used + 1 > c->cap)
            throwError(ErrorKind::BadInput, "sequence " + std::to_string(i) + " has filled its cache of " + std::to_string(c->cap) + " positions");
        if (tokens[i] < 0 || std::size_t(tokens[i]) >= m.config.vocab)
            throwError(ErrorKind::BadInput, "token id " + std::to_string(tokens[i]) + " is outside the vocabulary");
        seqs.push_back(c);
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
    const std::size_t V = m.config.vocab;
    for (std::int64_t i = 0; i < B; ++i)
        out[std::size_t(i)].assign(p + std::size_t(i) * V, p + std::size_t(i + 1) * V);
    return out;
}

LlamaModel::LlamaModel(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{
}

LlamaModel::~LlamaModel() = default;

std::unique_ptr<LlamaModel> LlamaModel::load(const std::filesystem::path &path, compute::DeviceId device, bool keepQuantized)
{
    auto impl = std::make_unique<Impl>();
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
    impl->embedding = impl->weight(file, "token_embd.weight", V, D);
    impl->outputNorm = impl->matrix(file, "output_norm.weight", D, 1);
    c.tiedEmbeddings = file.findTensor("output.weight") == nullptr;
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
    impl->invFreq = at::from_blob(inv.data(), {hd / 2}, at::kFloat).clone().to(impl->device);
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
    while (g.tokens.size() < params.maxTokens) {
        const std::int32_t next = sampleToken(logits, params, seen, rng);
        if (g.tokens.empty()) {
            firstAt = Clock::now();
            g.timeToFirstTokenMs = msSince(started);
        }
        if (next == d->tokenizer->eos()) {
            g.stopReason = "eos";
            break;
        }
        g.tokens.push_back(next);
        g.logprobs.push_back(tokenLogProbability(logits, next));
        seen.push_back(next);
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
        if (stopped) {
            g.stopReason = "stop";
            break;
        }
        if (g.tokens.size() >= params.maxTokens || cache->length() >= cache->capacity())
            break;
        const std::int32_t one[1] = {next};
        logits = forward(*cache, one);
    }
    if (g.stopReason == "length" || g.stopReason == "eos") {
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
