#include "nn/sampling.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace keel::nn {

std::int32_t sampleToken(std::vector<float> logits, const SamplingParams &p, const std::vector<std::int32_t> &seen, std::mt19937_64 &rng)
{
    if (p.repetitionPenalty != 1.0)
        for (std::int32_t id : seen) {
            float &l = logits[std::size_t(id)];
            l = l > 0 ? float(l / p.repetitionPenalty) : float(l * p.repetitionPenalty);
        }
    if (p.temperature <= 0)
        return std::int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
    std::vector<std::int32_t> order(logits.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return logits[std::size_t(a)] > logits[std::size_t(b)]; });
    if (p.topK > 0 && p.topK < order.size())
        order.resize(p.topK);
    std::vector<double> probs(order.size());
    const double top = logits[std::size_t(order[0])] / p.temperature;
    double sum = 0;
    for (std::size_t i = 0; i < order.size(); ++i)
        sum += probs[i] = std::exp(logits[std::size_t(order[i])] / p.temperature - top);
    // Top-p: the smallest head of the sorted tokens whose probability reaches p.
    double cumulative = 0;
    std::size_t keep = order.size();
    for (std::size_t i = 0; i < order.size(); ++i) {
        cumulative += probs[i] / sum;
        if (cumulative >= p.topP) {
            keep = i + 1;
            break;
        }
    }
    probs.resize(keep);
    std::discrete_distribution<std::size_t> pick(probs.begin(), probs.end());
    return order[pick(rng)];
}

float tokenLogProbability(const std::vector<float> &logits, std::int32_t id)
{
    const float top = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (float l : logits)
        sum += std::exp(double(l - top));
    return float(double(logits[std::size_t(id)] - top) - std::log(sum));
}


} // namespace keel::nn
