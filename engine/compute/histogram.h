#pragma once

#include "compute/job.h"

#include <cstdint>
#include <span>
#include <vector>

namespace keel::compute {

// Equal-width bins over [lo, hi], exactly as numpy.histogram(values, bins, range=(lo, hi))
// defines them: the last bin includes hi, values outside the range and NaN are not
// counted, and lo == hi widens the range to [lo - 0.5, hi + 0.5]. The bin of a value is
// found the way numpy finds it (scaled index, then a correction against the edges), so
// counts agree with numpy to the element, not just approximately.
struct HistogramRange {
    double lo = 0.0;
    double hi = 1.0;
    int bins = 10;
};

// Throws keel::Error (BadInput) for bins < 1, lo > hi, or a non-finite range.
HistogramRange checkedRange(HistogramRange range);

std::vector<std::int64_t> histogramCpu(std::span<const double> values, HistogramRange range);

// The same on a CUDA device; throws keel::Error when no device is present or Keel was
// built without CUDA.
std::vector<std::int64_t> histogramCuda(std::span<const double> values, HistogramRange range, int device = 0);

// Runs on `device` when it is a usable GPU, on the CPU otherwise; never fails for lack of a GPU.
std::vector<std::int64_t> histogram(std::span<const double> values, HistogramRange range,
                                    const DeviceId &device = DeviceId::cpu());

// The same as counts, where it is fastest: a column of a million values or more on the first
// GPU when there is one (copying a smaller one there costs more than counting it here), the
// rest on the CPU. Drift's distributions count through it.
std::vector<double> histogramWhereFastest(std::span<const double> values, double lo, double hi, int bins);

} // namespace keel::compute
