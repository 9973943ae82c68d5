#include "tracking/downsample.h"

#include <algorithm>
#include <cmath>

namespace keel::tracking {

std::vector<MetricPoint> downsampleMinMax(std::span<const MetricPoint> sorted, std::size_t maxPoints)
{
    // The finite-or-infinite points, without copying the series: first and last non-NaN.
    std::size_t first = 0, last = sorted.size();
    while (first < sorted.size() && std::isnan(sorted[first].value))
        ++first;
    while (last > first && std::isnan(sorted[last - 1].value))
        --last;
    std::vector<MetricPoint> out;
    if (first >= last)
        return out;
    --last; // index of the last non-NaN point
    const std::size_t count = last - first + 1;
    if (count <= maxPoints || maxPoints < 4) {
        for (std::size_t i = first; i <= last && out.size() < std::max<std::size_t>(maxPoints, 1); ++i)
            if (!std::isnan(sorted[i].value))
                out.push_back(sorted[i]);
        if (count <= maxPoints)
            return out;
        return out;
    }

    const std::size_t buckets = (maxPoints - 2) / 2;
    const double x0 = double(sorted[first].step);
    const double span = double(sorted[last].step) - x0;
    out.reserve(maxPoints);
    out.push_back(sorted[first]);
    std::size_t i = first + 1;
    for (std::size_t b = 0; b < buckets && i < last; ++b) {
        const double end = x0 + span * double(b + 1) / double(buckets);
        std::size_t lo = last, hi = last; // "none yet"
        std::size_t j = i;
        for (; j < last && (double(sorted[j].step) < end || b + 1 == buckets); ++j) {
            const double v = sorted[j].value;
            if (std::isnan(v))
                continue;
            if (lo == last || v < sorted[lo].value)
                lo = j;
            if (hi == last || v > sorted[hi].value)
                hi = j;
        }
        i = j;
        if (lo == last)
            continue; // an empty bucket
        if (lo == hi) {
            out.push_back(sorted[lo]);
        } else {
            out.push_back(sorted[std::min(lo, hi)]);
            out.push_back(sorted[std::max(lo, hi)]);
        }
    }
    out.push_back(sorted[last]);
    return out;
}

SeriesPyramid::SeriesPyramid(std::vector<MetricPoint> sortedByStep)
    : m_raw(std::move(sortedByStep))
{
    if (m_raw.size() > 4 * kCoarsePoints)
        m_coarse = downsampleMinMax(m_raw, kCoarsePoints);
}

std::vector<MetricPoint> SeriesPyramid::query(std::int64_t fromStep, std::int64_t toStep, std::size_t maxPoints) const
{
    auto slice = [&](const std::vector<MetricPoint> &v) {
        const auto lo = std::lower_bound(v.begin(), v.end(), fromStep, [](const MetricPoint &p, std::int64_t s) { return p.step < s; });
        const auto hi = std::upper_bound(lo, v.end(), toStep, [](std::int64_t s, const MetricPoint &p) { return s < p.step; });
        return std::span<const MetricPoint>(&*lo, std::size_t(hi - lo));
    };
    if (m_raw.empty() || fromStep > toStep)
        return {};
    const auto raw = slice(m_raw);
    // Few enough raw points, or no coarse copy: the raw points. Otherwise the coarse copy,
    // when it still has more points in the range than the chart asks for.
    if (m_coarse.empty() || raw.size() <= 8 * maxPoints)
        return downsampleMinMax(raw, maxPoints);
    const auto coarse = slice(m_coarse);
    return downsampleMinMax(coarse.size() >= 2 * maxPoints ? coarse : raw, maxPoints);
}

} // namespace keel::tracking
