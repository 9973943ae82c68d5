#include "models/metricchartdata.h"

#include "tracking/downsample.h"
#include "tracking/trackingstore.h"

#include <cmath>
#include <map>

namespace keel {

std::vector<GroupSeries> groupSeries(const std::vector<ChartSeries> &series, int gridPoints)
{
    std::map<QString, std::vector<const ChartSeries *>> byGroup;
    double lo = INFINITY, hi = -INFINITY;
    for (const ChartSeries &s : series) {
        if (s.points.isEmpty())
            continue;
        byGroup[s.group].push_back(&s);
        lo = std::min(lo, s.points.front().x());
        hi = std::max(hi, s.points.back().x());
    }
    std::vector<GroupSeries> out;
    if (byGroup.empty() || gridPoints < 2)
        return out;
    for (const auto &[group, members] : byGroup) {
        GroupSeries g{group, int(members.size()), {}, {}, {}};
        std::vector<std::size_t> cursor(members.size(), 0);
        for (int i = 0; i < gridPoints; ++i) {
            const double x = hi > lo ? lo + (hi - lo) * i / (gridPoints - 1) : lo;
            long double sum = 0; // values near ±DBL_MAX must not overflow the sum
            double mn = INFINITY, mx = -INFINITY;
            int n = 0;
            for (std::size_t m = 0; m < members.size(); ++m) {
                const QVector<QPointF> &p = members[m]->points;
                if (x < p.front().x() || x > p.back().x())
                    continue;
                std::size_t &c = cursor[m];
                while (c + 1 < std::size_t(p.size()) && p[qsizetype(c + 1)].x() < x)
                    ++c;
                const QPointF a = p[qsizetype(c)];
                const QPointF b = c + 1 < std::size_t(p.size()) ? p[qsizetype(c + 1)] : a;
                // In long double: between -DBL_MAX and +DBL_MAX the difference overflows a double.
                const double y = b.x() > a.x() ? double(a.y() + ((long double)b.y() - a.y()) * (x - a.x()) / (b.x() - a.x())) : a.y();
                if (!std::isfinite(y))
                    continue;
                sum += y;
                mn = std::min(mn, y);
                mx = std::max(mx, y);
                ++n;
            }
            if (n == 0)
                continue;
            g.mean.append(QPointF(x, double(sum / n)));
            g.low.append(QPointF(x, mn));
            g.high.append(QPointF(x, mx));
        }
        out.push_back(std::move(g));
    }
    return out;
}

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

MetricSeriesCache::MetricSeriesCache(std::size_t budgetBytes)
    : m_budget(budgetBytes)
{
}

std::shared_ptr<const tracking::SeriesPyramid> MetricSeriesCache::get(tracking::TrackingStore &store, const QString &runUuid,
                                                                      const QString &key)
{
    const Key k(runUuid, key);
    if (auto it = m_entries.find(k); it != m_entries.end()) {
        m_order.splice(m_order.begin(), m_order, it->second);
        return it->first;
    }
    auto pyramid = std::make_shared<const tracking::SeriesPyramid>(store.metricHistory(runUuid.toStdString(), key.toStdString()));
    insert(runUuid, key, pyramid);
    return pyramid;
}

void MetricSeriesCache::insert(const QString &runUuid, const QString &key, std::shared_ptr<const tracking::SeriesPyramid> pyramid)
{
    const Key k(runUuid, key);
    if (auto it = m_entries.find(k); it != m_entries.end()) {
        m_bytes -= it->first->bytes();
        m_order.erase(it->second);
        m_entries.erase(it);
    }
    m_order.push_front(k);
    m_entries.insert(k, {pyramid, m_order.begin()});
    m_bytes += pyramid->bytes();
    while (m_bytes > m_budget && m_order.size() > 1) {
        const Key oldest = m_order.back();
        m_bytes -= m_entries.value(oldest).first->bytes();
        m_entries.remove(oldest);
        m_order.pop_back();
    }
}

void MetricSeriesCache::clear()
{
    m_entries.clear();
    m_order.clear();
    m_bytes = 0;
}

std::vector<ChartSeries> loadMetricSeries(tracking::TrackingStore &store, MetricSeriesCache &cache,
                                          const std::vector<std::pair<QString, QString>> &runs,
                                          const QString &key, ChartXAxis axis, double smoothing,
                                          std::optional<std::pair<double, double>> xRange, int maxPoints)
{
    std::vector<ChartSeries> out;
    for (const auto &[uuid, label] : runs) {
        const auto pyramid = cache.get(store, uuid, key);
        const auto &history = pyramid->raw();
        if (history.empty())
            continue;
        if (axis == ChartXAxis::Step && smoothing <= 0.0) {
            // The common case, answered from the pyramid without touching every point.
            const std::int64_t from = xRange ? std::int64_t(std::floor(xRange->first)) : history.front().step;
            const std::int64_t to = xRange ? std::int64_t(std::ceil(xRange->second)) : history.back().step;
            const auto points = pyramid->query(from, to, std::size_t(maxPoints));
            ChartSeries s{uuid, label, {}, int(points.size())};
            for (const auto &p : points)
                s.points.append(QPointF(double(p.step), p.value));
            out.push_back(std::move(s));
            continue;
        }
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
