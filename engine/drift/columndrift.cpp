#include "drift/columndrift.h"

#include "core/error.h"
#include "drift/stattests.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <iterator>
#include <limits>
#include <memory>
#include <string_view>
#include <type_traits>
#include <unordered_map>

namespace keel::drift {
namespace {

constexpr std::size_t kSmallReference = 1000;

// Strings are counted through views into the samples (which outlive the counts).
template<typename T>
using Key = std::conditional_t<std::is_same_v<T, std::string>, std::string_view, T>;

// The distinct numbers of both samples together, counted up to five: six means more. The tests
// only ask whether a column has more than five, so a column of a million different numbers stops
// at its sixth instead of hashing every value; the few seen are compared all at once (NaN, the
// padding, equals nothing, and a NaN in the data is a value of its own, as in a hash set).
// `visit` hands a sample's values to its function a block (a span) at a time, in row order, and
// stops when the function returns false.
template<typename VisitA, typename VisitB>
std::size_t distinctUpToFive(const VisitA &a, const VisitB &b)
{
    constexpr std::size_t kCap = 5;
    double seen[8];
    std::fill(std::begin(seen), std::end(seen), std::numeric_limits<double>::quiet_NaN());
    std::size_t n = 0;
    bool more = false;
    auto look = [&](std::span<const double> block) {
        for (const double v : block) {
            bool found = false;
            for (const double s : seen)
                found |= v == s;
            if (found)
                continue;
            if (n == kCap) {
                more = true;
                return false;
            }
            seen[n++] = v;
        }
        return true;
    };
    a(look);
    if (!more)
        b(look);
    return more ? kCap + 1 : n;
}

// A span as such a visitor: one block.
auto spanBlocks(std::span<const double> values)
{
    return [values](const auto &fn) { fn(values); };
}

// The counts of each distinct value of both samples, in ascending order of the values, when there
// are at most eight and no NaN (nullopt otherwise): eight slots compared all at once.
template<typename VisitA, typename VisitB>
std::optional<std::vector<std::pair<double, std::pair<double, double>>>> fewCounts(const VisitA &reference, const VisitB &current)
{
    double seen[8];
    std::fill(std::begin(seen), std::end(seen), std::numeric_limits<double>::quiet_NaN());
    double counts[2][8] = {};
    std::size_t n = 0;
    bool few = true;
    auto counter = [&](int side) {
        return [&, side](std::span<const double> block) {
            // Whole counts in four lanes (no add waits for the one before), added up per block.
            std::uint64_t lanes[4][8] = {};
            bool more = false;
            for (std::size_t r = 0; r < block.size(); ++r) {
                const double v = block[r];
                unsigned match = 0;
                for (unsigned i = 0; i < 8; ++i)
                    match |= unsigned(v == seen[i]) << i;
                std::size_t at = std::size_t(std::countr_zero(match | 0x100u));
                if (at == 8) {
                    if (n == 8 || std::isnan(v)) {
                        more = true;
                        break;
                    }
                    seen[n] = v;
                    at = n++;
                }
                ++lanes[r & 3][at];
            }
            for (std::size_t i = 0; i < 8; ++i)
                counts[side][i] += double(lanes[0][i] + lanes[1][i] + lanes[2][i] + lanes[3][i]);
            if (more)
                few = false;
            return !more;
        };
    };
    reference(counter(0));
    if (few)
        current(counter(1));
    if (!few)
        return std::nullopt;
    std::vector<std::pair<double, std::pair<double, double>>> sorted;
    for (std::size_t i = 0; i < n; ++i)
        sorted.push_back({seen[i], {counts[0][i], counts[1][i]}});
    std::sort(sorted.begin(), sorted.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    return sorted;
}

// Each distinct value with its count in the reference and in the current sample, in sorted
// order of the values (hashing to count, then sorting the few distinct values).
template<typename T>
std::vector<std::pair<Key<T>, std::pair<double, double>>> sortedCounts(std::span<const T> reference, std::span<const T> current)
{
    if constexpr (std::is_same_v<T, double>) {
        // A few numbers (what these tests count) without hashing; a ninth distinct one, or a
        // NaN, leaves it to the hash table.
        if (auto few = fewCounts(spanBlocks(reference), spanBlocks(current)))
            return std::move(*few);
    }
    std::unordered_map<Key<T>, std::pair<double, double>> counts;
    for (const T &v : reference)
        counts[Key<T>(v)].first += 1;
    for (const T &v : current)
        counts[Key<T>(v)].second += 1;
    std::vector<std::pair<Key<T>, std::pair<double, double>>> sorted(counts.begin(), counts.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto &x, const auto &y) { return x.first < y.first; });
    return sorted;
}

// Shares of each distinct value, over the union of both samples' values, in sorted order.
template<typename T>
std::pair<std::vector<double>, std::vector<double>> shares(std::span<const T> reference, std::span<const T> current)
{
    const auto counts = sortedCounts(reference, current);
    std::vector<double> r, c;
    for (const auto &[value, n] : counts) {
        r.push_back(n.first / double(reference.size()));
        c.push_back(n.second / double(current.size()));
    }
    return {r, c};
}

// Chi-square, or the two-proportion z test for at most two values, over counts sorted by value.
template<typename Counts>
ColumnDrift chiOrZFromCounts(const Counts &counts, double referenceSize, double currentSize, std::optional<double> threshold)
{
    ColumnDrift d;
    d.threshold = threshold.value_or(0.05);
    if (counts.size() <= 2) {
        d.test = "z";
        if (counts.size() == 1) {
            d.score = 1.0; // both sides hold the same single value
        } else {
            // "Success" is any value but the first in sorted order, as Evidently counts it.
            const auto &first = counts.front().second;
            const double s1 = referenceSize - first.first, s2 = currentSize - first.second;
            d.score = twoProportionZ(s1, referenceSize, s2, currentSize).pValue;
        }
        d.drifted = d.score < d.threshold;
        return d;
    }
    d.test = "chisquare";
    const double scale = currentSize / referenceSize;
    std::vector<double> observed, expected;
    for (const auto &[value, n] : counts) {
        observed.push_back(n.second);
        expected.push_back(n.first * scale);
    }
    // A value the reference never had gives an expected count of 0: chi-square is undefined
    // there, and SciPy answers with an infinite statistic and p = 0. Do the same.
    if (std::any_of(expected.begin(), expected.end(), [](double e) { return e == 0; })) {
        d.score = 0.0;
    } else {
        d.score = chiSquare(observed, expected).pValue;
    }
    d.drifted = d.score < d.threshold;
    return d;
}

template<typename T>
ColumnDrift chiOrZ(std::span<const T> reference, std::span<const T> current, std::optional<double> threshold)
{
    return chiOrZFromCounts(sortedCounts(reference, current), double(reference.size()), double(current.size()), threshold);
}

void nonEmpty(std::size_t reference, std::size_t current)
{
    if (reference == 0 || current == 0)
        throwError(ErrorKind::BadInput, "drift: the column has no values in the " +
                                            std::string(reference == 0 ? "reference" : "current") + " data (all missing?)");
}

} // namespace

std::vector<double> sturgesEdges(std::span<const double> values)
{
    if (values.empty())
        throwError(ErrorKind::BadInput, "Sturges binning: no values");
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    return sturgesEdges(*lo, *hi, values.size());
}

std::vector<double> sturgesEdges(double min, double max, std::size_t count)
{
    if (count == 0)
        throwError(ErrorKind::BadInput, "Sturges binning: no values");
    double first = min, last = max;
    if (first == last) {
        first -= 0.5;
        last += 0.5;
    }
    const double width = (max - min) / (std::log2(double(count)) + 1.0);
    const int bins = width > 0 ? int(std::ceil((last - first) / width)) : 1;
    std::vector<double> edges(std::size_t(bins) + 1);
    const double step = (last - first) / bins;
    for (int i = 0; i < bins; ++i)
        edges[std::size_t(i)] = i * step + first;
    edges[std::size_t(bins)] = last;
    return edges;
}

std::vector<double> histogramCounts(std::span<const double> values, std::span<const double> edges)
{
    std::vector<double> counts(edges.size() - 1, 0.0);
    for (double v : values) {
        if (!(v >= edges.front() && v <= edges.back()))
            continue;
        // The bin whose left edge is the last one not above v; the last bin includes its right edge.
        auto it = std::upper_bound(edges.begin(), edges.end(), v);
        std::size_t bin = std::size_t(it - edges.begin()) - 1;
        if (bin >= counts.size())
            bin = counts.size() - 1;
        counts[bin] += 1;
    }
    return counts;
}

namespace {

// A sample streamed from an out-of-core column, as the numerical tests read it.
struct Streamed {
    const StreamedSample &sample;
    std::size_t size() const { return sample.size; }
    template<typename Fn>
    void visit(const Fn &fn) const { sample.blocks(fn); }
    std::vector<double> all() const { return sample.load(); }
};

double wassersteinOf(const Streamed &a, const Streamed &b)
{
    struct Cursor {
        std::unique_ptr<AscendingValues> values;
        bool done() const { return values->done(); }
        double peek() const { return values->peek(); }
        void pop() { values->pop(); }
    };
    Cursor a1{a.sample.ascending()}, a2{a.sample.ascending()}, b1{b.sample.ascending()}, b2{b.sample.ascending()};
    return wassersteinWalk(a1, a2, a.size(), b1, b2, b.size());
}

// The Wasserstein test's norm: the population standard deviation, summed in row order.
template<typename Visit>
double wassersteinNorm(const Visit &visit, std::size_t size)
{
    double mean = 0;
    visit([&](std::span<const double> block) {
        for (double v : block)
            mean += v;
        return true;
    });
    mean /= double(size);
    double var = 0;
    visit([&](std::span<const double> block) {
        for (double v : block)
            var += (v - mean) * (v - mean);
        return true;
    });
    return std::max(std::sqrt(var / double(size)), 0.001);
}

// Evidently's rule (columndrift.h) over streamed samples; the summaries' version below has the
// same arithmetic in the same order, so both give the same bits.
template<typename Sample>
ColumnDrift numericDrift(const Sample &reference, const Sample &current, std::optional<double> threshold)
{
    nonEmpty(reference.size(), current.size());
    auto visitReference = [&](const auto &fn) { reference.visit(fn); };
    auto visitCurrent = [&](const auto &fn) { current.visit(fn); };
    const std::size_t values = distinctUpToFive(visitReference, visitCurrent);
    if (reference.size() <= kSmallReference) {
        const auto r = reference.all();
        const auto c = current.all();
        if (values <= 5)
            return chiOrZ(std::span<const double>(r), std::span<const double>(c), threshold);
        ColumnDrift d{"ks", 0.0, threshold.value_or(0.05), false, true};
        d.score = ks2samp(r, c).pValue;
        d.drifted = d.score <= d.threshold;
        return d;
    }
    if (values > 5) {
        ColumnDrift d{"wasserstein", 0.0, threshold.value_or(0.1), false, false};
        d.score = wassersteinOf(reference, current) / wassersteinNorm(visitReference, reference.size());
        d.drifted = d.score >= d.threshold;
        return d;
    }
    ColumnDrift d{"jensenshannon", 0.0, threshold.value_or(0.1), false, false};
    // At most five values in all, so (as Evidently with at most 20 in the reference) their shares
    // rather than a histogram.
    const auto counts = fewCounts(visitReference, visitCurrent); // at most five values, none NaN
    std::vector<double> r, c;
    for (const auto &[value, n] : *counts) {
        r.push_back(n.first / double(reference.size()));
        c.push_back(n.second / double(current.size()));
    }
    d.score = jensenShannonDistance(r, c);
    d.drifted = d.score >= d.threshold;
    return d;
}

} // namespace

std::vector<double> NumericSummary::ascending() const
{
    if (!few)
        return sorted;
    std::vector<double> out;
    out.reserve(size);
    for (std::size_t i = 0; i < values.size(); ++i)
        out.insert(out.end(), std::size_t(counts[i]), values[i]);
    return out;
}

NumericSummary summariseNumbers(std::span<const double> values, bool reference)
{
    NumericSummary s;
    s.size = values.size();
    if (values.empty())
        return s;
    // At most eight distinct values (compared all at once), or sorted.
    if (auto counted = fewCounts(spanBlocks(values), [](const auto &) {})) {
        for (const auto &[value, n] : *counted) {
            s.values.push_back(value);
            s.counts.push_back(n.first);
        }
        s.min = s.values.front();
        s.max = s.values.back();
    } else {
        s.few = false;
        s.sorted.assign(values.begin(), values.end());
        sortValues(s.sorted);
        s.min = s.sorted.front();
        s.max = s.sorted.back();
        if (s.min == 0 || s.max == 0) { // which zero the values hold first, as a scan finds it (-0 sorts before +0)
            const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
            s.min = *lo;
            s.max = *hi;
        }
    }
    if (reference)
        s.norm = wassersteinNorm(spanBlocks(values), values.size());
    return s;
}

ColumnDrift numericColumnDrift(const NumericSummary &reference, const NumericSummary &current, std::optional<double> threshold)
{
    nonEmpty(reference.size, current.size);
    // The distinct values of both together, when both have few: their counts side by side.
    std::vector<std::pair<double, std::pair<double, double>>> counts;
    bool few = reference.few && current.few;
    if (few) {
        std::size_t i = 0, j = 0;
        while (i < reference.values.size() || j < current.values.size()) {
            const bool takeR = j == current.values.size() || (i < reference.values.size() && reference.values[i] <= current.values[j]);
            const bool takeC = i == reference.values.size() || (j < current.values.size() && current.values[j] <= reference.values[i]);
            counts.push_back({takeR ? reference.values[i] : current.values[j], {takeR ? reference.counts[i] : 0.0, takeC ? current.counts[j] : 0.0}});
            i += takeR;
            j += takeC;
        }
        few = counts.size() <= 5;
    }
    if (reference.size <= kSmallReference) {
        if (few)
            return chiOrZFromCounts(counts, double(reference.size), double(current.size), threshold);
        ColumnDrift d{"ks", 0.0, threshold.value_or(0.05), false, true};
        d.score = ks2samp(reference.ascending(), current.ascending()).pValue;
        d.drifted = d.score <= d.threshold;
        return d;
    }
    if (!few) {
        ColumnDrift d{"wasserstein", 0.0, threshold.value_or(0.1), false, false};
        std::vector<double> expandedR, expandedC; // a side with few values, written out
        if (reference.few)
            expandedR = reference.ascending();
        if (current.few)
            expandedC = current.ascending();
        d.score = wassersteinDistance(reference.few ? expandedR : reference.sorted, current.few ? expandedC : current.sorted) / reference.norm;
        d.drifted = d.score >= d.threshold;
        return d;
    }
    ColumnDrift d{"jensenshannon", 0.0, threshold.value_or(0.1), false, false};
    std::vector<double> r, c;
    for (const auto &[value, n] : counts) {
        r.push_back(n.first / double(reference.size));
        c.push_back(n.second / double(current.size));
    }
    d.score = jensenShannonDistance(r, c);
    d.drifted = d.score >= d.threshold;
    return d;
}

ColumnDrift numericColumnDrift(std::span<const double> reference, std::span<const double> current, std::optional<double> threshold)
{
    return numericColumnDrift(summariseNumbers(reference, true), summariseNumbers(current, false), threshold);
}

ColumnDrift numericColumnDrift(const StreamedSample &reference, const StreamedSample &current, std::optional<double> threshold)
{
    return numericDrift(Streamed{reference}, Streamed{current}, threshold);
}

ColumnDrift categoricalColumnDrift(std::span<const std::string> reference, std::span<const std::string> current,
                                   std::optional<double> threshold)
{
    nonEmpty(reference.size(), current.size());
    if (reference.size() <= kSmallReference)
        return chiOrZ(reference, current, threshold);
    ColumnDrift d{"jensenshannon", 0.0, threshold.value_or(0.1), false, false};
    auto [r, c] = shares(reference, current);
    d.score = jensenShannonDistance(r, c);
    d.drifted = d.score >= d.threshold;
    return d;
}

ColumnDrift categoricalColumnDrift(std::span<const CategoryCount> sortedCounts, std::optional<double> threshold)
{
    std::vector<std::pair<std::string_view, std::pair<double, double>>> counts;
    double referenceSize = 0, currentSize = 0;
    for (const CategoryCount &c : sortedCounts) {
        if (c.reference == 0 && c.current == 0)
            continue;
        counts.push_back({c.value, {c.reference, c.current}});
        referenceSize += c.reference;
        currentSize += c.current;
    }
    nonEmpty(std::size_t(referenceSize), std::size_t(currentSize));
    if (referenceSize <= double(kSmallReference))
        return chiOrZFromCounts(counts, referenceSize, currentSize, threshold);
    ColumnDrift d{"jensenshannon", 0.0, threshold.value_or(0.1), false, false};
    std::vector<double> r, c;
    for (const auto &[value, n] : counts) {
        r.push_back(n.first / referenceSize);
        c.push_back(n.second / currentSize);
    }
    d.score = jensenShannonDistance(r, c);
    d.drifted = d.score >= d.threshold;
    return d;
}

bool datasetDrift(const std::vector<ColumnDrift> &columns, double share)
{
    if (columns.empty())
        return false;
    const auto drifted = std::count_if(columns.begin(), columns.end(), [](const ColumnDrift &c) { return c.drifted; });
    return double(drifted) / double(columns.size()) >= share;
}

} // namespace keel::drift
