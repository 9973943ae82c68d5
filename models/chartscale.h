#pragma once

#include <QCoreApplication>
#include <QString>

#include <span>

namespace keel {

// How a chart's value axis treats values far from the rest.
enum class OutlierMode {
    Auto,       // clip only values far outside the bulk (a diverged run at 1e308), and mark them
    ShowAll,    // every finite value in range, when a chart can hold the span
    Percentile, // the 5th to 95th percentile, as W&B's "ignore outliers" scales its charts
};

// A range that a chart axis can draw: both ends finite, lo < hi, and hi - lo finite and far
// above the values' rounding, so tick arithmetic cannot overflow or divide by zero. On a log
// axis lo > 0 and both ends are whole powers of ten within [1e-300, 1e300].
struct ChartScale {
    Q_DECLARE_TR_FUNCTIONS(ChartScale)

public:
    bool drawable = false; // false: no value can be placed; `reason` says why
    double lo = 0.0, hi = 1.0;
    bool log = false;
    int placed = 0;      // values inside [lo, hi]
    int clipped = 0;     // finite values outside [lo, hi], drawn at the edge and marked
    int infinite = 0;    // ±Inf, drawn at the edge and marked
    int nan = 0;         // NaN: not drawn
    int nonPositive = 0; // zero or negative values on a log axis: not drawn
    bool fellBack = false; // ShowAll was asked for but the span was too wide: clipped as Auto
    QString reason;      // when not drawable, or why the range is not what was asked for

    // Where a value goes on this axis: itself inside the range, the nearest edge outside it
    // (±Inf too), nothing for NaN and, on a log axis, for values <= 0.
    bool place(double v, double *at) const;
    bool inside(double v) const { return v >= lo && v <= hi; }
    bool nice() const; // safe to round outwards to nice tick values (QValueAxis::applyNiceNumbers)
    QString summary() const; // "2 values off the chart, 1 NaN not drawn", or empty
    // Moves the ends (to an axis's nice numbers, say) and counts `values` against them again.
    void setRange(double lo, double hi, std::span<const double> values);
};

ChartScale chooseScale(std::span<const double> values, bool log, OutlierMode mode);

// A range for a position axis (steps, times, category indices): all finite values, widened
// when they are all equal; never clips.
ChartScale chooseSpan(std::span<const double> values);

} // namespace keel
