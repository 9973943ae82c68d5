// The Pipelines area on the demo pipeline: the graph drawn from its file, Run pressed with the
// mouse, every node turning green as its pool job finishes, a node clicked to read its metrics
// in the inspector, a second run all from the cache, the runs list, and a broken file's
// problems shown by line. The graph model passes QAbstractItemModelTester.
#include "testsupport.h"

#include "compute/devices.h"
#include "models/pipelinegraphmodel.h"
#include "models/pipelinerunner.h"
#include "models/pipelinerunsmodel.h"
#include "models/session.h"
#include "pipeline/executor.h"
#include "widgets/pipeline/pipelinescene.h"
#include "widgets/pipeline/pipelineview.h"

#include <QAbstractItemModelTester>
#include <QGraphicsView>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <fstream>

using namespace keel;

class TestPipelineView : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    const std::filesystem::path m_demo = std::filesystem::path(KEEL_SOURCE_DIR) / "resources/demo/breast-cancer/breast-cancer.yaml";

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", (m_tmp.path() + QStringLiteral("/config")).toLocal8Bit());
        QCoreApplication::setOrganizationName(QStringLiteral("KeelTest"));
        QCoreApplication::setApplicationName(QStringLiteral("KeelTestPipelines"));
    }

    void runsTheDemoFromTheWindow()
    {
        Session session(compute::discoverDevices());
        session.openWorkspace(test::freshPath(m_tmp.path(), "ws"), true);
        PipelineView view(session);
        QAbstractItemModelTester tester(view.graphModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.openFile(m_demo));
        QCOMPARE(view.graphModel()->rowCount(), 11);
        QVERIFY(view.scene()->nodeItem(QStringLiteral("gate")));
        QCOMPARE(view.scene()->items().size(), 11 + 15); // a box per node, a curve per link
        QVERIFY(view.statusLabel()->text().contains(QLatin1String("ready to run")));

        QSignalSpy finished(view.runner(), &PipelineRunner::finished);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("pipelineRun")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        for (int r = 0; r < 11; ++r)
            QCOMPARE(pipeline::NodeState(view.graphModel()->index(r).data(PipelineGraphModel::StateRole).toInt()), pipeline::NodeState::Succeeded);
        QVERIFY2(view.statusLabel()->text().startsWith(QLatin1String("Succeeded")), qPrintable(view.statusLabel()->text()));
        QCOMPARE(view.runsModel()->rowCount(), 1);
        const QByteArray shots = qgetenv("KEEL_SCREENSHOTS");

        // Click the Evaluate node: its metrics and log are in the inspector.
        auto *canvas = view.findChild<QGraphicsView *>(QStringLiteral("pipelineCanvas"));
        PipelineNodeItem *score = view.scene()->nodeItem(QStringLiteral("score"));
        const QPoint at = canvas->mapFromScene(score->mapToScene(score->boundingRect().center()));
        QTest::mouseClick(canvas->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(view.scene()->selectedNode(), QStringLiteral("score"));
        const QString inspector = view.inspector()->toPlainText();
        QVERIFY2(inspector.contains(QLatin1String("accuracy")) && inspector.contains(QLatin1String("roc_auc")), qPrintable(inspector));
        if (!shots.isEmpty()) {
            QTest::qWait(100);
            view.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/pipelines.png"));
        }

        // Unchanged, again: everything that can be is from the cache.
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("pipelineRun")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(pipeline::NodeState(view.graphModel()->index(view.graphModel()->rowOf(QStringLiteral("logistic"))).data(PipelineGraphModel::StateRole).toInt()),
                 pipeline::NodeState::Cached);
        QVERIFY(view.statusLabel()->text().contains(QLatin1String("8 nodes from the cache")) ||
                view.statusLabel()->text().contains(QLatin1String("8 node(s) from the cache")));
        QCOMPARE(view.runsModel()->rowCount(), 2);
        // Opened again later, the area shows the pipeline run last.
        PipelineView reopened(session);
        QCOMPARE(reopened.graphModel()->rowCount(), 11);
    }

    void showsAFilesProblems()
    {
        Session session(compute::discoverDevices());
        PipelineView view(session);
        const auto file = test::freshPath(m_tmp.path(), "broken.yaml");
        std::ofstream(file) << "name: broken\nnodes:\n  - id: fit\n    type: train\n";
        QVERIFY(view.openFile(file));
        QVERIFY2(view.statusLabel()->text().contains(QLatin1String("broken.yaml:3:5: node &quot;fit&quot;: input &quot;train&quot;: is not connected")) ||
                     view.statusLabel()->text().contains(QLatin1String("broken.yaml:3:5: node \"fit\": input \"train\": is not connected")),
                 qPrintable(view.statusLabel()->text()));
        QVERIFY(!view.findChild<QPushButton *>(QStringLiteral("pipelineRun"))->isEnabled());
        std::ofstream(file) << "name: [broken\n";
        QVERIFY(!view.openFile(file));
        QVERIFY(view.statusLabel()->text().contains(QLatin1String("broken.yaml:")));
    }
};

QTEST_MAIN(TestPipelineView)
#include "tst_pipelineview.moc"
