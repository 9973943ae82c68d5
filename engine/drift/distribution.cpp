#include "drift/distribution.h"

#include "core/error.h"
#include "drift/columndrift.h"
#include "drift/outofcore.h"
#include "drift/tabledrift.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace keel::drift {
namespace {

std::string number(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::vector<double> shares(std::vector<double> counts, std::size_t total)
{
    for (double &c : counts)
        c = total ? c / double(total) : 0.0;
    return counts;
}

// Sturges edges over [lo, hi] for `count` values (at most maxBars equal-width bins), and their labels.
void numericBins(ColumnDistribution &d, double lo, double hi, std::size_t count, std::size_t maxBars)
{
    d.edges = sturgesEdges(lo, hi, count);
    if (d.edges.size() > maxBars + 1) {
        const double first = d.edges.front(), last = d.edges.back();
        d.edges.resize(maxBars + 1);
        for (std::size_t i = 0; i <= maxBars; ++i)
            d.edges[i] = first + (last - first) * double(i) / double(maxBars);
        d.edges.back() = last;
    }
    for (std::size_t i = 0; i + 1 < d.edges.size(); ++i)
        d.labels.push_back("[" + number(d.edges[i]) + ", " + number(d.edges[i + 1]) + (i + 2 == d.edges.size() ? "]" : ")"));
}

// A summarised sample's count in each bin: a bin holds its left edge, the last one its right edge
// too (what histogramCounts and the histogram kernels count), found by searching the sorted values.
std::vector<double> binCounts(const NumericSummary &s, const std::vector<double> &edges)
{
    std::vector<double> counts(edges.size() - 1, 0.0);
    if (s.few) {
        for (std::size_t i = 0; i < s.values.size(); ++i) {
            const double v = s.values[i];
            if (!(v >= edges.front() && v <= edges.back()))
                continue;
            const std::size_t bin = std::min(std::size_t(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin()) - 1, counts.size() - 1);
            counts[bin] += s.counts[i];
        }
        return counts;
    }
    const auto below = [&](double edge) { return double(std::lower_bound(s.sorted.begin(), s.sorted.end(), edge) - s.sorted.begin()); };
    double left = below(edges.front());
    for (std::size_t b = 0; b < counts.size(); ++b) {
        const double right = b + 1 == counts.size() ? double(std::upper_bound(s.sorted.begin(), s.sorted.end(), edges.back()) - s.sorted.begin())
                                                    : below(edges[b + 1]);
        counts[b] = right - left;
        left = right;
    }
    return counts;
}

} // namespace

ColumnDistribution columnDistribution(const std::string &column, const NumericSummary &reference, const NumericSummary &current, std::size_t maxBars)
{
    if (maxBars < 2)
        throwError(ErrorKind::BadInput, "a distribution needs at least 2 bars");
    ColumnDistribution d;
    d.column = column;
    d.numeric = true;
    if (reference.size == 0 && current.size == 0)
        return d;
    const double lo = reference.size == 0 ? current.min : current.size == 0 ? reference.min : std::min(reference.min, current.min);
    const double hi = reference.size == 0 ? current.max : current.size == 0 ? reference.max : std::max(reference.max, current.max);
    numericBins(d, lo, hi, reference.size + current.size, maxBars);
    d.reference = shares(binCounts(reference, d.edges), reference.size);
    d.current = shares(binCounts(current, d.edges), current.size);
    return d;
}

ColumnDistribution columnDistribution(const data::Column &reference, const data::Column &current, std::size_t maxBars,
                                      const HistogramFn &histogram)
{
    if (maxBars < 2)
        throwError(ErrorKind::BadInput, "a distribution needs at least 2 bars");
    ColumnDistribution d;
    d.column = reference.name;
    d.numeric = reference.type == data::ColumnType::Numerical && current.type == data::ColumnType::Numerical;
    if (d.numeric) {
        // Each sample a block at a time (one block when in memory; a spilled column streams).
        const StreamedSample samples[2] = {streamedSample(reference), streamedSample(current)};
        if (samples[0].size == 0 && samples[1].size == 0)
            return d;
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const StreamedSample &sample : samples)
            sample.blocks([&](std::span<const double> block) {
                if (!block.empty()) {
                    const auto [min, max] = std::minmax_element(block.begin(), block.end());
                    lo = std::min(lo, *min);
                    hi = std::max(hi, *max);
                }
                return true;
            });
        numericBins(d, lo, hi, samples[0].size + samples[1].size, maxBars);
        // The edges are equal-width from lo to hi: a histogram kernel given (lo, hi, bins) counts
        // what searching the edges counts (a value within rounding of an edge may fall either side).
        // Counts are whole numbers, so adding them up block by block changes nothing.
        const int bins = int(d.edges.size() - 1);
        auto count = [&](const StreamedSample &sample) {
            std::vector<double> counts(std::size_t(bins), 0.0);
            sample.blocks([&](std::span<const double> block) {
                const std::vector<double> part =
                    histogram ? histogram(block, d.edges.front(), d.edges.back(), bins) : histogramCounts(block, d.edges);
                for (std::size_t b = 0; b < counts.size() && b < part.size(); ++b)
                    counts[b] += part[b];
                return true;
            });
            return counts;
        };
        d.reference = shares(count(samples[0]), samples[0].size);
        d.current = shares(count(samples[1]), samples[1].size);
        return d;
    }
    // Categories, most frequent in both samples together first.
    double referenceSize = 0, currentSize = 0;
    std::vector<std::pair<std::string_view, std::pair<double, double>>> sorted;
    for (const CategoryCount &c : categoryCounts(reference, current)) {
        sorted.push_back({c.value, {c.reference, c.current}});
        referenceSize += c.reference;
        currentSize += c.current;
    }
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) {
        return a.second.first + a.second.second > b.second.first + b.second.second;
    });
    const std::size_t shown = sorted.size() <= maxBars ? sorted.size() : maxBars - 1;
    std::vector<double> r, c;
    for (std::size_t i = 0; i < shown; ++i) {
        d.labels.emplace_back(sorted[i].first);
        r.push_back(sorted[i].second.first);
        c.push_back(sorted[i].second.second);
    }
    if (shown < sorted.size()) {
        double restR = 0, restC = 0;
        for (std::size_t i = shown; i < sorted.size(); ++i) {
            restR += sorted[i].second.first;
            restC += sorted[i].second.second;
        }
        d.labels.push_back("other (" + std::to_string(sorted.size() - shown) + " values)");
        r.push_back(restR);
        c.push_back(restC);
    }
    d.reference = shares(std::move(r), std::size_t(referenceSize));
    d.current = shares(std::move(c), std::size_t(currentSize));
    return d;
}

} // namespace keel::drift
