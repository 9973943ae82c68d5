#include "drift/stattests.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>

namespace keel::drift {
namespace {

std::vector<double> normalised(std::span<const double> v, const char *what)
{
    const double sum = std::accumulate(v.begin(), v.end(), 0.0);
    if (!(sum > 0))
        throwError(ErrorKind::BadInput, std::string(what) + ": the distribution sums to " + std::to_string(sum) + ", not a positive number");
    std::vector<double> out(v.begin(), v.end());
    for (double &x : out) {
        if (x < 0)
            throwError(ErrorKind::BadInput, std::string(what) + ": negative frequency");
        x /= sum;
    }
    return out;
}

void sameLength(std::size_t a, std::size_t b, const char *what)
{
    if (a != b || a == 0)
        throwError(ErrorKind::BadInput, std::string(what) + ": the two distributions need the same, non-zero number of bins (" +
                                            std::to_string(a) + " and " + std::to_string(b) + ")");
}

// ln Γ-based series and continued fraction for the incomplete gamma function (the classic
// pairing: the series converges fast for x < a + 1, the continued fraction otherwise).
double gammaPSeries(double a, double x)
{
    double sum = 1.0 / a, term = sum, ap = a;
    for (int n = 0; n < 100000; ++n) {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if (std::abs(term) < std::abs(sum) * 1e-16)
            break;
    }
    return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

double gammaQContinuedFraction(double a, double x)
{
    constexpr double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (std::abs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (std::abs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::abs(delta - 1.0) < 1e-16)
            break;
    }
    return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

} // namespace

double gammaQ(double a, double x)
{
    if (a <= 0 || x < 0)
        throwError(ErrorKind::BadInput, "gammaQ: needs a > 0 and x >= 0");
    if (x == 0)
        return 1.0;
    if (x < a + 1.0)
        return 1.0 - gammaPSeries(a, x);
    return gammaQContinuedFraction(a, x);
}

MeanStd meanAndStd(std::span<const double> values)
{
    MeanStd m;
    if (values.empty())
        return m;
    for (double v : values)
        m.mean += v;
    m.mean /= double(values.size());
    double var = 0;
    for (double v : values)
        var += (v - m.mean) * (v - m.mean);
    m.stddev = std::sqrt(var / double(values.size()));
    return m;
}

TestResult ks2samp(std::span<const double> a, std::span<const double> b)
{
    const std::size_t n1 = a.size(), n2 = b.size();
    if (n1 == 0 || n2 == 0)
        throwError(ErrorKind::BadInput, "Kolmogorov-Smirnov test: both samples need at least one value");
    if (std::max(n1, n2) > kKsExactLimit)
        throwError(ErrorKind::BadInput, "Kolmogorov-Smirnov test: samples of " + std::to_string(n1) + " and " + std::to_string(n2) +
                                            " values need the asymptotic distribution, which is not built yet (exact up to " +
                                            std::to_string(kKsExactLimit) + ")");
    std::vector<double> x(a.begin(), a.end()), y(b.begin(), b.end());
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    // Both ECDFs at every data point (right-continuous, as searchsorted(..., 'right')).
    double maxS = 0.0, minS = 0.0;
    auto at = [&](double v) {
        const double f1 = double(std::upper_bound(x.begin(), x.end(), v) - x.begin()) / double(n1);
        const double f2 = double(std::upper_bound(y.begin(), y.end(), v) - y.begin()) / double(n2);
        maxS = std::max(maxS, f1 - f2);
        minS = std::max(minS, f2 - f1);
    };
    for (double v : x)
        at(v);
    for (double v : y)
        at(v);
    double d = std::max(maxS, minS);

    // SciPy's exact two-sided p-value: round D to a multiple of 1/lcm(n1, n2); the p-value is
    // the chance a random path from (0,0) to (n1,n2) touches |i·n2 − j·n1| ≥ h·g.
    const std::int64_t g = std::gcd(std::int64_t(n1), std::int64_t(n2));
    const std::int64_t lcm = (std::int64_t(n1) / g) * std::int64_t(n2);
    const std::int64_t h = std::llround(d * double(lcm));
    d = double(h) / double(lcm);
    if (h == 0)
        return {d, 1.0};
    const std::int64_t bound = h * g;
    auto inside = [&](std::int64_t i, std::int64_t j) { return std::llabs(i * std::int64_t(n2) - j * std::int64_t(n1)) < bound; };
    // P[j] for the current i: the probability that a uniformly random path to (i, j) stayed inside.
    std::vector<double> row(n2 + 1, 0.0);
    row[0] = 1.0;
    for (std::size_t j = 1; j <= n2; ++j)
        row[j] = inside(0, std::int64_t(j)) ? row[j - 1] : 0.0;
    for (std::size_t i = 1; i <= n1; ++i) {
        row[0] = inside(std::int64_t(i), 0) ? row[0] : 0.0;
        for (std::size_t j = 1; j <= n2; ++j) {
            if (!inside(std::int64_t(i), std::int64_t(j))) {
                row[j] = 0.0;
                continue;
            }
            const double total = double(i + j);
            row[j] = (double(i) / total) * row[j] + (double(j) / total) * row[j - 1];
        }
    }
    const double p = std::clamp(1.0 - row[n2], 0.0, 1.0);
    return {d, p};
}

TestResult chiSquare(std::span<const double> observed, std::span<const double> expected)
{
    sameLength(observed.size(), expected.size(), "chi-square test");
    const double so = std::accumulate(observed.begin(), observed.end(), 0.0);
    const double se = std::accumulate(expected.begin(), expected.end(), 0.0);
    if (std::abs(so - se) > 1e-8 * std::max(std::abs(so), std::abs(se)))
        throwError(ErrorKind::BadInput, "chi-square test: observed frequencies sum to " + std::to_string(so) +
                                            " but expected ones to " + std::to_string(se));
    double stat = 0.0;
    for (std::size_t i = 0; i < observed.size(); ++i) {
        if (!(expected[i] > 0))
            throwError(ErrorKind::BadInput, "chi-square test: expected frequency of category " + std::to_string(i) + " is not positive");
        stat += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
    }
    const double df = double(observed.size()) - 1.0;
    if (df < 1)
        return {stat, std::nan("")};
    return {stat, gammaQ(df / 2.0, stat / 2.0)};
}

double wassersteinDistance(std::span<const double> u, std::span<const double> v)
{
    if (u.empty() || v.empty())
        throwError(ErrorKind::BadInput, "Wasserstein distance: both samples need at least one value");
    std::vector<double> a(u.begin(), u.end()), b(v.begin(), v.end());
    if (!std::is_sorted(a.begin(), a.end())) // a reference sorted once is scored against many windows
        std::sort(a.begin(), a.end());
    if (!std::is_sorted(b.begin(), b.end()))
        std::sort(b.begin(), b.end());
    std::vector<double> all;
    all.reserve(a.size() + b.size());
    std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(all));
    double distance = 0.0;
    std::size_t ia = 0, ib = 0;
    for (std::size_t k = 0; k + 1 < all.size(); ++k) {
        // CDFs just right of all[k] (searchsorted(sorted, all[:-1], 'right')).
        while (ia < a.size() && a[ia] <= all[k])
            ++ia;
        while (ib < b.size() && b[ib] <= all[k])
            ++ib;
        const double delta = all[k + 1] - all[k];
        distance += std::abs(double(ia) / double(a.size()) - double(ib) / double(b.size())) * delta;
    }
    return distance;
}

double klDivergence(std::span<const double> p, std::span<const double> q)
{
    sameLength(p.size(), q.size(), "Kullback-Leibler divergence");
    const auto pn = normalised(p, "Kullback-Leibler divergence"), qn = normalised(q, "Kullback-Leibler divergence");
    double sum = 0.0;
    for (std::size_t i = 0; i < pn.size(); ++i) {
        if (pn[i] == 0)
            continue;
        if (qn[i] == 0)
            return INFINITY;
        sum += pn[i] * std::log(pn[i] / qn[i]);
    }
    return sum;
}

double jensenShannonDistance(std::span<const double> p, std::span<const double> q)
{
    sameLength(p.size(), q.size(), "Jensen-Shannon distance");
    const auto pn = normalised(p, "Jensen-Shannon distance"), qn = normalised(q, "Jensen-Shannon distance");
    double left = 0.0, right = 0.0;
    for (std::size_t i = 0; i < pn.size(); ++i) {
        const double m = (pn[i] + qn[i]) / 2.0;
        if (pn[i] > 0)
            left += pn[i] * std::log(pn[i] / m);
        if (qn[i] > 0)
            right += qn[i] * std::log(qn[i] / m);
    }
    return std::sqrt(std::max(0.0, (left + right) / 2.0));
}

double psi(std::span<const double> reference, std::span<const double> current)
{
    sameLength(reference.size(), current.size(), "PSI");
    double sum = 0.0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
        if (!(reference[i] > 0) || !(current[i] > 0))
            throwError(ErrorKind::BadInput, "PSI: bin " + std::to_string(i) + " is empty; fill empty bins before comparing");
        sum += (current[i] - reference[i]) * std::log(current[i] / reference[i]);
    }
    return sum;
}

double hellinger(std::span<const double> p, std::span<const double> q)
{
    sameLength(p.size(), q.size(), "Hellinger distance");
    const auto pn = normalised(p, "Hellinger distance"), qn = normalised(q, "Hellinger distance");
    double sum = 0.0;
    for (std::size_t i = 0; i < pn.size(); ++i) {
        const double d = std::sqrt(pn[i]) - std::sqrt(qn[i]);
        sum += d * d;
    }
    return std::sqrt(sum / 2.0);
}

TestResult twoProportionZ(double successes1, double n1, double successes2, double n2)
{
    if (!(n1 > 0) || !(n2 > 0) || successes1 < 0 || successes2 < 0 || successes1 > n1 || successes2 > n2)
        throwError(ErrorKind::BadInput, "two-proportion z test: counts out of range");
    const double p1 = successes1 / n1, p2 = successes2 / n2;
    const double pooled = (successes1 + successes2) / (n1 + n2);
    const double variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2);
    if (variance <= 0)
        return {0.0, 1.0};
    const double z = (p1 - p2) / std::sqrt(variance);
    return {z, std::erfc(std::abs(z) / std::sqrt(2.0))};
}

} // namespace keel::drift
