// The Pipelines area on the demo pipeline: the graph drawn from its file, Run pressed with the
// mouse, every node turning green as its pool job finishes, a node clicked to read its metrics
// in the inspector, a second run all from the cache, the runs list, and a broken file's
// problems shown by line. The graph model passes QAbstractItemModelTester.
#include "testsupport.h"

#include "app/appsetup.h"
#include "compute/devices.h"
#include "models/pipelinegraphmodel.h"
#include "models/pipelinerunner.h"
#include "models/pipelinerunsmodel.h"
#include "models/pipelinewatcher.h"
#include "models/session.h"
#include "pipeline/executor.h"
#include "pipeline/pipelinefile.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"
#include "widgets/pipeline/pipelinescene.h"
#include "widgets/pipeline/pipelineview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>
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
        keel::installTranslations(*QCoreApplication::instance(), QStringLiteral("en")); // "1 node", "2 nodes", as the window says
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
        QCOMPARE(view.graphModel()->rowCount(), 14);
        QVERIFY(view.scene()->nodeItem(QStringLiteral("gate")));
        QCOMPARE(view.scene()->items().size(), 14 + 17); // a box per node, a curve per link
        QVERIFY(view.statusLabel()->text().contains(QLatin1String("ready to run")));

        QSignalSpy finished(view.runner(), &PipelineRunner::finished);
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("pipelineRun")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        for (int r = 0; r < 14; ++r)
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

        // A trained model links to its run in Experiments.
        view.scene()->clearSelection();
        view.scene()->nodeItem(QStringLiteral("logistic"))->setSelected(true);
        const QString html = view.inspector()->toHtml();
        const int href = html.indexOf(QLatin1String("run:"));
        QVERIFY2(href > 0, qPrintable(html));
        const QString uuid = html.mid(href + 4, 32);
        QSignalSpy openRun(&view, &PipelineView::openRun);
        Q_EMIT view.inspector()->anchorClicked(QUrl(QStringLiteral("run:") + uuid));
        QCOMPARE(openRun.size(), 1);
        QCOMPARE(openRun.first().first().toString(), uuid);
        QVERIFY(tracking::TrackingStore(session.workspace()->db()).run(uuid.toStdString())); // a real run

        // Unchanged, again: everything that can be is from the cache.
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("pipelineRun")), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(pipeline::NodeState(view.graphModel()->index(view.graphModel()->rowOf(QStringLiteral("logistic"))).data(PipelineGraphModel::StateRole).toInt()),
                 pipeline::NodeState::Cached);
        // Everything but the gate and the registry nodes, which always run.
        QVERIFY2(view.statusLabel()->text().contains(QLatin1String("11 nodes from the cache")) ||
                     view.statusLabel()->text().contains(QLatin1String("11 node(s) from the cache")),
                 qPrintable(view.statusLabel()->text()));
        QCOMPARE(view.runsModel()->rowCount(), 2);
        // Opened again later, the area shows the pipeline run last.
        PipelineView reopened(session);
        QCOMPARE(reopened.graphModel()->rowCount(), 14);
        // ...with what that run left: each node's light and log, and which run it was.
        const QModelIndex logistic = reopened.graphModel()->index(reopened.graphModel()->rowOf(QStringLiteral("logistic")));
        QCOMPARE(pipeline::NodeState(logistic.data(PipelineGraphModel::StateRole).toInt()), pipeline::NodeState::Cached);
        QVERIFY(!logistic.data(PipelineGraphModel::LogRole).toStringList().isEmpty());
        QCOMPARE(pipeline::NodeState(reopened.graphModel()->index(reopened.graphModel()->rowOf(QStringLiteral("gate"))).data(PipelineGraphModel::StateRole).toInt()),
                 pipeline::NodeState::Succeeded);
        QVERIFY2(reopened.statusLabel()->text().contains(QLatin1String("last run 2")), qPrintable(reopened.statusLabel()->text()));
        // ...and what its nodes produced, from the cache: the split's first rows in the inspector.
        reopened.scene()->nodeItem(QStringLiteral("split"))->setSelected(true);
        const QString split = reopened.inspector()->toPlainText();
        QVERIFY2(split.contains(QStringLiteral("train · 426 rows × 31 columns")) && split.contains(QStringLiteral("test · 143 rows × 31 columns")) &&
                     split.contains(QLatin1String("mean_radius")) && split.contains(QLatin1String("and 25 more column")),
                 qPrintable(split));
        QVERIFY(split.indexOf(QStringLiteral("train · ")) < split.indexOf(QStringLiteral("test · "))); // in the type's order of outputs
        if (!shots.isEmpty()) {
            reopened.resize(1280, 800);
            reopened.show();
            QVERIFY(QTest::qWaitForWindowExposed(&reopened));
            reopened.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/pipelines-split.png"));
        }
    }

    void editsWithRealEvents()
    {
        Session session(compute::discoverDevices());
        PipelineView view(session);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.newPipeline();
        QWidget *viewport = view.canvas()->viewport();

        // Drag "Load dataset" from the palette and drop it on the canvas: it lands there.
        auto drop = [&](const QString &type, QPoint at) {
            QTreeWidget *palette = view.palette();
            QModelIndex found;
            for (int c = 0; c < palette->topLevelItemCount(); ++c)
                for (int k = 0; k < palette->topLevelItem(c)->childCount(); ++k)
                    if (palette->topLevelItem(c)->child(k)->data(0, Qt::UserRole).toString() == type)
                        found = palette->model()->index(k, 0, palette->model()->index(c, 0));
            std::unique_ptr<QMimeData> mime(palette->model()->mimeData({found}));
            QVERIFY(mime && mime->hasFormat(QLatin1String(kNodeTypeMime)));
            QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
            QApplication::sendEvent(viewport, &enter);
            QVERIFY(enter.isAccepted());
            QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
            QApplication::sendEvent(viewport, &move);
            QDropEvent dropped(at, Qt::CopyAction, mime.get(), Qt::LeftButton, {});
            QApplication::sendEvent(viewport, &dropped);
            view.scene()->rebuildNow();
        };
        drop(QStringLiteral("load-dataset"), QPoint(200, 200));
        QCOMPARE(view.graphModel()->rowCount(), 1);
        const QPointF landed = view.graphModel()->index(0).data(PipelineGraphModel::PositionRole).toPointF();
        const QPointF dropScene = view.canvas()->mapToScene(QPoint(200, 200));
        QVERIFY2(QLineF(landed + QPointF(100, 20), dropScene).length() < 2, "the node lands under the cursor");
        drop(QStringLiteral("split"), QPoint(600, 200));
        drop(QStringLiteral("eval-gate"), QPoint(600, 420));
        QCOMPARE(view.graphModel()->rowCount(), 3);
        QCOMPARE(view.graphModel()->index(1).data(PipelineGraphModel::IdRole).toString(), QStringLiteral("split"));

        // Drag from load's output port to split's input port: connected.
        auto toView = [&](QPointF scenePoint) { return view.canvas()->mapFromScene(scenePoint); };
        auto dragLink = [&](QPointF from, QPointF to) {
            QTest::mousePress(viewport, Qt::LeftButton, {}, toView(from));
            QTest::mouseMove(viewport, toView((from + to) / 2));
            QTest::mouseMove(viewport, toView(to));
            QTest::mouseRelease(viewport, Qt::LeftButton, {}, toView(to));
            view.scene()->rebuildNow();
        };
        PipelineNodeItem *load = view.scene()->nodeItem(QStringLiteral("load_dataset"));
        QVERIFY(load);
        dragLink(load->outputAnchor(QStringLiteral("dataset")), view.scene()->nodeItem(QStringLiteral("split"))->inputAnchor(QStringLiteral("dataset")));
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(1));
        // A Dataset into a Metrics input is refused, saying why.
        load = view.scene()->nodeItem(QStringLiteral("load_dataset"));
        dragLink(load->outputAnchor(QStringLiteral("dataset")), view.scene()->nodeItem(QStringLiteral("eval_gate"))->inputAnchor(QStringLiteral("metrics")));
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(1));
        QVERIFY2(view.statusLabel()->text().contains(QLatin1String("gives Dataset, but eval_gate.metrics takes Metrics")), qPrintable(view.statusLabel()->text()));

        // Released over empty canvas: a quick menu of what takes a Dataset; choosing adds and connects.
        QStringList offered;
        connect(&view, &PipelineView::quickMenuShown, this, [&](const QStringList &types) {
            offered = types;
            QTimer::singleShot(50, [] {
                auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
                if (!menu)
                    return;
                for (QAction *a : menu->actions())
                    if (a->data().toString() == QLatin1String("validate-data"))
                        menu->setActiveAction(a);
                QTest::keyClick(menu, Qt::Key_Return);
            });
        });
        load = view.scene()->nodeItem(QStringLiteral("load_dataset"));
        dragLink(load->outputAnchor(QStringLiteral("dataset")), load->outputAnchor(QStringLiteral("dataset")) + QPointF(60, 260));
        QVERIFY(offered.contains(QStringLiteral("split")) && offered.contains(QStringLiteral("train")) && !offered.contains(QStringLiteral("eval-gate")));
        QTRY_COMPARE(view.graphModel()->rowCount(), 4);
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(2));
        QCOMPARE(view.graphModel()->graph().links.back().toNode, std::string("validate_data"));
        // Undo takes the node and its link back as one step; redo brings both.
        view.canvas()->setFocus();
        QTest::keyClick(viewport, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(view.graphModel()->rowCount(), 3);
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(1));
        view.undoStack()->redo();
        QCOMPARE(view.graphModel()->rowCount(), 4);
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(2));

        // Move a node by dragging its header; undo puts it back.
        view.scene()->rebuildNow();
        PipelineNodeItem *split = view.scene()->nodeItem(QStringLiteral("split"));
        const QPointF before = split->pos();
        const QPointF grab = split->mapToScene(QPointF(60, 12));
        QTest::mousePress(viewport, Qt::LeftButton, {}, toView(grab));
        QTest::mouseMove(viewport, toView(grab + QPointF(40, 30)));
        QTest::mouseMove(viewport, toView(grab + QPointF(80, 60)));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, toView(grab + QPointF(80, 60)));
        const QPointF moved = view.graphModel()->index(view.graphModel()->rowOf(QStringLiteral("split"))).data(PipelineGraphModel::PositionRole).toPointF();
        QVERIFY2(QLineF(moved, before + QPointF(80, 60)).length() < 3, qPrintable(QStringLiteral("%1,%2").arg(moved.x()).arg(moved.y())));
        view.undoStack()->undo();
        QCOMPARE(view.graphModel()->index(view.graphModel()->rowOf(QStringLiteral("split"))).data(PipelineGraphModel::PositionRole).toPointF(), before);

        // Params from the inspector, checked as the file's are; a bad value is shown, not kept.
        view.scene()->rebuildNow();
        view.scene()->clearSelection();
        view.scene()->nodeItem(QStringLiteral("split"))->setSelected(true);
        QVERIFY(view.applyParams(QStringLiteral("method: stratified\ncolumn: diagnosis\ntest_size: 0.3\n")));
        QCOMPARE(view.graphModel()->graph().node("split")->params["test_size"].get<double>(), 0.3);
        QVERIFY(!view.applyParams(QStringLiteral("test_size: [unclosed\n")));
        QVERIFY(view.statusLabel()->text().contains(QLatin1String("split:")));
        QVERIFY(view.applyParams(QStringLiteral("test_size: 2\n")));
        QVERIFY(view.inspector()->toPlainText().contains(QLatin1String("must be at most 1")));
        view.undoStack()->undo();
        QCOMPARE(view.graphModel()->graph().node("split")->params["test_size"].get<double>(), 0.3);

        // Delete a node with the key: its links go too; undo restores both.
        view.scene()->rebuildNow();
        view.scene()->clearSelection();
        view.scene()->nodeItem(QStringLiteral("load_dataset"))->setSelected(true);
        view.canvas()->setFocus();
        QTest::keyClick(viewport, Qt::Key_Delete);
        QCOMPARE(view.graphModel()->rowCount(), 3);
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(0));
        view.undoStack()->undo();
        QCOMPARE(view.graphModel()->rowCount(), 4);
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(2));

        // Copy two connected nodes and paste them: fresh ids, their link, one undo step.
        view.scene()->rebuildNow();
        view.scene()->clearSelection();
        view.scene()->nodeItem(QStringLiteral("load_dataset"))->setSelected(true);
        view.scene()->nodeItem(QStringLiteral("split"))->setSelected(true);
        view.canvas()->setFocus();
        QTest::keyClick(viewport, Qt::Key_C, Qt::ControlModifier);
        QTest::keyClick(viewport, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(view.graphModel()->rowCount(), 6);
        QVERIFY(view.graphModel()->rowOf(QStringLiteral("load_dataset_2")) >= 0 && view.graphModel()->rowOf(QStringLiteral("split_2")) >= 0);
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(3));
        QCOMPARE(view.graphModel()->graph().links.back().fromNode, std::string("load_dataset_2"));
        view.undoStack()->undo();
        QCOMPARE(view.graphModel()->rowCount(), 4);
        QCOMPARE(view.graphModel()->graph().links.size(), std::size_t(2));
        // Arrange: columns by dependency, left to right; undo puts everything back.
        const QPointF splitBefore = view.graphModel()->index(view.graphModel()->rowOf(QStringLiteral("split"))).data(PipelineGraphModel::PositionRole).toPointF();
        view.arrange();
        auto posOf = [&](const char *id) {
            return view.graphModel()->index(view.graphModel()->rowOf(QLatin1String(id))).data(PipelineGraphModel::PositionRole).toPointF();
        };
        QCOMPARE(posOf("load_dataset").x(), 0.0);
        QCOMPARE(posOf("split").x(), 240.0);
        QCOMPARE(posOf("validate_data").x(), 240.0);
        QVERIFY(posOf("split").y() != posOf("validate_data").y());
        view.undoStack()->undo();
        QCOMPARE(posOf("split"), splitBefore);

        // Saved, it reads back as the same graph, in Keel's own form.
        const auto file = test::freshPath(m_tmp.path(), "edited.yaml");
        QVERIFY(view.save(file));
        QVERIFY(!view.graphModel()->isDirty());
        const pipeline::Graph again = pipeline::loadPipeline(file);
        QCOMPARE(again.nodes.size(), std::size_t(4));
        QCOMPARE(again.links.size(), std::size_t(2));
        QCOMPARE(pipeline::formatPipeline(again), pipeline::formatPipeline(view.graphModel()->graph()));
    }

    void watchesTriggersWhileOpen()
    {
        // The demo's drift trigger, watched from the window: a new month arrives, the
        // pipeline runs by itself and the run says it was the drift.
        const auto dir = test::freshPath(m_tmp.path(), "watched");
        std::filesystem::copy(m_demo.parent_path(), dir, std::filesystem::copy_options::recursive);
        std::filesystem::remove_all(dir / "incoming");
        std::filesystem::create_directories(dir / "incoming");
        Session session(compute::discoverDevices());
        session.openWorkspace(test::freshPath(m_tmp.path(), "watch-ws"), true);
        PipelineView view(session);
        QVERIFY(view.openFile(dir / "breast-cancer.yaml"));
        view.watcher()->setPollInterval(3600000); // polled by hand here
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("pipelineWatch")), Qt::LeftButton);
        QVERIFY(view.watcher()->isWatching());
        QVERIFY2(view.statusLabel()->text().contains(QLatin1String("Watching triggers: drift drift_check")), qPrintable(view.statusLabel()->text()));
        QSignalSpy fired(view.watcher(), &PipelineWatcher::triggered);
        QSignalSpy finished(view.runner(), &PipelineRunner::finished);
        QTest::qWait(300); // the first look (learning what is there) finishes
        std::filesystem::copy_file(dir / "arriving/2026-11.csv", dir / "incoming/2026-11.csv");
        // A look already going returns at once: ask until one sees the new month.
        QTRY_VERIFY_WITH_TIMEOUT((view.watcher()->pollNow(), !fired.isEmpty()), 30000);
        QCOMPARE(fired.first().first().toString(), QStringLiteral("drift"));
        QVERIFY(finished.wait(60000));
        QCOMPARE(view.runsModel()->index(0, PipelineRunsModel::TriggerColumn).data().toString(), QStringLiteral("drift"));
        QVERIFY(view.statusLabel()->text().contains(QLatin1String("last trigger: drift")));
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("pipelineWatch")), Qt::LeftButton);
        QVERIFY(!view.watcher()->isWatching());
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
