// The Drift area as a user drives it: pick files, window by day, give target and prediction,
// run (a real job on the pool), read the verdict, table, charts and heatmap; the report is kept
// in the workspace linked to the chosen model version; export JSON and HTML. With
// KEEL_SCREENSHOTS=DIR set, it also saves pictures of the view there.
#include "testsupport.h"

#include "compute/devices.h"
#include "drift/driftanalysis.h"
#include "drift/driftreports.h"
#include "data/table.h"
#include "drift/columndrift.h"
#include "models/driftcolumnsmodel.h"
#include "models/driftrunner.h"
#include "models/session.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"
#include "widgets/drift/driftcharts.h"
#include "widgets/drift/driftview.h"
#include "widgets/drift/skewdialog.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTreeWidget>
#include <QPushButton>
#include <QTimer>
#include <QTableWidget>
#include <QValueAxis>
#include <QBarCategoryAxis>
#include <QChart>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace keel;

namespace {

const QString kData = QStringLiteral(KEEL_TEST_DATA "/drift/");

} // namespace

class TestDriftView : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<Session> m_session;

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("keel-tests"));
        qputenv("XDG_CONFIG_HOME", m_tmp.filePath(QStringLiteral("config")).toLocal8Bit());
        m_session = std::make_unique<Session>(compute::discoverDevices());
        m_session->openWorkspace(test::freshPath(m_tmp.path(), "ws"), true);
        auto *ws = m_session->workspace();
        registry::ModelRegistry models(ws->db(), ws->artifacts());
        const std::string artifact = m_tmp.filePath(QStringLiteral("model.bin")).toStdString();
        std::ofstream(artifact) << "weights";
        models.createModel("churn");
        registry::NewVersion nv;
        nv.artifactFile = artifact;
        models.registerVersion("churn", nv);
        models.setAlias("churn", "champion", 1);
    }

    void cleanupTestCase() { m_session.reset(); }

    void incompleteFormSaysWhy()
    {
        DriftView view(*m_session);
        view.setFiles({}, {});
        QVERIFY(!view.run());
        QVERIFY(!view.formError()->isHidden());
        QVERIFY(view.formError()->text().contains(QStringLiteral("reference")));
        view.setFiles(kData + QStringLiteral("quality_reference.csv"), kData + QStringLiteral("quality_current.csv"));
        view.setQualityColumns(QStringLiteral("target"), QString());
        QVERIFY(!view.run());
        QVERIFY(view.formError()->text().contains(QStringLiteral("prediction")));
    }

    void runsShowsAndKeepsTheReport()
    {
        DriftView view(*m_session);
        view.resize(1280, 820);
        view.show();
        QAbstractItemModelTester tester(view.columnsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setFiles(kData + QStringLiteral("quality_reference.csv"), kData + QStringLiteral("quality_current.csv"));
        view.setWindowsByTime(QStringLiteral("ts"), QStringLiteral("day"));
        view.setQualityColumns(QStringLiteral("target"), QStringLiteral("score"));
        QComboBox *versions = view.modelVersions();
        QCOMPARE(versions->count(), 2);
        QVERIFY(versions->itemText(1).contains(QStringLiteral("@champion")));
        versions->setCurrentIndex(1);
        test::screenshot(&view, "drift-form.png");

        QSignalSpy finished(&view, &DriftView::analysisFinished);
        QVERIFY(view.run());
        QVERIFY(finished.wait(30000));
        const drift::DriftAnalysis *a = view.analysis();
        QVERIFY(a);
        // target and score are watched by quality, not tested as features.
        QCOMPARE(a->report.columns.size(), std::size_t(4));
        QCOMPARE(view.columnsModel()->rowCount(), 4);
        // Drifted columns first.
        bool seenFine = false;
        for (int row = 0; row < 4; ++row) {
            const bool drifted = view.columnsModel()->index(row, 0).data(DriftColumnsModel::DriftedRole).toBool();
            QVERIFY(!(drifted && seenFine));
            seenFine = seenFine || !drifted;
        }
        QVERIFY(view.summary()->text().contains(a->report.datasetDrift ? QStringLiteral("Dataset drift") : QStringLiteral("No dataset drift")));
        QVERIFY(view.summary()->text().contains(QStringLiteral("roc_auc")));
        // The first row's charts: its bars, and one point per day.
        const int first = view.columnsModel()->index(0, 0).data(DriftColumnsModel::ReportIndexRole).toInt();
        QCOMPARE(view.distributionChart()->barCount(), int(a->distributions[std::size_t(first)].labels.size()));
        QCOMPARE(view.windowChart()->pointCount(), 6);
        QCOMPARE(view.heatmap()->rows(), 4);
        QCOMPARE(view.heatmap()->windows(), 6);
        QCOMPARE(view.columnsModel()->index(0, DriftColumnsModel::OverTime).data(DriftColumnsModel::WindowScoresRole).toList().size(), 6);
        test::screenshot(&view, "drift-results.png");
        view.tabs()->setCurrentIndex(1);
        test::screenshot(&view, "drift-over-time.png");
        view.tabs()->setCurrentIndex(2);
        test::screenshot(&view, "drift-heatmap.png");
        view.tabs()->setCurrentIndex(3);
        test::screenshot(&view, "drift-multivariate.png");
        view.tabs()->setCurrentIndex(4);
        test::screenshot(&view, "drift-quality.png");
        // The last three days break how the columns relate: the PCA check alerts there.
        QVERIFY(a->multivariate);
        QCOMPARE(view.multivariateChart()->alertCount(), int(a->multivariate->alerts));
        QVERIFY(view.summary()->text().contains(QStringLiteral("Multivariate")));

        // Choosing another column redraws its distribution.
        view.selectColumn(QStringLiteral("animal"));
        QVERIFY(view.distributionChart()->chart()->title().startsWith(QStringLiteral("animal")));

        // Kept in the workspace, linked to churn v1.
        QVERIFY(view.savedReportId() > 0);
        drift::DriftReports reports(m_session->workspace()->db());
        const auto stored = reports.get(view.savedReportId());
        QCOMPARE(stored.model, std::string("churn"));
        QCOMPARE(stored.version, 1);
        QCOMPARE(stored.qualityAlerts, a->quality->alerts);

        const QString json = m_tmp.filePath(QStringLiteral("report.json"));
        QVERIFY(view.exportJson(json));
        QFile jf(json);
        QVERIFY(jf.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(jf.readAll()).object();
        QCOMPARE(o[QStringLiteral("number_of_columns")].toInt(), 4);
        QCOMPARE(o[QStringLiteral("concept_drift")].toObject()[QStringLiteral("metric")].toString(), QStringLiteral("roc_auc"));
        const QString html = m_tmp.filePath(QStringLiteral("report.html"));
        QVERIFY(view.exportHtml(html));
        QFile hf(html);
        QVERIFY(hf.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(hf.readAll());
        // Multivariate, quality, heatmap, and per column a distribution and an over-time chart.
        QCOMPARE(page.count(QStringLiteral("src='data:image/png;base64,")), 3 + 4 * 2);
        QVERIFY(!page.contains(QStringLiteral("http://")) && !page.contains(QStringLiteral("https://"))); // self-contained

        // The area opened again starts on that report, every tab as it was; Reports… lists it.
        DriftView again(*m_session);
        again.resize(1280, 820);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(again.analysis());
        QCOMPARE(again.savedReportId(), view.savedReportId());
        QCOMPARE(again.columnsModel()->rowCount(), 4);
        QCOMPARE(again.windowChart()->pointCount(), 6);
        QCOMPARE(again.heatmap()->windows(), 6);
        QCOMPARE(again.multivariateChart()->alertCount(), int(a->multivariate->alerts));
        QCOMPARE(QString::fromStdString(drift::toJson(*again.analysis())), QString::fromStdString(drift::toJson(*a)));
        QStringList listed;
        QTimer::singleShot(0, [&listed] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            QWidget *dialog = QApplication::activeModalWidget();
            auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("driftReportsList"));
            for (int i = 0; i < list->topLevelItemCount(); ++i)
                listed << list->topLevelItem(i)->text(3);
            QTest::keyClick(list, Qt::Key_Return);
        });
        QTest::mouseClick(again.findChild<QPushButton *>(QStringLiteral("driftReports")), Qt::LeftButton);
        QVERIFY(listed.contains(QStringLiteral("churn v1")));
        QCOMPARE(again.savedReportId(), view.savedReportId());
    }

    void heatmapPicksAColumn()
    {
        DriftView view(*m_session);
        view.resize(1100, 700);
        view.setFiles(kData + QStringLiteral("reference.csv"), kData + QStringLiteral("current.csv"));
        view.setWindowsByChunks(5);
        QSignalSpy finished(&view, &DriftView::analysisFinished);
        QVERIFY(view.run());
        QVERIFY(finished.wait(30000));
        QCOMPARE(view.heatmap()->windows(), 5);
        QSignalSpy picked(view.heatmap(), &DriftHeatmap::columnClicked);
        view.tabs()->setCurrentIndex(2);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The last row of the heatmap is the last row of the table.
        const int last = view.heatmap()->rows() - 1;
        QTest::mouseClick(view.heatmap(), Qt::LeftButton, {}, view.heatmap()->cellRect(last, 4).center());
        QCOMPARE(picked.size(), 1);
        QCOMPARE(view.table()->currentIndex().row(), last);
        QCOMPARE(view.tabs()->currentIndex(), 1);
    }

    void distanceScoresShowTheReferenceBand()
    {
        const QString ref = m_tmp.filePath(QStringLiteral("band-ref.csv")), cur = m_tmp.filePath(QStringLiteral("band-cur.csv"));
        {
            std::ofstream r(ref.toStdString()), c(cur.toStdString());
            r << "x,colour\n";
            c << "x,colour\n";
            const char *colours[] = {"red", "green", "blue"};
            for (int i = 0; i < 3000; ++i) {
                r << std::sin(i * 0.7) * 10 << "," << colours[i % 3] << "\n";
                c << std::sin(i * 0.7) * 10 + (i >= 2000 ? 4 : 0) << "," << colours[(i * 7) % 3] << "\n";
            }
        }
        DriftView view(*m_session);
        view.resize(1280, 820);
        view.show();
        view.setFiles(ref, cur);
        view.setWindowsByChunks(12);
        QSignalSpy finished(&view, &DriftView::analysisFinished);
        QVERIFY(view.run());
        QVERIFY(finished.wait(30000));
        view.selectColumn(QStringLiteral("x"));
        view.tabs()->setCurrentIndex(1);
        QVERIFY(view.windowChart()->hasBand());
        QCOMPARE(view.windowChart()->pointCount(), 12);
        test::screenshot(&view, "drift-band.png");
        // A numerical column's distribution is drawn on a numerical axis (its bins' edges), a
        // categorical one's as bars over its categories.
        view.tabs()->setCurrentIndex(0);
        const auto axes = view.distributionChart()->chart()->axes(Qt::Horizontal);
        QCOMPARE(axes.size(), 1);
        QVERIFY(qobject_cast<QValueAxis *>(axes.first()));
        QVERIFY(view.distributionChart()->barCount() > 1);
        test::screenshot(&view, "drift-numeric-distribution.png");
        view.selectColumn(QStringLiteral("colour"));
        QVERIFY(qobject_cast<QBarCategoryAxis *>(view.distributionChart()->chart()->axes(Qt::Horizontal).first()));
    }

    void referenceKeptAsProfileIsReused()
    {
        DriftView view(*m_session);
        view.setFiles(kData + QStringLiteral("quality_reference.csv"), kData + QStringLiteral("quality_current.csv"));
        QVERIFY(view.keepReferenceAsProfile(QStringLiteral("quality-ref")));
        QTRY_COMPARE_WITH_TIMEOUT(view.referenceText(), QStringLiteral("profile:quality-ref"), 30000);
        view.setWindowsByTime(QStringLiteral("ts"), QStringLiteral("day"));
        QSignalSpy finished(&view, &DriftView::analysisFinished);
        QVERIFY(view.run());
        QVERIFY(finished.wait(30000));
        QCOMPARE(view.analysis()->report.referenceRows, std::size_t(1000));
        QCOMPARE(view.analysis()->windows.size(), std::size_t(6));
        // The kept report names the profile and the digest of the file it came from.
        drift::DriftReports reports(m_session->workspace()->db());
        const auto stored = reports.get(view.savedReportId());
        QCOMPARE(stored.reference, std::string("profile:quality-ref"));
        QCOMPARE(stored.referenceSha256.size(), std::size_t(64));
    }

    void deviceBinningCountsAsTheEdgesDo()
    {
        // The charts' binning goes through compute::histogram (a GPU where there is one): the same
        // counts as searching the Sturges edges, on real columns.
        const auto reference = data::readTable((kData + QStringLiteral("quality_reference.csv")).toStdString());
        const auto bin = DriftRunner::deviceHistogram();
        for (const char *name : {"score", "price", "price_pred"}) {
            const auto &values = reference.column(name)->numbers;
            const auto edges = drift::sturgesEdges(values);
            QCOMPARE(bin(values, edges.front(), edges.back(), int(edges.size() - 1)), drift::histogramCounts(values, edges));
        }
    }

    // Training-serving skew from the Drift area: the same features offline and online joined on
    // their key; the feature computed differently at serving time is named with a key to look at.
    void skewNamesTheFeatureThatDisagrees()
    {
        QFile off(m_tmp.filePath(QStringLiteral("offline.csv"))), on(m_tmp.filePath(QStringLiteral("online.csv")));
        QVERIFY(off.open(QIODevice::WriteOnly) && on.open(QIODevice::WriteOnly));
        off.write("id,amount,country\n");
        on.write("id,amount,country\n");
        for (int i = 0; i < 200; ++i) {
            const QByteArray country = i % 3 == 0 ? "de" : "fr";
            off.write(QByteArray::number(i) + "," + QByteArray::number(i * 1.5) + "," + country + "\n");
            // Serving rounds the amount for one key in four: skew on amount only.
            on.write(QByteArray::number(i) + "," + QByteArray::number(i % 4 == 0 ? std::round(i * 1.5) + 1 : i * 1.5) + "," + country + "\n");
        }
        off.close();
        on.close();
        DriftView view(*m_session);
        SkewDialog *dialog = view.openSkew();
        dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->setFiles(off.fileName(), on.fileName(), QStringLiteral("id"));
        QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("skewKey"))->currentText(), QStringLiteral("id"));
        QSignalSpy finished(dialog, &SkewDialog::finished);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("skewRun")), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY2(dialog->summary()->text().contains(QStringLiteral("1 of 2 features")), qPrintable(dialog->summary()->text()));
        QCOMPARE(dialog->table()->rowCount(), 2);
        QString amount, country;
        for (int r = 0; r < 2; ++r)
            (dialog->table()->item(r, 0)->text() == QStringLiteral("amount") ? amount : country) = dialog->table()->item(r, 6)->text();
        QVERIFY2(amount.startsWith(QStringLiteral("Skew (e.g. key")), qPrintable(amount));
        QCOMPARE(country, QStringLiteral("No skew"));
        test::screenshot(dialog, "drift-skew.png");
    }

    void badFileFailsTheJobNotTheApp()
    {
        const QString bad = m_tmp.filePath(QStringLiteral("ragged.csv"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("a,b\n1,2\n3\n");
        f.close();
        DriftView view(*m_session);
        const drift::DriftAnalysis *shown = view.analysis(); // the workspace's latest report, opened on start
        view.setFiles(kData + QStringLiteral("reference.csv"), bad);
        QVERIFY(!view.formError()->isHidden()); // the preview already says so
        QSignalSpy failed(&view, &DriftView::analysisFailed);
        QVERIFY(view.run());
        QVERIFY(failed.wait(30000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("ragged.csv:3")), qPrintable(message));
        QVERIFY(view.formError()->text().contains(QStringLiteral("ragged.csv:3")));
        QCOMPARE(view.analysis(), shown); // nothing new shown, what was shown kept
    }
};

QTEST_MAIN(TestDriftView)
#include "tst_driftview.moc"
