#pragma once

#include "tracking/records.h"

#include <QWidget>

#include <vector>

class QChart;
class QChartView;
class QComboBox;
class QStackedWidget;

namespace keel {

class ParallelCoordinates;

// How params relate to a metric across the runs in the table: a scatter plot (any param or
// metric on x, a metric on y) or parallel coordinates (the params that vary, then the metric,
// each run a line coloured by the metric). Text params are placed as categories.
class ParamsPlotView : public QWidget {
    Q_OBJECT
public:
    explicit ParamsPlotView(QWidget *parent = nullptr);

    void setRuns(std::vector<tracking::RunData> runs);
    void setMode(int mode); // 0 scatter, 1 parallel coordinates
    void setX(const QString &key);       // "params.lr" or "metrics.loss"
    void setMetric(const QString &key);  // "accuracy"
    int plottedRuns() const { return m_plotted; }
    QStringList parallelAxes() const;
    QChart *scatterChart() const { return m_chart; }

private:
    void rebuild();

    std::vector<tracking::RunData> m_runs;
    QComboBox *m_mode;
    QComboBox *m_x;
    QComboBox *m_metric;
    QStackedWidget *m_stack;
    QChart *m_chart;
    QChartView *m_chartView;
    ParallelCoordinates *m_parallel;
    int m_plotted = 0;
};

} // namespace keel
