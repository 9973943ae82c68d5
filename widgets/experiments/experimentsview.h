#pragma once

#include "models/metricchartdata.h"

#include <QSet>
#include <QWidget>

#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QGridLayout;
class QScrollArea;
class QTableView;
class QTabWidget;

namespace keel {

class RunPage;
class RunsTreeProxy;

class ExperimentsModel;
class MetricChartView;
class ParamsPlotView;
class RunComparisonModel;
class RunsTableModel;
class Session;

// The Experiments area: experiments on the left; their runs in a table with MLflow's search
// syntax above it; the selected runs compared below (metric charts, params and metrics).
class ExperimentsView : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentsView(Session &session, QWidget *parent = nullptr);

    QListView *experimentList() const { return m_experiments; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *filterError() const { return m_filterError; }
    QTableView *runsTable() const { return m_runs; }
    RunsTableModel *runsModel() const { return m_runsModel; }
    RunComparisonModel *comparisonModel() const { return m_comparisonModel; }
    MetricChartView *chart() const { return m_chart; }
    // The "All metrics" tab's charts, one per metric (built when the tab is shown).
    const std::vector<MetricChartView *> &gridCharts() const { return m_gridCharts; }
    ParamsPlotView *paramsPlot() const { return m_paramsPlot; }
    QCheckBox *differencesOnly() const { return m_diffOnly; }

    void applyFilter();
    // Shows one run, whatever experiment it is in, selected.
    void showRun(const QString &uuid);
    // Everything about one run in a window of its own (params, metrics, tags, datasets, parent
    // and children, artifacts with previews, "Register this model…").
    RunPage *openRunPage(const QString &runUuid);
    // Asks for a model name (and which artifact folder) and registers the run's artifacts.
    void askToRegister(const QString &runUuid);
    // Registers the run's artifacts under `folder` ("" for all) as the next version of
    // `model` (created when new), with the run's metrics and datasets as lineage.
    int registerRunArtifacts(const QString &runUuid, const QString &model, const QString &folder);
    bool exportCsv(const QString &file) const;
    // Series with more points than this (in all, for the runs drawn) are read by a job.
    void setSyncLoadLimit(qint64 points) { m_syncLoadLimit = points; }

private:
    void experimentsChanged();
    void selectFirstExperimentWithRuns();
    bool restoreExperimentSelection();
    void selectionChanged();
    void chooseColumns();
    void updateEmptyState();
    void loadInBackground(const QString &key, const std::vector<QString> &runUuids, qint64 points);
    std::vector<ChartSeries> chartSeries(MetricChartView *target, const QString &key, ChartXAxis axis, double smoothing,
                                         std::optional<std::pair<double, double>> range, int maxPoints, const QString &groupKey);
    void rebuildChartGrid();

    Session &m_session;
    ExperimentsModel *m_experimentsModel;
    RunsTableModel *m_runsModel;
    RunsTreeProxy *m_sorted;
    RunComparisonModel *m_comparisonModel;
    QListView *m_experiments;
    QLineEdit *m_filter;
    QLabel *m_filterError;
    QLabel *m_count;
    QLabel *m_empty;
    QTableView *m_runs;
    QTabWidget *m_tabs;
    MetricChartView *m_chart;
    QScrollArea *m_gridPage = nullptr;
    QWidget *m_gridHolder = nullptr;
    QGridLayout *m_gridLayout = nullptr;
    QLabel *m_gridNote = nullptr;
    std::vector<MetricChartView *> m_gridCharts;
    QStringList m_chartKeys;
    ParamsPlotView *m_paramsPlot;
    QCheckBox *m_diffOnly;
    MetricSeriesCache m_seriesCache;
    QSet<QString> m_inFlight;
    QList<qint64> m_keepExperiments;
    QStringList m_keepRuns;
    qint64 m_syncLoadLimit = 200000;
};

} // namespace keel
