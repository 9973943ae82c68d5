#pragma once

#include <QPointF>
#include <QString>
#include <QVector>

#include <optional>
#include <utility>
#include <vector>

#include <QHash>
#include <QPair>
#include <list>
#include <memory>

namespace keel::tracking {
class TrackingStore;
class SeriesPyramid;
}

namespace keel {

enum class ChartXAxis { Step, WallTime, RelativeTime };

struct ChartSeries {
    QString runUuid;
    QString label;
    QVector<QPointF> points;   // x per the axis (step; ms since the epoch; seconds since the run's first point)
    int pointsInRange = 0;     // before down-sampling
    QString group;             // the run's value of the group-by param, when grouping
    int colour = -1;           // the run's colour (runColour), -1: by its place in the chart
    std::optional<double> latest; // the run's latest value by MLflow's rule (NaN included), for bars
};

// Runs grouped by a param value: per group, the mean across its runs and the band from the
// lowest to the highest, on `gridPoints` x positions spanning the runs' x range. Each run is
// linearly interpolated onto the grid inside its own x range only.
struct GroupSeries {
    QString group;
    int runs = 0;
    QVector<QPointF> mean, low, high;
};
std::vector<GroupSeries> groupSeries(const std::vector<ChartSeries> &series, int gridPoints);

// One metric of several runs, ready for a chart: x chosen by `axis`, smoothed with the
// debiased exponential moving average TensorBoard and MLflow's UI use (0 = off, up to
// 0.999), limited to `xRange` when zoomed, and reduced to at most `maxPoints` per run with
// min/max buckets so no peak is lost. NaN points are skipped.
// Metric series read once from the workspace and kept for redraws (zoom, resize, smoothing),
// up to a memory budget; the least recently drawn go first. Clear it when runs change.
class MetricSeriesCache {
public:
    explicit MetricSeriesCache(std::size_t budgetBytes = std::size_t(768) << 20);
    std::shared_ptr<const tracking::SeriesPyramid> get(tracking::TrackingStore &store, const QString &runUuid, const QString &key);
    bool contains(const QString &runUuid, const QString &key) const { return m_entries.contains(Key(runUuid, key)); }
    // Adds a series read elsewhere (a background job).
    void insert(const QString &runUuid, const QString &key, std::shared_ptr<const tracking::SeriesPyramid> series);
    void clear();
    std::size_t bytes() const { return m_bytes; }

private:
    using Key = QPair<QString, QString>;
    std::size_t m_budget;
    std::size_t m_bytes = 0;
    std::list<Key> m_order; // most recent first
    QHash<Key, std::pair<std::shared_ptr<const tracking::SeriesPyramid>, std::list<Key>::iterator>> m_entries;
};

std::vector<ChartSeries> loadMetricSeries(tracking::TrackingStore &store, MetricSeriesCache &cache,
                                          const std::vector<std::pair<QString, QString>> &runs,
                                          const QString &key, ChartXAxis axis, double smoothing,
                                          std::optional<std::pair<double, double>> xRange, int maxPoints);

// The debiased EMA over the finite values, in place.
void smoothEma(QVector<QPointF> &points, double weight);

} // namespace keel
