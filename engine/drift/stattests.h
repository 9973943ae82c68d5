#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace keel::drift {

// The statistical tests drift reports use, each as its peer defines it, so verdicts agree
// with SciPy's (and, through SciPy, Evidently's). Inputs are finite values; callers drop NaN.

struct TestResult {
    double statistic = 0.0;
    double pValue = 1.0;
};

// scipy.stats.ks_2samp(a, b), two-sided, method 'auto': the statistic is the largest gap between
// the two empirical CDFs. Up to 10,000 values a side, SciPy's exact p-value (the gap rounded as
// SciPy rounds it; the probability that a random lattice path leaves the band it defines);
// beyond, SciPy's asymptotic one: kstwo.sf(D, round(n1·n2 / (n1 + n2))).
// The mean and the population standard deviation (numpy's mean and std with ddof=0).
struct MeanStd {
    double mean = 0;
    double stddev = 0;
};
MeanStd meanAndStd(std::span<const double> values);

// How many of `codes` hold each value 0 .. categories − 1 (every code must be below it): counted
// in several lanes, so runs of one category do not wait on one counter.
std::vector<double> countCodes(std::span<const std::uint32_t> codes, std::size_t categories);

// Sorts numbers ascending as std::sort does (-0 before +0, which compare equal; no NaN), several
// times faster on large samples: a drift report sorts each numeric column of both samples.
void sortValues(std::vector<double> &values);

TestResult ks2samp(std::span<const double> a, std::span<const double> b);
inline constexpr std::size_t kKsExactLimit = 10000;

// scipy.stats.kstwo.sf(x, n): P(D_n >= x) for the two-sided one-sample Kolmogorov-Smirnov
// statistic, by the methods SciPy chooses from (Simard and L'Ecuyer 2011): Ruben-Gambino's
// closed forms at the ends, Durbin's matrix (as Marsaglia, Tsang and Wang compute it),
// Pomeranz's recursion, Pelz-Good's expansion, and twice the one-sided Smirnov tail
// (Birnbaum-Tingey's sum) where that is exact or close enough.
double kolmogorovSf(std::int64_t n, double x);
// scipy.special.smirnov(n, x): P(D_n+ >= x), the one-sided statistic's tail.
double smirnovSf(std::int64_t n, double x);

// scipy.stats.chisquare(observed, expected): statistic Σ (o − e)² / e, p from the chi-square
// distribution with k − 1 degrees of freedom. The sums must agree (SciPy checks to 1e-8 relative).
TestResult chiSquare(std::span<const double> observed, std::span<const double> expected);

// scipy.stats.wasserstein_distance(u, v): ∫ |U(x) − V(x)| dx over the empirical CDFs.
double wassersteinDistance(std::span<const double> u, std::span<const double> v);

// The same over two samples read in ascending order, one value at a time: each of a1 and a2 is a
// cursor over the first sample (done(), peek(), pop()), b1 and b2 over the second; na and nb
// their sizes. Over the values of both in sorted order, between each value and the next, the gap
// times the difference of the CDFs just right of the value (searchsorted(sorted, all[:-1],
// 'right')). wassersteinDistance runs this on sorted spans, so both give the same bits.
template<typename Cursor>
double wassersteinWalk(Cursor &a1, Cursor &a2, std::size_t na, Cursor &b1, Cursor &b2, std::size_t nb)
{
    auto next = [&] {
        const bool fromA = b1.done() || (!a1.done() && !(b1.peek() < a1.peek()));
        Cursor &c = fromA ? a1 : b1;
        const double v = c.peek();
        c.pop();
        return v;
    };
    double distance = 0.0;
    std::size_t ia = 0, ib = 0;
    double value = next();
    for (std::size_t k = 0; k + 1 < na + nb; ++k) {
        const double following = next();
        for (; !a2.done() && a2.peek() <= value; a2.pop())
            ++ia;
        for (; !b2.done() && b2.peek() <= value; b2.pop())
            ++ib;
        distance += std::abs(double(ia) / double(na) - double(ib) / double(nb)) * (following - value);
        value = following;
    }
    return distance;
}

// scipy.spatial.distance.jensenshannon(p, q) with the natural logarithm: both are normalised
// to sum to 1 first.
double jensenShannonDistance(std::span<const double> p, std::span<const double> q);

// scipy.stats.entropy(p, q): Σ p·ln(p/q), both normalised first.
double klDivergence(std::span<const double> p, std::span<const double> q);

// Population stability index over the same bins' shares: Σ (c − r)·ln(c / r).
double psi(std::span<const double> reference, std::span<const double> current);

// Hellinger distance between two distributions over the same bins: √(Σ (√p − √q)² / 2).
double hellinger(std::span<const double> p, std::span<const double> q);

// Pooled two-proportion z test: z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)), two-sided p.
TestResult twoProportionZ(double successes1, double n1, double successes2, double n2);

// The regularised upper incomplete gamma function Q(a, x) (scipy.special.gammaincc).
double gammaQ(double a, double x);

} // namespace keel::drift
