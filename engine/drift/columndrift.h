#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace keel::drift {

// One column's drift verdict, chosen and computed the way Evidently's documented default rule
// (its legacy DataDriftPreset) does it:
//  - reference of at most 1,000 rows: numeric with more than 5 distinct values → two-sample KS
//    (drift when p ≤ 0.05); categorical, or numeric with at most 5 values → chi-square (p < 0.05),
//    or the two-proportion z test when there are at most 2 values (p < 0.05);
//  - more than 1,000 rows: numeric with more than 5 values → Wasserstein distance divided by the
//    reference's population standard deviation (at least 0.001), drift at ≥ 0.1; otherwise
//    Jensen–Shannon distance (natural log) of the two distributions, drift at ≥ 0.1. Numeric
//    columns whose reference has more than 20 distinct values are binned with numpy's Sturges
//    edges over both samples together; others compare the shares of each value.
// Missing values are left out before testing (callers count them).
struct ColumnDrift {
    std::string test;        // "ks", "chisquare", "z", "wasserstein", "jensenshannon"
    double score = 0.0;      // a p-value for ks, chisquare and z; a distance otherwise
    double threshold = 0.0;
    bool drifted = false;
    bool scoreIsPValue = true;
};

ColumnDrift numericColumnDrift(std::span<const double> reference, std::span<const double> current,
                               std::optional<double> threshold = std::nullopt);

// A numerical sample in memory as the test and its distribution read it, made once per column
// (and, for a reference kept as a profile, once and stored): its size, smallest and largest
// value, and either its few distinct values (at most eight, no NaN, ascending) with their counts
// or all its values sorted; a reference also keeps the Wasserstein test's norm, its population
// standard deviation (at least 0.001) summed in row order as the streamed test sums it.
struct NumericSummary {
    std::size_t size = 0;
    double min = 0, max = 0;
    bool few = true;
    std::vector<double> values, counts; // few: the distinct values and their counts
    std::vector<double> sorted;         // otherwise: every value, ascending
    double norm = 0;                    // a reference's
    // Every value ascending (made from the counts when few).
    std::vector<double> ascending() const;
};
NumericSummary summariseNumbers(std::span<const double> values, bool reference);
// numericColumnDrift over summaries: the same verdict with the same bits.
ColumnDrift numericColumnDrift(const NumericSummary &reference, const NumericSummary &current,
                               std::optional<double> threshold = std::nullopt);
// A numerical sample that is not in memory (a column read out of core): its number of values;
// `blocks` hands them to a function a block at a time, in row order, until it returns false;
// `ascending` gives a new cursor over them in ascending order on each call; `load` gives them all
// in memory, which the tests only ask for when the reference has at most 1,000 values.
class AscendingValues {
public:
    virtual ~AscendingValues() = default;
    virtual bool done() const = 0;
    virtual double peek() const = 0;
    virtual void pop() = 0;
};
struct StreamedSample {
    std::size_t size = 0;
    std::function<void(const std::function<bool(std::span<const double>)> &)> blocks;
    std::function<std::unique_ptr<AscendingValues>()> ascending;
    std::function<std::vector<double>()> load;
};
// The same verdict, with the same bits, from streamed samples: the Wasserstein distance walks
// their ascending cursors, so memory holds what the cursors buffer.
ColumnDrift numericColumnDrift(const StreamedSample &reference, const StreamedSample &current,
                               std::optional<double> threshold = std::nullopt);
ColumnDrift categoricalColumnDrift(std::span<const std::string> reference, std::span<const std::string> current,
                                   std::optional<double> threshold = std::nullopt);

// One category's count in each sample; a column's counts are sorted by value (byte order).
struct CategoryCount {
    std::string_view value;
    double reference = 0;
    double current = 0;
};
// categoricalColumnDrift from counts already made (the samples' sizes are the sums).
ColumnDrift categoricalColumnDrift(std::span<const CategoryCount> sortedCounts, std::optional<double> threshold = std::nullopt);

// numpy.histogram_bin_edges(values, bins="sturges").
std::vector<double> sturgesEdges(std::span<const double> values);
// The same from the values' smallest and largest and their count (samples read a block at a time).
std::vector<double> sturgesEdges(double min, double max, std::size_t count);
// numpy.histogram(values, edges)[0]: edges ascending, last bin closed.
std::vector<double> histogramCounts(std::span<const double> values, std::span<const double> edges);

// Dataset drift: the share of drifted columns reaches `share` (Evidently's default 0.5).
bool datasetDrift(const std::vector<ColumnDrift> &columns, double share = 0.5);

} // namespace keel::drift
