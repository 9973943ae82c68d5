#pragma once

#include "tracking/records.h"

#include <cstddef>
#include <span>
#include <vector>

namespace keel::tracking {

// Reduces a series (sorted by step) to at most `maxPoints` for a chart `maxPoints / 2` pixels
// wide: the steps are cut into equal buckets, and each bucket keeps its lowest and highest
// value in step order, so every peak and dip the full series has still shows. The first and
// last points are always kept. NaN points are dropped (a chart cannot place them); infinite
// ones are kept. Zooming calls it again on the narrower step range.
std::vector<MetricPoint> downsampleMinMax(std::span<const MetricPoint> sorted, std::size_t maxPoints);

// A series kept in memory for charts, with a coarse copy (min/max buckets, so every extreme
// of the full series is in it): a query over a wide step range is answered from the coarse
// copy, a zoomed-in one from the raw points, so redrawing 100 runs × 100,000 steps reads a
// small fraction of the points.
class SeriesPyramid {
public:
    static constexpr std::size_t kCoarsePoints = 16384;

    explicit SeriesPyramid(std::vector<MetricPoint> sortedByStep);
    // At most maxPoints points with step in [fromStep, toStep].
    std::vector<MetricPoint> query(std::int64_t fromStep, std::int64_t toStep, std::size_t maxPoints) const;
    const std::vector<MetricPoint> &raw() const { return m_raw; }
    std::size_t bytes() const { return (m_raw.capacity() + m_coarse.capacity()) * sizeof(MetricPoint); }

private:
    std::vector<MetricPoint> m_raw;
    std::vector<MetricPoint> m_coarse;
};

} // namespace keel::tracking
