#include "drift/stattests.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numeric>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

// LSD radix over the IEEE bits: 6 passes of 11 bits, a pass skipped when every value shares
// its digit. The keys are made in the values' own storage, and every digit's counts in the same
// pass (they do not depend on the order), so each pass that moves the keys reads them once. The
// spare buffer is kept per thread up to kKeptValues (a column of a million values is sorted with
// no allocation, no page cleared by the kernel); past that it is allocated uninitialised.
std::vector<double> countCodes(std::span<const std::uint32_t> codes, std::size_t categories)
{
    constexpr std::size_t kLanes = 4;
    const std::size_t lanes = categories <= 4096 ? kLanes : 1; // few categories: each its own counter per lane
    std::vector<std::uint64_t> n(lanes * categories, 0);
    std::size_t i = 0;
    if (lanes == kLanes)
        for (; i + kLanes <= codes.size(); i += kLanes)
            for (std::size_t l = 0; l < kLanes; ++l)
                ++n[l * categories + codes[i + l]];
    for (; i < codes.size(); ++i)
        ++n[codes[i]];
    std::vector<double> out(categories);
    for (std::size_t c = 0; c < categories; ++c) {
        std::uint64_t total = 0;
        for (std::size_t l = 0; l < lanes; ++l)
            total += n[l * categories + c];
        out[c] = double(total);
    }
    return out;
}

void sortValues(std::vector<double> &values)
{
    const std::size_t n = values.size();
    if (n < 4096) {
        std::sort(values.begin(), values.end());
        return;
    }
    static_assert(sizeof(double) == sizeof(std::uint64_t));
    auto *keys = reinterpret_cast<unsigned char *>(values.data()); // read and written through memcpy only
    auto key = [](const unsigned char *at) {
        std::uint64_t k;
        std::memcpy(&k, at, sizeof k);
        return k;
    };
    constexpr int kBits = 11, kDigits = (64 + kBits - 1) / kBits;
    constexpr std::size_t kBuckets = std::size_t(1) << kBits;
    std::vector<std::size_t> counts(kBuckets * kDigits);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t bits = key(keys + 8 * i);
        const std::uint64_t k = bits & (std::uint64_t(1) << 63) ? ~bits : bits | (std::uint64_t(1) << 63);
        std::memcpy(keys + 8 * i, &k, sizeof k);
        for (int d = 0; d < kDigits; ++d)
            ++counts[std::size_t(d) * kBuckets + ((k >> (d * kBits)) & (kBuckets - 1))];
    }
    constexpr std::size_t kKeptValues = std::size_t(1) << 21; // 16 MiB a thread at most
    thread_local std::vector<std::uint64_t> kept;
    std::unique_ptr<std::uint64_t[]> own;
    std::uint64_t *spare = nullptr;
    if (n <= kKeptValues) {
        if (kept.size() < n)
            kept.resize(n);
        spare = kept.data();
    } else {
        own.reset(new std::uint64_t[n]);
        spare = own.get();
    }
    auto *from = keys, *to = reinterpret_cast<unsigned char *>(spare);
    for (int d = 0; d < kDigits; ++d) {
        const int shift = d * kBits;
        std::size_t *c = &counts[std::size_t(d) * kBuckets];
        if (c[(key(from) >> shift) & (kBuckets - 1)] == n)
            continue; // one digit for all
        std::size_t at = 0;
        for (std::size_t b = 0; b < kBuckets; ++b)
            at += std::exchange(c[b], at);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t k = key(from + 8 * i);
            std::memcpy(to + 8 * c[(k >> shift) & (kBuckets - 1)]++, &k, sizeof k);
        }
        std::swap(from, to);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t k0 = key(from + 8 * i);
        const std::uint64_t k = k0 & (std::uint64_t(1) << 63) ? k0 & ~(std::uint64_t(1) << 63) : ~k0;
        std::memcpy(keys + 8 * i, &k, sizeof k);
    }
}

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
    std::vector<double> x(a.begin(), a.end()), y(b.begin(), b.end());
    sortValues(x);
    sortValues(y);
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
    if (std::max(n1, n2) > kKsExactLimit) {
        // SciPy's asymptotic p-value: the one-sample distribution at the effective size.
        const double m = double(std::max(n1, n2)), n = double(std::min(n1, n2));
        return {d, kolmogorovSf(std::int64_t(std::nearbyint(m * n / (m + n))), d)};
    }

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

namespace {

// Scaling as SciPy's _ksstats does it, so that matrix powers and long products stay in range.
constexpr int kScaleExponent = 128;
const double kScaleUp = std::ldexp(1.0, kScaleExponent), kScaleDown = std::ldexp(1.0, -kScaleExponent);

// log(n! / n^n) by Stirling's series with n·log(n) taken out first.
double logFactorialOverPower(double n)
{
    static const double coeffs[] = {-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                    -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2};
    const double rn = 1.0 / n, u = rn / n;
    double poly = 0;
    for (double c : coeffs)
        poly = poly * u + c;
    return std::log(n) / 2 - n + std::log(2 * M_PI) / 2 + rn * poly;
}

// Durbin's matrix: P(D_n <= d) as the (k, k) entry of H^n · n!/n^n, d = (k − h)/n.
double durbinCdf(std::int64_t n, double d)
{
    if (d >= 1.0)
        return 1.0;
    const double nd = double(n) * d;
    if (nd <= 0.5)
        return 0.0;
    const int k = int(std::ceil(nd));
    const double h = k - nd;
    const int m = 2 * k - 1;
    std::vector<double> H(std::size_t(m) * std::size_t(m), 0.0);
    auto at = [m](std::vector<double> &M, int i, int j) -> double & { return M[std::size_t(i) * std::size_t(m) + std::size_t(j)]; };
    std::vector<double> v(static_cast<std::size_t>(m)), w(static_cast<std::size_t>(m));
    double fac = 1.0;
    for (int j = 1; j <= m; ++j) {
        w[std::size_t(j - 1)] = fac;
        fac /= j;
        v[std::size_t(j - 1)] = (1.0 - std::pow(h, j)) * fac;
    }
    const double tt = std::pow(std::max(2 * h - 1.0, 0.0), m) - 2 * std::pow(h, m);
    v[std::size_t(m - 1)] = (1.0 + tt) * fac;
    for (int i = 1; i < m; ++i)
        for (int r = i - 1; r < m; ++r)
            at(H, r, i) = w[std::size_t(r - (i - 1))];
    for (int r = 0; r < m; ++r)
        at(H, r, 0) = v[std::size_t(r)];
    for (int c = 0; c < m; ++c)
        at(H, m - 1, c) = v[std::size_t(m - 1 - c)];
    auto multiply = [&](const std::vector<double> &A, const std::vector<double> &B) {
        std::vector<double> C(A.size(), 0.0);
        for (int i = 0; i < m; ++i)
            for (int l = 0; l < m; ++l) {
                const double a = A[std::size_t(i) * std::size_t(m) + std::size_t(l)];
                if (a == 0)
                    continue;
                for (int j = 0; j < m; ++j)
                    C[std::size_t(i) * std::size_t(m) + std::size_t(j)] += a * B[std::size_t(l) * std::size_t(m) + std::size_t(j)];
            }
        return C;
    };
    std::vector<double> power(H.size(), 0.0);
    for (int i = 0; i < m; ++i)
        at(power, i, i) = 1.0;
    int exponent = 0, hExponent = 0;
    for (std::int64_t left = n; left > 0; left /= 2) {
        if (left % 2) {
            power = multiply(power, H);
            exponent += hExponent;
        }
        H = multiply(H, H);
        hExponent *= 2;
        if (std::abs(at(H, k - 1, k - 1)) > kScaleUp) {
            for (double &x : H)
                x /= kScaleUp;
            hExponent += kScaleExponent;
        }
    }
    double p = at(power, k - 1, k - 1);
    for (std::int64_t i = 1; i <= n; ++i) {
        p = double(i) * p / double(n);
        if (std::abs(p) < kScaleDown) {
            p *= kScaleUp;
            exponent -= kScaleExponent;
        }
    }
    if (exponent != 0)
        p = std::ldexp(p, exponent);
    return std::clamp(p, 0.0, 1.0);
}

// Pomeranz's recursion: P(D_n <= x) as n! times the last entry of 2n + 1 convolutions with
// (nearly) Poisson probabilities.
double pomeranzCdf(std::int64_t n, double x)
{
    const double t = double(n) * x;
    const std::int64_t ll = std::int64_t(std::floor(t));
    const double f = t - double(ll), g = std::min(f, 1.0 - f);
    const int ceilf = f > 0 ? 1 : 0, roundf = f > 0.5 ? 1 : 0;
    const std::size_t powers = std::size_t(2 * (ll + 1));
    std::vector<double> gp(powers), twogp(powers), onem2gp(powers);
    gp[0] = twogp[0] = onem2gp[0] = 1.0;
    const double gn = g / double(n), twogn = 2 * g / double(n), onem2gn = (1 - 2 * g) / double(n);
    for (std::size_t k = 1; k < powers; ++k) {
        gp[k] = gp[k - 1] * gn / double(k);
        twogp[k] = twogp[k - 1] * twogn / double(k);
        onem2gp[k] = onem2gp[k - 1] * onem2gn / double(k);
    }
    auto bounds = [&](std::int64_t i) {
        std::int64_t j1, j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            const std::int64_t half = (i + 1) / 2, odd = (i + 1) % 2;
            if (odd == 0) {
                if (half == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = half - 1 - ll - roundf - 1;
                    j2 = half + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundf - 1;
            }
        }
        return std::pair<std::int64_t, std::int64_t>{std::max<std::int64_t>(j1 + 2, 0), std::min(j2, n)};
    };
    std::vector<double> V0(powers, 0.0), V1(powers, 0.0);
    V1[0] = 1;
    std::int64_t V0s = 0, V1s = 0;
    int exponent = 0;
    auto [j1, j2] = bounds(0);
    for (std::int64_t i = 1; i < 2 * n + 2; ++i) {
        const std::int64_t k1 = j1;
        std::swap(V0, V1);
        std::swap(V0s, V1s);
        std::fill(V1.begin(), V1.end(), 0.0);
        std::tie(j1, j2) = bounds(i);
        const std::vector<double> &pw = (i == 1 || i == 2 * n + 1) ? gp : (i % 2 ? twogp : onem2gp);
        const std::int64_t len = j2 - k1 + 1;
        if (len > 0) {
            // The entries conv[j1 − k1 ... j2 − k1] of V0[k1 − V0s ...] convolved with pw.
            const std::int64_t from = j1 - k1, count = j2 - j1 + 1;
            double top = 0;
            for (std::int64_t c = 0; c < count; ++c) {
                const std::int64_t at = from + c;
                double sum = 0;
                for (std::int64_t q = 0; q <= at && q < len; ++q) {
                    const std::int64_t r = at - q;
                    if (r < len)
                        sum += V0[std::size_t(k1 - V0s + q)] * pw[std::size_t(r)];
                }
                V1[std::size_t(c)] = sum;
                top = std::max(top, sum);
            }
            if (top > 0 && top < kScaleDown) {
                for (double &v : V1)
                    v *= kScaleUp;
                exponent -= kScaleExponent;
            }
            V1s = V0s + j1 - k1;
        }
    }
    double answer = V1[std::size_t(n - V1s)];
    for (std::int64_t k = 1; k <= n; ++k) {
        if (std::abs(answer) > kScaleUp) {
            answer *= kScaleDown;
            exponent += kScaleExponent;
        }
        answer *= double(k);
    }
    if (exponent != 0)
        answer = std::ldexp(answer, exponent);
    return std::clamp(answer, 0.0, 1.0);
}

// Pelz-Good's expansion of P(D_n <= x) in powers of 1/√n (Li-Chien, Korolyuk; through Jacobi
// theta functions, for small z = x√n).
double pelzGoodCdf(std::int64_t n, double x)
{
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    const double pi2 = M_PI * M_PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2, sqrt2pi = std::sqrt(2 * M_PI);
    const double z = std::sqrt(double(n)) * x, z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
    const double qlog = -pi2 / 8 / z2;
    if (qlog < -708)
        return 0.0;
    double q = std::exp(qlog);
    const double k1a = -z2, k1b = pi2 / 4;
    const double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
    const double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16, k3b = pi2 * (135 * z4 - 96 * z6) / 4,
                 k3a = -30 * z6 - 90 * std::pow(z, 8);
    double K[4] = {0, 0, 0, 0};
    const int maxk = int(std::ceil(16 * z / M_PI));
    for (int k = maxk; k > 0; --k) {
        const double m = 2.0 * k - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
        const double qpower = std::pow(q, 8.0 * k);
        const double c[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6};
        for (int i = 0; i < 4; ++i)
            K[i] = K[i] * qpower + c[i];
    }
    const double divisors[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
    for (int i = 0; i < 4; ++i)
        K[i] = K[i] * q * sqrt2pi / divisors[i];
    q = std::exp(-pi2 / 2 / z2);
    const double sqrt3z = std::sqrt(3.0) * z;
    double k2extra = 0, k3extra = 0;
    for (int k = maxk; k > 0; --k) {
        const double k2 = double(k) * k, qp = std::pow(q, k2), kpi = M_PI * k;
        k2extra += k2 * qp;
        k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
    }
    K[2] += k2extra * pi2 * sqrt2pi / (-36 * z3);
    K[3] += k3extra * pi2 * sqrt2pi / (216 * z6);
    double sum = 0;
    for (int i = 0; i < 4; ++i)
        sum += K[i] / std::pow(double(n), i / 2.0);
    return sum;
}

} // namespace

double smirnovSf(std::int64_t n, double x)
{
    if (n <= 0 || std::isnan(x))
        return std::nan("");
    if (x >= 1.0)
        return 0.0;
    if (x <= 0.0)
        return 1.0;
    // Birnbaum and Tingey: x Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^(n−j) (x + j/n)^(j−1), every
    // term positive, summed from logarithms in extended precision.
    const long double N = (long double)n, X = x;
    const auto last = std::int64_t(std::floor(N * (1.0L - X)));
    const long double logN1 = std::lgamma(N + 1.0L);
    long double sum = 0;
    for (std::int64_t j = 0; j <= last && j <= n; ++j) {
        const long double J = (long double)j;
        const long double rest = (N - N * X - J) / N; // 1 − x − j/n
        if (rest <= 0 && n - j > 0)
            continue;
        long double logTerm = logN1 - std::lgamma(J + 1.0L) - std::lgamma(N - J + 1.0L) + (J - 1.0L) * std::log(X + J / N);
        if (n - j > 0)
            logTerm += (N - J) * std::log(rest);
        sum += std::exp(logTerm);
    }
    return std::clamp(double(X * sum), 0.0, 1.0);
}

double kolmogorovSf(std::int64_t n, double x)
{
    if (n <= 0 || std::isnan(x))
        return std::nan("");
    if (x >= 1.0)
        return 0.0;
    if (x <= 0.0)
        return 1.0;
    const double N = double(n), t = N * x;
    if (t <= 1.0) { // Ruben-Gambino: 1/2n <= x <= 1/n
        if (t <= 0.5)
            return 1.0;
        double cdf;
        if (n <= 140) {
            cdf = 1.0;
            for (std::int64_t i = 1; i <= n; ++i)
                cdf *= double(i) * (1.0 / N) * (2 * t - 1);
        } else {
            cdf = std::exp(logFactorialOverPower(N) + N * std::log(2 * t - 1));
        }
        return std::clamp(1.0 - cdf, 0.0, 1.0);
    }
    if (t >= N - 1) // Ruben-Gambino
        return std::clamp(2 * std::pow(1.0 - x, N), 0.0, 1.0);
    if (x >= 0.5)
        return std::clamp(2 * smirnovSf(n, x), 0.0, 1.0);
    const double nx2 = t * x;
    if (n <= 140) {
        if (nx2 <= 0.754693)
            return std::clamp(1.0 - durbinCdf(n, x), 0.0, 1.0);
        if (nx2 <= 4)
            return std::clamp(1.0 - pomeranzCdf(n, x), 0.0, 1.0);
        return std::clamp(2 * smirnovSf(n, x), 0.0, 1.0);
    }
    if (nx2 >= 370.0)
        return 0.0;
    if (nx2 >= 2.2)
        return std::clamp(2 * smirnovSf(n, x), 0.0, 1.0);
    double cdf;
    if (nx2 >= 18.0)
        cdf = 1.0;
    else if (n <= 100000 && N * std::pow(x, 1.5) <= 1.4)
        cdf = durbinCdf(n, x);
    else
        cdf = pelzGoodCdf(n, x);
    return std::clamp(1.0 - cdf, 0.0, 1.0);
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
    // A sample already sorted (a reference sorted once and scored against many windows, a column
    // sorted in place) is read as it is; only an unsorted one is copied to be sorted.
    std::vector<double> sortedU, sortedV;
    auto sortedView = [](std::span<const double> x, std::vector<double> &copy) {
        if (std::is_sorted(x.begin(), x.end()))
            return x;
        copy.assign(x.begin(), x.end());
        sortValues(copy);
        return std::span<const double>(copy);
    };
    const std::span<const double> a = sortedView(u, sortedU), b = sortedView(v, sortedV);
    struct Cursor {
        std::span<const double> values;
        std::size_t at = 0;
        bool done() const { return at == values.size(); }
        double peek() const { return values[at]; }
        void pop() { ++at; }
    };
    Cursor a1{a}, a2{a}, b1{b}, b2{b};
    return wassersteinWalk(a1, a2, a.size(), b1, b2, b.size());
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
