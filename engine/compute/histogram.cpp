#include "compute/histogram.h"

#include "compute/cudaruntime.h"
#include "core/error.h"
#include "core/log.h"

#include <cmath>

namespace keel::compute {

HistogramRange checkedRange(HistogramRange range)
{
    if (range.bins < 1)
        throwError(ErrorKind::BadInput, "histogram: bins must be at least 1 (got " + std::to_string(range.bins) + ")");
    if (!std::isfinite(range.lo) || !std::isfinite(range.hi))
        throwError(ErrorKind::BadInput, "histogram: the range [" + std::to_string(range.lo) + ", " +
                                            std::to_string(range.hi) + "] is not finite");
    if (range.lo > range.hi)
        throwError(ErrorKind::BadInput, "histogram: the range's minimum is larger than its maximum");
    if (range.lo == range.hi) {
        range.lo -= 0.5;
        range.hi += 0.5;
    }
    return range;
}

std::vector<std::int64_t> histogramCpu(std::span<const double> values, HistogramRange range)
{
    range = checkedRange(range);
    const int bins = range.bins;
    const double lo = range.lo, hi = range.hi;
    const double span = hi - lo;
    const double step = span / bins;
    // Edges as numpy.linspace makes them: i * step + lo, the last one exactly hi.
    std::vector<double> edges(bins + 1);
    for (int i = 0; i < bins; ++i)
        edges[i] = i * step + lo;
    edges[bins] = hi;

    std::vector<std::int64_t> counts(bins, 0);
    for (const double x : values) {
        if (!(x >= lo && x <= hi))
            continue;
        auto index = static_cast<long>(((x - lo) / span) * bins);
        if (index == bins)
            --index;
        if (x < edges[index])
            --index;
        if (x >= edges[index + 1] && index != bins - 1)
            ++index;
        ++counts[index];
    }
    return counts;
}

std::vector<std::int64_t> histogramCuda(std::span<const double> values, HistogramRange range, int device)
{
    range = checkedRange(range);
    std::vector<std::int64_t> counts(range.bins, 0);
    cuda::histogram(values.data(), values.size(), range.lo, range.hi, range.bins, counts.data(), device);
    return counts;
}

std::vector<std::int64_t> histogram(std::span<const double> values, HistogramRange range, const DeviceId &device)
{
    if (device.isCuda() && device.index < cuda::deviceCount()) {
        try {
            return histogramCuda(values, range, device.index);
        } catch (const Error &e) {
            if (e.kind() == ErrorKind::BadInput)
                throw;
            log::warning(std::string("GPU histogram failed, using the CPU: ") + e.what());
        }
    }
    return histogramCpu(values, range);
}

std::vector<double> histogramWhereFastest(std::span<const double> values, double lo, double hi, int bins)
{
    const DeviceId device = values.size() >= (std::size_t(1) << 20) ? DeviceId::cuda(0) : DeviceId::cpu();
    const auto counts = histogram(values, HistogramRange{lo, hi, bins}, device);
    return std::vector<double>(counts.begin(), counts.end());
}

} // namespace keel::compute
