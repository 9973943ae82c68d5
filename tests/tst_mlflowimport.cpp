// Importing a store written by MLflow's own client (tests/data/mlflow, made by
// tests/data/make_mlflow_fixtures.py): every value must be what MLflow's client reads back
// (expected.json), and MLflow's own search results must come out of Keel's search.
#include "testsupport.h"

#include "core/error.h"
#include "store/database.h"
#include "store/workspace.h"
#include "tracking/mlflowimport.h"
#include "tracking/runsearch.h"
#include "tracking/trackingstore.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <fstream>
#include <cmath>

using namespace keel;
using namespace keel::tracking;
namespace fs = std::filesystem;

namespace {

double decode(const QJsonValue &v)
{
    if (v.isString()) {
        const QString s = v.toString();
        if (s == QLatin1String("nan"))
            return std::nan("");
        return s.startsWith(QLatin1Char('-')) ? -INFINITY : INFINITY;
    }
    return v.toDouble();
}

bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

std::map<std::string, std::string> strings(const QJsonObject &o)
{
    std::map<std::string, std::string> out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out[it.key().toStdString()] = it.value().toString().toStdString();
    return out;
}

std::int64_t count(sql::Database &db, const char *table)
{
    auto st = db.prepare(std::string("SELECT count(*) FROM ") + table);
    st.step();
    return st.int64(0);
}

} // namespace

class TestMlflowImport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QJsonObject m_expected;
    fs::path m_store; // a copy, so SQLite's side files never land in the source tree

    // One recorded MLflow search run by Keel: Keel's run ids, MLflow's, and a label.
    static std::tuple<std::vector<std::string>, std::vector<std::string>, std::string> searchAsRecorded(TrackingStore &store,
                                                                                                        const std::vector<std::int64_t> &experimentIds,
                                                                                                        const QJsonObject &s, bool all)
    {
        SearchQuery q;
        q.experimentIds = experimentIds;
        q.filter = s.value(QStringLiteral("filter")).toString().toStdString();
        for (const QJsonValue &o : s.value(QStringLiteral("order_by")).toArray())
            q.orderBy.push_back(o.toString().toStdString());
        q.view = all ? ViewType::All : ViewType::ActiveOnly;
        std::vector<std::string> expected;
        for (const QJsonValue &id : s.value(QStringLiteral("run_ids")).toArray())
            expected.push_back(id.toString().toStdString());
        return {store.search(q).runUuids, expected, q.filter + " | order " + (q.orderBy.empty() ? "default" : q.orderBy.front())};
    }

    std::unique_ptr<store::Workspace> freshWorkspace(const char *name)
    {
        return store::Workspace::create(test::freshPath(m_tmp.path(), name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow/expected.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(f.readAll()).object();
        QVERIFY(m_expected.value(QStringLiteral("runs")).toArray().size() >= 10);
        m_store = fs::path(m_tmp.path().toStdString()) / "mlflow.db";
        fs::copy_file(KEEL_TEST_DATA "/mlflow/mlflow.db", m_store);
        // Its artifacts travel with it, as when a user copies a store folder elsewhere: the
        // recorded artifact paths no longer exist there and are found under the copy.
        fs::copy(KEEL_TEST_DATA "/mlflow/artifacts", fs::path(m_tmp.path().toStdString()) / "artifacts", fs::copy_options::recursive);
    }

    void everyValueRoundTrips_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("SQLite store (mlflow.db)") << 0;
        QTest::newRow("file store (mlruns/)") << 1;
        QTest::newRow("tracking server (REST API)") << 2;
    }

    void everyValueRoundTrips()
    {
        QFETCH(int, kind);
        const bool fileStore = kind == 1;
        std::unique_ptr<test::MlflowServer> server;
        std::string serverUrl;
        if (kind == 2) {
            // MLflow's own server on loopback, serving a copy of the SQLite store.
            const QString mlflow = test::findMlflow();
            if (mlflow.isEmpty())
                QSKIP("mlflow is not installed (tests/make_fixtures.sh installs it in tests/.venv, or set KEEL_MLFLOW)");
            const fs::path copy = fs::path(m_tmp.path().toStdString()) / "served.db";
            fs::remove(copy);
            fs::copy_file(m_store, copy);
            server = std::make_unique<test::MlflowServer>(mlflow, copy);
            QVERIFY2(!server->url().empty(), "mlflow server did not start");
            serverUrl = server->url();
        }
        auto ws = freshWorkspace(kind == 0 ? "ws-sqlite" : kind == 1 ? "ws-file" : "ws-rest");
        TrackingStore store(ws->db(), &ws->artifacts());
        int progressCalls = 0;
        QJsonObject expectedStore = m_expected;
        if (fileStore) {
            QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow-file/expected.json"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            expectedStore = QJsonDocument::fromJson(f.readAll()).object();
        }
        const auto count = [&](double, const std::string &) { ++progressCalls; };
        const MlflowImportReport report = kind == 0 ? importMlflowSqlite(m_store, store, count)
                                          : kind == 1 ? importMlflowFileStore(KEEL_TEST_DATA "/mlflow-file/mlruns", store, count)
                                                      : importMlflowServer(serverUrl, store, count);
        const QJsonArray experiments = expectedStore.value(QStringLiteral("experiments")).toArray();
        const QJsonArray runs = expectedStore.value(QStringLiteral("runs")).toArray();
        QCOMPARE(report.experiments, int(experiments.size()));
        QCOMPARE(report.runs, int(runs.size()));
        QVERIFY2(report.warnings.empty(), report.warnings.empty() ? "" : report.warnings.front().c_str());
        QVERIFY(!report.schemaRevision.empty());
        if (kind != 2)
            QCOMPARE(progressCalls, report.runs);

        std::map<std::string, std::int64_t> experimentIds;
        for (const QJsonValue &v : experiments) {
            const QJsonObject e = v.toObject();
            auto stmt = ws->db().prepare("SELECT id FROM experiments WHERE source = ?1 AND source_id = ?2");
            stmt.bindAll(report.source, e.value(QStringLiteral("experiment_id")).toString().toStdString());
            QVERIFY(stmt.step());
            const auto mine = store.experiment(stmt.int64(0));
            QCOMPARE(QString::fromStdString(mine->name), e.value(QStringLiteral("name")).toString());
            QCOMPARE(QString::fromStdString(mine->artifactLocation), e.value(QStringLiteral("artifact_location")).toString());
            QCOMPARE(QString::fromStdString(mine->lifecycleStage), e.value(QStringLiteral("lifecycle_stage")).toString());
            QCOMPARE(mine->createdAt, e.value(QStringLiteral("creation_time")).toInteger());
            QCOMPARE(mine->updatedAt, e.value(QStringLiteral("last_update_time")).toInteger());
            QCOMPARE(mine->tags, strings(e.value(QStringLiteral("tags")).toObject()));
            experimentIds[e.value(QStringLiteral("experiment_id")).toString().toStdString()] = mine->id;
        }

        std::int64_t points = 0;
        int artifactFiles = 0;
        for (const QJsonValue &v : runs) {
            const QJsonObject r = v.toObject();
            const std::string id = r.value(QStringLiteral("run_id")).toString().toStdString();
            const auto data = store.run(id);
            QVERIFY2(data, id.c_str());
            const Run &run = data->run;
            QCOMPARE(run.experimentId, experimentIds.at(r.value(QStringLiteral("experiment_id")).toString().toStdString()));
            QCOMPARE(QString::fromStdString(run.name), r.value(QStringLiteral("run_name")).toString());
            QCOMPARE(QString::fromStdString(run.status), r.value(QStringLiteral("status")).toString());
            QCOMPARE(run.startTime.value_or(-1), r.value(QStringLiteral("start_time")).toInteger(-1));
            QCOMPARE(run.endTime.value_or(-1), r.value(QStringLiteral("end_time")).isNull() ? -1 : r.value(QStringLiteral("end_time")).toInteger());
            QCOMPARE(QString::fromStdString(run.userId), r.value(QStringLiteral("user_id")).toString());
            QCOMPARE(QString::fromStdString(run.lifecycleStage), r.value(QStringLiteral("lifecycle_stage")).toString());
            QCOMPARE(QString::fromStdString(run.artifactUri), r.value(QStringLiteral("artifact_uri")).toString());
            QCOMPARE(data->params, strings(r.value(QStringLiteral("params")).toObject()));
            QCOMPARE(data->tags, strings(r.value(QStringLiteral("tags")).toObject()));
            if (auto parent = data->tags.find("mlflow.parentRunId"); parent != data->tags.end())
                QCOMPARE(run.parentUuid.value_or(""), parent->second);

            const QJsonObject latest = r.value(QStringLiteral("metrics")).toObject();
            QCOMPARE(data->latestMetrics.size(), std::size_t(latest.size()));
            for (auto it = latest.begin(); it != latest.end(); ++it) {
                const double expected = decode(it.value());
                const double mine = data->latestMetrics.at(it.key().toStdString()).value;
                QVERIFY2(same(mine, expected), qPrintable(QStringLiteral("%1 %2: %3 vs %4").arg(QString::fromStdString(id), it.key()).arg(mine).arg(expected)));
            }
            const QJsonObject history = r.value(QStringLiteral("history")).toObject();
            for (auto it = history.begin(); it != history.end(); ++it) {
                std::vector<MetricPoint> expected;
                for (const QJsonValue &p : it.value().toArray()) {
                    const QJsonArray a = p.toArray();
                    expected.push_back({a[0].toInteger(), a[1].toInteger(), decode(a[2])});
                }
                auto mine = store.metricHistory(id, it.key().toStdString());
                QCOMPARE(mine.size(), expected.size());
                auto order = [](const MetricPoint &x, const MetricPoint &y) {
                    return std::tie(x.step, x.timestamp) < std::tie(y.step, y.timestamp) ||
                           (std::tie(x.step, x.timestamp) == std::tie(y.step, y.timestamp) && x.value < y.value);
                };
                std::sort(mine.begin(), mine.end(), order);
                std::sort(expected.begin(), expected.end(), order);
                for (std::size_t i = 0; i < mine.size(); ++i) {
                    QCOMPARE(mine[i].step, expected[i].step);
                    QCOMPARE(mine[i].timestamp, expected[i].timestamp);
                    QVERIFY2(same(mine[i].value, expected[i].value), qPrintable(it.key()));
                }
                points += std::int64_t(mine.size());
            }
            // Artifacts: every file, byte for byte (the server import does not fetch artifacts).
            if (kind != 2) {
                const QJsonObject files = r.value(QStringLiteral("artifacts")).toObject();
                QCOMPARE(data->artifacts.size(), std::size_t(files.size()));
                for (const RunArtifact &a : data->artifacts) {
                    QCOMPARE(QString::fromStdString(a.sha256), files.value(QString::fromStdString(a.path)).toString());
                    ws->artifacts().verify(a.sha256);
                }
                artifactFiles += int(files.size());
            }
            const QJsonArray datasets = r.value(QStringLiteral("datasets")).toArray();
            QCOMPARE(data->datasets.size(), std::size_t(datasets.size()));
            for (const QJsonValue &d : datasets) {
                const QJsonObject o = d.toObject();
                const bool found = std::any_of(data->datasets.begin(), data->datasets.end(), [&](const DatasetInput &in) {
                    return QString::fromStdString(in.name) == o.value(QStringLiteral("name")).toString() &&
                           QString::fromStdString(in.digest) == o.value(QStringLiteral("digest")).toString() &&
                           QString::fromStdString(in.sourceType) == o.value(QStringLiteral("source_type")).toString() &&
                           QString::fromStdString(in.context) == o.value(QStringLiteral("context")).toString();
                });
                QVERIFY(found);
            }
        }
        QCOMPARE(points, report.metricPoints);
        QCOMPARE(report.artifacts, artifactFiles);
        if (kind != 2)
            QVERIFY(artifactFiles >= 9); // coefficients of the six grid runs, reports of the three boosting runs
        QVERIFY(points > 10000); // the 10,000-step series is among them
    }

    void searchesGiveMlflowsAnswers()
    {
        auto ws = freshWorkspace("search");
        TrackingStore store(ws->db());
        const MlflowImportReport report = importMlflowSqlite(m_store, store);
        std::vector<std::int64_t> experimentIds;
        auto st = ws->db().prepare("SELECT id FROM experiments WHERE source = ?1");
        st.bind(1, report.source);
        while (st.step())
            experimentIds.push_back(st.int64(0));
        const QJsonArray searches = m_expected.value(QStringLiteral("searches")).toArray();
        QVERIFY(searches.size() >= 20);
        for (const QJsonValue &v : searches) {
            const QJsonObject s = v.toObject();
            const auto [mine, expected, what] = searchAsRecorded(store, experimentIds, s, s.value(QStringLiteral("view")).toString() == QLatin1String("all"));
            QVERIFY2(mine == expected, (what + " | " + s.value(QStringLiteral("view")).toString().toStdString()).c_str());
        }
    }

    // The details that must follow MLflow exactly (tests/data/make_mlflow_search_fixtures.py):
    // runs without a value last when ordered by any attribute, metric, param or tag, either way
    // (MLflow's rule); quoted strings kept as written
    // between their outer quotes ('it''s' is it''s); a 64-bit step written as the integer it is.
    void searchDetailsAndLargeStepsAreMlflows()
    {
        QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow-search/expected.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject expectedAll = QJsonDocument::fromJson(f.readAll()).object();
        auto ws = freshWorkspace("search-details");
        TrackingStore store(ws->db());
        importMlflowSqlite(KEEL_TEST_DATA "/mlflow-search/mlflow.db", store);
        std::vector<std::int64_t> experimentIds;
        auto st = ws->db().prepare("SELECT id FROM experiments");
        while (st.step())
            experimentIds.push_back(st.int64(0));
        const QJsonArray searches = expectedAll.value(QStringLiteral("searches")).toArray();
        QCOMPARE(searches.size(), 20);
        QStringList wrong;
        for (const QJsonValue &v : searches) {
            const auto [mine, expected, what] = searchAsRecorded(store, experimentIds, v.toObject(), true);
            if (mine != expected)
                wrong << QString::fromStdString(what);
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
        // The command line, as a user types it: MLflow's experiment id; steps as exact integers.
        const QString mlflowExperiment = expectedAll.value(QStringLiteral("experiment_id")).toString();
        const QJsonObject history = expectedAll.value(QStringLiteral("loss_history")).toObject();
        const QString run = history.keys().front();
        const auto listed = test::runKeel({QStringLiteral("--workspace"), QString::fromStdString(ws->dir().string()), QStringLiteral("runs"),
                                           QStringLiteral("list"), QStringLiteral("--experiment"), mlflowExperiment, QStringLiteral("--json")});
        QVERIFY2(listed.code == 0, qPrintable(listed.err));
        QVERIFY2(listed.out.contains(run), qPrintable(listed.out.left(300)));
        const auto shown = test::runKeel({QStringLiteral("--workspace"), QString::fromStdString(ws->dir().string()), QStringLiteral("runs"),
                                          QStringLiteral("show"), run, QStringLiteral("--json")});
        QCOMPARE(shown.code, 0);
        const qint64 step = history.value(run).toArray().first().toObject().value(QStringLiteral("step")).toInteger();
        QVERIFY(step > (qint64(1) << 62)); // beyond what a double holds exactly
        QVERIFY2(shown.out.contains(QStringLiteral("\"step\": %1").arg(step)), qPrintable(shown.out));
    }

    // What the command line shows, in MLflow's REST shapes: experiments (MLflow's ids, names,
    // artifact locations, lifecycle, times, tags), a metric's whole history, and a registered
    // model with its tags, aliases, MLflow's creation time, and its versions' tags and status.
    void commandLineShowsWhatMlflowsClientReads()
    {
        auto ws = freshWorkspace("cli-shapes");
        const QString dir = QString::fromStdString(ws->dir().string());
        ws.reset();
        auto keel = [&](QStringList args) {
            args.prepend(dir);
            args.prepend(QStringLiteral("--workspace"));
            const auto r = test::runKeel(args);
            return QJsonDocument::fromJson(r.code == 0 ? r.out.toUtf8() : QByteArray()).object();
        };
        QCOMPARE(test::runKeel({QStringLiteral("--workspace"), dir, QStringLiteral("import"), QStringLiteral("mlflow"), QString::fromStdString(m_store.string())}).code, 0);
        const QJsonArray experiments = keel({QStringLiteral("experiments"), QStringLiteral("list"), QStringLiteral("--view"), QStringLiteral("all"), QStringLiteral("--json")})
                                           .value(QStringLiteral("experiments"))
                                           .toArray();
        const QJsonArray expectedExperiments = m_expected.value(QStringLiteral("experiments")).toArray();
        QCOMPARE(experiments.size(), expectedExperiments.size());
        for (const QJsonValue &v : expectedExperiments) {
            const QJsonObject want = v.toObject();
            const QJsonObject got = keel({QStringLiteral("experiments"), QStringLiteral("show"), want.value(QStringLiteral("experiment_id")).toString(), QStringLiteral("--json")})
                                        .value(QStringLiteral("experiment"))
                                        .toObject();
            for (const char *field : {"experiment_id", "name", "lifecycle_stage"})
                QCOMPARE(got.value(QLatin1String(field)).toString(), want.value(QLatin1String(field)).toString());
            QCOMPARE(got.value(QStringLiteral("creation_time")).toInteger(), want.value(QStringLiteral("creation_time")).toInteger());
            QCOMPARE(got.value(QStringLiteral("last_update_time")).toInteger(), want.value(QStringLiteral("last_update_time")).toInteger());
            QJsonObject tags;
            for (const QJsonValue &t : got.value(QStringLiteral("tags")).toArray())
                tags.insert(t.toObject().value(QStringLiteral("key")).toString(), t.toObject().value(QStringLiteral("value")));
            QCOMPARE(tags, want.value(QStringLiteral("tags")).toObject());
        }
        int histories = 0;
        for (const QJsonValue &v : m_expected.value(QStringLiteral("runs")).toArray()) {
            const QJsonObject run = v.toObject();
            const QJsonObject history = run.value(QStringLiteral("history")).toObject();
            if (history.isEmpty() || histories >= 3)
                continue;
            ++histories;
            const QString key = history.keys().front();
            const QJsonArray got = keel({QStringLiteral("runs"), QStringLiteral("history"), run.value(QStringLiteral("run_id")).toString(), key, QStringLiteral("--json")})
                                       .value(QStringLiteral("metrics"))
                                       .toArray();
            const QJsonArray want = history.value(key).toArray();
            QCOMPARE(got.size(), want.size());
            for (int i = 0; i < want.size(); ++i) {
                QCOMPARE(got[i].toObject().value(QStringLiteral("step")).toInteger(), want[i].toArray()[0].toInteger());
                QCOMPARE(got[i].toObject().value(QStringLiteral("timestamp")).toInteger(), want[i].toArray()[1].toInteger());
            }
        }
        QVERIFY(histories > 0);
        const QJsonObject wantModel = m_expected.value(QStringLiteral("registered_models")).toArray().first().toObject();
        const QJsonObject model = keel({QStringLiteral("registry"), QStringLiteral("show"), wantModel.value(QStringLiteral("name")).toString(), QStringLiteral("--json")});
        QJsonObject tags;
        for (const QJsonValue &t : model.value(QStringLiteral("tags")).toArray())
            tags.insert(t.toObject().value(QStringLiteral("key")).toString(), t.toObject().value(QStringLiteral("value")));
        QCOMPARE(tags, wantModel.value(QStringLiteral("tags")).toObject());
        QCOMPARE(model.value(QStringLiteral("aliases")).toArray().size(), wantModel.value(QStringLiteral("aliases")).toObject().size());
        const QJsonArray versions = model.value(QStringLiteral("model_versions")).toArray();
        QVERIFY(!versions.isEmpty());
        for (const QJsonValue &v : versions) {
            QCOMPARE(v.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("READY"));
            QVERIFY(v.toObject().value(QStringLiteral("version")).isString()); // "3", as MLflow's REST API writes it
        }
        bool validated = false;
        for (const QJsonValue &v : versions)
            for (const QJsonValue &t : v.toObject().value(QStringLiteral("tags")).toArray())
                validated = validated || t.toObject().value(QStringLiteral("key")).toString() == QLatin1String("validated");
        QVERIFY(validated); // make_mlflow_fixtures.py tags version 3
        QVERIFY(model.value(QStringLiteral("creation_timestamp")).toInteger() < QDateTime::currentMSecsSinceEpoch() - 60000); // MLflow's, not the import's
    }

    // An MLflow 3 file store's logged model (tests/data/make_mlflow_filestore_logged.py), the
    // store moved: id, name, source run, status, params, tags, metrics and every artifact file.
    void fileStoreLoggedModelsAreImported()
    {
        QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow-file-logged/expected.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject want = QJsonDocument::fromJson(f.readAll()).object();
        QTemporaryDir moved;
        const fs::path dir = moved.path().toStdString();
        fs::copy(KEEL_TEST_DATA "/mlflow-file-logged/mlruns", dir / "mlruns", fs::copy_options::recursive);
        auto ws = freshWorkspace("file-logged");
        TrackingStore store(ws->db(), &ws->artifacts());
        const auto report = importMlflowFileStore(dir / "mlruns", store);
        QCOMPARE(report.loggedModels, 1);
        const auto m = store.loggedModel(want.value(QStringLiteral("model_id")).toString().toStdString());
        QVERIFY(m);
        QCOMPARE(QString::fromStdString(m->name), want.value(QStringLiteral("name")).toString());
        QCOMPARE(QString::fromStdString(m->experimentSourceId), want.value(QStringLiteral("experiment_id")).toString());
        QCOMPARE(QString::fromStdString(m->sourceRunUuid), want.value(QStringLiteral("source_run_id")).toString());
        QCOMPARE(QString::fromStdString(m->status), QStringLiteral("LOGGED_MODEL_") + want.value(QStringLiteral("status")).toString());
        QCOMPARE(qint64(m->createdAt), want.value(QStringLiteral("creation_timestamp")).toInteger());
        QCOMPARE(QString::fromStdString(m->params.at("C")), want.value(QStringLiteral("params")).toObject().value(QStringLiteral("C")).toString());
        QCOMPARE(m->tags.size(), std::size_t(want.value(QStringLiteral("tags")).toObject().size()));
        const QJsonObject metric = want.value(QStringLiteral("metrics")).toArray().first().toObject();
        QCOMPARE(m->metrics.size(), std::size_t(1));
        QCOMPARE(m->metrics.front().value, metric.value(QStringLiteral("value")).toDouble());
        QCOMPARE(QString::fromStdString(m->metrics.front().runUuid), metric.value(QStringLiteral("run_id")).toString());
        QStringList files;
        for (const auto &a : store.loggedModelArtifacts(m->id))
            files << QString::fromStdString(a.path);
        QStringList wantFiles;
        for (const QJsonValue &v : want.value(QStringLiteral("artifacts")).toArray())
            wantFiles << v.toString();
        QCOMPARE(files, wantFiles);
    }

    void importingAgainUpdatesInPlace()
    {
        auto ws = freshWorkspace("twice");
        TrackingStore store(ws->db());
        importMlflowSqlite(m_store, store);
        const auto runs = count(ws->db(), "runs");
        const auto points = count(ws->db(), "metric_points");
        const auto experiments = count(ws->db(), "experiments");
        importMlflowSqlite(m_store, store);
        QCOMPARE(count(ws->db(), "runs"), runs);
        QCOMPARE(count(ws->db(), "metric_points"), points);
        QCOMPARE(count(ws->db(), "experiments"), experiments);
    }

    void badStoresAreRefusedAndChangeNothing_data()
    {
        QTest::addColumn<int>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing file") << 0 << "no MLflow store";
        QTest::newRow("not sqlite") << 1 << "not an SQLite database";
        QTest::newRow("missing column") << 2 << "table \"runs\" has no column \"status\"";
        QTest::newRow("missing table") << 3 << "has no table \"metrics\"";
        QTest::newRow("truncated") << 4 << "is damaged or incomplete (SQLite says: database disk image is malformed)";
    }

    void badStoresAreRefusedAndChangeNothing()
    {
        QFETCH(int, damage);
        QFETCH(QString, expected);
        auto ws = freshWorkspace(("bad" + std::to_string(damage)).c_str());
        TrackingStore store(ws->db());
        const fs::path bad = fs::path(m_tmp.path().toStdString()) / ("bad" + std::to_string(damage) + ".db");
        if (damage == 1) {
            QFile f(QString::fromStdString(bad.string()));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("experiment_id,name\n1,oops\n");
        } else if (damage == 4) { // a copy cut short
            std::ifstream in(m_store, std::ios::binary);
            std::string head(40960, '\0');
            in.read(head.data(), std::streamsize(head.size()));
            std::ofstream(bad, std::ios::binary) << head;
        } else if (damage >= 2) {
            fs::copy_file(m_store, bad);
            auto db = sql::Database::open(bad, sql::Database::Mode::ReadWrite);
            db.exec(damage == 2 ? "ALTER TABLE runs RENAME COLUMN status TO state" : "DROP TABLE metrics");
        }
        try {
            importMlflowSqlite(bad, store);
            QFAIL("the import must fail");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
            QVERIFY2(!QString::fromUtf8(e.what()).contains(QLatin1String("SELECT")), e.what()); // nothing of Keel's own SQL
            if (damage > 0)
                QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(bad.string())), e.what());
        }
        QCOMPARE(count(ws->db(), "experiments"), 0);
        QCOMPARE(count(ws->db(), "runs"), 0);
    }

    // A file store whose experiment meta.yaml is garbage is refused (exit 2), naming the file and
    // line, with nothing imported; as is one that holds a bare word instead of fields.
    void garbageExperimentMetaIsRefused()
    {
        for (const char *garbage : {"experiment_id: [unclosed\nname: x\n", "just some words\n"}) {
            const fs::path copy = fs::path(m_tmp.path().toStdString()) / "mlruns-garbage";
            fs::remove_all(copy);
            fs::copy(KEEL_TEST_DATA "/mlflow-file/mlruns", copy, fs::copy_options::recursive);
            fs::path meta;
            for (const auto &e : fs::directory_iterator(copy))
                if (meta.empty() && e.is_directory() && fs::exists(e.path() / "meta.yaml") && e.path().filename() != ".trash")
                    meta = e.path() / "meta.yaml";
            std::ofstream(meta, std::ios::trunc) << garbage;
            auto ws = freshWorkspace(garbage[0] == 'e' ? "garbage-yaml" : "garbage-words");
            const auto r = test::runKeel({QStringLiteral("--workspace"), QString::fromStdString(ws->dir().string()), QStringLiteral("import"),
                                          QStringLiteral("mlflow"), QString::fromStdString(copy.string())});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QString::fromStdString(meta.string()) + (garbage[0] == 'e' ? QStringLiteral(":2:5: not valid YAML") : QStringLiteral(":1: not an MLflow meta.yaml"))),
                     qPrintable(r.err));
            QCOMPARE(count(ws->db(), "experiments"), 0);
            QCOMPARE(count(ws->db(), "runs"), 0);
        }
    }

    void fileStoreProblemsAreReportedAndTheRestLoads()
    {
        // A copy of the file store with a broken run meta.yaml and a junk metric line.
        const fs::path copy = fs::path(m_tmp.path().toStdString()) / "mlruns-broken";
        fs::copy(KEEL_TEST_DATA "/mlflow-file/mlruns", copy, fs::copy_options::recursive);
        fs::path brokenRun, metricFile;
        for (const auto &e : fs::recursive_directory_iterator(copy)) {
            if (brokenRun.empty() && e.path().filename() == "meta.yaml" && e.path().parent_path().parent_path().parent_path() == copy &&
                e.path().parent_path().filename() != "tags" && fs::exists(e.path().parent_path() / "metrics" / "loss"))
                brokenRun = e.path();
        }
        // A junk line in another run, so both problems are seen.
        for (const auto &e : fs::recursive_directory_iterator(copy)) {
            if (metricFile.empty() && e.path().parent_path().filename() == "metrics" && e.path().filename() == "loss" &&
                e.path().parent_path().parent_path() != brokenRun.parent_path())
                metricFile = e.path();
        }
        QVERIFY(!brokenRun.empty() && !metricFile.empty());
        {
            std::ofstream out(brokenRun, std::ios::trunc);
            out << "run_id: [unclosed\nstatus: 3\n";
        }
        {
            std::ofstream out(metricFile, std::ios::app);
            out << "12345 not-a-number 7\n";
        }
        auto ws = freshWorkspace("broken-file");
        TrackingStore store(ws->db());
        const auto report = importMlflowFileStore(copy, store);
        QCOMPARE(report.runs, 15); // one of 16 skipped
        QCOMPARE(report.warnings.size(), std::size_t(2));
        const std::string all = report.warnings[0] + "\n" + report.warnings[1];
        QVERIFY2(all.find(brokenRun.string() + ":2:7:") != std::string::npos, all.c_str()); // where the parser noticed
        QVERIFY2(all.find("not valid YAML") != std::string::npos, all.c_str());
        QVERIFY2(all.find(metricFile.string() + ":") != std::string::npos, all.c_str());
        QVERIFY2(all.find("not-a-number") != std::string::npos, all.c_str());
        // Not a store at all: refused, nothing written.
        auto empty = freshWorkspace("not-a-store");
        TrackingStore nothing(empty->db());
        QVERIFY_THROWS_EXCEPTION(Error, importMlflowFileStore(fs::path(m_tmp.path().toStdString()), nothing));
        QCOMPARE(count(empty->db(), "runs"), 0);
    }

    void movedStoresFindTheirArtifacts()
    {
        const fs::path store = fs::path(m_tmp.path().toStdString()) / "moved-store";
        const std::string run = "0123456789abcdef0123456789abcdef";
        fs::create_directories(store / "artifacts" / "exp" / run / "artifacts");
        const std::string recorded = "/nowhere/old/home/artifacts/exp/" + run + "/artifacts";
        // Recorded where the store used to be: found under the store's folder now.
        QCOMPARE(localArtifactFolder(recorded, store, run), store / "artifacts" / "exp" / run / "artifacts");
        QCOMPARE(localArtifactFolder("file://" + recorded, store, run), store / "artifacts" / "exp" / run / "artifacts");
        // Another run's id: its folder is not there, and the shared "artifacts" root is not taken for it.
        QVERIFY(localArtifactFolder("/nowhere/old/home/artifacts/exp/fedcba9876543210fedcba9876543210/artifacts", store,
                                    "fedcba9876543210fedcba9876543210").empty());
        // Remote artifact stores are not on this machine.
        QVERIFY(localArtifactFolder("s3://bucket/exp/" + run + "/artifacts", store, run).empty());
        QVERIFY(localArtifactFolder("mlflow-artifacts:/exp/" + run + "/artifacts", store, run).empty());
    }

    void unreachableServerChangesNothing()
    {
        auto ws = freshWorkspace("no-server");
        TrackingStore store(ws->db());
        const std::string url = "http://127.0.0.1:" + std::to_string(test::freePort()); // nothing listens there
        try {
            importMlflowServer(url, store, {}, {}, 5);
            QFAIL("the import must fail");
        } catch (const Error &e) {
            QVERIFY2(std::string(e.what()).find("POST " + url + "/api/2.0/mlflow/experiments/search") != std::string::npos, e.what());
        }
        QCOMPARE(count(ws->db(), "experiments"), 0);
    }

    void cancelledImportLeavesNoTrace()
    {
        auto ws = freshWorkspace("cancel");
        TrackingStore store(ws->db());
        int runsSeen = 0;
        try {
            importMlflowSqlite(m_store, store, [&](double, const std::string &) { ++runsSeen; }, [&] { return runsSeen >= 5; });
            QFAIL("the import must stop");
        } catch (const Error &e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("cancelled")));
        }
        QCOMPARE(runsSeen, 5);
        for (const char *table : {"experiments", "runs", "params", "tags", "metric_series", "metric_points"})
            QCOMPARE(count(ws->db(), table), 0);
    }
};

QTEST_GUILESS_MAIN(TestMlflowImport)
#include "tst_mlflowimport.moc"
