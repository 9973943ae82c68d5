#pragma once

#include "compute/job.h"
#include "nn/chattemplate.h"
#include "nn/tokenizer.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace keel::nn {

class Grammar;
class TokenTrie;

struct LlamaConfig {
    std::size_t layers = 0, heads = 0, kvHeads = 0, dim = 0, ffn = 0, vocab = 0, context = 0;
    float rmsEps = 1e-5f;
    double ropeBase = 10000.0;
    bool tiedEmbeddings = false;
    std::string name;
    std::string quantisation;
    bool weightsQuantized = false;   // some matrices are kept in their quantised blocks
    std::string matrixType = "F32";  // what the other matrices are held in: F32, F16, BF16
};

struct SamplingParams {
    double temperature = 0.0;        // 0: greedy
    std::size_t topK = 0;            // 0: all tokens
    double topP = 1.0;
    double repetitionPenalty = 1.0;  // Hugging Face's rule: positive logits divided, negative multiplied
    std::uint64_t seed = 0;
    std::size_t maxTokens = 128;
    std::vector<std::string> stop;   // stop strings (the text stops before them)
    std::size_t topLogprobs = 0;     // also keep the this-many likeliest tokens at each step
    // Keep each chosen token's log probability (Generation::logprobs): a softmax over the whole
    // vocabulary per token, so only when asked (the API's logprobs, perplexity checks).
    bool logprobs = false;
    // Constrained decoding: only tokens the grammar allows next are chosen (nn/grammar.h), and
    // the generation stops ("stop") when the text is complete and nothing may follow.
    std::shared_ptr<const Grammar> grammar;
};

struct Generation {
    std::vector<std::int32_t> tokens;
    std::vector<float> logprobs;     // of each chosen token, from the unmodified distribution (SamplingParams::logprobs)
    // With SamplingParams::topLogprobs: the likeliest tokens at each step and their log
    // probabilities (same distribution), likeliest first.
    std::vector<std::vector<std::pair<std::int32_t, float>>> topLogprobs;
    // When the prompt's were asked for: entry i is prompt token i+1's log probability after
    // the tokens before it (the first token has none), with the likeliest alternatives there
    // (SamplingParams::topLogprobs of them).
    std::vector<float> promptLogprobs;
    std::vector<std::vector<std::pair<std::int32_t, float>>> promptTopLogprobs;
    std::string text;
    std::size_t promptTokens = 0;
    std::string stopReason;          // "eos", "stop", "length", "cancelled"
    double timeToFirstTokenMs = 0;
    double totalMs = 0;
    double tokensPerSecond = 0;      // generated tokens after the first, per second
};

// A Llama-family decoder (Llama, SmolLM, Mistral without sliding windows...) from a GGUF file:
// RMSNorm, rotary positions (GGUF's layout, Llama 3.1's frequency factors), grouped-query
// attention, SwiGLU, tied embeddings when the file has no output matrix. On the CPU it runs on
// plain float rows with its own threads (nn/spinpool.h), activations in fp32; on CUDA through
// ATen's tensor operators. Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K and Q6_K matrices stay in their
// blocks in memory on the CPU (read in place from the mapped file) unless keepQuantized is
// false; other types, and every matrix on CUDA, are dequantised when loaded (see Precision).
class LlamaModel {
public:
    // The type matrices that are not kept quantised are held in. Auto: fp16 on CUDA (tensor
    // cores), fp32 on the CPU. In fp16/bf16 the matrix products run in that type; the residual
    // stream, norms, softmax and logits stay fp32.
    enum class Precision { Auto, Float32, Half, BFloat16 };
    static std::unique_ptr<LlamaModel> load(const std::filesystem::path &gguf, compute::DeviceId device = compute::DeviceId::cpu(),
                                            bool keepQuantized = true, Precision precision = Precision::Auto);
    ~LlamaModel();

    const LlamaConfig &config() const;
    const BpeTokenizer &tokenizer() const;
    const ChatTemplate &chatTemplate() const;
    // The vocabulary as a byte trie, for constrained decoding; built on first use, shared.
    std::shared_ptr<const TokenTrie> tokenTrie() const;
    std::uint64_t weightBytes() const;

    // One sequence's keys and values, for at most `capacity` tokens (memory: layers × 2 ×
    // capacity × kvHeads × headDim floats).
    class KvCache {
    public:
        virtual ~KvCache() = default;
        virtual std::size_t length() const = 0;
        virtual std::size_t capacity() const = 0;
        virtual void truncate(std::size_t length) = 0;
    };
    std::unique_ptr<KvCache> newCache(std::size_t capacity) const;

    // Runs `tokens` after what `cache` holds; the logits at the last position (or every position
    // with allPositions, row after row). Throws keel::Error when the cache would overflow.
    std::vector<float> forward(KvCache &cache, std::span<const std::int32_t> tokens, bool allPositions = false) const;

    // One decoding step for several sequences at once: token i joins caches[i] (each at its own
    // length). The weight matrices are read once for the whole batch, which is what makes
    // continuous batching pay. Returns each sequence's logits.
    std::vector<std::vector<float>> step(std::span<KvCache *const> caches, std::span<const std::int32_t> tokens) const;
    // The general step: sequence i runs tokens[i] (a chunk of its prompt, or one sampled token)
    // after what caches[i] holds; every row of every sequence goes through each weight matrix
    // together (continuous batching with chunked prefill). Returns each sequence's logits at its
    // last position, or at each of its positions (row after row) where allRows[i] is non-zero
    // (a prompt whose every token's probability is wanted).
    std::vector<std::vector<float>> step(std::span<KvCache *const> caches, std::span<const std::span<const std::int32_t>> tokens,
                                         std::span<const std::uint8_t> allRows = {}) const;

    // On the CPU, forward passes run on plain float rows (one pass over the rows per operation,
    // no tensor operator dispatch per layer and sequence); with this on they run through ATen's
    // tensor operators as on CUDA, so that tests can hold the two paths against each other.
    void useTensorOperators(bool on);

    // Generates after `prompt`; `onText` receives text as it becomes complete (return false to
    // stop). Chunks the prompt's prefill into pieces of `prefillChunk` tokens.
    Generation generate(const std::vector<std::int32_t> &prompt, const SamplingParams &params,
                        const std::function<bool(const std::string &)> &onText = {}, std::size_t prefillChunk = 512) const;
    // Sum of log-probabilities of `continuation` after `context` (multiple-choice scoring).
    double loglikelihood(const std::vector<std::int32_t> &context, const std::vector<std::int32_t> &continuation) const;

private:
    struct Impl;
    explicit LlamaModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace keel::nn
