#pragma once

#include "models/chartscale.h"
#include "models/metricchartdata.h"

#include <QWidget>

#include <functional>
#include <optional>

class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace keel {

// One metric of the selected runs overlaid: x by step, wall time or relative time; EMA
// smoothing (the raw line faint behind); log y; the y range from finite values with outliers
// clipped to the edge and marked (Auto, all values, or 5th-95th percentile); hover read-out;
// drag a rectangle to zoom (the points are fetched again for the zoomed range), "Reset zoom"
// to go back; save as PNG. A metric every run logged once is drawn as bars across the runs,
// as MLflow draws it. Every value a double can hold draws something or says why not.
class MetricChartView : public QWidget {
    Q_OBJECT
public:
    // Loads the series for (key, axis, smoothing, x range, max points per run).
    // (metric, axis, smoothing, zoom, max points per run, group-by param or empty)
    using Loader = std::function<std::vector<ChartSeries>(const QString &, ChartXAxis, double,
                                                          std::optional<std::pair<double, double>>, int, const QString &)>;

    explicit MetricChartView(QWidget *parent = nullptr);

    void setLoader(Loader loader) { m_loader = std::move(loader); }
    // The metric keys the selected runs have; keeps the current one when it is still there.
    void setMetricKeys(const QStringList &keys);
    // The params the runs can be grouped by; keeps the current one when it is still there.
    void setGroupKeys(const QStringList &params);
    void setGroupBy(const QString &param);
    void setEmptyText(const QString &text);
    // A line under the chart, e.g. that more runs are still loading.
    void setNote(const QString &note) { m_note = note; }
    void refresh();
    // A small chart for a grid: no controls, the metric as its title, no legend (the runs'
    // colours are the table's).
    void setCompact(bool on);

    QString currentMetric() const;
    void setCurrentMetric(const QString &key);
    void setAxis(ChartXAxis axis);
    void setSmoothing(double weight);
    void setLogY(bool on);
    void setOutlierMode(OutlierMode mode);
    int seriesCount() const; // lines: one per run, or one mean per group (not the faint raw lines)
    int bandCount() const;   // min-max bands when grouped
    int barCount() const;    // bars, when every run logged the metric once
    int offChartCount() const; // points drawn at the chart's edge because they lie beyond it
    const ChartScale &yScale() const { return m_yScale; }
    QString infoText() const;
    QChart *chart() const { return m_chart; }
    QChartView *chartView() const { return m_view; }
    // Zooms to [from, to] on x as a rubber band would.
    void zoomTo(double from, double to);
    bool savePng(const QString &file) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rebuild();
    void drawBars(const std::vector<ChartSeries> &series, const QString &key, const QString &groupKey);
    void onRangeChanged();

    Loader m_loader;
    QComboBox *m_metric;
    QComboBox *m_axis;
    QComboBox *m_groupBy;
    QSlider *m_smoothing;
    QLabel *m_smoothingValue;
    QCheckBox *m_logY;
    QComboBox *m_outliers;
    QWidget *m_controls = nullptr;
    bool m_compact = false;
    QLabel *m_info;
    QChart *m_chart;
    QChartView *m_view;
    QString m_emptyText;
    QString m_note;
    ChartScale m_yScale;
    std::optional<std::pair<double, double>> m_zoom;
    bool m_rebuilding = false;
};

} // namespace keel
