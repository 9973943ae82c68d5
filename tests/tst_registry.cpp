// The model registry: immutable versions, aliases and rollback, stages, a complete audit
// history, hash-checked artifacts, and atomic alias moves under concurrent writers.
#include "testsupport.h"

#include "core/error.h"
#include "registry/mlflowregistryimport.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <random>
#include <thread>

using namespace keel;
using namespace keel::registry;
namespace fs = std::filesystem;

class TestRegistry : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_counter = 0;

    fs::path artifact(const std::string &content)
    {
        const fs::path p = fs::path(m_tmp.path().toStdString()) / ("model-" + std::to_string(++m_counter) + ".bin");
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }

    static ErrorKind kindOf(const std::function<void()> &f, std::string *message = nullptr)
    {
        try {
            f();
        } catch (const Error &e) {
            if (message)
                *message = e.what();
            return e.kind();
        }
        return ErrorKind::Internal;
    }

private Q_SLOTS:
    void versionsAreNumberedAndImmutable()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "immutable"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        reg.createModel("churn", "Predicts **churn**.", {{"team", "growth"}}, "ada");
        NewVersion v;
        v.artifactFile = artifact("weights v1");
        v.runUuid = "0123456789abcdef0123456789abcdef";
        v.metrics = R"({"auc": 0.91})";
        QCOMPARE(reg.registerVersion("churn", v, "ada"), 1);
        v.artifactFile = artifact("weights v2");
        QCOMPARE(reg.registerVersion("churn", v, "ada"), 2);
        const ModelVersion one = reg.version("churn", 1);
        QCOMPARE(one.createdBy, std::string("ada"));
        QCOMPARE(one.runUuid.value_or(""), std::string("0123456789abcdef0123456789abcdef"));

        // Not even raw SQL can change what a version was made from, or delete it.
        std::string message;
        QCOMPARE(kindOf([&] { ws->db().prepare("UPDATE model_versions SET artifact_sha256 = 'x' WHERE version = 1").run(); }, &message),
                 ErrorKind::Conflict);
        QVERIFY2(message.find("immutable") != std::string::npos, message.c_str());
        QCOMPARE(kindOf([&] { ws->db().prepare("UPDATE model_versions SET run_uuid = NULL").run(); }), ErrorKind::Conflict);
        QCOMPARE(kindOf([&] { ws->db().prepare("DELETE FROM model_versions").run(); }, &message), ErrorKind::Conflict);
        QVERIFY2(message.find("never deleted") != std::string::npos, message.c_str());
        QCOMPARE(reg.version("churn", 1).artifactSha256, one.artifactSha256);
        // Description and stage may change.
        reg.setDescription("churn", 1, "Baseline.", "ada");
        QCOMPARE(reg.version("churn", 1).description, std::string("Baseline."));
    }

    void namesAreUniqueWithoutCase()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "names"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        reg.createModel("Fraud-Detector");
        std::string message;
        QCOMPARE(kindOf([&] { reg.createModel("fraud-detector"); }, &message), ErrorKind::Conflict);
        QVERIFY2(message.find("without case") != std::string::npos, message.c_str());
        QCOMPARE(kindOf([&] { reg.createModel(""); }), ErrorKind::BadInput);
        QCOMPARE(kindOf([&] { reg.version("Fraud-Detector", 1); }), ErrorKind::NotFound);
        QCOMPARE(kindOf([&] { reg.version("nope", 1); }), ErrorKind::NotFound);
        QCOMPARE(reg.models().size(), std::size_t(1));
    }

    void aliasesMoveAndRollBackWithHistory()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "aliases"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        reg.createModel("ranker");
        for (int i = 1; i <= 3; ++i) {
            NewVersion v;
            v.artifactFile = artifact("ranker " + std::to_string(i));
            reg.registerVersion("ranker", v, "ci");
        }
        reg.setAlias("ranker", "champion", 1, "ada", "first release");
        reg.setAlias("ranker", "champion", 3, "bob", "better NDCG");
        QCOMPARE(reg.versionByAlias("ranker", "champion").version, 3);
        QCOMPARE(reg.model("ranker")->aliases.at("champion"), 3);
        // Rollback: back to where it pointed before, recorded.
        QCOMPARE(reg.rollback("ranker", "champion", "ada", "latency regression"), 1);
        QCOMPARE(reg.versionByAlias("ranker", "champion").version, 1);
        const auto history = reg.history("ranker");
        const AuditEntry &last = history.back();
        QCOMPARE(last.action, std::string("rollback"));
        QCOMPARE(last.subject, std::string("champion"));
        QCOMPARE(last.from.value_or(""), std::string("3"));
        QCOMPARE(last.to.value_or(""), std::string("1"));
        QCOMPARE(last.actor, std::string("ada"));
        QCOMPARE(last.reason, std::string("latency regression"));
        // A fresh alias has nothing to roll back to.
        reg.setAlias("ranker", "challenger", 2);
        QCOMPARE(kindOf([&] { reg.rollback("ranker", "challenger"); }), ErrorKind::Conflict);
        QCOMPARE(kindOf([&] { reg.rollback("ranker", "nope"); }), ErrorKind::NotFound);
        // An archived version takes no alias, and nothing changes when refused.
        reg.transitionStage("ranker", 2, "Archived", false);
        std::string message;
        QCOMPARE(kindOf([&] { reg.setAlias("ranker", "champion", 2); }, &message), ErrorKind::Conflict);
        QVERIFY2(message.find("archived") != std::string::npos, message.c_str());
        QCOMPARE(reg.versionByAlias("ranker", "champion").version, 1);
        reg.removeAlias("ranker", "challenger", "ada", "retired");
        QCOMPARE(kindOf([&] { reg.versionByAlias("ranker", "challenger"); }), ErrorKind::NotFound);
    }

    void stagesArchiveTheOthersWhenAsked()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "stages"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        reg.createModel("m");
        for (int i = 1; i <= 3; ++i) {
            NewVersion v;
            v.artifactFile = artifact("m " + std::to_string(i));
            reg.registerVersion("m", v);
        }
        reg.transitionStage("m", 1, "Production", false);
        reg.transitionStage("m", 2, "Production", false);
        reg.transitionStage("m", 3, "Production", true);
        QCOMPARE(reg.version("m", 1).stage, std::string("Archived"));
        QCOMPARE(reg.version("m", 2).stage, std::string("Archived"));
        QCOMPARE(reg.version("m", 3).stage, std::string("Production"));
        QCOMPARE(kindOf([&] { reg.transitionStage("m", 1, "Prod", false); }), ErrorKind::BadInput);
        int stageEntries = 0;
        for (const auto &e : reg.history("m"))
            stageEntries += e.action == "stage" ? 1 : 0;
        QCOMPARE(stageEntries, 5); // three moves to Production, two archived by the last
    }

    void tamperedArtifactIsRefused()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "tamper"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        reg.createModel("m");
        NewVersion v;
        v.artifactFile = artifact("the real weights");
        reg.registerVersion("m", v);
        const fs::path file = reg.loadArtifact("m", 1);
        QVERIFY(fs::exists(file));
        fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << "swapped weights";
        std::string message;
        QCOMPARE(kindOf([&] { reg.loadArtifact("m", 1); }, &message), ErrorKind::Corrupt);
        QVERIFY2(message.find("version 1 of \"m\"") != std::string::npos, message.c_str());
    }

    void auditIsCompleteAfterThousandRandomOperations()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "random"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        reg.createModel("fuzz");
        for (int i = 1; i <= 5; ++i) {
            NewVersion v;
            v.artifactFile = artifact("fuzz " + std::to_string(i));
            reg.registerVersion("fuzz", v);
        }
        std::mt19937 rng(42);
        int expected = static_cast<int>(reg.history("fuzz").size());
        std::map<std::string, int> aliases;
        for (int op = 0; op < 1000; ++op) {
            const std::string alias = rng() % 2 ? "champion" : "challenger";
            const int version = int(rng() % 5) + 1;
            try {
                switch (rng() % 4) {
                case 0: {
                    const bool same = aliases.count(alias) && aliases[alias] == version;
                    reg.setAlias("fuzz", alias, version);
                    aliases[alias] = version;
                    expected += same ? 0 : 1;
                    break;
                }
                case 1:
                    aliases[alias] = reg.rollback("fuzz", alias);
                    ++expected;
                    break;
                case 2: {
                    const std::string stage = std::vector<std::string>{"None", "Staging", "Production"}[rng() % 3];
                    const bool same = reg.version("fuzz", version).stage == stage;
                    reg.transitionStage("fuzz", version, stage, false);
                    expected += same ? 0 : 1;
                    break;
                }
                case 3:
                    reg.setDescription("fuzz", version, "note " + std::to_string(op));
                    ++expected;
                    break;
                }
            } catch (const Error &e) {
                QVERIFY(e.kind() == ErrorKind::Conflict || e.kind() == ErrorKind::NotFound); // refused: nothing recorded
            }
        }
        QCOMPARE(int(reg.history("fuzz").size()), expected);
        for (const auto &[alias, version] : aliases)
            QCOMPARE(reg.versionByAlias("fuzz", alias).version, version);
    }

    void importsMlflowsRegistry()
    {
        // A copy of the store with its artifacts, as a user moving a store would have.
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "mlflow-copy";
        fs::create_directories(dir);
        fs::copy_file(KEEL_TEST_DATA "/mlflow/mlflow.db", dir / "mlflow.db");
        fs::copy(KEEL_TEST_DATA "/mlflow/artifacts", dir / "artifacts", fs::copy_options::recursive);
        QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow/expected.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray expected = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("registered_models")).toArray();
        QVERIFY(!expected.isEmpty());

        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "mlflow-registry"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        const RegistryImportReport report = importMlflowRegistry(dir / "mlflow.db", reg);
        QVERIFY2(report.warnings.empty(), report.warnings.empty() ? "" : report.warnings.front().c_str());
        QCOMPARE(report.models, int(expected.size()));
        for (const QJsonValue &mv : expected) {
            const QJsonObject m = mv.toObject();
            const std::string name = m.value(QStringLiteral("name")).toString().toStdString();
            auto model = reg.model(name);
            QVERIFY(model);
            QCOMPARE(QString::fromStdString(model->description), m.value(QStringLiteral("description")).toString());
            const QJsonObject modelTags = m.value(QStringLiteral("tags")).toObject();
            QCOMPARE(model->tags.size(), std::size_t(modelTags.size()));
            for (auto it = modelTags.begin(); it != modelTags.end(); ++it)
                QCOMPARE(QString::fromStdString(model->tags[it.key().toStdString()]), it.value().toString());
            const QJsonObject aliases = m.value(QStringLiteral("aliases")).toObject();
            QCOMPARE(model->aliases.size(), std::size_t(aliases.size()));
            for (auto it = aliases.begin(); it != aliases.end(); ++it)
                QCOMPARE(model->aliases[it.key().toStdString()], it.value().toInt());
            const QJsonArray versions = m.value(QStringLiteral("versions")).toArray();
            QCOMPARE(reg.versions(name).size(), std::size_t(versions.size()));
            for (const QJsonValue &vv : versions) {
                const QJsonObject v = vv.toObject();
                const QJsonValue number = v.value(QStringLiteral("version"));
                ModelVersion mine = reg.version(name, number.isString() ? number.toString().toInt() : number.toInt());
                QCOMPARE(QString::fromStdString(mine.stage), v.value(QStringLiteral("current_stage")).toString());
                QCOMPARE(QString::fromStdString(mine.runUuid.value_or("")), v.value(QStringLiteral("run_id")).toString());
                QCOMPARE(QString::fromStdString(mine.source), v.value(QStringLiteral("source")).toString());
                QCOMPARE(QString::fromStdString(mine.description), v.value(QStringLiteral("description")).toString());
                const QJsonObject versionTags = v.value(QStringLiteral("tags")).toObject();
                QCOMPARE(mine.tags.size(), std::size_t(versionTags.size()));
                for (auto it = versionTags.begin(); it != versionTags.end(); ++it)
                    QCOMPARE(QString::fromStdString(mine.tags[it.key().toStdString()]), it.value().toString());
                QVERIFY(mine.metrics.find("accuracy") != std::string::npos); // the run's metrics, as lineage
                reg.loadArtifact(name, mine.version);                       // the model folder, every file checked
            }
            // Every change came in through the audit history.
            bool byImport = true;
            for (const AuditEntry &e : reg.history(name))
                byImport = byImport && e.actor == "mlflow import";
            QVERIFY(byImport);
        }
        // Importing again changes nothing and records nothing.
        const std::size_t entries = reg.history(expected.first().toObject().value(QStringLiteral("name")).toString().toStdString()).size();
        const RegistryImportReport again = importMlflowRegistry(dir / "mlflow.db", reg);
        QCOMPARE(again.versions, 0);
        QCOMPARE(reg.history(expected.first().toObject().value(QStringLiteral("name")).toString().toStdString()).size(), entries);
    }

    void importsMlflowsRegistryFromAServer()
    {
        const QString mlflow = test::findMlflow();
        if (mlflow.isEmpty())
            QSKIP("mlflow is not installed (tests/make_fixtures.sh installs it in tests/.venv, or set KEEL_MLFLOW)");
        // The server reads the store in place, where its artifacts are.
        const fs::path store = fs::path(m_tmp.path().toStdString()) / "served.db";
        fs::copy_file(KEEL_TEST_DATA "/mlflow/mlflow.db", store);
        test::MlflowServer server(mlflow, store);
        QVERIFY2(!server.url().empty(), "mlflow server did not start");
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "rest-registry"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        const RegistryImportReport report = importMlflowRegistryServer(server.url(), reg);
        QVERIFY2(report.warnings.empty(), report.warnings.empty() ? "" : report.warnings.front().c_str());
        QCOMPARE(report.versions, 3);
        QCOMPARE(reg.model("wine-classifier")->aliases.at("champion"), 3);
        QCOMPARE(reg.version("wine-classifier", 2).stage, std::string("Staging"));
        QCOMPARE(reg.version("wine-classifier", 3).tags.at("validated"), std::string("true"));
        QVERIFY(reg.version("wine-classifier", 3).metrics.find("accuracy") != std::string::npos);
        reg.loadArtifact("wine-classifier", 3);
    }

    void concurrentAliasMovesAreAtomic()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "concurrent"));
        {
            ModelRegistry reg(ws->db(), ws->artifacts());
            reg.createModel("shared");
            for (int i = 1; i <= 2; ++i) {
                NewVersion v;
                v.artifactFile = artifact("shared " + std::to_string(i));
                reg.registerVersion("shared", v);
            }
            reg.setAlias("shared", "champion", 1);
        }
        // Two writers, each with its own connection, as two Keel processes would have.
        auto writer = [&](int version, int moves) {
            sql::Database db = ws->openConnection();
            ModelRegistry reg(db, ws->artifacts());
            for (int i = 0; i < moves; ++i) {
                reg.setAlias("shared", "champion", version);
                reg.setAlias("shared", "champion", version == 1 ? 2 : 1);
            }
        };
        std::thread a(writer, 1, 150), b(writer, 2, 150);
        a.join();
        b.join();
        ModelRegistry reg(ws->db(), ws->artifacts());
        // Every recorded move starts where the previous one ended: no lost or torn update.
        std::optional<std::string> at = std::string("1");
        for (const AuditEntry &e : reg.history("shared")) {
            if (e.subject != "champion" || e.action != "alias" || !e.from)
                continue;
            QCOMPARE(e.from, at);
            at = e.to;
        }
        QCOMPARE(std::to_string(reg.versionByAlias("shared", "champion").version), at.value_or(""));
        QCOMPARE(ws->db().pragmaText("integrity_check"), std::string("ok"));
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "tst_registry.moc"
