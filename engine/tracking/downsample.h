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

} // namespace keel::tracking
