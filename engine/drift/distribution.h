#pragma once

#include "data/table.h"
#include "drift/columndrift.h"

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace keel::drift {

// What a chart of one column shows: the share of each sample in each bin (numerical columns,
// over numpy's Sturges edges of both samples together) or category (the most frequent ones, the
// rest gathered into one last bar). Shares are of the present values; missing ones are left out.
struct ColumnDistribution {
    std::string column;
    bool numeric = false;
    std::vector<double> edges;         // numerical: bins + 1 edges, ascending
    std::vector<std::string> labels;   // one per bar: "[0.5, 1.2)" or the category
    std::vector<double> reference;     // shares, each sample's summing to 1
    std::vector<double> current;
};

// At most `maxBars` bars: numerical columns are binned with Sturges edges (at most maxBars bins,
// equal width, when Sturges asks for more); categorical ones show the maxBars - 1 values most
// frequent in both samples together, then "other (N values)" when more remain.
// Counts of `values` in `bins` equal-width bins over [lo, hi] (numpy.histogram's rule). The
// application passes one that runs on a GPU when there is one (compute::histogram).
using HistogramFn = std::function<std::vector<double>(std::span<const double> values, double lo, double hi, int bins)>;

ColumnDistribution columnDistribution(const data::Column &reference, const data::Column &current, std::size_t maxBars = 30,
                                      const HistogramFn &histogram = {});
// The same for a numerical column from its samples' summaries, each bin counted by searching the
// sorted values (the same counts as the histogram kernels', without a pass over the values).
ColumnDistribution columnDistribution(const std::string &column, const NumericSummary &reference, const NumericSummary &current,
                                      std::size_t maxBars = 30);

} // namespace keel::drift
