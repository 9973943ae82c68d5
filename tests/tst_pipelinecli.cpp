// keel pipeline as CI and servers run it: validate (exit 0, or 2 with the position), run (0, or 1
// when a node or gate fails) with --json, runs, and watch stopping cleanly on SIGTERM. Apart
// from tst_cli so that each binary of process-starting tests stays short.
#include <csignal>
#include <QRegularExpression>
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
    void killedTrainingResumesFromItsCheckpoint()
    {
        // kill -9 stands in for a spot preemption: the run started again ends as one never stopped.
        QTemporaryDir dir;
        QFile::copy(QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/breast-cancer/breast_cancer.csv"), dir.filePath(QStringLiteral("breast_cancer.csv")));
        const QString file = dir.filePath(QStringLiteral("spot.yaml"));
        QFile yaml(file);
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write("name: spot-mlp\nnodes:\n"
                   "  - {id: data, type: load-dataset, params: {path: breast_cancer.csv}}\n"
                   "  - {id: split, type: split, params: {method: stratified, column: diagnosis, test_size: 0.25, seed: 42}}\n"
                   "  - {id: features, type: feature-transform, params: {target: diagnosis, scale: standard}}\n"
                   "  - {id: net, type: train, params: {target: diagnosis, model: mlp, hidden: 16, max_iter: 40, checkpoint_every: 4, seed: 7}}\n"
                   "  - {id: score, type: evaluate}\n"
                   "links:\n"
                   "  - {from: data.dataset, to: split.dataset}\n"
                   "  - {from: split.train, to: features.dataset}\n"
                   "  - {from: split.train, to: net.train}\n"
                   "  - {from: features.transform, to: net.transform}\n"
                   "  - {from: net.model, to: score.model}\n"
                   "  - {from: split.test, to: score.dataset}\n");
        yaml.close();
        // The run's metrics by key, from `keel runs show --json`.
        const auto metricsOf = [](const QString &output, const QString &workspace) {
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("run ([0-9a-f]{32}) in Experiments")).match(output);
            std::map<QString, double> out;
            if (!m.hasMatch())
                return out;
            const Result shown = runKeel({QStringLiteral("runs"), QStringLiteral("show"), m.captured(1), QStringLiteral("--workspace"), workspace,
                                          QStringLiteral("--json")});
            for (const QJsonValue &v : QJsonDocument::fromJson(shown.out.toUtf8()).object()[QStringLiteral("run")][QStringLiteral("data")][QStringLiteral("metrics")].toArray())
                out[v[QStringLiteral("key")].toString()] = v[QStringLiteral("value")].toDouble();
            return out;
        };
        const QString whole = dir.filePath(QStringLiteral("whole")), preempted = dir.filePath(QStringLiteral("preempted"));
        const Result uninterrupted = runKeel({QStringLiteral("pipeline"), QStringLiteral("run"), file, QStringLiteral("--workspace"), whole});
        QVERIFY2(uninterrupted.code == 0, qPrintable(uninterrupted.err + uninterrupted.out));
        const auto expected = metricsOf(uninterrupted.out, whole);
        QVERIFY(expected.count(QStringLiteral("score.log_loss")));
        QVERIFY(!QDir(whole + QStringLiteral("/checkpoints")).exists() || QDir(whole + QStringLiteral("/checkpoints")).isEmpty());

        QProcess run;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KEEL_CHECKPOINT_PAUSE_MS"), QStringLiteral("400")); // room to be killed after each checkpoint
        run.setProcessEnvironment(env);
        run.start(QStringLiteral(KEEL_BINARY), {QStringLiteral("pipeline"), QStringLiteral("run"), file, QStringLiteral("--workspace"), preempted});
        QVERIFY(run.waitForStarted());
        const QDir checkpoints(preempted + QStringLiteral("/checkpoints"));
        QTRY_VERIFY_WITH_TIMEOUT(checkpoints.exists() && !checkpoints.entryList({QStringLiteral("*.mlp")}, QDir::Files).isEmpty(), 120000);
        QTest::qWait(500); // past the first checkpoint, into the next ones
        ::kill(pid_t(run.processId()), SIGKILL);
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitStatus(), QProcess::CrashExit);
        QCOMPARE(checkpoints.entryList({QStringLiteral("*.mlp")}, QDir::Files).size(), 1);

        const Result resumed = runKeel({QStringLiteral("pipeline"), QStringLiteral("run"), file, QStringLiteral("--workspace"), preempted});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err + resumed.out));
        const auto got = metricsOf(resumed.out, preempted);
        // Bit for bit: the held-out log loss and accuracy of the resumed model are those of the whole run.
        for (const char *key : {"score.log_loss", "score.accuracy", "score.roc_auc", "score.f1"})
            QCOMPARE(got.at(QLatin1String(key)), expected.at(QLatin1String(key)));
        QVERIFY(checkpoints.entryList({QStringLiteral("*.mlp")}, QDir::Files).isEmpty()); // removed when training ended
    }

    void k8sExportChecksWhatItExports()
    {
        const QString demo = QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/breast-cancer/breast-cancer.yaml");
        const Result job = runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("pipeline"), demo, QStringLiteral("--mig"),
                                    QStringLiteral("3g.40gb"), QStringLiteral("--namespace"), QStringLiteral("ML Team")});
        QCOMPARE(job.code, 0);
        QVERIFY(job.out.contains(QStringLiteral("nvidia.com/mig-3g.40gb: \"1\"")));
        QVERIFY(job.out.contains(QStringLiteral("namespace: ml-team")));
        QVERIFY(job.out.contains(QStringLiteral("backoffLimit: 1"))); // not on spot: a failure is a failure
        QVERIFY(!job.out.contains(QStringLiteral("podFailurePolicy")));
        QVERIFY(!job.out.contains(QStringLiteral("nodeAffinity")));
        // Whole GPUs or a slice, not both; a profile as NVIDIA names them; a pipeline that validates.
        const Result both = runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("pipeline"), demo, QStringLiteral("--gpus"),
                                     QStringLiteral("1"), QStringLiteral("--mig"), QStringLiteral("1g.10gb")});
        QCOMPARE(both.code, 2);
        QVERIFY2(both.err.contains(QStringLiteral("ask for whole GPUs (--gpus) or a MIG slice (--mig), not both")), qPrintable(both.err));
        const Result profile = runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("serve"), QStringLiteral("m.gguf"),
                                        QStringLiteral("--mig"), QStringLiteral("big")});
        QCOMPARE(profile.code, 2);
        QVERIFY(profile.err.contains(QStringLiteral("--mig takes a MIG profile such as 1g.10gb or 3g.40gb, not \"big\"")));
        QCOMPARE(runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("pipeline"), demo, QStringLiteral("--gpus"),
                          QStringLiteral("two")}).code, 2);
        QCOMPARE(runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("notebook"), demo}).code, 2);
        QTemporaryDir dir;
        QFile broken(dir.filePath(QStringLiteral("broken.yaml")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("name: broken\nnodes:\n  - id: fit\n    type: no-such-type\n");
        broken.close();
        const Result bad = runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("pipeline"), broken.fileName()});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("broken.yaml:")), qPrintable(bad.err));
        QVERIFY(bad.out.isEmpty());
        // An eval suite is read first, its errors with file and line.
        QFile suite(dir.filePath(QStringLiteral("suite.yaml")));
        QVERIFY(suite.open(QIODevice::WriteOnly));
        suite.write("prompts: [\n");
        suite.close();
        const Result badSuite = runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("eval"), suite.fileName()});
        QCOMPARE(badSuite.code, 2);
        QVERIFY2(badSuite.err.contains(QStringLiteral("suite.yaml:")), qPrintable(badSuite.err));
    }

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
        // Its nodes ran as jobs of the workspace's history, priced, as in the app.
        const Result jobs = runKeel({QStringLiteral("jobs"), QStringLiteral("--json"), QStringLiteral("--workspace"), ws});
        QCOMPARE(jobs.code, 0);
        const QJsonArray recorded = QJsonDocument::fromJson(jobs.out.toUtf8()).array();
        QCOMPARE(recorded.size(), 14);
        for (const QJsonValue &j : recorded) {
            QVERIFY2(j.toObject().value(QStringLiteral("name")).toString().startsWith(QStringLiteral("Pipeline breast-cancer: ")), qPrintable(jobs.out));
            QCOMPARE(j.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("succeeded"));
            QVERIFY(j.toObject().value(QStringLiteral("cost_usd")).toDouble(-1) >= 0);
        }
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
