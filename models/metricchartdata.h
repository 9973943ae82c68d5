#pragma once

#include <QPointF>
#include <QString>
#include <QVector>

#include <optional>
#include <utility>
#include <vector>

namespace keel::tracking {
class TrackingStore;
}

namespace keel {

enum class ChartXAxis { Step, WallTime, RelativeTime };

struct ChartSeries {
    QString runUuid;
    QString label;
    QVector<QPointF> points;   // x per the axis (step; ms since the epoch; seconds since the run's first point)
    int pointsInRange = 0;     // before down-sampling
};

// One metric of several runs, ready for a chart: x chosen by `axis`, smoothed with the
// debiased exponential moving average TensorBoard and MLflow's UI use (0 = off, up to
// 0.999), limited to `xRange` when zoomed, and reduced to at most `maxPoints` per run with
// min/max buckets so no peak is lost. NaN points are skipped.
std::vector<ChartSeries> loadMetricSeries(tracking::TrackingStore &store, const std::vector<std::pair<QString, QString>> &runs,
                                          const QString &key, ChartXAxis axis, double smoothing,
                                          std::optional<std::pair<double, double>> xRange, int maxPoints);

// The debiased EMA over the finite values, in place.
void smoothEma(QVector<QPointF> &points, double weight);

} // namespace keel
