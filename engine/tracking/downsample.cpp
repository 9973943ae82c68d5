#include "tracking/downsample.h"

#include <cmath>

namespace keel::tracking {

std::vector<MetricPoint> downsampleMinMax(std::span<const MetricPoint> sorted, std::size_t maxPoints)
{
    std::vector<MetricPoint> finite;
    finite.reserve(sorted.size());
    for (const MetricPoint &p : sorted) {
        if (!std::isnan(p.value))
            finite.push_back(p);
    }
    if (finite.size() <= maxPoints || maxPoints < 4)
        return maxPoints < 4 && finite.size() > maxPoints ? std::vector<MetricPoint>(finite.begin(), finite.begin() + maxPoints) : finite;

    const std::size_t buckets = (maxPoints - 2) / 2;
    const double first = double(finite.front().step);
    const double span = double(finite.back().step) - first;
    std::vector<MetricPoint> out;
    out.reserve(maxPoints);
    out.push_back(finite.front());
    std::size_t i = 1;
    const std::size_t last = finite.size() - 1;
    for (std::size_t b = 0; b < buckets && i < last; ++b) {
        const double end = first + span * double(b + 1) / double(buckets);
        std::size_t lo = i, hi = i;
        std::size_t j = i;
        for (; j < last && (double(finite[j].step) < end || b + 1 == buckets); ++j) {
            if (finite[j].value < finite[lo].value)
                lo = j;
            if (finite[j].value > finite[hi].value)
                hi = j;
        }
        if (j == i)
            continue; // an empty bucket
        if (lo == hi) {
            out.push_back(finite[lo]);
        } else {
            out.push_back(finite[std::min(lo, hi)]);
            out.push_back(finite[std::max(lo, hi)]);
        }
        i = j;
    }
    out.push_back(finite[last]);
    return out;
}

} // namespace keel::tracking
