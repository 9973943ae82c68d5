// The Models area: the models found on disk, and the playground streaming a real answer from
// SmolLM2 as a job on the pool (skipped, saying so, when the models cache is empty).
#include "compute/devices.h"
#include "models/modelhost.h"
#include "models/session.h"
#include "widgets/models/modelsview.h"

#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace keel;

class TestModelsView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void playgroundStreamsAnAnswer()
    {
        Session session(compute::discoverDevices());
        ModelsView view(session);
        view.resize(1200, 700);
        if (!view.selectModel(QStringLiteral("SmolLM2-135M-Instruct.Q4_1")))
            QSKIP("SmolLM2 is not in the models cache: run scripts/fetch-models.sh");
        QVERIFY(view.table()->rowCount() >= 1);
        QCOMPARE(view.host()->loaded().size(), 0);
        QSignalSpy done(&view, &ModelsView::generationFinished);
        QSignalSpy pieces(view.host(), &ModelHost::textPiece);
        QVERIFY(view.generate(QStringLiteral("What is the capital of France?"), 16));
        QVERIFY(done.wait(120000));
        QVERIFY(pieces.size() > 1); // streamed, not delivered at once
        QVERIFY2(view.output()->toPlainText().contains(QLatin1String("Paris")), qPrintable(view.output()->toPlainText()));
        QVERIFY2(view.stats()->text().contains(QLatin1String("tokens/s")), qPrintable(view.stats()->text()));
        QCOMPARE(view.host()->loaded().size(), 1);
        // Its weights, kept in their Q4/Q8 blocks: about 92 MiB, far below the 540 of fp32.
        QVERIFY2(view.host()->loadedBytes() > (50u << 20) && view.host()->loadedBytes() < (200u << 20),
                 qPrintable(QString::number(view.host()->loadedBytes())));
        const QByteArray dir = qgetenv("KEEL_SCREENSHOTS");
        if (!dir.isEmpty()) {
            view.show();
            QTest::qWait(100);
            view.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/models.png"));
        }
        // Scale to zero: unloading frees the model; the next request loads it again.
        view.host()->unloadAll();
        QCOMPARE(view.host()->loaded().size(), 0);
        QCOMPARE(view.host()->loadedBytes(), std::uint64_t(0));
        // An encoder cannot generate: said plainly, nothing submitted.
        for (int r = 0; r < view.table()->rowCount(); ++r)
            if (view.table()->item(r, 1)->text() == QLatin1String("embeddings")) {
                view.table()->selectRow(r);
                QVERIFY(!view.generate(QStringLiteral("hello")));
                QVERIFY(view.stats()->text().contains(QLatin1String("embeddings")));
            }
    }
};

QTEST_MAIN(TestModelsView)
#include "tst_modelsview.moc"
