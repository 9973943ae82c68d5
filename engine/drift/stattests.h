#pragma once

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

// scipy.stats.ks_2samp(a, b), two-sided, with SciPy's exact p-value (its choice for samples of
// at most 10,000 values): the statistic is the largest gap between the two empirical CDFs,
// rounded as SciPy rounds it, and the p-value is the probability that a random lattice path
// leaves the band that gap defines. Larger samples need the asymptotic distribution, which is
// not built yet: it throws keel::Error (BadInput) naming the sizes rather than approximate.
// The mean and the population standard deviation (numpy's mean and std with ddof=0).
struct MeanStd {
    double mean = 0;
    double stddev = 0;
};
MeanStd meanAndStd(std::span<const double> values);

TestResult ks2samp(std::span<const double> a, std::span<const double> b);
inline constexpr std::size_t kKsExactLimit = 10000;

// scipy.stats.chisquare(observed, expected): statistic Σ (o − e)² / e, p from the chi-square
// distribution with k − 1 degrees of freedom. The sums must agree (SciPy checks to 1e-8 relative).
TestResult chiSquare(std::span<const double> observed, std::span<const double> expected);

// scipy.stats.wasserstein_distance(u, v): ∫ |U(x) − V(x)| dx over the empirical CDFs.
double wassersteinDistance(std::span<const double> u, std::span<const double> v);

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
