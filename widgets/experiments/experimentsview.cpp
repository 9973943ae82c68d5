#include "widgets/experiments/experimentsview.h"

#include "models/enginetext.h"
#include "models/experimentsmodel.h"
#include "models/runcomparisonmodel.h"
#include "models/runstablemodel.h"
#include "compute/workerpool.h"
#include "models/session.h"
#include "registry/modelregistry.h"
#include "core/error.h"
#include "store/database.h"
#include "tracking/downsample.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"
#include "widgets/experiments/metricchartview.h"
#include "widgets/common/groupedheaderview.h"
#include "widgets/experiments/runnamedelegate.h"
#include "widgets/experiments/runpage.h"
#include "models/runstreeproxy.h"
#include "widgets/experiments/paramsplotview.h"

#include <QApplication>
#include <QCheckBox>
#include <QInputDialog>
#include <QPointer>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QGridLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedLayout>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace keel {

namespace {
constexpr int kMaxPlottedRuns = 50;
constexpr int kChartedByDefault = 10;
constexpr int kMaxGridCharts = 12;
}

ExperimentsView::ExperimentsView(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_experimentsModel(new ExperimentsModel(session, this))
    , m_runsModel(new RunsTableModel(session, this))
    , m_sorted(new RunsTreeProxy(this))
    , m_comparisonModel(new RunComparisonModel(this))
{
    setObjectName(QStringLiteral("experimentsArea"));
    m_sorted->setSourceModel(m_runsModel);
    m_sorted->setSortRole(RunsTableModel::SortRole);
    m_sorted->setDynamicSortFilter(false);

    // Left: experiments.
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(8, 8, 0, 8);
    auto *experimentsTitle = new QLabel(tr("Experiments"), left);
    QFont bold = experimentsTitle->font();
    bold.setWeight(QFont::DemiBold);
    experimentsTitle->setFont(bold);
    m_experiments = new QListView(left);
    m_experiments->setObjectName(QStringLiteral("experimentList"));
    m_experiments->setModel(m_experimentsModel);
    m_experiments->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_experiments->setToolTip(tr("Select one or more experiments (Ctrl-click); none selected shows every experiment's runs."));
    leftLayout->addWidget(experimentsTitle);
    leftLayout->addWidget(m_experiments, 1);
    left->setMinimumWidth(170);

    // Right top: search and runs.
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 8, 8, 0);
    topLayout->setSpacing(4);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(top);
    m_filter->setObjectName(QStringLiteral("runFilter"));
    m_filter->setPlaceholderText(tr("Search runs: metrics.accuracy > 0.9 and params.lr = '0.01' and tags.team LIKE '%nlp%'"));
    m_filter->setClearButtonEnabled(true);
    auto *columns = new QPushButton(tr("Columns…"), top);
    auto *csv = new QPushButton(tr("Export CSV…"), top);
    bar->addWidget(m_filter, 1);
    bar->addWidget(columns);
    bar->addWidget(csv);
    topLayout->addLayout(bar);
    m_filterError = new QLabel(top);
    m_filterError->setObjectName(QStringLiteral("filterError"));
    m_filterError->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_filterError->setWordWrap(true);
    m_filterError->hide();
    topLayout->addWidget(m_filterError);
    m_count = new QLabel(top);
    topLayout->addWidget(m_count);

    auto *tableHolder = new QWidget(top);
    auto *stack = new QStackedLayout(tableHolder);
    m_runs = new QTableView(tableHolder);
    m_runs->setObjectName(QStringLiteral("runsTable"));
    m_runs->setHorizontalHeader(new GroupedHeaderView(RunsTableModel::ColumnGroupRole, m_runs));
    m_runs->setModel(m_sorted);
    m_runs->setItemDelegateForColumn(RunsTableModel::NameColumn, new RunNameDelegate(m_sorted, m_runs));
    m_runs->setSortingEnabled(true);
    m_runs->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // the search's order until a header is clicked
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_runs->setAlternatingRowColors(true);
    m_runs->setShowGrid(false);
    m_runs->setWordWrap(false);
    m_runs->verticalHeader()->hide();
    m_runs->verticalHeader()->setDefaultSectionSize(m_runs->fontMetrics().height() + 10);
    m_runs->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_runs->horizontalHeader()->setSectionsMovable(true);
    m_runs->horizontalHeader()->setDefaultSectionSize(110);
    m_empty = new QLabel(tableHolder);
    m_empty->setObjectName(QStringLiteral("experimentsEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("<h3>No runs in this workspace yet</h3><p>Import the runs you already log with MLflow: "
                        "File → Import MLflow Store… (an <tt>mlflow.db</tt>), or on the command line "
                        "<tt>keel import mlflow path/to/mlflow.db</tt>.</p>"));
    stack->addWidget(m_runs);
    stack->addWidget(m_empty);
    topLayout->addWidget(tableHolder, 1);

    // Right bottom: the comparison.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("compareTabs"));
    m_chart = new MetricChartView(m_tabs);
    m_chart->setEmptyText(tr("Select runs in the table to plot their metrics"));
    m_chart->setLoader([this](const QString &key, ChartXAxis axis, double smoothing, std::optional<std::pair<double, double>> range,
                              int maxPoints, const QString &groupKey) {
        return chartSeries(m_chart, key, axis, smoothing, range, maxPoints, groupKey);
    });
    auto *chartTab = new QWidget(m_tabs);
    auto *chartLayout = new QVBoxLayout(chartTab);
    chartLayout->setContentsMargins(6, 0, 6, 4);
    chartLayout->addWidget(m_chart);
    m_tabs->addTab(chartTab, tr("Metric charts"));
    m_gridPage = new QScrollArea(m_tabs);
    m_gridPage->setObjectName(QStringLiteral("chartGrid"));
    m_gridPage->setWidgetResizable(true);
    m_gridPage->setFrameShape(QFrame::NoFrame);
    m_gridHolder = new QWidget(m_gridPage);
    auto *gridOuter = new QVBoxLayout(m_gridHolder);
    m_gridNote = new QLabel(m_gridHolder);
    m_gridNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    gridOuter->addWidget(m_gridNote);
    m_gridLayout = new QGridLayout;
    for (int c = 0; c < 3; ++c)
        m_gridLayout->setColumnStretch(c, 1); // three charts a row, equally wide
    gridOuter->addLayout(m_gridLayout, 1);
    m_gridPage->setWidget(m_gridHolder);
    m_tabs->addTab(m_gridPage, tr("All metrics"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { rebuildChartGrid(); });
    // In the tab bar's corner, so the chart keeps the height a row of buttons would take.
    auto *savePng = new QPushButton(tr("Save chart as PNG…"), m_tabs);
    savePng->setObjectName(QStringLiteral("savePngButton"));
    m_tabs->setCornerWidget(savePng, Qt::TopRightCorner);
    connect(m_tabs, &QTabWidget::currentChanged, savePng, [this, savePng] { savePng->setVisible(m_tabs->currentIndex() == 0); });

    auto *compareTab = new QWidget(m_tabs);
    auto *compareLayout = new QVBoxLayout(compareTab);
    m_diffOnly = new QCheckBox(tr("Show differences only"), compareTab);
    m_diffOnly->setObjectName(QStringLiteral("diffOnlyCheck"));
    auto *compareTable = new QTableView(compareTab);
    compareTable->setObjectName(QStringLiteral("compareTable"));
    compareTable->setModel(m_comparisonModel);
    compareTable->verticalHeader()->hide();
    compareTable->setWordWrap(false);
    compareTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    compareTable->horizontalHeader()->setDefaultSectionSize(140);
    compareTable->horizontalHeader()->resizeSection(0, 220);
    compareLayout->addWidget(m_diffOnly);
    compareLayout->addWidget(compareTable, 1);
    m_tabs->addTab(compareTab, tr("Parameters and metrics"));
    m_paramsPlot = new ParamsPlotView(m_tabs);
    m_tabs->addTab(m_paramsPlot, tr("Params vs metric"));

    auto *rightSplit = new QSplitter(Qt::Vertical, this);
    rightSplit->addWidget(top);
    rightSplit->addWidget(m_tabs);
    // The runs table keeps at least ten rows at 1280x800; the chart takes the rest.
    rightSplit->setStretchFactor(0, 1);
    rightSplit->setStretchFactor(1, 1);
    rightSplit->setSizes({450, 300}); // ten runs above the chart at 1280×800, under a two-row header
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(rightSplit);
    split->setStretchFactor(1, 1);
    split->setSizes({220, 900});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_experiments->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ExperimentsView::experimentsChanged);
    // The experiments reload when the workspace changes or an import lands: series read
    // before that are stale.
    // Reloads (an import finished, a followed store changed) keep what the user had selected.
    connect(m_experimentsModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_keepExperiments.clear();
        for (const QModelIndex &i : m_experiments->selectionModel()->selectedIndexes())
            m_keepExperiments << i.data(ExperimentsModel::ExperimentIdRole).toLongLong();
    });
    connect(m_runsModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_keepRuns.clear();
        for (const QModelIndex &i : m_runs->selectionModel()->selectedRows())
            m_keepRuns << i.data(RunsTableModel::RunUuidRole).toString();
    });
    connect(m_experimentsModel, &QAbstractItemModel::modelReset, this, [this] {
        m_seriesCache.clear();
        if (!restoreExperimentSelection())
            selectFirstExperimentWithRuns();
    });
    connect(m_filter, &QLineEdit::returnPressed, this, &ExperimentsView::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            applyFilter();
    });
    connect(m_runsModel, &QAbstractItemModel::modelReset, this, [this] {
        const QFontMetrics fm = m_runs->fontMetrics();
        m_runs->horizontalHeader()->resizeSection(RunsTableModel::NameColumn, fm.horizontalAdvance(QLatin1Char('x')) * 24);
        m_runs->horizontalHeader()->resizeSection(RunsTableModel::StartColumn, fm.horizontalAdvance(QStringLiteral("2026-11-26 20:19:12")) + 24);
        m_runs->horizontalHeader()->resizeSection(RunsTableModel::DurationColumn, fm.horizontalAdvance(QStringLiteral("000.0 min")) + 16);
        m_sorted->sort(m_runs->horizontalHeader()->sortIndicatorSection(), m_runs->horizontalHeader()->sortIndicatorOrder());
        updateEmptyState();
        std::vector<tracking::RunData> all;
        for (int r = 0; r < m_runsModel->rowCount(); ++r)
            all.push_back(*m_runsModel->runAt(r));
        m_paramsPlot->setRuns(std::move(all));
        if (!m_keepRuns.isEmpty()) {
            QSignalBlocker block(m_runs->selectionModel());
            for (int r = 0; r < m_sorted->rowCount(); ++r) {
                if (m_keepRuns.contains(m_sorted->index(r, 0).data(RunsTableModel::RunUuidRole).toString()))
                    m_runs->selectionModel()->select(m_sorted->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
            }
        }
        selectionChanged();
    });
    connect(m_runs->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ExperimentsView::selectionChanged);
    m_runs->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_runs, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_runs->indexAt(pos);
        if (!index.isValid())
            return;
        const auto *run = m_runsModel->runAt(m_sorted->mapToSource(index).row());
        QMenu menu(this);
        QAction *page = menu.addAction(tr("Open Run Page"));
        QAction *reg = menu.addAction(tr("Register Artifacts as a Model Version…"));
        reg->setEnabled(!run->artifacts.empty());
        if (run->artifacts.empty())
            reg->setToolTip(tr("This run has no artifacts in the workspace"));
        QAction *chosen = menu.exec(m_runs->viewport()->mapToGlobal(pos));
        if (chosen == page)
            openRunPage(QString::fromStdString(run->run.uuid));
        else if (chosen == reg)
            askToRegister(QString::fromStdString(run->run.uuid));
    });
    connect(m_runs, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        if (const auto *run = m_runsModel->runAt(m_sorted->mapToSource(index).row()))
            openRunPage(QString::fromStdString(run->run.uuid));
    });
    connect(m_diffOnly, &QCheckBox::toggled, m_comparisonModel, &RunComparisonModel::setDifferencesOnly);
    connect(columns, &QPushButton::clicked, this, &ExperimentsView::chooseColumns);
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export runs as CSV"), QStringLiteral("runs.csv"), tr("CSV (*.csv)"));
        if (!file.isEmpty() && !exportCsv(file))
            QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(file));
    });
    connect(savePng, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save chart"), m_chart->currentMetric() + QStringLiteral(".png"), tr("PNG (*.png)"));
        if (!file.isEmpty() && !m_chart->savePng(file))
            QMessageBox::warning(this, tr("Save failed"), tr("Could not write %1.").arg(file));
    });

    const QSettings settings;
    m_runsModel->setHiddenKeys(settings.value(QStringLiteral("experiments/hiddenMetrics")).toStringList(),
                               settings.value(QStringLiteral("experiments/hiddenParams")).toStringList());
    selectFirstExperimentWithRuns();
}

bool ExperimentsView::restoreExperimentSelection()
{
    if (m_keepExperiments.isEmpty())
        return false;
    QItemSelection selection;
    for (int row = 0; row < m_experimentsModel->rowCount(); ++row) {
        const QModelIndex i = m_experimentsModel->index(row, 0);
        if (m_keepExperiments.contains(i.data(ExperimentsModel::ExperimentIdRole).toLongLong()))
            selection.select(i, i);
    }
    if (selection.isEmpty())
        return false;
    m_experiments->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    return true;
}

void ExperimentsView::selectFirstExperimentWithRuns()
{
    m_experiments->selectionModel()->clearSelection();
    for (int row = 0; row < m_experimentsModel->rowCount(); ++row) {
        if (m_experimentsModel->index(row, 0).data(ExperimentsModel::RunCountRole).toInt() > 0) {
            m_experiments->setCurrentIndex(m_experimentsModel->index(row, 0));
            return;
        }
    }
    experimentsChanged();
}

void ExperimentsView::loadInBackground(const QString &key, const std::vector<QString> &runUuids, qint64 points)
{
    const QString flight = key + QLatin1Char('|') + QStringList(runUuids.begin(), runUuids.end()).join(QLatin1Char(','));
    if (m_inFlight.contains(flight) || !m_session.workspace())
        return;
    m_inFlight.insert(flight);
    const std::filesystem::path database = m_session.workspace()->databasePath();
    compute::JobSpec spec;
    spec.name = tr("Read metric %1 for the chart (runs: %2)").arg(key).arg(runUuids.size()).toStdString();
    spec.kind = "chart-series";
    spec.memoryEstimate = std::uint64_t(points) * sizeof(tracking::MetricPoint) * 2;
    QPointer<ExperimentsView> view(this);
    spec.work = [view, database, key, runUuids, flight](compute::JobContext &ctx) {
        sql::Database db = store::openWorkspaceConnection(database);
        tracking::TrackingStore store(db);
        auto loaded = std::make_shared<std::vector<std::pair<QString, std::shared_ptr<const tracking::SeriesPyramid>>>>();
        for (std::size_t i = 0; i < runUuids.size(); ++i) {
            ctx.throwIfStopped();
            loaded->emplace_back(runUuids[i], std::make_shared<const tracking::SeriesPyramid>(
                                                  store.metricHistory(runUuids[i].toStdString(), key.toStdString())));
            ctx.progress(double(i + 1) / double(runUuids.size()), "run " + std::to_string(i + 1) + " of " + std::to_string(runUuids.size()));
        }
        QMetaObject::invokeMethod(qApp, [view, key, loaded, flight] {
            if (!view)
                return;
            for (const auto &[uuid, series] : *loaded)
                view->m_seriesCache.insert(uuid, key, series);
            view->m_inFlight.remove(flight);
            view->m_chart->refresh();
        }, Qt::QueuedConnection);
    };
    m_session.pool().submit(std::move(spec));
}

std::vector<ChartSeries> ExperimentsView::chartSeries(MetricChartView *target, const QString &key, ChartXAxis axis, double smoothing,
                                                     std::optional<std::pair<double, double>> range, int maxPoints, const QString &groupKey)
{
        auto *ws = m_session.workspace();
        if (!ws)
            return {};
        std::vector<std::pair<QString, QString>> runs;
        QModelIndexList rows = m_runs->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        if (rows.isEmpty()) { // like MLflow's charts: with nothing selected, the first runs of the table
            for (int r = 0; r < std::min(kChartedByDefault, m_sorted->rowCount()); ++r)
                rows << m_sorted->index(r, 0);
        }
        for (const QModelIndex &i : rows) {
            if (int(runs.size()) >= kMaxPlottedRuns)
                break;
            const auto *d = m_runsModel->runAt(m_sorted->mapToSource(i).row());
            runs.emplace_back(QString::fromStdString(d->run.uuid),
                              QString::fromStdString(d->run.name.empty() ? d->run.uuid.substr(0, 8) : d->run.name));
        }
        tracking::TrackingStore store(ws->db());
        // Series not in memory yet: a few points are read now; many are read by a job, and
        // the chart fills in when it finishes.
        std::vector<QString> missing;
        QHash<QString, qint64> pointsOf; // of the missing runs
        qint64 missingPoints = 0;
        for (const auto &[uuid, label] : runs) {
            if (m_seriesCache.contains(uuid, key))
                continue;
            if (const qint64 n = store.metricPointCount(uuid.toStdString(), key.toStdString()); n > 0) {
                missing.push_back(uuid);
                pointsOf.insert(uuid, n);
                missingPoints += n;
            }
        }
        std::vector<ChartSeries> overviews;
        QHash<QString, int> place; // each run's place in the chart
        for (const auto &r : runs)
            place.insert(r.first, int(place.size()));
        if (!missing.empty() && missingPoints > m_syncLoadLimit) {
            loadInBackground(key, missing, missingPoints);
            // Until they are read, the whole step range draws from each series' overview kept in
            // the workspace (about maxPoints points a run, read in milliseconds); zooming, other
            // axes and smoothing wait for the points.
            if (axis == ChartXAxis::Step && smoothing <= 0.0 && !range) {
                for (const auto &[uuid, label] : runs) {
                    if (!pointsOf.contains(uuid))
                        continue;
                    ChartSeries s{uuid, label, {}, int(pointsOf.value(uuid))};
                    for (const auto &p : store.metricOverview(uuid.toStdString(), key.toStdString(), std::size_t(maxPoints)))
                        s.points.append(QPointF(double(p.step), p.value));
                    if (!s.points.isEmpty())
                        overviews.push_back(std::move(s));
                }
            }
            std::erase_if(runs, [&](const auto &r) { return !m_seriesCache.contains(r.first, key); });
            target->setNote(overviews.empty() ? tr("reading %1 points of %n run(s) in the background…", nullptr, int(missing.size())).arg(missingPoints)
                                              : tr("drawn from the stored overview; reading %1 points of %n run(s) for zooming…", nullptr,
                                                   int(missing.size()))
                                                    .arg(missingPoints));
        } else {
            target->setNote(QString());
        }
        auto series = loadMetricSeries(store, m_seriesCache, runs, key, axis, smoothing, range, maxPoints);
        if (!overviews.empty()) { // back in the runs' order
            std::move(overviews.begin(), overviews.end(), std::back_inserter(series));
            std::stable_sort(series.begin(), series.end(),
                             [&place](const ChartSeries &a, const ChartSeries &b) { return place.value(a.runUuid) < place.value(b.runUuid); });
        }
        for (ChartSeries &s : series) {
            s.colour = m_runsModel->rowOf(s.runUuid); // the colour the runs table shows
            if (const auto *d = m_runsModel->runAt(s.colour)) {
                if (auto it = d->latestMetrics.find(key.toStdString()); it != d->latestMetrics.end())
                    s.latest = it->second.value;
            }
        }
        if (!groupKey.isEmpty()) {
            for (ChartSeries &s : series) {
                const int row = m_runsModel->rowOf(s.runUuid);
                const auto *d = m_runsModel->runAt(row);
                auto it = d ? d->params.find(groupKey.toStdString()) : decltype(d->params.end()){};
                s.group = d && it != d->params.end() ? QString::fromStdString(it->second) : QString();
            }
        }
        return series;
}

void ExperimentsView::rebuildChartGrid()
{
    // One small chart per metric of the charted runs (MLflow's and W&B's run comparison), the
    // runs in their table colours; built when the tab is shown.
    if (m_tabs->currentWidget() != m_gridPage)
        return;
    for (MetricChartView *c : m_gridCharts)
        c->deleteLater();
    m_gridCharts.clear();
    QStringList keys = m_chartKeys;
    keys.sort(Qt::CaseInsensitive);
    const int shown = std::min<int>(int(keys.size()), kMaxGridCharts);
    for (int i = 0; i < shown; ++i) {
        auto *chart = new MetricChartView(m_gridHolder);
        chart->setCompact(true);
        chart->setObjectName(QStringLiteral("gridChart"));
        chart->setLoader([this, chart](const QString &key, ChartXAxis axis, double smoothing, std::optional<std::pair<double, double>> range,
                                       int maxPoints, const QString &groupKey) {
            return chartSeries(chart, key, axis, smoothing, range, maxPoints, groupKey);
        });
        chart->setMetricKeys(keys);
        chart->setCurrentMetric(keys[i]);
        chart->setEmptyText(tr("These runs logged no values for %1").arg(keys[i]));
        m_gridLayout->addWidget(chart, i / 3, i % 3);
        m_gridCharts.push_back(chart);
        chart->refresh();
    }
    m_gridNote->setText(keys.isEmpty() ? tr("Select runs in the table to chart their metrics")
                        : int(keys.size()) > shown ? tr("The first %1 of %2 metrics; the Metric charts tab shows any one of them.").arg(shown).arg(keys.size())
                                                   : tr("%n metric(s) of the charted runs", nullptr, int(keys.size())));
}

void ExperimentsView::askToRegister(const QString &runUuid)
{
    auto *ws = m_session.workspace();
    if (!ws)
        return;
    const auto data = tracking::TrackingStore(ws->db(), &ws->artifacts()).run(runUuid.toStdString());
    if (!data || data->artifacts.empty())
        return;
    const tracking::RunData *run = &*data;
    // The folders the run's artifacts are in, "" for all of them.
    QStringList folders{QString()};
    for (const auto &a : run->artifacts) {
        const QString top = QString::fromStdString(a.path).section(QLatin1Char('/'), 0, 0);
        if (QString::fromStdString(a.path).contains(QLatin1Char('/')) && !folders.contains(top))
            folders << top;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Register a model version"), tr("Model name:"), QLineEdit::Normal,
                                               QString::fromStdString(run->run.name), &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    QString folder = folders.size() > 1 ? folders.value(folders.indexOf(QStringLiteral("model")) > 0 ? folders.indexOf(QStringLiteral("model")) : 0) : QString();
    if (folders.size() > 1) {
        QStringList labels;
        for (const QString &f : folders)
            labels << (f.isEmpty() ? tr("(all artifacts)") : f + QLatin1Char('/'));
        const QString picked = QInputDialog::getItem(this, tr("Register a model version"), tr("Which artifacts make the model:"), labels,
                                                     int(folders.indexOf(folder)), false, &ok);
        if (!ok)
            return;
        folder = folders.value(labels.indexOf(picked));
    }
    try {
        const int version = registerRunArtifacts(QString::fromStdString(run->run.uuid), name.trimmed(), folder);
        QMessageBox::information(this, tr("Registered"), tr("%1 version %2 registered from this run.").arg(name.trimmed()).arg(version));
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Not registered"), EngineText::error(e));
    }
}

RunPage *ExperimentsView::openRunPage(const QString &runUuid)
{
    auto *page = new RunPage(m_session, runUuid, this);
    connect(page, &RunPage::openRun, this, [this](const QString &uuid) { openRunPage(uuid); });
    connect(page, &RunPage::registerRequested, this, &ExperimentsView::askToRegister);
    page->show();
    return page;
}

int ExperimentsView::registerRunArtifacts(const QString &runUuid, const QString &model, const QString &folder)
{
    auto *ws = m_session.workspace();
    if (!ws)
        throwError(ErrorKind::BadInput, "open a workspace first");
    tracking::TrackingStore tracking(ws->db());
    const auto run = tracking.run(runUuid.toStdString());
    if (!run)
        throwError(ErrorKind::NotFound, "no run " + runUuid.toStdString());
    std::vector<registry::ModelRegistry::ManifestEntry> files;
    const std::string prefix = folder.isEmpty() ? std::string() : folder.toStdString() + "/";
    for (const auto &a : run->artifacts) {
        if (a.path.rfind(prefix, 0) == 0)
            files.push_back({a.path.substr(prefix.size()), a.sha256, a.size});
    }
    registry::ModelRegistry reg(ws->db(), ws->artifacts());
    registry::NewVersion v;
    v.artifactSha256 = reg.storeManifest(std::move(files));
    v.source = "runs:/" + run->run.uuid + "/" + folder.toStdString();
    v.runUuid = run->run.uuid;
    std::string metrics = "{";
    for (const auto &[k, m] : run->latestMetrics) {
        metrics += (metrics.size() > 1 ? "," : "") + std::string("\"") + k + "\":";
        metrics += std::isfinite(m.value) ? QString::number(m.value, 'g', 17).toStdString() : std::string("null");
    }
    v.metrics = metrics + "}";
    std::string datasets = "[";
    for (const auto &d : run->datasets)
        datasets += (datasets.size() > 1 ? "," : "") + std::string("\"") + d.digest + "\"";
    v.datasets = datasets + "]";
    const int version = reg.registerVersion(model.toStdString(), v, registry::ModelRegistry::currentActor(), true); // a new model with it
    Q_EMIT m_session.trackingChanged(); // the Registry area reloads
    return version;
}

void ExperimentsView::showRun(const QString &uuid)
{
    m_experiments->selectionModel()->clearSelection();
    m_filter->setText(QStringLiteral("attributes.run_id = '%1'").arg(uuid));
    applyFilter();
    if (m_sorted->rowCount() > 0)
        m_runs->selectRow(0);
}

void ExperimentsView::experimentsChanged()
{
    applyFilter();
}

void ExperimentsView::applyFilter()
{
    std::vector<qint64> ids;
    for (const QModelIndex &i : m_experiments->selectionModel()->selectedIndexes())
        ids.push_back(i.data(ExperimentsModel::ExperimentIdRole).toLongLong());
    const QString error = m_runsModel->setQuery(ids, m_filter->text().trimmed());
    m_filterError->setText(error);
    m_filterError->setVisible(!error.isEmpty());
    m_filter->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 1px solid #b3261e; }"));
}

void ExperimentsView::selectionChanged()
{
    std::vector<tracking::RunData> runs;
    std::set<QString> keys;
    for (const QModelIndex &i : m_runs->selectionModel()->selectedRows()) {
        const auto *d = m_runsModel->runAt(m_sorted->mapToSource(i).row());
        runs.push_back(*d);
        for (const auto &[k, m] : d->latestMetrics)
            keys.insert(QString::fromStdString(k));
    }
    if (runs.empty()) { // the chart plots the first runs of the table
        for (int r = 0; r < std::min(kChartedByDefault, m_sorted->rowCount()); ++r)
            for (const auto &[k, m] : m_runsModel->runAt(m_sorted->mapToSource(m_sorted->index(r, 0)).row())->latestMetrics)
                keys.insert(QString::fromStdString(k));
    }
    m_comparisonModel->setRuns(runs);
    m_chart->setMetricKeys(QStringList(keys.begin(), keys.end()));
    m_chartKeys = QStringList(keys.begin(), keys.end());
    rebuildChartGrid();
    m_chart->setGroupKeys(m_runsModel->paramKeys());
    m_chart->setEmptyText(m_sorted->rowCount() == 0 ? tr("No runs to plot") : tr("These runs logged no values for this metric"));
    m_chart->refresh();
    const int total = m_runsModel->rowCount();
    m_count->setText(runs.empty() ? tr("%n run(s)", nullptr, total)
                                  : tr("%n run(s) · %1 selected%2", nullptr, total).arg(runs.size())
                                        .arg(int(runs.size()) > kMaxPlottedRuns ? tr(" (the chart shows the first %1)").arg(kMaxPlottedRuns) : QString()));
}

void ExperimentsView::updateEmptyState()
{
    auto *stack = static_cast<QStackedLayout *>(m_runs->parentWidget()->layout());
    const bool noRunsAtAll = m_experimentsModel->rowCount() == 0;
    stack->setCurrentWidget(noRunsAtAll ? static_cast<QWidget *>(m_empty) : m_runs);
}

void ExperimentsView::chooseColumns()
{
    QMenu menu(this);
    auto addKeys = [&](const QString &title, const QStringList &keys, const QStringList &hidden, bool metrics) {
        menu.addSection(title);
        for (const QString &k : keys) {
            QAction *a = menu.addAction(k);
            a->setCheckable(true);
            a->setChecked(!hidden.contains(k));
            a->setData(QStringList{metrics ? QStringLiteral("m") : QStringLiteral("p"), k});
        }
    };
    addKeys(tr("Metrics"), m_runsModel->metricKeys(), m_runsModel->hiddenMetrics(), true);
    addKeys(tr("Params"), m_runsModel->paramKeys(), m_runsModel->hiddenParams(), false);
    connect(&menu, &QMenu::triggered, this, [this](QAction *a) {
        const QStringList data = a->data().toStringList();
        QStringList metrics = m_runsModel->hiddenMetrics(), params = m_runsModel->hiddenParams();
        QStringList &list = data[0] == QLatin1String("m") ? metrics : params;
        if (a->isChecked())
            list.removeAll(data[1]);
        else
            list.append(data[1]);
        m_runsModel->setHiddenKeys(metrics, params);
        QSettings settings;
        settings.setValue(QStringLiteral("experiments/hiddenMetrics"), metrics);
        settings.setValue(QStringLiteral("experiments/hiddenParams"), params);
    });
    menu.exec(QCursor::pos());
}

bool ExperimentsView::exportCsv(const QString &file) const
{
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return out.write(m_runsModel->toCsv().toUtf8()) >= 0;
}

} // namespace keel
