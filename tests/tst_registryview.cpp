// The Registry area on MLflow's registry: tree with badges, the version card, lineage to its
// run, and promote / roll back through the view updating badges and the audit timeline.
#include "testsupport.h"

#include "compute/devices.h"
#include "models/registrytreemodel.h"
#include "models/runcomparisonmodel.h"
#include "models/session.h"
#include "core/sha256.h"
#include "drift/driftanalysis.h"
#include "drift/driftreports.h"
#include "registry/mlflowregistryimport.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"
#include "tracking/mlflowimport.h"
#include "tracking/trackingstore.h"
#include "widgets/registry/registryview.h"
#include "widgets/experiments/experimentsview.h"
#include "tracking/runsearch.h"
#include "core/error.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QComboBox>
#include <QLineEdit>
#include <QTest>

#include <fstream>
#include <QTreeView>

using namespace keel;

class TestRegistryView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<Session> m_session;

private Q_SLOTS:
    void initTestCase()
    {
        m_session = std::make_unique<Session>(compute::discoverDevices());
        m_session->openWorkspace(test::freshPath(m_tmp.path(), "ws"), true);
        const auto dir = test::freshPath(m_tmp.path(), "mlflow");
        std::filesystem::create_directories(dir);
        std::filesystem::copy_file(KEEL_TEST_DATA "/mlflow/mlflow.db", dir / "mlflow.db");
        std::filesystem::copy(KEEL_TEST_DATA "/mlflow/artifacts", dir / "artifacts", std::filesystem::copy_options::recursive);
        auto *ws = m_session->workspace();
        tracking::TrackingStore tracking(ws->db(), &ws->artifacts());
        tracking::importMlflowSqlite(dir / "mlflow.db", tracking);
        registry::ModelRegistry reg(ws->db(), ws->artifacts());
        QVERIFY(registry::importMlflowRegistry(dir / "mlflow.db", reg).warnings.empty());
    }

    void cleanupTestCase() { m_session.reset(); }

    void registersARunsArtifactsFromExperiments()
    {
        ExperimentsView experiments(*m_session);
        RegistryView registry(*m_session);
        // A grid run: its model/ folder (coefficients.json) becomes version 1 of a new model.
        tracking::TrackingStore tracking(m_session->workspace()->db());
        tracking::SearchQuery q;
        q.filter = "attributes.run_name = 'alpha=0.001 l2'";
        const std::string uuid = tracking.search(q).runUuids.at(0);
        QCOMPARE(experiments.registerRunArtifacts(QString::fromStdString(uuid), QStringLiteral("iris-sgd"), QStringLiteral("model")), 1);
        QVERIFY(registry.model()->indexOf(QStringLiteral("iris-sgd"), 1).isValid()); // the area reloaded
        auto *ws = m_session->workspace();
        registry::ModelRegistry reg(ws->db(), ws->artifacts());
        const auto v = reg.version("iris-sgd", 1);
        QCOMPARE(v.runUuid.value_or(""), uuid);
        QVERIFY(v.metrics.find("accuracy") != std::string::npos);
        QVERIFY(v.datasets.find("\"") != std::string::npos); // the iris dataset's digest
        reg.loadArtifact("iris-sgd", 1); // the manifest and the file it lists check out
        const auto bytes = ws->artifacts().read(v.artifactSha256);
        QVERIFY(std::string(reinterpret_cast<const char *>(bytes.data()), bytes.size()).find("coefficients.json") != std::string::npos);
        // A run without artifacts in that folder cannot make a version.
        QVERIFY_THROWS_EXCEPTION(Error, experiments.registerRunArtifacts(QString::fromStdString(uuid), QStringLiteral("iris-sgd"), QStringLiteral("nothing-here")));
    }

    void promoteAndRollBackThroughTheView()
    {
        RegistryView view(*m_session);
        view.resize(1100, 750);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex model = view.model()->indexOf(QStringLiteral("wine-classifier"));
        QVERIFY(model.isValid());
        QCOMPARE(model.data().toString(), QStringLiteral("wine-classifier"));
        QCOMPARE(view.model()->rowCount(model), 3);
        // Newest first, with badges.
        const QModelIndex v3 = view.model()->index(0, 0, model);
        QCOMPARE(v3.data(RegistryTreeModel::VersionRole).toInt(), 3);
        QCOMPARE(v3.data(RegistryTreeModel::StageRole).toString(), QStringLiteral("Production"));
        QCOMPARE(v3.data(RegistryTreeModel::AliasesRole).toStringList(), QStringList{QStringLiteral("@champion")});

        view.select(QStringLiteral("wine-classifier"), 2);
        QVERIFY(view.badges()->text().contains(QStringLiteral("@challenger")));
        QVERIFY(view.badges()->text().contains(QStringLiteral("Staging")));
        QVERIFY(view.findChild<QLabel *>(QStringLiteral("registryLineage"))->text().contains(QStringLiteral("depth 2")));
        const int before = view.timeline()->rowCount();

        // Promote: moving the champion asks first; saying no changes nothing.
        QStringList asked;
        view.setConfirmation([&](const QString &q) { asked << q; return false; });
        QVERIFY(!view.setAlias(QStringLiteral("champion")));
        QCOMPARE(asked.size(), 1);
        QCOMPARE(view.timeline()->rowCount(), before);
        view.setConfirmation([&](const QString &q) { asked << q; return true; });
        QVERIFY(view.setAlias(QStringLiteral("champion")));
        QVERIFY(view.badges()->text().contains(QStringLiteral("@champion")));
        QCOMPARE(view.timeline()->rowCount(), before + 1);
        QVERIFY(view.timeline()->item(0, 2)->text().contains(QStringLiteral("alias champion")));
        QCOMPARE(view.model()->indexOf(QStringLiteral("wine-classifier"), 3).data(RegistryTreeModel::AliasesRole).toStringList(), QStringList{});

        // Roll back from the button: the dialog offers only aliases that moved (the champion, from
        // version 2 back to 3), and the reason typed is recorded with the change.
        const auto targets = view.rollbackTargets();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets[0].alias, QStringLiteral("champion"));
        QCOMPARE(targets[0].fromVersion, 2);
        QCOMPARE(targets[0].toVersion, 3);
        QStringList offered;
        QTimer::singleShot(0, [&offered] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            QWidget *dialog = QApplication::activeModalWidget();
            QCOMPARE(dialog->objectName(), QStringLiteral("registryChangeDialog"));
            auto *choice = dialog->findChild<QComboBox *>(QStringLiteral("changeChoice"));
            for (int i = 0; i < choice->count(); ++i)
                offered << choice->itemText(i);
            auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("changeReason"));
            QTest::keyClicks(reason, QStringLiteral("latency regression in canary"));
            QTest::keyClick(reason, Qt::Key_Return);
        });
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("registryRollback")), Qt::LeftButton);
        QCOMPARE(offered, QStringList{QStringLiteral("champion: version 2 → back to version 3")});
        QCOMPARE(view.model()->indexOf(QStringLiteral("wine-classifier"), 3).data(RegistryTreeModel::AliasesRole).toStringList(),
                 QStringList{QStringLiteral("@champion")});
        QVERIFY(view.timeline()->item(0, 2)->text().startsWith(QStringLiteral("rollback")));
        QCOMPARE(view.timeline()->item(0, 4)->text(), QStringLiteral("latency regression in canary"));
        QCOMPARE(view.timeline()->rowCount(), before + 2);
        // Nothing left to roll back to but the move just undone (the champion can go to 2 again).
        view.setAlias(QStringLiteral("champion"), QStringLiteral("back to 2"));
        QCOMPARE(view.timeline()->item(0, 4)->text(), QStringLiteral("back to 2"));

        // Roll back: the champion returns to version 3, recorded.
        QVERIFY(view.rollbackAlias(QStringLiteral("champion")));
        QCOMPARE(view.model()->indexOf(QStringLiteral("wine-classifier"), 3).data(RegistryTreeModel::AliasesRole).toStringList(),
                 QStringList{QStringLiteral("@champion")});
        QCOMPARE(view.timeline()->rowCount(), before + 4);
        QVERIFY(view.timeline()->item(0, 2)->text().startsWith(QStringLiteral("rollback")));

        // Removing the challenger needs no confirmation; its badge goes.
        view.select(QStringLiteral("wine-classifier"), 2);
        const int asks = asked.size();
        QVERIFY(view.removeAlias(QStringLiteral("challenger")));
        QCOMPARE(asked.size(), asks);
        QVERIFY(!view.badges()->text().contains(QStringLiteral("@challenger")));

        // An archived version takes no alias: refused, with the reason shown, nothing changed.
        view.select(QStringLiteral("wine-classifier"), 1);
        QVERIFY(view.moveStage(QStringLiteral("Archived"), false));
        QTimer::singleShot(0, [] {
            QTRY_VERIFY(QApplication::activeModalWidget());
            QApplication::activeModalWidget()->close();
        });
        QVERIFY(!view.setAlias(QStringLiteral("old")));

        // Compare two versions: max_depth, test loss and artifact differ; equal rows are hidden.
        view.select(QStringLiteral("wine-classifier"), 3);
        RunComparisonModel compared;
        QVERIFY(view.compareVersions(3, 2, true, &compared));
        QCOMPARE(compared.columnCount(), 3);
        QStringList keys;
        for (int r = 0; r < compared.rowCount(); ++r)
            keys << compared.index(r, 0).data().toString();
        QVERIFY2(keys.contains(QStringLiteral("params.max_depth")), qPrintable(keys.join(QLatin1Char(','))));
        QVERIFY(keys.contains(QStringLiteral("Artifact (SHA-256)"))); // named as what it is, not a param
        QVERIFY(!keys.contains(QStringLiteral("params.artifact_sha256")));
        QVERIFY(keys.contains(QStringLiteral("metrics.test_log_loss"))); // accuracy is equal (0.98148) and hidden
        QVERIFY(!keys.contains(QStringLiteral("params.n_estimators"))); // the same in both

        // The run of a version opens in Experiments.
        view.select(QStringLiteral("wine-classifier"), 3);
        QSignalSpy open(&view, &RegistryView::openRun);
        const QString lineage = view.findChild<QLabel *>(QStringLiteral("registryLineage"))->text();
        const int start = lineage.indexOf(QStringLiteral("run:")) + 4;
        Q_EMIT view.findChild<QLabel *>(QStringLiteral("registryLineage"))->linkActivated(QStringLiteral("run:") + lineage.mid(start, 32));
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().toString().size(), 32);
        if (qEnvironmentVariableIsSet("KEEL_SCREENSHOT"))
            view.grab().save(qEnvironmentVariable("KEEL_SCREENSHOT"));
    }

    // The version card says whether the artifact still matches its registered hash (a pool
    // job), and says so again, damaged, after its file changed behind Keel's back.
    // A version's card lists the drift reports that watched it; a report's link asks the window
    // to open it in the Drift area.
    void theVersionCardListsItsDriftReports()
    {
        RegistryView view(*m_session);
        auto *ws = m_session->workspace();
        registry::ModelRegistry reg(ws->db(), ws->artifacts());
        drift::DriftAnalysis analysis;
        analysis.request.reference = KEEL_TEST_DATA "/drift/quality_reference.csv"; // hashed when kept
        analysis.request.current = KEEL_TEST_DATA "/drift/quality_current.csv";
        analysis.report.datasetDrift = true;
        const auto id = drift::DriftReports(ws->db()).save(analysis, reg.version("wine-classifier", 2).id, "test");
        view.select(QStringLiteral("wine-classifier"), 2);
        auto *lineage = view.findChild<QLabel *>(QStringLiteral("registryLineage"));
        QVERIFY2(lineage->text().contains(QStringLiteral("Drift reports")), qPrintable(lineage->text()));
        QVERIFY(lineage->text().contains(QStringLiteral("<b>Files</b>"))); // the version's files with their sizes
        QVERIFY(lineage->text().contains(QStringLiteral("drift:%1").arg(id)));
        view.select(QStringLiteral("wine-classifier"), 3);
        QVERIFY(!lineage->text().contains(QStringLiteral("drift:%1").arg(id))); // another version's
        view.select(QStringLiteral("wine-classifier"), 2);
        QSignalSpy open(&view, &RegistryView::openDriftReport);
        Q_EMIT lineage->linkActivated(QStringLiteral("drift:%1").arg(id));
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().first().toLongLong(), qint64(id));
    }

    void theVersionCardShowsItsVerification()
    {
        RegistryView view(*m_session);
        view.resize(1100, 750);
        auto *label = view.findChild<QLabel *>(QStringLiteral("registryVerification"));
        view.select(QStringLiteral("wine-classifier"), 1);
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("matches its registered hash")), 20000);
        auto *ws = m_session->workspace();
        registry::ModelRegistry reg(ws->db(), ws->artifacts());
        const auto file = ws->artifacts().pathFor(reg.version("wine-classifier", 1).artifactSha256);
        std::filesystem::permissions(file, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
        const auto original = reg.version("wine-classifier", 1).artifactSha256;
        std::string bytes;
        {
            std::ifstream in(file, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        std::ofstream(file, std::ios::binary | std::ios::trunc) << "swapped";
        view.model()->reload();
        view.select(QStringLiteral("wine-classifier"), 1);
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("✗")), 20000);
        QVERIFY2(label->text().contains(QStringLiteral("damaged")), qPrintable(label->text()));
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes; // put back for the other tests
        QCOMPARE(sha256File(file), original);
    }
};

QTEST_MAIN(TestRegistryView)
#include "tst_registryview.moc"
