// The Experiments area on real MLflow runs: experiments, the runs table, the search box with
// its inline error, the metric chart (default runs, selection, zoom, smoothing, log y), the
// comparison with "show differences only", CSV and PNG export.
#include "testsupport.h"

#include "compute/devices.h"
#include "models/experimentsmodel.h"
#include "models/runcomparisonmodel.h"
#include "models/runstablemodel.h"
#include "models/session.h"
#include "store/workspace.h"
#include "tracking/mlflowimport.h"
#include "tracking/runsearch.h"
#include "tracking/trackingstore.h"
#include "widgets/experiments/experimentsview.h"
#include "widgets/common/groupedheaderview.h"
#include "widgets/experiments/runnamedelegate.h"
#include "widgets/experiments/runpage.h"
#include "widgets/experiments/metricchartview.h"
#include "widgets/experiments/paramsplotview.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

using namespace keel;

class TestExperimentsView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<Session> m_session;

    int expectedCount(const std::string &filter, qint64 experiment)
    {
        tracking::TrackingStore store(m_session->workspace()->db());
        tracking::SearchQuery q;
        q.filter = filter;
        q.experimentIds = {experiment};
        return int(store.search(q).runUuids.size());
    }

    static void selectExperiment(ExperimentsView &view, const QString &name)
    {
        for (int row = 0; row < view.experimentList()->model()->rowCount(); ++row) {
            const QModelIndex i = view.experimentList()->model()->index(row, 0);
            if (i.data().toString() == name)
                view.experimentList()->setCurrentIndex(i);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", (m_tmp.path() + QStringLiteral("/config")).toLocal8Bit());
        QCoreApplication::setOrganizationName(QStringLiteral("KeelTest"));
        QCoreApplication::setApplicationName(QStringLiteral("KeelTestExperiments"));
        m_session = std::make_unique<Session>(compute::discoverDevices());
        m_session->openWorkspace(test::freshPath(m_tmp.path(), "ws"), true);
        const auto store = test::freshPath(m_tmp.path(), "mlflow.db");
        std::filesystem::copy_file(KEEL_TEST_DATA "/mlflow/mlflow.db", store);
        tracking::TrackingStore tracking(m_session->workspace()->db(), &m_session->workspace()->artifacts()); // with the runs' artifacts
        tracking::importMlflowSqlite(store, tracking);
    }

    void cleanupTestCase() { m_session.reset(); }

    void browsesSearchesAndCompares()
    {
        ExperimentsView view(*m_session);
        view.resize(1200, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QAbstractItemModelTester runsTester(view.runsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester compareTester(view.comparisonModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester experimentsTester(view.experimentList()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        // Active experiments only; the first one with runs is chosen.
        QCOMPARE(view.experimentList()->model()->rowCount(), 5);
        const QModelIndex current = view.experimentList()->currentIndex();
        QCOMPARE(current.data().toString(), QStringLiteral("iris-sgd-grid"));
        const qint64 iris = current.data(ExperimentsModel::ExperimentIdRole).toLongLong();
        QCOMPARE(view.runsModel()->rowCount(), expectedCount("", iris));
        QCOMPARE(view.runsModel()->rowCount(), 7);

        // The chart plots the first runs when none is selected: the six that logged loss.
        QCOMPARE(view.chart()->currentMetric(), QStringLiteral("loss"));
        QCOMPARE(view.chart()->seriesCount(), 6);

        // A syntax error shows inline and leaves the table as it was.
        QTest::keyClicks(view.filterEdit(), QStringLiteral("metrics.accuracy >> 0.9"));
        QTest::keyClick(view.filterEdit(), Qt::Key_Return);
        QVERIFY(view.filterError()->isVisible());
        QVERIFY2(view.filterError()->text().contains(QStringLiteral("position")), qPrintable(view.filterError()->text()));
        QCOMPARE(view.runsModel()->rowCount(), 7);
        // A good filter narrows the table to what the search engine returns.
        view.filterEdit()->clear();
        QTest::keyClicks(view.filterEdit(), QStringLiteral("metrics.accuracy > 0.95 and params.penalty = 'l1'"));
        QTest::keyClick(view.filterEdit(), Qt::Key_Return);
        QVERIFY(!view.filterError()->isVisible());
        QCOMPARE(view.runsModel()->rowCount(), expectedCount("metrics.accuracy > 0.95 and params.penalty = 'l1'", iris));
        QVERIFY(view.runsModel()->rowCount() > 0 && view.runsModel()->rowCount() < 7);
        view.filterEdit()->clear(); // clearing shows every run again
        QCOMPARE(view.runsModel()->rowCount(), 7);

        // Select two runs (two children of the grid run, which comes first): the chart shows two
        // lines, the comparison two columns.
        QTableView *table = view.runsTable();
        table->selectionModel()->select(table->model()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->selectionModel()->select(table->model()->index(2, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QCOMPARE(view.chart()->seriesCount(), 2);
        QCOMPARE(view.comparisonModel()->columnCount(), 3);
        const int allRows = view.comparisonModel()->rowCount();
        QTest::mouseClick(view.differencesOnly(), Qt::LeftButton);
        const int diffRows = view.comparisonModel()->rowCount();
        QVERIFY(diffRows > 0 && diffRows < allRows); // loss and epochs: one differs, one does not
        for (int r = 0; r < diffRows; ++r)
            QVERIFY(view.comparisonModel()->index(r, 0).data(RunComparisonModel::DiffersRole).toBool());

        // Tags are compared too (the grid runs differ in "team"); MLflow's own are left out.
        bool teamRow = false;
        for (int r = 0; r < view.comparisonModel()->rowCount(); ++r) {
            const QString key = view.comparisonModel()->index(r, 0).data().toString();
            teamRow = teamRow || key == QLatin1String("tags.team");
            QVERIFY(!key.startsWith(QLatin1String("tags.mlflow.")));
        }
        QVERIFY(teamRow);

        // Zoom to steps 5..10: only those points are drawn, re-fetched at full resolution.
        view.chart()->zoomTo(5, 10);
        for (QAbstractSeries *s : view.chart()->chart()->series()) {
            for (const QPointF &p : static_cast<QLineSeries *>(s)->points())
                QVERIFY(p.x() >= 5 && p.x() <= 10);
        }
        // Pan right with the keyboard: the x range moves and the points follow.
        auto *x = static_cast<QValueAxis *>(view.chart()->chart()->axes(Qt::Horizontal).first());
        const double before = x->min();
        view.chart()->chartView()->setFocus();
        QTest::keyClick(view.chart()->chartView(), Qt::Key_Right);
        QTRY_VERIFY(static_cast<QValueAxis *>(view.chart()->chart()->axes(Qt::Horizontal).first())->min() > before);
        QTest::keyClick(view.chart()->chartView(), Qt::Key_0); // back to everything
        // Smoothing changes the curve; log y draws without error.
        const auto firstLine = [&] { // the first run's line, not the faint raw one behind a smoothed line
            for (QAbstractSeries *s : view.chart()->chart()->series())
                if (s->type() == QAbstractSeries::SeriesTypeLine && s->objectName() != QLatin1String("raw"))
                    return static_cast<QLineSeries *>(s)->points();
            return QList<QPointF>{};
        };
        const QList<QPointF> raw = firstLine();
        view.chart()->setSmoothing(0.9);
        const QList<QPointF> smooth = firstLine();
        QCOMPARE(smooth.size(), raw.size());
        QVERIFY(smooth != raw);
        view.chart()->setLogY(true);
        QCOMPARE(view.chart()->seriesCount(), 2);

        // Exports.
        const QString csv = m_tmp.path() + QStringLiteral("/runs.csv");
        QVERIFY(view.exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 7);
        QVERIFY(lines.first().startsWith(QStringLiteral("run_id,")));
        QVERIFY(lines.first().contains(QStringLiteral("metrics.accuracy")));
        const QString png = m_tmp.path() + QStringLiteral("/chart.png");
        QVERIFY(view.chart()->savePng(png));
        QVERIFY(QImage(png).width() > 100);
    }

    // A run's page: double-clicking a row opens it; a child names its parent, the parent lists
    // its children (links that open their pages); params, metrics with their history's range,
    // the artifact tree with sizes and a preview of the chosen file.
    // Nested runs as MLflow shows them: the grid run's six children under it, indented, kept
    // under it whichever way a column sorts; its arrow folds them away and back.
    void nestedRunsFoldUnderTheirParent()
    {
        ExperimentsView view(*m_session);
        view.resize(1200, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QAbstractItemModel *table = view.runsTable()->model();
        QCOMPARE(table->rowCount(), 7);
        QCOMPARE(table->index(0, 0).data().toString(), QStringLiteral("grid"));
        QCOMPARE(table->index(0, 0).data(RunsTableModel::ChildCountRole).toInt(), 6);
        for (int r = 1; r < 7; ++r)
            QCOMPARE(table->index(r, 0).data(RunsTableModel::DepthRole).toInt(), 1);
        // Sorted by duration either way, the parent (the longest run) stays above its children.
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            view.runsTable()->sortByColumn(RunsTableModel::DurationColumn, order);
            QCOMPARE(table->index(0, 0).data().toString(), QStringLiteral("grid"));
        }
        // The arrow folds the children away, and back.
        const QRect cell = view.runsTable()->visualRect(table->index(0, RunsTableModel::NameColumn));
        const QPoint arrow = RunNameDelegate::arrowRect(cell, 0).center();
        QTest::mouseClick(view.runsTable()->viewport(), Qt::LeftButton, {}, arrow);
        QCOMPARE(table->rowCount(), 1);
        test::screenshot(&view, "experiments-nested-folded.png");
        QTest::mouseClick(view.runsTable()->viewport(), Qt::LeftButton, {}, arrow);
        QCOMPARE(table->rowCount(), 7);
        test::screenshot(&view, "experiments-nested.png");
        // Metrics and params are told apart as MLflow groups them: a band over each group.
        auto *header = qobject_cast<GroupedHeaderView *>(view.runsTable()->horizontalHeader());
        QVERIFY(header);
        QCOMPARE(header->group(RunsTableModel::NameColumn), QString());
        QStringList groups;
        for (int c = RunsTableModel::FixedColumnCount; c < table->columnCount(); ++c)
            if (!groups.contains(header->group(c)))
                groups << header->group(c);
        QCOMPARE(groups, (QStringList{QStringLiteral("Metrics"), QStringLiteral("Parameters")}));
        QVERIFY(header->height() > view.runsTable()->rowHeight(0)); // the two rows
    }

    // Several charts at once: the All metrics tab draws one chart per metric of the charted runs,
    // each line in its run's table colour.
    void allMetricsTabChartsEveryMetric()
    {
        ExperimentsView view(*m_session);
        view.resize(1280, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *tabs = view.findChild<QTabWidget *>(QStringLiteral("compareTabs"));
        const int grid = tabs->indexOf(view.findChild<QWidget *>(QStringLiteral("chartGrid")));
        QVERIFY(grid >= 0);
        QVERIFY(view.gridCharts().empty()); // built when shown
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(grid).center());
        QCOMPARE(tabs->currentIndex(), grid);
        QTRY_VERIFY(!view.gridCharts().empty());
        QStringList metrics;
        for (MetricChartView *c : view.gridCharts()) {
            metrics << c->currentMetric();
            QCOMPARE(c->chart()->title(), c->currentMetric());
        }
        QVERIFY(metrics.contains(QStringLiteral("loss")));
        QCOMPARE(metrics.size(), int(QSet<QString>(metrics.begin(), metrics.end()).size())); // each once
        for (MetricChartView *c : view.gridCharts())
            if (c->currentMetric() == QStringLiteral("loss"))
                QCOMPARE(c->seriesCount(), 6);
        test::screenshot(&view, "experiments-all-metrics.png");
    }

    void runPageShowsEverythingAboutARun()
    {
        ExperimentsView view(*m_session);
        view.resize(1200, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.experimentList()->currentIndex().data().toString(), QStringLiteral("iris-sgd-grid"));
        // A child of the grid run, found by its name.
        int childRow = -1;
        for (int r = 0; r < view.runsTable()->model()->rowCount(); ++r)
            if (view.runsTable()->model()->index(r, 0).data(RunsTableModel::RunUuidRole).toString().size() > 0 &&
                view.runsTable()->model()->index(r, 0).data().toString() == QStringLiteral("alpha=0.0001 l1"))
                childRow = r;
        QVERIFY(childRow >= 0);
        const QRect cell = view.runsTable()->visualRect(view.runsTable()->model()->index(childRow, 0));
        QTest::mouseClick(view.runsTable()->viewport(), Qt::LeftButton, {}, cell.center()); // as a double click begins
        QTest::mouseDClick(view.runsTable()->viewport(), Qt::LeftButton, {}, cell.center());
        RunPage *page = nullptr;
        QTRY_VERIFY((page = view.findChild<RunPage *>(QStringLiteral("runPage"))) != nullptr);
        QVERIFY(page->overview()->text().contains(QStringLiteral("Parent run")));
        QVERIFY(page->overview()->text().contains(QStringLiteral(">grid</a>")));
        QVERIFY(page->params()->rowCount() > 0);
        QVERIFY(page->metrics()->rowCount() > 0);
        QCOMPARE(page->metrics()->horizontalHeaderItem(3)->text(), QStringLiteral("Points"));
        // Its artifacts: model/coefficients.json with its size, previewed as indented JSON.
        QCOMPARE(page->artifacts()->topLevelItemCount(), 1);
        QTreeWidgetItem *folder = page->artifacts()->topLevelItem(0);
        QCOMPARE(folder->text(0), QStringLiteral("model/"));
        QCOMPARE(folder->child(0)->text(0), QStringLiteral("coefficients.json"));
        QVERIFY(!folder->child(0)->text(1).isEmpty());
        page->tabs()->setCurrentIndex(4);
        page->artifacts()->setCurrentItem(folder->child(0));
        QVERIFY(page->preview()->toPlainText().contains(QStringLiteral("\n    ")));
        test::screenshot(page, "run-page-artifacts.png");
        // The parent's link opens the parent's page, which lists its children.
        const QString parentUuid = page->overview()->text().section(QStringLiteral("href='run:"), 1).section(QLatin1Char('\''), 0, 0);
        QVERIFY(!parentUuid.isEmpty());
        Q_EMIT page->overview()->linkActivated(QStringLiteral("run:") + parentUuid);
        RunPage *parent = nullptr;
        for (RunPage *p : view.findChildren<RunPage *>())
            if (p->runUuid() == parentUuid)
                parent = p;
        QVERIFY(parent);
        QVERIFY(parent->overview()->text().contains(QStringLiteral("Child runs")));
        QVERIFY(parent->overview()->text().contains(QStringLiteral("alpha=0.0001 l1")));
        test::screenshot(parent, "run-page-overview.png");
        parent->close();
        page->close();
    }

    void groupsByAParamWithMeanAndBand()
    {
        ExperimentsView view(*m_session);
        view.resize(1100, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.chart()->setGroupBy(QStringLiteral("penalty"));
        QCOMPARE(view.chart()->seriesCount(), 2); // l1 and l2
        QCOMPARE(view.chart()->bandCount(), 2);
        view.chart()->setGroupBy(QStringLiteral("alpha"));
        QCOMPARE(view.chart()->seriesCount(), 3);
        view.chart()->setGroupBy(QString());
        QCOMPARE(view.chart()->seriesCount(), 6);
        QCOMPARE(view.chart()->bandCount(), 0);
    }

    void scatterAndParallelCoordinates()
    {
        ExperimentsView view(*m_session);
        view.resize(1100, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        ParamsPlotView *plot = view.paramsPlot();
        plot->setMetric(QStringLiteral("accuracy"));
        plot->setX(QStringLiteral("params.alpha"));
        QCOMPARE(plot->plottedRuns(), 6); // the six grid runs have alpha and accuracy; the parent has neither
        plot->setX(QStringLiteral("params.penalty")); // text: placed as categories
        QCOMPARE(plot->plottedRuns(), 6);
        plot->setMode(1);
        // Params that differ between runs (alpha, penalty), then the metric; epochs and loss are constant.
        QCOMPARE(plot->parallelAxes(), (QStringList{QStringLiteral("params.alpha"), QStringLiteral("params.penalty"),
                                                    QStringLiteral("metrics.accuracy")}));
        QCOMPARE(plot->plottedRuns(), 6);
    }

    void groupMathIsMeanMinMax()
    {
        // Two runs in group "a" on different x grids, one in group "b".
        std::vector<ChartSeries> series(3);
        series[0].group = QStringLiteral("a");
        series[0].points = {{0, 0}, {10, 10}};
        series[1].group = QStringLiteral("a");
        series[1].points = {{0, 2}, {5, 2}, {10, 2}};
        series[2].group = QStringLiteral("b");
        series[2].points = {{5, 7}, {10, 7}};
        const auto groups = groupSeries(series, 11);
        QCOMPARE(groups.size(), std::size_t(2));
        const GroupSeries &a = groups[0];
        QCOMPARE(a.group, QStringLiteral("a"));
        QCOMPARE(a.runs, 2);
        QCOMPARE(a.mean.size(), 11);
        QCOMPARE(a.mean[5], QPointF(5, 3.5)); // (5 + 2) / 2
        QCOMPARE(a.low[5], QPointF(5, 2));
        QCOMPARE(a.high[5], QPointF(5, 5));
        QCOMPARE(a.mean[0], QPointF(0, 1));
        // Group b has values only inside its own x range.
        QCOMPARE(groups[1].mean.size(), 6);
        QCOMPARE(groups[1].mean.first(), QPointF(5, 7));
    }

    void wallTimeAndRelativeTimeAxes()
    {
        ExperimentsView view(*m_session);
        view.resize(1000, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.chart()->setAxis(ChartXAxis::RelativeTime);
        QCOMPARE(view.chart()->seriesCount(), 6);
        for (QAbstractSeries *s : view.chart()->chart()->series()) {
            const auto points = static_cast<QLineSeries *>(s)->points();
            QVERIFY(!points.isEmpty());
            QVERIFY(points.first().x() >= 0 && points.first().x() < 60); // seconds since the run's first point
        }
        view.chart()->setAxis(ChartXAxis::WallTime);
        QCOMPARE(view.chart()->seriesCount(), 6);
    }

    void largeSeriesLoadInTheBackground()
    {
        ExperimentsView view(*m_session);
        view.setSyncLoadLimit(0); // everything counts as large here
        view.resize(1000, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Another experiment: its series are not in memory yet.
        selectExperiment(view, QStringLiteral("wine-boosting"));
        QCOMPARE(view.chart()->currentMetric(), QStringLiteral("accuracy"));
        // The first draw comes from each series' overview stored in the workspace, at once,
        // while a job reads every point for zooming: four runs logged accuracy once (the
        // fourth twice, its latest value NaN), so they are bars, as MLflow draws them.
        QCOMPARE(view.chart()->barCount(), 3);
        auto *info = view.chart()->findChild<QLabel *>(QStringLiteral("chartInfo"));
        QVERIFY2(info->text().contains(QStringLiteral("stored overview")), qPrintable(info->text()));
        // When the job has read them the chart draws from memory, the note gone.
        QTRY_VERIFY(!info->text().contains(QStringLiteral("reading")));
        QCOMPARE(view.chart()->barCount(), 3);
        QVERIFY(view.chart()->infoText().contains(QLatin1String("1 NaN")));
        // A time axis needs every point: until they are read it says so (here they are).
        view.chart()->setAxis(ChartXAxis::WallTime);
        QVERIFY(!info->text().contains(QStringLiteral("background")));
        // Drawn again, they come from memory: no job, right away.
        view.chart()->setSmoothing(0.5);
        QCOMPARE(view.chart()->barCount(), 3);
    }

    void divergedRunUnderLogYDrawsTheOthers()
    {
        // The crash of issue 11: wine-boosting's "diverged" run logged NaN, then +Inf (which
        // MLflow stores as 1.7976931348623157e308); choosing its metric and ticking Log y killed
        // the app. Now the healthy runs fill the chart and the outlier is marked at its edge.
        ExperimentsView view(*m_session);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        selectExperiment(view, QStringLiteral("wine-boosting"));
        view.chart()->setCurrentMetric(QStringLiteral("test_log_loss"));
        QTRY_COMPARE(view.chart()->seriesCount(), 4);
        auto *y = static_cast<QValueAxis *>(view.chart()->chart()->axes(Qt::Vertical).first());
        QVERIFY2(y->max() < 10, qPrintable(QString::number(y->max()))); // log losses, not 1e308
        QCOMPARE(view.chart()->offChartCount(), 1);
        const QByteArray shots = qgetenv("KEEL_SCREENSHOTS");
        auto shoot = [&](const char *name) {
            if (shots.isEmpty())
                return;
            QTest::qWait(200); // the chart lays itself out on the event loop
            view.grab().save(QString::fromLocal8Bit(shots) + QLatin1Char('/') + QLatin1String(name));
        };
        shoot("experiments-outlier.png");
        QTest::mouseClick(view.chart()->findChild<QCheckBox *>(QStringLiteral("logYCheck")), Qt::LeftButton);
        QVERIFY(view.chart()->yScale().log);
        QVERIFY(!view.chart()->chartView()->grab().isNull()); // painting is where it died
        shoot("experiments-outlier-log.png");
        QCOMPARE(view.chart()->seriesCount(), 4);
        QCOMPARE(view.chart()->offChartCount(), 1);
        QVERIFY(view.chart()->infoText().contains(QLatin1String("off the chart")));
        view.chart()->setCurrentMetric(QStringLiteral("accuracy"));
        view.chart()->setLogY(false);
        QTRY_COMPARE(view.chart()->barCount(), 3);
        shoot("experiments-bars.png");
        view.chart()->setLogY(true);
        // grad_norm: the diverged run's only value is -1.8e308: no bar on a log scale, and it says so.
        view.chart()->setCurrentMetric(QStringLiteral("grad_norm"));
        QTRY_VERIFY(view.chart()->chart()->title().contains(QLatin1String("above zero")));
        QVERIFY(!view.chart()->chartView()->grab().isNull());
        QTest::mouseClick(view.chart()->findChild<QCheckBox *>(QStringLiteral("logYCheck")), Qt::LeftButton);
        QCOMPARE(view.chart()->barCount(), 1);
        QCOMPARE(view.chart()->offChartCount(), 0); // alone, it is the whole range
        QVERIFY(!view.chart()->chartView()->grab().isNull());
    }

    void downsamplesLongSeries()
    {
        ExperimentsView view(*m_session);
        view.resize(800, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The 10,000-step run: far fewer points drawn than logged, the extremes kept.
        selectExperiment(view, QStringLiteral("diabetes-sgd-long"));
        QCOMPARE(view.runsModel()->rowCount(), 1);
        QCOMPARE(view.chart()->currentMetric(), QStringLiteral("squared_error"));
        const auto points = static_cast<QLineSeries *>(view.chart()->chart()->series().first())->points();
        QVERIFY2(points.size() < 5000 && points.size() > 500, qPrintable(QString::number(points.size())));
        tracking::TrackingStore store(m_session->workspace()->db());
        const auto uuid = view.runsModel()->runAt(0)->run.uuid;
        double maxRaw = 0;
        for (const auto &p : store.metricHistory(uuid, "squared_error"))
            maxRaw = std::max(maxRaw, p.value);
        double maxDrawn = 0;
        for (const QPointF &p : points)
            maxDrawn = std::max(maxDrawn, p.y());
        QCOMPARE(maxDrawn, maxRaw);
    }
};

QTEST_MAIN(TestExperimentsView)
#include "tst_experimentsview.moc"
