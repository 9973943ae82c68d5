// keel pipeline as CI and servers run it: validate (exit 0, or 2 with the position), run (0, or 1
// when a node or gate fails) with --json, runs, and watch stopping cleanly on SIGTERM. Apart
// from tst_cli so that each binary of process-starting tests stays short.
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using keel::test::runKeel;
using Result = keel::test::KeelResult;

class TestPipelineCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runNodeFindsItsInputsInTheWorkspace()
    {
        // One node per process, as a Ray job or an Argo step runs it: its inputs are what the
        // nodes upstream stored in the shared workspace; a node whose upstream has not run says which.
        QTemporaryDir dir;
        const QString demo = QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/breast-cancer/breast-cancer.yaml");
        const QString ws = dir.filePath(QStringLiteral("ws"));
        auto runNode = [&](const char *node, QStringList extra = {}) {
            return runKeel(QStringList{QStringLiteral("--workspace"), ws, QStringLiteral("pipeline"), QStringLiteral("run-node"), demo,
                                       QStringLiteral("--node"), QLatin1String(node)} + extra);
        };
        const Result early = runNode("check");
        QCOMPARE(early.code, 2);
        QVERIFY2(early.err.contains(QStringLiteral("node \"check\" needs the outputs of \"biopsies\", which has not run")), qPrintable(early.err));
        QCOMPARE(runNode("biopsies").code, 0);
        const Result check = runNode("check", {QStringLiteral("--json")});
        QCOMPARE(check.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(check.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QVERIFY2(o.value(QStringLiteral("log")).toArray().last().toString().contains(QStringLiteral("all passed")), qPrintable(check.out));
        QVERIFY(!o.value(QStringLiteral("cache_key")).toString().isEmpty());
        QCOMPARE(runNode("nowhere").code, 2);
    }

    void pipelineValidateAndRunGate()
    {
        // The demo pipeline as CI runs it: validate (0, or 2 with the position), run (0), a
        // gate that cannot pass (1), machine-readable states.
        QTemporaryDir dir;
        const QString demo = QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/breast-cancer/breast-cancer.yaml");
        QCOMPARE(runKeel({QStringLiteral("pipeline"), QStringLiteral("validate"), demo}).code, 0);
        QFile broken(dir.filePath(QStringLiteral("broken.yaml")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("name: broken\nnodes:\n  - id: a\n    type: split\n    params: {test_size: lots}\n");
        broken.close();
        const Result invalid = runKeel({QStringLiteral("pipeline"), QStringLiteral("validate"), broken.fileName()});
        QCOMPARE(invalid.code, 2);
        QVERIFY2(invalid.err.contains(QStringLiteral("broken.yaml:5:25: node \"a\": param \"test_size\": must be a number")), qPrintable(invalid.err));
        const QString ws = dir.filePath(QStringLiteral("ws"));
        const Result run = runKeel({QStringLiteral("pipeline"), QStringLiteral("run"), demo, QStringLiteral("--workspace"), ws, QStringLiteral("--json")});
        QCOMPARE(run.code, 0);
        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QVERIFY(report.value(QStringLiteral("succeeded")).toBool());
        QCOMPARE(report.value(QStringLiteral("nodes")).toArray().size(), 14);
        for (const QJsonValue &n : report.value(QStringLiteral("nodes")).toArray())
            QCOMPARE(n.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
        QFile text(demo);
        QVERIFY(text.open(QIODevice::ReadOnly));
        QFile strict(dir.filePath(QStringLiteral("strict.yaml")));
        QVERIFY(strict.open(QIODevice::WriteOnly));
        strict.write(text.readAll().replace("      min: 0.9\n", "      min: 0.999\n"));
        strict.close();
        QFile::copy(QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/breast-cancer/breast_cancer.csv"), dir.filePath(QStringLiteral("breast_cancer.csv")));
        const Result gated = runKeel({QStringLiteral("pipeline"), QStringLiteral("run"), strict.fileName(), QStringLiteral("--workspace"), ws});
        QCOMPARE(gated.code, 1);
        QVERIFY2(gated.out.contains(QStringLiteral("FAILED   gate")) && gated.out.contains(QStringLiteral("is below the minimum 0.999")), qPrintable(gated.out));
        QVERIFY(gated.out.contains(QStringLiteral("skipped  register")));
        const Result runs = runKeel({QStringLiteral("pipeline"), QStringLiteral("runs"), QStringLiteral("--workspace"), ws, QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(runs.out.toUtf8()).array().size(), 2);
    }


    void pipelineWatchStopsOnSigterm()
    {
        QTemporaryDir dir;
        std::filesystem::copy(KEEL_SOURCE_DIR "/resources/demo/breast-cancer", dir.path().toStdString() + "/demo",
                              std::filesystem::copy_options::recursive);
        QProcess watch;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("KEEL_WORKSPACE"));
        watch.setProcessEnvironment(env);
        watch.start(QStringLiteral(KEEL_BINARY), {QStringLiteral("pipeline"), QStringLiteral("watch"), dir.filePath(QStringLiteral("demo/breast-cancer.yaml")),
                                                  QStringLiteral("--poll"), QStringLiteral("0.2"), QStringLiteral("--workspace"), dir.filePath(QStringLiteral("ws"))});
        QVERIFY(watch.waitForStarted());
        QByteArray said;
        while (!said.contains("watching") && watch.waitForReadyRead(30000))
            said += watch.readAllStandardOutput();
        QVERIFY2(said.contains("watching"), (said + watch.readAllStandardError()).constData());
        watch.terminate(); // SIGTERM
        QVERIFY(watch.waitForFinished(30000));
        QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch.exitCode(), 0);
        QVERIFY(watch.readAllStandardOutput().contains("stopped watching"));
    }

};

QTEST_MAIN(TestPipelineCli)
#include "tst_pipelinecli.moc"
