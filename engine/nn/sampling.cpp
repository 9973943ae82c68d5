#include "nn/sampling.h"

#include "nn/grammar.h"

#include "nn/vecops.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace keel::nn {

std::int32_t sampleToken(std::vector<float> logits, const SamplingParams &p, const std::vector<std::int32_t> &seen, std::mt19937_64 &rng,
                         TokenConstraint *constraint)
{
    if (constraint && !constraint->mask(logits))
        return -1;
    if (p.repetitionPenalty != 1.0)
        for (std::int32_t id : seen) {
            float &l = logits[std::size_t(id)];
            l = l > 0 ? float(l / p.repetitionPenalty) : float(l * p.repetitionPenalty);
        }
    if (p.temperature <= 0)
        return std::int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
    const std::size_t V = logits.size();
    // exp((l − max) / T) for the whole vocabulary in one vectorised pass.
    const float top = *std::max_element(logits.begin(), logits.end());
    thread_local std::vector<float> w; // (kept: a vocabulary's worth of floats per token otherwise)
    w.resize(V);
    const double total = expShifted(logits.data(), top, float(1.0 / p.temperature), w.data(), V);
    const auto weight = [&](std::int32_t id) { return double(w[std::size_t(id)]); };
    if ((p.topK == 0 || p.topK >= V) && p.topP >= 1.0) {
        // The whole distribution: one draw against the running sum, in vocabulary order.
        const double sum = total;
        const double u = std::uniform_real_distribution<double>(0.0, sum)(rng);
        double cumulative = 0;
        for (std::size_t i = 0; i < V; ++i)
            if ((cumulative += w[i]) > u && w[i] > 0)
                return std::int32_t(i);
        return std::int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
    }
    // Candidates by logit, highest first (ties by id, so a seed always draws the same token).
    // Only as much of the order as top-k and top-p need is sorted: the head of a 49k vocabulary
    // that holds p of the mass is usually a few dozen tokens.
    const auto before = [&](std::int32_t a, std::int32_t b) {
        const float la = logits[std::size_t(a)], lb = logits[std::size_t(b)];
        return la > lb || (la == lb && a < b);
    };
    std::vector<std::int32_t> order(V);
    std::iota(order.begin(), order.end(), 0);
    std::size_t candidates = V;
    std::size_t sorted = 0; // order[0, sorted) is the sorted head
    if (p.topK > 0 && p.topK < V) {
        std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(p.topK), order.end(), before);
        order.resize(p.topK);
        candidates = sorted = p.topK;
    }
    std::vector<double> probs;
    if (p.topP >= 1.0) {
        probs.resize(candidates);
        for (std::size_t i = 0; i < candidates; ++i)
            probs[i] = weight(order[i]);
    } else {
        double sum = 0;
        for (std::size_t i = 0; i < candidates; ++i)
            sum += weight(order[i]);
        // Top-p: the smallest head of the sorted candidates whose probability reaches p.
        std::size_t head = std::min<std::size_t>(64, candidates);
        for (;;) {
            if (sorted < head) {
                std::partial_sort(order.begin() + std::ptrdiff_t(sorted), order.begin() + std::ptrdiff_t(head), order.begin() + std::ptrdiff_t(candidates),
                                  before);
                sorted = head;
            }
            probs.clear();
            double cumulative = 0;
            std::size_t keep = 0;
            for (std::size_t i = 0; i < head && keep == 0; ++i) {
                probs.push_back(weight(order[i]));
                cumulative += probs.back() / sum;
                if (cumulative >= p.topP)
                    keep = i + 1;
            }
            if (keep > 0 || head == candidates)
                break;
            head = std::min(candidates, head * 4);
        }
    }
    std::discrete_distribution<std::size_t> pick(probs.begin(), probs.end());
    return order[pick(rng)];
}

float tokenLogProbability(const std::vector<float> &logits, std::int32_t id)
{
    const float top = *std::max_element(logits.begin(), logits.end());
    thread_local std::vector<float> scratch;
    scratch.resize(logits.size());
    const double sum = expShifted(logits.data(), top, 1.0f, scratch.data(), logits.size());
    return float(double(logits[std::size_t(id)] - top) - std::log(sum));
}

std::vector<std::pair<std::int32_t, float>> topLogProbabilities(const std::vector<float> &logits, std::size_t k)
{
    k = std::min(k, logits.size());
    if (k == 0)
        return {};
    const float top = *std::max_element(logits.begin(), logits.end());
    thread_local std::vector<float> scratch;
    scratch.resize(logits.size());
    const double logSum = std::log(expShifted(logits.data(), top, 1.0f, scratch.data(), logits.size()));
    std::vector<std::int32_t> ids(logits.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        ids[i] = std::int32_t(i);
    std::partial_sort(ids.begin(), ids.begin() + std::ptrdiff_t(k), ids.end(), [&](std::int32_t a, std::int32_t b) {
        return logits[std::size_t(a)] != logits[std::size_t(b)] ? logits[std::size_t(a)] > logits[std::size_t(b)] : a < b;
    });
    std::vector<std::pair<std::int32_t, float>> out;
    for (std::size_t i = 0; i < k; ++i)
        out.emplace_back(ids[i], float(double(logits[std::size_t(ids[i])] - top) - logSum));
    return out;
}

} // namespace keel::nn
