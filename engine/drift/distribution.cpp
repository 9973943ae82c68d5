#include "drift/distribution.h"

#include "core/error.h"
#include "drift/columndrift.h"
#include "drift/tabledrift.h"

#include <algorithm>
#include <cstdio>
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

} // namespace

ColumnDistribution columnDistribution(const data::Column &reference, const data::Column &current, std::size_t maxBars,
                                      const HistogramFn &histogram)
{
    if (maxBars < 2)
        throwError(ErrorKind::BadInput, "a distribution needs at least 2 bars");
    ColumnDistribution d;
    d.column = reference.name;
    d.numeric = reference.type == data::ColumnType::Numerical && current.type == data::ColumnType::Numerical;
    if (d.numeric) {
        if (reference.numbers.empty() && current.numbers.empty())
            return d;
        d.edges = sturgesEdges(reference.numbers, current.numbers);
        if (d.edges.size() > maxBars + 1) {
            const double lo = d.edges.front(), hi = d.edges.back();
            d.edges.resize(maxBars + 1);
            for (std::size_t i = 0; i <= maxBars; ++i)
                d.edges[i] = lo + (hi - lo) * double(i) / double(maxBars);
            d.edges.back() = hi;
        }
        for (std::size_t i = 0; i + 1 < d.edges.size(); ++i)
            d.labels.push_back("[" + number(d.edges[i]) + ", " + number(d.edges[i + 1]) + (i + 2 == d.edges.size() ? "]" : ")"));
        // The edges are equal-width from lo to hi: a histogram kernel given (lo, hi, bins) counts
        // what searching the edges counts (a value within rounding of an edge may fall either side).
        const int bins = int(d.edges.size() - 1);
        auto count = [&](const std::vector<double> &values) {
            return histogram ? histogram(values, d.edges.front(), d.edges.back(), bins) : histogramCounts(values, d.edges);
        };
        d.reference = shares(count(reference.numbers), reference.numbers.size());
        d.current = shares(count(current.numbers), current.numbers.size());
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
