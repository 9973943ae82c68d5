#include "models/chartscale.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

namespace keel {

namespace {

// Decades a log axis may span: 10^±300 are normal doubles with room for tick arithmetic.
constexpr double kLogFloor = -300.0, kLogCeil = 300.0;
// Linear ends are kept inside ±1e307 when the values' span would overflow a double.
constexpr double kLinearLimit = 1e307;
// Auto mode: a value is an outlier when it lies further from the median than this many
// median absolute deviations (in decades on a log axis). Generous on purpose: a loss curve's
// first steps stay on the chart; a run that diverged to 1e30 or 1.8e308 does not.
constexpr double kLinearFence = 1000.0, kLogFence = 20.0;

// numpy.quantile's default (linear interpolation between order statistics).
double quantile(const std::vector<double> &sorted, double q)
{
    const double pos = q * double(sorted.size() - 1);
    const auto below = std::size_t(std::floor(pos));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double f = pos - double(below);
    return sorted[below] + (sorted[above] - sorted[below]) * f;
}

std::pair<double, double> fenced(const std::vector<double> &sorted, bool log)
{
    const double median = quantile(sorted, 0.5);
    std::vector<double> dev(sorted.size());
    std::transform(sorted.begin(), sorted.end(), dev.begin(), [median](double v) { return std::abs(v - median); });
    std::sort(dev.begin(), dev.end());
    double mad = quantile(dev, 0.5);
    if (!(mad > 0.0) || !std::isfinite(mad))
        mad = log ? 0.5 : std::max(std::abs(median) * 0.1, 1e-300);
    const double reach = (log ? kLogFence : kLinearFence) * mad; // may be +inf: then nothing is clipped
    // The smallest and largest values inside the fence (the median always is).
    const auto first = std::lower_bound(sorted.begin(), sorted.end(), median - reach);
    const auto last = std::upper_bound(sorted.begin(), sorted.end(), median + reach);
    return {*first, *(last - 1)};
}

// Widens [lo, hi] (lo <= hi, both finite) until ticks can be placed: a non-zero span well
// above the values' rounding, finite ends and a finite span.
std::pair<double, double> widenLinear(double lo, double hi)
{
    lo = std::clamp(lo, -DBL_MAX, DBL_MAX);
    hi = std::clamp(hi, -DBL_MAX, DBL_MAX);
    if (!std::isfinite(hi - lo)) {
        lo = std::max(lo, -kLinearLimit);
        hi = std::min(hi, kLinearLimit);
    }
    const double magnitude = std::max(std::abs(lo), std::abs(hi));
    const double minSpan = std::max(magnitude * 1e-9, 1e-300);
    if (hi - lo < minSpan) {
        const double pad = lo == hi ? std::max(magnitude * 0.05, lo == 0.0 ? 1.0 : 1e-300) : minSpan;
        double a = lo - pad, b = hi + pad;
        if (!std::isfinite(b)) // at the top of the double range: grow downwards only
            b = hi, a = hi - 2 * pad;
        if (!std::isfinite(a))
            a = lo, b = lo + 2 * pad;
        lo = a, hi = b;
    }
    return {lo, hi};
}

} // namespace

bool ChartScale::place(double v, double *at) const
{
    if (std::isnan(v) || (log && !(v > 0.0)))
        return false;
    *at = std::clamp(v, lo, hi);
    return true;
}

bool ChartScale::nice() const
{
    // Qt's rounding works in log10 of the span: it overflows near the largest doubles and loses
    // the range altogether near the smallest.
    return drawable && !log && std::abs(lo) < 1e300 && std::abs(hi) < 1e300 && hi - lo > 1e-200;
}

QString ChartScale::summary() const
{
    QStringList parts;
    if (clipped + infinite > 0)
        parts << tr("%n value(s) off the chart, marked at its edge", nullptr, clipped + infinite);
    if (nan > 0)
        parts << tr("%n NaN value(s) not drawn", nullptr, nan);
    if (nonPositive > 0)
        parts << tr("%n value(s) at or below zero not drawn on the log scale", nullptr, nonPositive);
    if (fellBack)
        parts << reason;
    return parts.join(QStringLiteral(", "));
}

void ChartScale::setRange(double newLo, double newHi, std::span<const double> values)
{
    if (!(newLo < newHi) || !std::isfinite(newHi - newLo) || (log && !(newLo > 0.0)))
        return; // keep the ends chooseScale found
    lo = newLo;
    hi = newHi;
    placed = clipped = infinite = nan = nonPositive = 0;
    for (double v : values) {
        if (std::isnan(v))
            ++nan;
        else if (log && !(v > 0.0))
            ++nonPositive;
        else if (std::isinf(v))
            ++infinite;
        else if (inside(v))
            ++placed;
        else
            ++clipped;
    }
}

ChartScale chooseScale(std::span<const double> values, bool log, OutlierMode mode)
{
    ChartScale s;
    s.log = log;
    std::vector<double> t; // the candidates, in axis units (decades on a log axis)
    t.reserve(values.size());
    for (double v : values) {
        if (std::isnan(v))
            continue;
        if (log && !(v > 0.0))
            continue;
        if (std::isinf(v))
            continue;
        t.push_back(log ? std::log10(v) : v);
    }
    if (t.empty()) {
        int nonPositive = 0, infinite = 0;
        for (double v : values) {
            nonPositive += log && !std::isnan(v) && !(v > 0.0) ? 1 : 0;
            infinite += std::isinf(v) && !(log && v < 0) ? 1 : 0;
        }
        s.reason = values.empty()        ? ChartScale::tr("No values to draw")
                   : log && nonPositive  ? ChartScale::tr("No value above zero to draw on a log scale")
                   : infinite            ? ChartScale::tr("Every value is infinite or NaN: nothing can be placed on a scale")
                                         : ChartScale::tr("Every value is NaN");
        for (double v : values) {
            s.nan += std::isnan(v) ? 1 : 0;
            s.nonPositive += log && !std::isnan(v) && !(v > 0.0) ? 1 : 0;
            s.infinite += std::isinf(v) && !(log && v < 0) ? 1 : 0;
        }
        return s;
    }
    std::sort(t.begin(), t.end());
    std::pair<double, double> r{t.front(), t.back()};
    switch (mode) {
    case OutlierMode::ShowAll:
        if (!log && !std::isfinite(r.second - r.first)) {
            s.fellBack = true;
            s.reason = ChartScale::tr("the values span more than a chart can hold, so the outliers are clipped");
            r = fenced(t, log);
        }
        break;
    case OutlierMode::Percentile: r = {quantile(t, 0.05), quantile(t, 0.95)}; break;
    case OutlierMode::Auto: r = fenced(t, log); break;
    }
    if (log) {
        double lo10 = std::floor(std::clamp(r.first, kLogFloor, kLogCeil));
        double hi10 = std::ceil(std::clamp(r.second, kLogFloor, kLogCeil));
        if (hi10 <= lo10) {
            lo10 = std::max(kLogFloor, lo10 - 1);
            hi10 = std::min(kLogCeil, hi10 + 1);
        }
        s.lo = std::pow(10.0, lo10);
        s.hi = std::pow(10.0, hi10);
    } else {
        std::tie(s.lo, s.hi) = widenLinear(r.first, r.second);
    }
    s.drawable = true;
    s.setRange(s.lo, s.hi, values);
    return s;
}

ChartScale chooseSpan(std::span<const double> values)
{
    ChartScale s;
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values) {
        if (!std::isfinite(v))
            continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        ++s.placed;
    }
    if (s.placed == 0) {
        s.reason = ChartScale::tr("No values to draw");
        return s;
    }
    std::tie(s.lo, s.hi) = widenLinear(lo, hi);
    s.drawable = true;
    return s;
}

} // namespace keel
