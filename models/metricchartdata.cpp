#include "models/metricchartdata.h"

#include "tracking/downsample.h"
#include "tracking/trackingstore.h"

#include <cmath>

namespace keel {

void smoothEma(QVector<QPointF> &points, double weight)
{
    if (weight <= 0.0)
        return;
    double last = 0.0;
    int count = 0;
    for (QPointF &p : points) {
        const double y = p.y();
        if (!std::isfinite(y))
            continue;
        last = last * weight + (1.0 - weight) * y;
        ++count;
        p.setY(last / (1.0 - std::pow(weight, count)));
    }
}

std::vector<ChartSeries> loadMetricSeries(tracking::TrackingStore &store, const std::vector<std::pair<QString, QString>> &runs,
                                          const QString &key, ChartXAxis axis, double smoothing,
                                          std::optional<std::pair<double, double>> xRange, int maxPoints)
{
    std::vector<ChartSeries> out;
    for (const auto &[uuid, label] : runs) {
        const auto history = store.metricHistory(uuid.toStdString(), key.toStdString());
        if (history.empty())
            continue;
        // Smooth over the whole series first, so zooming in does not change the curve.
        QVector<QPointF> full;
        full.reserve(qsizetype(history.size()));
        const double firstTimestamp = double(history.front().timestamp);
        double minTimestamp = firstTimestamp;
        for (const auto &p : history)
            minTimestamp = std::min(minTimestamp, double(p.timestamp));
        for (const auto &p : history) {
            double x = double(p.step);
            if (axis == ChartXAxis::WallTime)
                x = double(p.timestamp);
            else if (axis == ChartXAxis::RelativeTime)
                x = (double(p.timestamp) - minTimestamp) / 1000.0;
            full.append(QPointF(x, p.value));
        }
        if (axis != ChartXAxis::Step)
            std::stable_sort(full.begin(), full.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
        smoothEma(full, smoothing);

        // Down-sample in x order; the tracking down-sampler buckets by an integer x, so scale
        // time axes to milliseconds for it and back.
        const double scale = axis == ChartXAxis::RelativeTime ? 1000.0 : 1.0;
        std::vector<tracking::MetricPoint> inRange;
        for (const QPointF &p : full) {
            if (xRange && (p.x() < xRange->first || p.x() > xRange->second))
                continue;
            inRange.push_back({std::int64_t(std::llround(p.x() * scale)), 0, p.y()});
        }
        ChartSeries s{uuid, label, {}, int(inRange.size())};
        for (const auto &p : tracking::downsampleMinMax(inRange, std::size_t(maxPoints)))
            s.points.append(QPointF(double(p.step) / scale, p.value));
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace keel
