#pragma once

#include "nn/llamamodel.h"

#include <cstdint>
#include <random>
#include <vector>

namespace keel::nn {

class TokenConstraint;

// The next token from `logits`: the repetition penalty on `seen` (Hugging Face's rule), then
// greedy when the temperature is 0, else temperature, top-k, top-p and a draw from `rng`.
// Under a `constraint` (SamplingParams::grammar's), tokens it does not allow next are never
// chosen; -1 when it allows none.
std::int32_t sampleToken(std::vector<float> logits, const SamplingParams &params, const std::vector<std::int32_t> &seen, std::mt19937_64 &rng,
                         TokenConstraint *constraint = nullptr);
// log softmax(logits)[id].
float tokenLogProbability(const std::vector<float> &logits, std::int32_t id);
// The `k` likeliest tokens and their log softmax(logits), likeliest first (ties: lower id first).
std::vector<std::pair<std::int32_t, float>> topLogProbabilities(const std::vector<float> &logits, std::size_t k);

} // namespace keel::nn
