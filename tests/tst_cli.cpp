// The keel binary run as CI would run it: exit codes, output, --json.
#include "testsupport.h"

#include "compute/openblaskernels.h"
#include "store/migrations.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <filesystem>
#include <QTest>

using keel::test::KeelResult;
using keel::test::runKeel;
using Result = KeelResult;

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpAndVersion()
    {
        const Result help = runKeel({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains(QStringLiteral("devices")));
        QVERIFY(help.out.contains(QStringLiteral("jobs")));
        QVERIFY(help.out.contains(QStringLiteral("Exit codes")));
        const Result version = runKeel({QStringLiteral("--version")});
        QCOMPARE(version.code, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("keel ")));
        // A light command's help, and the German catalogue, without keel-app.
        const Result registryHelp = runKeel({QStringLiteral("registry"), QStringLiteral("--help"), QStringLiteral("--lang"), QStringLiteral("de")});
        QCOMPARE(registryHelp.code, 0);
        QVERIFY2(registryHelp.out.contains(QStringLiteral("Arbeitsbereich")), qPrintable(registryHelp.out));
    }

    void lightCommandsLoadNeitherTorchNorWidgets()
    {
        // `keel` runs the commands that only read and write the workspace itself, so a CI
        // script's hundreds of calls each load a handful of libraries: the dynamic loader's
        // own list (LD_DEBUG=libs) is the measure, not the clock.
        QTemporaryDir tmp;
        const QString ws = tmp.path() + QStringLiteral("/ws");
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("init"), ws}).code, 0);
        const auto loaded = [&](const QStringList &args) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("libs"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(KEEL_BINARY), args);
            p.waitForFinished(120000);
            QStringList libraries;
            for (const QString &line : QString::fromUtf8(p.readAllStandardError()).split(QLatin1Char('\n')))
                if (const int at = line.indexOf(QStringLiteral("calling init: ")); at >= 0)
                    libraries << line.mid(at + 14).trimmed();
            return std::pair{p.exitCode(), libraries};
        };
        for (const QStringList &args : {QStringList{QStringLiteral("--version")},
                                        QStringList{QStringLiteral("registry"), QStringLiteral("list"), QStringLiteral("--workspace"), ws},
                                        QStringList{QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--workspace"), ws},
                                        QStringList{QStringLiteral("workspace"), QStringLiteral("check"), ws},
                                        // drift reads, tests and writes reports: no model, so no libtorch
                                        QStringList{QStringLiteral("drift"), QStringLiteral(KEEL_TEST_DATA "/drift/reference.csv"),
                                                    QStringLiteral(KEEL_TEST_DATA "/drift/current.csv"), QStringLiteral("--json")}}) {
            const auto [code, libraries] = loaded(args);
            QVERIFY2(code == 0 || (code == 1 && args.first() == QLatin1String("drift")), qPrintable(args.join(QLatin1Char(' ')))); // 1: drift found
            const QString all = libraries.join(QLatin1Char(' '));
            QVERIFY2(!libraries.isEmpty() && !all.contains(QStringLiteral("libtorch")) && !all.contains(QStringLiteral("libQt6Gui")) &&
                         !all.contains(QStringLiteral("libQt6Widgets")) && libraries.size() < 40,
                     qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(": ") + all));
        }
        // The rest become keel-app, which has them all.
        const auto [code, libraries] = loaded({QStringLiteral("devices"), QStringLiteral("--json")});
        QCOMPARE(code, 0);
        QVERIFY2(libraries.join(QLatin1Char(' ')).contains(QStringLiteral("libtorch")), qPrintable(libraries.join(QLatin1Char(' '))));
    }

    void badUsageExitsTwo()
    {
        const Result unknown = runKeel({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains(QStringLiteral("unknown command 'frobnicate'")));
        QCOMPARE(runKeel({QStringLiteral("jobs"), QStringLiteral("--limit"), QStringLiteral("many")}).code, 2);
        QCOMPARE(runKeel({QStringLiteral("jobs"), QStringLiteral("--no-such-option")}).code, 2);
        QCOMPARE(runKeel({QStringLiteral("devices"), QStringLiteral("--threads"), QStringLiteral("0")}).code, 2);
    }

    void generateOnTheTinyModel()
    {
        // The committed random Llama (tests/data/make_tiny_llama.py): runs without the models cache.
        const QString tiny = QStringLiteral(KEEL_TEST_DATA "/nn/tiny_llama.gguf");
        const Result run = runKeel({QStringLiteral("generate"), tiny, QStringLiteral("Hello world"), QStringLiteral("--raw"), QStringLiteral("--max-tokens"),
                                    QStringLiteral("5"), QStringLiteral("--json")});
        QCOMPARE(run.code, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(json[QStringLiteral("completion_tokens")].toInt(), 5);
        QCOMPARE(json[QStringLiteral("stop_reason")].toString(), QStringLiteral("length"));
        QVERIFY(json[QStringLiteral("prompt_tokens")].toInt() > 0);
        // --device: a misspelling is refused, and so is a GPU this machine does not have.
        const Result misspelt = runKeel({QStringLiteral("generate"), tiny, QStringLiteral("x"), QStringLiteral("--device"), QStringLiteral("gpu")});
        QCOMPARE(misspelt.code, 2);
        QVERIFY2(misspelt.err.contains(QStringLiteral("--device")), qPrintable(misspelt.err));
        const Result absent = runKeel({QStringLiteral("generate"), tiny, QStringLiteral("x"), QStringLiteral("--device"), QStringLiteral("cuda:7")});
        QCOMPARE(absent.code, 2);
        QVERIFY2(absent.err.contains(QStringLiteral("no such CUDA device")), qPrintable(absent.err));
        const Result missing = runKeel({QStringLiteral("generate"), QStringLiteral("/nonexistent.gguf"), QStringLiteral("x")});
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains(QStringLiteral("/nonexistent.gguf")));
    }

    void devicesPrintsBlasAndThreads()
    {
        const Result text = runKeel({QStringLiteral("devices"), QStringLiteral("--threads"), QStringLiteral("2")});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(QStringLiteral("BLAS: ")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QStringLiteral("Threads: 2")), qPrintable(text.out));
        const Result json = runKeel({QStringLiteral("devices"), QStringLiteral("--json")});
        QCOMPARE(json.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        const QJsonArray devices = o.value(QStringLiteral("devices")).toArray();
        QVERIFY(!devices.isEmpty());
        QCOMPARE(devices.first().toObject().value(QStringLiteral("id")).toString(), QStringLiteral("cpu"));
        QVERIFY(o.value(QStringLiteral("threads")).toInt() >= 1);
        const QString blas = o.value(QStringLiteral("blas")).toObject().value(QStringLiteral("name")).toString();
        QVERIFY(!blas.isEmpty());
        // On an Intel CPU the front names OpenBLAS's kernels for keel-app from the CPU's features
        // (Debian's OpenBLAS runs its SSE3 ones on Intel models newer than it knows).
        if (const char *kernels = keel::compute::openBlasKernelsForThisCpu(); kernels && blas.startsWith(QStringLiteral("OpenBLAS")) && qEnvironmentVariableIsEmpty("OPENBLAS_CORETYPE"))
            QVERIFY2(blas.contains(QLatin1String(kernels)), qPrintable(blas + QStringLiteral(", not ") + QLatin1String(kernels)));
        QVERIFY2(!text.out.contains(QStringLiteral("does not know this CPU")), qPrintable(text.out));
    }

    void workspaceInitInfoCheckAndJobs()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/ws");
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("init"), dir}).code, 0);
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("init"), dir}).code, 2); // not empty any more
        const Result info = runKeel({QStringLiteral("workspace"), QStringLiteral("info"), QStringLiteral("--json"), dir});
        QCOMPARE(info.code, 0);
        QCOMPARE(QJsonDocument::fromJson(info.out.toUtf8()).object().value(QStringLiteral("schema_version")).toInt(),
                 keel::store::latestSchemaVersion());
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("check"), dir}).code, 0);

        const Result jobs = runKeel({QStringLiteral("jobs"), QStringLiteral("--workspace"), dir, QStringLiteral("--json")});
        QCOMPARE(jobs.code, 0);
        QVERIFY(QJsonDocument::fromJson(jobs.out.toUtf8()).isArray());

        // Damage an artifact: check exits 1 and names it.
        const QString artifactDir = dir + QStringLiteral("/artifacts/ab");
        QDir().mkpath(artifactDir);
        QFile fake(artifactDir + QStringLiteral("/") + QString(62, QLatin1Char('c')));
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write("not what the name says");
        fake.close();
        const Result damaged = runKeel({QStringLiteral("workspace"), QStringLiteral("check"), dir});
        QCOMPARE(damaged.code, 1);
        QVERIFY2(damaged.out.contains(QStringLiteral("damaged")), qPrintable(damaged.out));
    }

    void driftGatesOnDatasetDrift()
    {
        const QString ref = QStringLiteral(KEEL_TEST_DATA "/drift/reference.csv");
        const QString cur = QStringLiteral(KEEL_TEST_DATA "/drift/current.csv");
        QTemporaryDir dir;
        const QString report = dir.filePath(QStringLiteral("drift.json"));
        // Two of six columns drift: under Evidently's default share of 0.5 that is no dataset drift.
        const Result ok = runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--exclude"), QStringLiteral("application_id"),
                                   QStringLiteral("--output"), report});
        QCOMPARE(ok.code, 0);
        QVERIFY2(ok.out.contains(QStringLiteral("No dataset drift: 2 of 6 columns")), qPrintable(ok.out));
        QVERIFY2(ok.out.contains(QStringLiteral("skipped applied_on")), qPrintable(ok.out));
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("number_of_drifted_columns")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("dataset_drift")).toBool(), false);
        // A stricter share makes it a failed check, exit code 1.
        const Result gate = runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--exclude"), QStringLiteral("application_id"),
                                     QStringLiteral("--share"), QStringLiteral("0.3"), QStringLiteral("--json")});
        QCOMPARE(gate.code, 1);
        QCOMPARE(QJsonDocument::fromJson(gate.out.toUtf8()).object().value(QStringLiteral("dataset_drift")).toBool(), true);
        // Per week of the application date: Thursday 1 October 2026 falls in the week of Monday 28 September.
        const Result weekly = runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--exclude"), QStringLiteral("application_id"),
                                       QStringLiteral("--time-column"), QStringLiteral("applied_on"), QStringLiteral("--period"),
                                       QStringLiteral("week"), QStringLiteral("--json")});
        QCOMPARE(weekly.code, 0);
        const QJsonArray windows = QJsonDocument::fromJson(weekly.out.toUtf8()).object().value(QStringLiteral("windows")).toArray();
        QCOMPARE(windows.size(), 5);
        QCOMPARE(windows.first().toObject().value(QStringLiteral("start")).toString(), QStringLiteral("2026-09-28"));
        int rows = 0;
        for (const QJsonValue &w : windows)
            rows += w.toObject().value(QStringLiteral("rows")).toInt();
        QCOMPARE(rows, 600);
        QCOMPARE(runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--time-column"), QStringLiteral("income")}).code, 2);
        QCOMPARE(runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--time-column"), QStringLiteral("applied_on"),
                          QStringLiteral("--period"), QStringLiteral("fortnight")}).code, 2);
        // Bad input is exit code 2 with the file or column named.
        const Result missing = runKeel({QStringLiteral("drift"), ref, dir.filePath(QStringLiteral("absent.csv"))});
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("absent.csv")), qPrintable(missing.err));
        const Result column = runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--columns"), QStringLiteral("salary")});
        QCOMPARE(column.code, 2);
        QVERIFY2(column.err.contains(QStringLiteral("\"salary\"")), qPrintable(column.err));
        QCOMPARE(runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--share"), QStringLiteral("2")}).code, 2);
    }

    void driftWatchesQualityAndKeepsReports()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + QStringLiteral("/ws");
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("init"), ws}).code, 0);
        QFile f(tmp.path() + QStringLiteral("/model.bin"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("weights");
        f.close();
        QCOMPARE(runKeel({QStringLiteral("registry"), QStringLiteral("register"), QStringLiteral("churn"), f.fileName(), QStringLiteral("--workspace"), ws}).code, 0);
        QCOMPARE(runKeel({QStringLiteral("registry"), QStringLiteral("alias"), QStringLiteral("churn"), QStringLiteral("champion"), QStringLiteral("1"),
                          QStringLiteral("--workspace"), ws}).code, 0);
        const QString ref = QStringLiteral(KEEL_TEST_DATA "/drift/quality_reference.csv");
        const QString cur = QStringLiteral(KEEL_TEST_DATA "/drift/quality_current.csv");
        // Regression quality degrades on the last three days: a failed check (exit 1) even when asked
        // about one drifting feature only.
        const Result watched = runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--columns"), QStringLiteral("animal"),
                                        QStringLiteral("--time-column"), QStringLiteral("ts"), QStringLiteral("--target"), QStringLiteral("price"),
                                        QStringLiteral("--prediction"), QStringLiteral("price_pred"), QStringLiteral("--save"),
                                        QStringLiteral("--model"), QStringLiteral("churn@champion"), QStringLiteral("--workspace"), ws,
                                        QStringLiteral("--share"), QStringLiteral("1")});
        QCOMPARE(watched.code, 1);
        QVERIFY2(watched.out.contains(QStringLiteral("ALERT")), qPrintable(watched.out));
        QVERIFY2(watched.out.contains(QStringLiteral("Saved as drift report 1.")), qPrintable(watched.out));
        const Result listed = runKeel({QStringLiteral("drift"), QStringLiteral("reports"), QStringLiteral("--model"), QStringLiteral("churn:1"),
                                       QStringLiteral("--json"), QStringLiteral("--workspace"), ws});
        QCOMPARE(listed.code, 0);
        const QJsonArray reports = QJsonDocument::fromJson(listed.out.toUtf8()).array();
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports[0].toObject().value(QStringLiteral("quality_alerts")).toInt(), 3);
        QCOMPARE(reports[0].toObject().value(QStringLiteral("model")).toString(), QStringLiteral("churn"));
        const Result one = runKeel({QStringLiteral("drift"), QStringLiteral("reports"), QStringLiteral("--id"), QStringLiteral("1"),
                                    QStringLiteral("--workspace"), ws});
        QCOMPARE(QJsonDocument::fromJson(one.out.toUtf8()).object().value(QStringLiteral("concept_drift")).toObject().value(QStringLiteral("metric")).toString(),
                 QStringLiteral("mae"));
        // An unknown version refuses before any work, and nothing is kept.
        const Result unknown = runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--save"), QStringLiteral("--model"),
                                        QStringLiteral("churn:9"), QStringLiteral("--workspace"), ws});
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("no version 9")), qPrintable(unknown.err));
        QCOMPARE(QJsonDocument::fromJson(runKeel({QStringLiteral("drift"), QStringLiteral("reports"), QStringLiteral("--json"),
                                                  QStringLiteral("--workspace"), ws}).out.toUtf8()).array().size(), 1);
        QCOMPARE(runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--target"), QStringLiteral("price")}).code, 2);
        QCOMPARE(runKeel({QStringLiteral("drift"), ref, cur, QStringLiteral("--chunks"), QStringLiteral("0")}).code, 2);
    }

    void skewGatesOnDisagreeingFeatures()
    {
        QTemporaryDir tmp;
        auto write = [&](const char *name, const QByteArray &text) {
            QFile f(tmp.filePath(QLatin1String(name)));
            f.open(QIODevice::WriteOnly);
            f.write(text);
            return f.fileName();
        };
        QByteArray off = "id,score,plan\n", on = "id,score,plan\n";
        for (int i = 0; i < 100; ++i) {
            off += QByteArray("007") + QByteArray::number(i) + "," + QByteArray::number(i * 0.5) + ",pro\n";
            on += QByteArray("007") + QByteArray::number(i) + "," + QByteArray::number(i < 5 ? i * 0.5 + 1 : i * 0.5) + ",pro\n";
        }
        const QString offline = write("offline.csv", off), online = write("online.csv", on);
        const Result skewed = runKeel({QStringLiteral("skew"), offline, online, QStringLiteral("--key"), QStringLiteral("id"), QStringLiteral("--json")});
        QCOMPARE(skewed.code, 1);
        const QJsonObject json = QJsonDocument::fromJson(skewed.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("joined")).toInt(), 100);
        QCOMPARE(json.value(QStringLiteral("number_of_skewed_features")).toInt(), 1);
        const Result text = runKeel({QStringLiteral("skew"), offline, online, QStringLiteral("--key"), QStringLiteral("id")});
        QVERIFY2(text.out.contains(QStringLiteral("SKEW (e.g. key 0070)")), qPrintable(text.out)); // keys keep their leading zeros
        QCOMPARE(runKeel({QStringLiteral("skew"), offline, online, QStringLiteral("--key"), QStringLiteral("id"), QStringLiteral("--max-mismatch"),
                          QStringLiteral("0.1"), QStringLiteral("--no-distribution")}).code, 0);
        QCOMPARE(runKeel({QStringLiteral("skew"), offline, online}).code, 2);
        const Result noKey = runKeel({QStringLiteral("skew"), offline, online, QStringLiteral("--key"), QStringLiteral("user")});
        QCOMPARE(noKey.code, 2);
        QVERIFY2(noKey.err.contains(QStringLiteral("\"user\"")), qPrintable(noKey.err));
    }

    void importsAndSearchesMlflowRuns()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + QStringLiteral("/ws");
        // Copy the store so SQLite's side files never land in the source tree.
        const QString store = tmp.path() + QStringLiteral("/mlflow.db");
        QVERIFY(QFile::copy(QStringLiteral(KEEL_TEST_DATA "/mlflow/mlflow.db"), store));
        const Result imported = runKeel({QStringLiteral("import"), QStringLiteral("mlflow"), store, QStringLiteral("--workspace"), ws});
        QCOMPARE(imported.code, 0);
        QVERIFY2(imported.out.contains(QStringLiteral("16 runs")), qPrintable(imported.out));

        const Result found = runKeel({QStringLiteral("runs"), QStringLiteral("search"),
                                      QStringLiteral("metrics.accuracy > 0.9 and params.penalty = 'l2'"),
                                      QStringLiteral("--order-by"), QStringLiteral("metrics.loss ASC"), QStringLiteral("--json"),
                                      QStringLiteral("--workspace"), ws});
        QCOMPARE(found.code, 0);
        const QJsonArray runs = QJsonDocument::fromJson(found.out.toUtf8()).object().value(QStringLiteral("runs")).toArray();
        QVERIFY(!runs.isEmpty());
        for (const QJsonValue &r : runs) {
            const QJsonObject data = r.toObject().value(QStringLiteral("data")).toObject();
            bool l2 = false;
            for (const QJsonValue &p : data.value(QStringLiteral("params")).toArray())
                l2 = l2 || (p[QStringLiteral("key")] == QStringLiteral("penalty") && p[QStringLiteral("value")] == QStringLiteral("l2"));
            QVERIFY(l2);
        }
        const QString first = runs.first().toObject().value(QStringLiteral("info")).toObject().value(QStringLiteral("run_id")).toString();
        const Result shown = runKeel({QStringLiteral("runs"), QStringLiteral("show"), first, QStringLiteral("--workspace"), ws});
        QCOMPARE(shown.code, 0);
        QVERIFY(shown.out.contains(QStringLiteral("penalty = l2")));

        // A syntax error names the position and the token, and is bad input.
        const Result bad = runKeel({QStringLiteral("runs"), QStringLiteral("search"), QStringLiteral("metrics.acc > 1 or params.x = '1'"),
                                    QStringLiteral("--workspace"), ws});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("position 17, near 'or'")), qPrintable(bad.err));
        // The import was recorded as a job.
        QVERIFY(runKeel({QStringLiteral("jobs"), QStringLiteral("--workspace"), ws}).out.contains(QStringLiteral("Import MLflow store")));
        // A file store (mlruns/) imports too.
        const Result fileStore = runKeel({QStringLiteral("import"), QStringLiteral("mlflow"), QStringLiteral(KEEL_TEST_DATA "/mlflow-file/mlruns"),
                                          QStringLiteral("--workspace"), ws});
        QCOMPARE(fileStore.code, 0);
        QVERIFY2(fileStore.out.contains(QStringLiteral("16 runs")), qPrintable(fileStore.out));
        // A folder that is neither is named as such.
        QDir().mkpath(tmp.path() + QStringLiteral("/empty"));
        const Result neither = runKeel({QStringLiteral("import"), QStringLiteral("mlflow"), tmp.path() + QStringLiteral("/empty"),
                                        QStringLiteral("--workspace"), ws});
        QCOMPARE(neither.code, 2);
        QVERIFY2(neither.err.contains(QStringLiteral("neither an mlflow.db nor an MLflow file store")), qPrintable(neither.err));
    }

    void registryRegisterAliasRollbackHistory()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + QStringLiteral("/ws");
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("init"), ws}).code, 0);
        for (const char *content : {"weights one", "weights two"}) {
            QFile f(tmp.path() + QStringLiteral("/model.bin"));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(content);
            f.close();
            QCOMPARE(runKeel({QStringLiteral("registry"), QStringLiteral("register"), QStringLiteral("churn"), f.fileName(),
                              QStringLiteral("--workspace"), ws}).code, 0);
        }
        auto reg = [&](QStringList args) {
            args.prepend(QStringLiteral("registry"));
            args << QStringLiteral("--workspace") << ws;
            return runKeel(args);
        };
        QCOMPARE(reg({QStringLiteral("alias"), QStringLiteral("churn"), QStringLiteral("champion"), QStringLiteral("1")}).code, 0);
        QCOMPARE(reg({QStringLiteral("alias"), QStringLiteral("churn"), QStringLiteral("champion"), QStringLiteral("2")}).code, 0);
        const Result back = reg({QStringLiteral("rollback"), QStringLiteral("churn"), QStringLiteral("champion"), QStringLiteral("--reason"),
                                 QStringLiteral("latency regression")});
        QCOMPARE(back.code, 0);
        QVERIFY(back.out.contains(QStringLiteral("version 1")));
        const Result history = reg({QStringLiteral("history"), QStringLiteral("churn"), QStringLiteral("--json")});
        QCOMPARE(history.code, 0);
        const QJsonArray entries = QJsonDocument::fromJson(history.out.toUtf8()).object().value(QStringLiteral("history")).toArray();
        QCOMPARE(entries.last().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("rollback"));
        QCOMPARE(entries.last().toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("latency regression"));
        const Result show = reg({QStringLiteral("show"), QStringLiteral("churn"), QStringLiteral("--json")});
        const QJsonArray versions = QJsonDocument::fromJson(show.out.toUtf8()).object().value(QStringLiteral("model_versions")).toArray();
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions[0].toObject().value(QStringLiteral("aliases")).toArray().first().toString(), QStringLiteral("champion"));
        // Bad input: unknown model, bad version number, a case-only duplicate.
        QCOMPARE(reg({QStringLiteral("alias"), QStringLiteral("Churn"), QStringLiteral("x"), QStringLiteral("1")}).code, 2);
        QCOMPARE(reg({QStringLiteral("alias"), QStringLiteral("churn"), QStringLiteral("x"), QStringLiteral("one")}).code, 2);
        QCOMPARE(reg({QStringLiteral("stage"), QStringLiteral("churn"), QStringLiteral("1"), QStringLiteral("Prod")}).code, 2);
    }

    void aliasMovesFromTwoProcessesAreAtomic()
    {
        QTemporaryDir tmp;
        const QString ws = tmp.path() + QStringLiteral("/ws");
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("init"), ws}).code, 0);
        for (const char *content : {"one", "two"}) {
            QFile f(tmp.path() + QStringLiteral("/m.bin"));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(content);
            f.close();
            QCOMPARE(runKeel({QStringLiteral("registry"), QStringLiteral("register"), QStringLiteral("m"), f.fileName(),
                              QStringLiteral("--workspace"), ws}).code, 0);
        }
        QCOMPARE(runKeel({QStringLiteral("registry"), QStringLiteral("alias"), QStringLiteral("m"), QStringLiteral("champion"),
                          QStringLiteral("1"), QStringLiteral("--workspace"), ws}).code, 0);
        // Two shells, each a stream of keel processes moving the same alias back and forth.
        const QString loop = QStringLiteral("for i in $(seq 1 8); do \"%1\" registry alias m champion %2 --workspace \"%3\" >/dev/null || exit 1; "
                                            "\"%1\" registry alias m champion %4 --workspace \"%3\" >/dev/null || exit 1; done");
        QProcess a, b;
        a.start(QStringLiteral("bash"), {QStringLiteral("-c"), loop.arg(QStringLiteral(KEEL_BINARY), QStringLiteral("2"), ws, QStringLiteral("1"))});
        b.start(QStringLiteral("bash"), {QStringLiteral("-c"), loop.arg(QStringLiteral(KEEL_BINARY), QStringLiteral("1"), ws, QStringLiteral("2"))});
        QVERIFY(a.waitForFinished(240000) && b.waitForFinished(240000));
        QCOMPARE(a.exitCode(), 0);
        QCOMPARE(b.exitCode(), 0);
        // Each recorded move starts where the one before it ended: none was lost or torn.
        const Result history = runKeel({QStringLiteral("registry"), QStringLiteral("history"), QStringLiteral("m"), QStringLiteral("--json"),
                                        QStringLiteral("--workspace"), ws});
        QString at;
        int moves = 0;
        for (const QJsonValue &v : QJsonDocument::fromJson(history.out.toUtf8()).object().value(QStringLiteral("history")).toArray()) {
            const QJsonObject e = v.toObject();
            if (e.value(QStringLiteral("action")).toString() != QLatin1String("alias"))
                continue;
            if (!at.isEmpty())
                QCOMPARE(e.value(QStringLiteral("from")).toString(), at);
            at = e.value(QStringLiteral("to")).toString();
            ++moves;
        }
        QVERIFY(moves > 2);
        const Result show = runKeel({QStringLiteral("registry"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--workspace"), ws});
        QCOMPARE(QString::number(QJsonDocument::fromJson(show.out.toUtf8()).object().value(QStringLiteral("registered_models")).toArray()
                                     .first().toObject().value(QStringLiteral("aliases")).toObject().value(QStringLiteral("champion")).toInt()),
                 at);
        QCOMPARE(runKeel({QStringLiteral("workspace"), QStringLiteral("check"), ws}).code, 0);
    }

    void notAWorkspaceIsBadInput()
    {
        QTemporaryDir tmp;
        const Result r = runKeel({QStringLiteral("jobs"), QStringLiteral("--workspace"), tmp.path()});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("not a Keel workspace")), qPrintable(r.err));
        QVERIFY(QDir(tmp.path()).isEmpty()); // nothing was created
    }

    void germanOutput()
    {
        const Result r = runKeel({QStringLiteral("--lang"), QStringLiteral("de"), QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Befehle")), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
