// Pipelines beyond one machine, against the engines' real software: `keel pipeline run --on
// ray://...` on a Ray head this test starts on 127.0.0.1, and `keel pipeline export` read by
// Argo's models (hera) and by Kubeflow Pipelines' own loader and compiler (kfp), then run task
// by task as those engines would run it. The peers come from scripts/install-peers.sh; where
// one is missing the test says it was skipped.
#include "testsupport.h"

#include "pipeline/graph.h"
#include "pipeline/pipelinefile.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <map>
#include <set>

using keel::test::runKeel;
using Result = keel::test::KeelResult;

namespace {

// The demo pipeline and its data in a folder of the test's own.
QString copyDemo(const QTemporaryDir &dir)
{
    const QString from = QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/breast-cancer/");
    for (const char *name : {"breast-cancer.yaml", "breast_cancer.csv"})
        QFile::copy(from + QLatin1String(name), dir.filePath(QLatin1String(name)));
    QDir(dir.path()).mkdir(QStringLiteral("incoming"));
    return dir.filePath(QStringLiteral("breast-cancer.yaml"));
}

// node → the nodes it takes inputs from, from the pipeline file itself.
std::map<std::string, std::set<std::string>> upstreamOf(const QString &file)
{
    const keel::pipeline::Graph g = keel::pipeline::loadPipeline(file.toStdString());
    std::map<std::string, std::set<std::string>> up;
    for (const auto &n : g.nodes)
        up[n.id];
    for (const auto &l : g.links)
        up[l.toNode].insert(l.fromNode);
    return up;
}

QJsonArray nodesOf(const Result &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("nodes")).toArray();
}

} // namespace

class TestPipelinePeers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsEachNodeAsARayJob()
    {
        const QString ray = keel::test::peerTool(QStringLiteral("ray"), QStringLiteral("ray"));
        if (ray.isEmpty())
            QSKIP("skipped: Ray is not installed (scripts/install-peers.sh puts it in ~/.cache/keel/peers/ray)");
        keel::test::RayHead head(ray);
        QVERIFY2(!head.dashboard().empty(), qPrintable(QStringLiteral("the Ray head did not start:\n") + head.log()));
        const QString address = QString::fromStdString("ray://" + head.dashboard().substr(7));
        QTemporaryDir dir;
        const QString demo = copyDemo(dir);
        const QString ws = dir.filePath(QStringLiteral("ws"));

        // The demo, each node a Ray job: every node succeeds, its log is the job's.
        const Result first = runKeel({QStringLiteral("--workspace"), ws, QStringLiteral("pipeline"), QStringLiteral("run"), demo,
                                      QStringLiteral("--on"), address, QStringLiteral("--json")});
        QVERIFY2(first.code == 0, qPrintable(first.out + first.err));
        QCOMPARE(nodesOf(first).size(), 14);
        for (const QJsonValue &v : nodesOf(first)) {
            const QJsonObject n = v.toObject();
            QVERIFY2(n.value(QStringLiteral("state")).toString() == QLatin1String("succeeded"), qPrintable(QJsonDocument(n).toJson()));
            const QJsonArray log = n.value(QStringLiteral("log")).toArray();
            QVERIFY(log.first().toString().startsWith(QStringLiteral("Ray job keel-")));
            QVERIFY2(log.last().toString().startsWith(QStringLiteral("ray: ")), qPrintable(QJsonDocument(n).toJson()));
        }
        {
            auto workspace = keel::store::Workspace::open(ws.toStdString());
            keel::registry::ModelRegistry reg(workspace->db(), workspace->artifacts());
            QCOMPARE(reg.versionByAlias("breast-cancer", "champion").version, 1);
        }

        // The same cache as a local run: a second run submits jobs only for the nodes that are
        // never cached, and they find the champion unchanged.
        const Result second = runKeel({QStringLiteral("--workspace"), ws, QStringLiteral("pipeline"), QStringLiteral("run"), demo,
                                       QStringLiteral("--on"), address, QStringLiteral("--json")});
        QVERIFY2(second.code == 0, qPrintable(second.out + second.err));
        int cached = 0;
        for (const QJsonValue &v : nodesOf(second))
            cached += v.toObject().value(QStringLiteral("state")).toString() == QLatin1String("cached");
        QCOMPARE(cached, 11);

        // A node that fails on the cluster fails here with Ray's answer; what depends on it is skipped.
        QFile failing(dir.filePath(QStringLiteral("failing.yaml")));
        QVERIFY(failing.open(QIODevice::WriteOnly));
        failing.write("name: failing\nnodes:\n  - id: boom\n    type: run-command\n    params:\n      command: [sh, -c, \"echo no disk left >&2; exit 3\"]\n"
                      "  - id: after\n    type: run-command\n    params:\n      command: [\"true\"]\nlinks:\n  - from: boom.output\n    to: after.after\n");
        failing.close();
        const Result failed = runKeel({QStringLiteral("--workspace"), ws, QStringLiteral("pipeline"), QStringLiteral("run"), failing.fileName(),
                                       QStringLiteral("--on"), address});
        QCOMPARE(failed.code, 1);
        QVERIFY2(failed.out.contains(QStringLiteral("FAILED   boom")) && failed.out.contains(QStringLiteral("FAILED")) &&
                     failed.out.contains(QStringLiteral("no disk left")),
                 qPrintable(failed.out));
        QVERIFY2(failed.out.contains(QStringLiteral("skipped  after")), qPrintable(failed.out));

        // A head that is not there: a clear error before anything runs.
        const Result down = runKeel({QStringLiteral("--workspace"), ws, QStringLiteral("pipeline"), QStringLiteral("run"), demo, QStringLiteral("--on"),
                                     QStringLiteral("ray://127.0.0.1:%1").arg(keel::test::freePort())});
        QCOMPARE(down.code, 1);
        QVERIFY2(down.err.contains(QStringLiteral("no Ray head answers at http://127.0.0.1:")), qPrintable(down.err));
        const Result bad = runKeel({QStringLiteral("pipeline"), QStringLiteral("run"), demo, QStringLiteral("--on"), QStringLiteral("ray://nowhere")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("expected ray://HOST:PORT")), qPrintable(bad.err));
    }

    void k8sManifestsReadInKubernetesModels()
    {
        const QString python = keel::test::peerTool(QStringLiteral("workflows"), QStringLiteral("python"));
        if (python.isEmpty())
            QSKIP("skipped: the kubernetes client is not installed (scripts/install-peers.sh puts it in ~/.cache/keel/peers/workflows)");
        QTemporaryDir dir;
        const QString demo = copyDemo(dir);
        const QString job = dir.filePath(QStringLiteral("job.yaml")), eval = dir.filePath(QStringLiteral("eval.yaml")),
                      serve = dir.filePath(QStringLiteral("serve.yaml"));
        QCOMPARE(runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("pipeline"), demo, QStringLiteral("--gpus"), QStringLiteral("2"),
                          QStringLiteral("--spot"), QStringLiteral("--image"), QStringLiteral("registry.example/keel:1.0"), QStringLiteral("-o"), job})
                     .code,
                 0);
        QCOMPARE(runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("eval"), QStringLiteral(KEEL_SOURCE_DIR "/resources/demo/evals/capitals.yaml"),
                          QStringLiteral("--gate"), QStringLiteral("base-run"), QStringLiteral("-o"), eval})
                     .code,
                 0);
        QCOMPARE(runKeel({QStringLiteral("k8s"), QStringLiteral("export"), QStringLiteral("serve"), QStringLiteral("registry:breast-cancer@champion"),
                          QStringLiteral("--mig"), QStringLiteral("1g.10gb"), QStringLiteral("--max-replicas"), QStringLiteral("3"), QStringLiteral("-o"), serve})
                     .code,
                 0);
        QProcess check;
        check.start(python, {QStringLiteral(KEEL_SOURCE_DIR "/tests/peers/check_k8s_manifests.py"), job, eval, serve});
        QVERIFY(check.waitForFinished(120000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
        const QJsonArray read = QJsonDocument::fromJson(check.readAllStandardOutput()).array();
        QCOMPARE(read.size(), 3);

        // The pipeline's Job: keel pipeline run on the volume, two GPUs, only on spot nodes, preemptions not counted.
        const QJsonObject p = read[0].toObject();
        QCOMPARE(p.value(QStringLiteral("kind")).toString(), QStringLiteral("Job"));
        QCOMPARE(p.value(QStringLiteral("image")).toString(), QStringLiteral("registry.example/keel:1.0"));
        QCOMPARE(p.value(QStringLiteral("args")).toArray().toVariantList(),
                 QVariantList({QStringLiteral("--workspace"), QStringLiteral("/workspace"), QStringLiteral("pipeline"), QStringLiteral("run"),
                               QStringLiteral("/workspace/pipelines/breast-cancer.yaml")}));
        QCOMPARE(p.value(QStringLiteral("limits")).toObject().value(QStringLiteral("nvidia.com/gpu")).toString(), QStringLiteral("2"));
        QCOMPARE(p.value(QStringLiteral("restart_policy")).toString(), QStringLiteral("Never"));
        QVERIFY(p.value(QStringLiteral("ignores_disruption")).toBool());
        QCOMPARE(p.value(QStringLiteral("spot_terms")).toArray().size(), 4);
        QCOMPARE(p.value(QStringLiteral("tolerations")).toArray().first().toArray().first().toString(), QStringLiteral("nvidia.com/gpu"));
        QCOMPARE(p.value(QStringLiteral("claim")).toString(), QStringLiteral("keel-workspace"));
        // The eval's Job gates on the baseline; no GPU asked, none tolerated.
        const QJsonObject e = read[1].toObject();
        QVERIFY(e.value(QStringLiteral("args")).toArray().toVariantList().contains(QStringLiteral("--gate")));
        QVERIFY(e.value(QStringLiteral("tolerations")).toArray().isEmpty());
        QVERIFY(!e.value(QStringLiteral("limits")).toObject().contains(QStringLiteral("nvidia.com/gpu")));
        // Serving scales to zero on a MIG slice.
        const QJsonObject s = read[2].toObject();
        QCOMPARE(s.value(QStringLiteral("kind")).toString(), QStringLiteral("InferenceService"));
        QCOMPARE(s.value(QStringLiteral("replicas")).toObject().value(QStringLiteral("min")).toInt(), 0);
        QCOMPARE(s.value(QStringLiteral("replicas")).toObject().value(QStringLiteral("max")).toInt(), 3);
        QCOMPARE(s.value(QStringLiteral("limits")).toObject().value(QStringLiteral("nvidia.com/mig-1g.10gb")).toString(), QStringLiteral("1"));
        QCOMPARE(s.value(QStringLiteral("port")).toInt(), 8080);
        QCOMPARE(s.value(QStringLiteral("readiness")).toString(), QStringLiteral("/v2/health/ready"));
    }

    void exportReadsInArgoAndKubeflowAndRuns()
    {
        const QString python = keel::test::peerTool(QStringLiteral("workflows"), QStringLiteral("python"));
        if (python.isEmpty())
            QSKIP("skipped: hera and kfp are not installed (scripts/install-peers.sh puts them in ~/.cache/keel/peers/workflows)");
        QTemporaryDir dir;
        const QString demo = copyDemo(dir);
        const QString argo = dir.filePath(QStringLiteral("argo.yaml")), kfp = dir.filePath(QStringLiteral("kfp.yaml"));
        QCOMPARE(runKeel({QStringLiteral("pipeline"), QStringLiteral("export"), demo, QStringLiteral("--format"), QStringLiteral("argo"),
                          QStringLiteral("--image"), QStringLiteral("registry.example/keel:1.0"), QStringLiteral("-o"), argo})
                     .code,
                 0);
        QCOMPARE(runKeel({QStringLiteral("pipeline"), QStringLiteral("export"), demo, QStringLiteral("--format"), QStringLiteral("kfp"), QStringLiteral("-o"), kfp}).code, 0);
        QCOMPARE(runKeel({QStringLiteral("pipeline"), QStringLiteral("export"), demo, QStringLiteral("--format"), QStringLiteral("airflow")}).code, 2);

        QProcess check;
        check.start(python, {QStringLiteral(KEEL_SOURCE_DIR "/tests/peers/check_workflow_export.py"), argo, kfp});
        QVERIFY(check.waitForFinished(180000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
        const QJsonObject read = QJsonDocument::fromJson(check.readAllStandardOutput()).object();

        // Each engine's tasks: one per node, its dependencies the nodes it takes inputs from.
        const auto up = upstreamOf(demo);
        for (const char *engine : {"argo", "kfp"}) {
            const QJsonObject tasks = read.value(QLatin1String(engine)).toObject().value(QStringLiteral("tasks")).toObject();
            QCOMPARE(tasks.size(), qsizetype(up.size()));
            std::map<QString, std::string> nodeOfTask;
            for (auto it = tasks.begin(); it != tasks.end(); ++it)
                nodeOfTask[it.key()] = it.value().toObject().value(QStringLiteral("node")).toString().toStdString();
            for (auto it = tasks.begin(); it != tasks.end(); ++it) {
                std::set<std::string> deps;
                for (const QJsonValue &d : it.value().toObject().value(QStringLiteral("dependencies")).toArray())
                    deps.insert(nodeOfTask.at(d.toString()));
                QVERIFY2(deps == up.at(nodeOfTask.at(it.key())), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(engine), it.key())));
            }
        }
        QCOMPARE(read.value(QStringLiteral("argo")).toObject().value(QStringLiteral("parameters")).toObject().value(QStringLiteral("image")).toString(),
                 QStringLiteral("registry.example/keel:1.0"));
        QVERIFY(read.value(QStringLiteral("kfp")).toObject().value(QStringLiteral("compiles_as_a_step")).toBool());

        // Run the Argo workflow as its controller would: each task once its dependencies have
        // succeeded, the container's arguments as the manifest has them, its placeholders filled.
        const QJsonObject a = read.value(QStringLiteral("argo")).toObject();
        const QString ws = dir.filePath(QStringLiteral("shared-workspace"));
        const QJsonObject tasks = a.value(QStringLiteral("tasks")).toObject();
        std::set<QString> done;
        while (done.size() < std::size_t(tasks.size())) {
            const std::size_t before = done.size();
            for (auto it = tasks.begin(); it != tasks.end(); ++it) {
                if (done.count(it.key()))
                    continue;
                bool ready = true;
                for (const QJsonValue &d : it.value().toObject().value(QStringLiteral("dependencies")).toArray())
                    ready = ready && done.count(d.toString());
                if (!ready)
                    continue;
                QStringList args;
                for (const QJsonValue &v : a.value(QStringLiteral("args")).toArray())
                    args << v.toString()
                                .replace(QStringLiteral("{{workflow.parameters.workspace}}"), ws)
                                .replace(QStringLiteral("{{workflow.parameters.pipeline-file}}"), demo)
                                .replace(QStringLiteral("{{inputs.parameters.node}}"), it.value().toObject().value(QStringLiteral("node")).toString())
                                .replace(QStringLiteral("{{workflow.uid}}"), QStringLiteral("0b7f2c9e-argo-workflow-uid"));
                const Result r = runKeel(args);
                QVERIFY2(r.code == 0, qPrintable(it.key() + QStringLiteral(": ") + r.out + r.err));
                done.insert(it.key());
            }
            QVERIFY2(done.size() > before, "the exported DAG has tasks that can never start");
        }
        auto workspace = keel::store::Workspace::open(ws.toStdString());
        keel::registry::ModelRegistry reg(workspace->db(), workspace->artifacts());
        QCOMPARE(reg.versionByAlias("breast-cancer", "champion").version, 1);
    }
};

QTEST_GUILESS_MAIN(TestPipelinePeers)
#include "tst_pipelinepeers.moc"
