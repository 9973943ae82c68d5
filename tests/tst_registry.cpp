// The model registry: immutable versions, aliases and rollback, stages, a complete audit
// history, hash-checked artifacts, and atomic alias moves under concurrent writers; and its
// integrity against what a user's CI and an administrator with the sqlite3 shell do: failed and
// killed registrations that leave nothing, MLflow's name rules, raw SQL with foreign keys off
// (REPLACE, DELETE, UPDATE of the history), a hash-chained history that names the entry
// tampered with, and checks that find deleted artifacts.
#include "testsupport.h"

#include "core/error.h"
#include "core/sha256.h"
#include "registry/mlflowregistryimport.h"
#include "registry/modelregistry.h"
#include "tracking/mlflowimport.h"
#include "tracking/trackingstore.h"
#include "store/artifactstore.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QProcess>
#include <sqlite3.h>
#include <sys/file.h>
#include <fcntl.h>
#include <csignal>
#include <unistd.h>

#include <QFile>
#include <QFileInfo>
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

    // A second connection, as the sqlite3 shell makes it: foreign keys off (its default), no
    // Keel code in between. Returns SQLite's error message, empty when the statement ran.
    static std::string rawSql(const fs::path &workspace, const std::string &sql)
    {
        sqlite3 *db = nullptr;
        sqlite3_open_v2((workspace / "workspace.db").c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
        sqlite3_exec(db, "PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr);
        char *error = nullptr;
        const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
        std::string message = rc == SQLITE_OK ? std::string() : std::string(error ? error : "error");
        sqlite3_free(error);
        sqlite3_close(db);
        return message;
    }

    static std::int64_t count(store::Workspace &ws, const std::string &table)
    {
        auto st = ws.db().prepare("SELECT count(*) FROM " + table);
        st.step();
        return st.int64(0);
    }

private Q_SLOTS:
    void failedRegistrationOfANewModelLeavesNothing()
    {
        const fs::path dir = test::freshPath(m_tmp.path(), "atomic");
        auto ws = store::Workspace::create(dir);
        ModelRegistry reg(ws->db(), ws->artifacts());
        NewVersion missing;
        missing.artifactFile = "/no/such/model.bin";
        QCOMPARE(kindOf([&] { reg.registerVersion("fresh", missing, "ci", true); }), ErrorKind::NotFound);
        QVERIFY(reg.models().empty());
        QCOMPARE(count(*ws, "registry_audit"), 0);
        // A model's first version and the model: together.
        NewVersion v;
        v.artifactFile = artifact("weights");
        QCOMPARE(reg.registerVersion("fresh", v, "ci", true), 1);
        QCOMPARE(reg.history("fresh").size(), std::size_t(2));
        QCOMPARE(reg.history("fresh")[0].action, std::string("create"));
        // The command line: the same.
        const auto r = test::runKeel({QStringLiteral("--workspace"), QString::fromStdString(dir.string()), QStringLiteral("registry"),
                                      QStringLiteral("register"), QStringLiteral("other"), QStringLiteral("/no/such/path")});
        QCOMPARE(r.code, 2);
        QVERIFY(!reg.model("other"));
        QCOMPARE(count(*ws, "registry_audit"), 2);
    }

    // kill -9 while a new model's folder artifact is being stored: no model, no history, and the
    // partial file the killed writer left is removed by the next open, which says so.
    void killedRegistrationLeavesNothingAndItsPartialFileGoes()
    {
        const fs::path dir = test::freshPath(m_tmp.path(), "killed");
        store::Workspace::create(dir);
        const fs::path folder = fs::path(m_tmp.path().toStdString()) / "big-model";
        fs::create_directories(folder);
        const std::string block(1 << 20, 'w');
        for (int f = 0; f < 8; ++f) {
            std::ofstream out(folder / ("shard-" + std::to_string(f) + ".bin"), std::ios::binary);
            for (int mb = 0; mb < 4; ++mb)
                out << block << f << mb;
        }
        QProcess keel;
        keel.start(QStringLiteral(KEEL_BINARY), {QStringLiteral("--workspace"), QString::fromStdString(dir.string()), QStringLiteral("registry"),
                                                 QStringLiteral("register"), QStringLiteral("big"), QString::fromStdString(folder.string())});
        QVERIFY(keel.waitForStarted());
        // Wait until it is writing a part file, then kill it.
        bool writing = false;
        for (int i = 0; i < 20000 && !writing && keel.state() == QProcess::Running; ++i) {
            std::error_code ec;
            for (auto it = fs::directory_iterator(dir / "artifacts" / "tmp", ec); !ec && it != fs::directory_iterator(); it.increment(ec))
                writing = writing || it->path().extension() == ".part";
            if (!writing)
                usleep(500);
        }
        QVERIFY2(writing, "the registration ended before a partial file was seen");
        ::kill(pid_t(keel.processId()), SIGKILL);
        QVERIFY(keel.waitForFinished(10000));
        std::size_t parts = 0;
        for (const auto &e : fs::directory_iterator(dir / "artifacts" / "tmp"))
            parts += e.path().extension() == ".part" ? 1 : 0;
        QVERIFY(parts >= 1);
        // A part file a live writer holds is left alone.
        const fs::path live = dir / "artifacts" / "tmp" / "incoming-live.part";
        const int fd = ::open(live.c_str(), O_WRONLY | O_CREAT, 0644);
        QVERIFY(fd >= 0 && ::flock(fd, LOCK_EX) == 0);
        const auto list = test::runKeel({QStringLiteral("--workspace"), QString::fromStdString(dir.string()), QStringLiteral("registry"), QStringLiteral("list")});
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.contains(QStringLiteral("No registered models yet")), qPrintable(list.out));
        QVERIFY2(list.err.contains(QStringLiteral("removed %1 partial file").arg(parts)), qPrintable(list.err));
        std::vector<fs::path> left;
        for (const auto &e : fs::directory_iterator(dir / "artifacts" / "tmp"))
            left.push_back(e.path());
        QCOMPARE(left, std::vector<fs::path>{live}); // the live one stays
        ::close(fd);
        auto ws = store::Workspace::open(dir);
        QCOMPARE(count(*ws, "registry_audit"), 0);
        QCOMPARE(count(*ws, "registered_models"), 0);
    }

    void namesFollowMlflowsRules()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "mlflow-names"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        NewVersion v;
        v.artifactFile = artifact("n");
        reg.registerVersion("my model", v, "ci", true);
        const auto entries = reg.history("my model").size();
        for (const char *bad : {"my alias", "champion ", " champion", "prod\u2713", "a.b", "latest", "LaTeSt", "v1", "V12", "", "a/b"}) {
            std::string message;
            QCOMPARE(kindOf([&] { reg.setAlias("my model", bad, 1); }, &message), ErrorKind::BadInput);
            QVERIFY(!message.empty());
        }
        QCOMPARE(reg.history("my model").size(), entries);
        QVERIFY(reg.model("my model")->aliases.empty());
        for (const char *good : {"champion", "blue-green_2", "v1beta", "\u00e9quipe", "latest2"})
            reg.setAlias("my model", good, 1);
        QCOMPARE(reg.model("my model")->aliases.size(), std::size_t(5));
        for (const char *bad : {"a/b", "a:b", "   ", ".", "..hidden"}) {
            NewVersion w;
            w.artifactFile = artifact("x");
            QCOMPARE(kindOf([&] { reg.registerVersion(bad, w, "ci", true); }), ErrorKind::BadInput);
            QCOMPARE(kindOf([&] { reg.createModel(bad); }), ErrorKind::BadInput);
        }
        QCOMPARE(reg.models().size(), std::size_t(1));
        const auto r = test::runKeel({QStringLiteral("--workspace"), QString::fromStdString(ws->dir().string()), QStringLiteral("registry"),
                                      QStringLiteral("alias"), QStringLiteral("my model"), QStringLiteral("champion "), QStringLiteral("1")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("invalid alias")), qPrintable(r.err));
    }

    // Raw SQL through a second connection with foreign keys off cannot replace a version, delete
    // a model that has versions, or change or delete the history.
    void theDatabaseRefusesRawSqlThatBreaksTheRegistry()
    {
        const fs::path dir = test::freshPath(m_tmp.path(), "rawsql");
        auto ws = store::Workspace::create(dir);
        ModelRegistry reg(ws->db(), ws->artifacts());
        NewVersion v;
        v.artifactFile = artifact("genuine");
        reg.registerVersion("m", v, "ci", true);
        const std::string genuine = reg.version("m", 1).artifactSha256;
        const std::string forged(64, 'f');
        for (const std::string &sql :
             {"REPLACE INTO model_versions (id, model_id, version, artifact_sha256, created_at) VALUES (1, 1, 1, '" + forged + "', 0)",
              "INSERT OR REPLACE INTO model_versions (model_id, version, artifact_sha256, created_at) VALUES (1, 1, '" + forged + "', 0)",
              std::string("DELETE FROM registered_models WHERE id = 1"),
              std::string("REPLACE INTO registered_models (id, name, name_key, created_at, updated_at) VALUES (1, 'm', 'm', 0, 0)"),
              std::string("UPDATE registry_audit SET reason = 'nothing to see'"), std::string("UPDATE registry_audit SET entry_hash = ''"),
              std::string("DELETE FROM registry_audit WHERE id = 2"),
              std::string("REPLACE INTO registry_audit (id, at, actor, model_id, action) VALUES (1, 0, 'mallory', 1, 'create')")}) {
            const std::string error = rawSql(dir, sql);
            QVERIFY2(!error.empty(), sql.c_str());
        }
        QCOMPARE(reg.version("m", 1).artifactSha256, genuine);
        QCOMPARE(reg.history("m").size(), std::size_t(2));
        QVERIFY(reg.model("m"));
        QVERIFY(!verifyHistoryChain(ws->db()));
    }

    // An administrator who drops the triggers first: the chain names the first entry that no
    // longer matches, and workspace check says so (exit 1).
    void theHistoryChainNamesTheEntryTamperedWith()
    {
        const fs::path dir = test::freshPath(m_tmp.path(), "chain");
        {
            auto ws = store::Workspace::create(dir);
            ModelRegistry reg(ws->db(), ws->artifacts());
            for (int i = 0; i < 3; ++i) {
                NewVersion v;
                v.artifactFile = artifact("c" + std::to_string(i));
                reg.registerVersion("m", v, "ci", true);
            }
            reg.setAlias("m", "champion", 3, "ci", "promoted");
            std::size_t checked = 0;
            QVERIFY(!verifyHistoryChain(ws->db(), &checked));
            QCOMPARE(checked, std::size_t(5)); // create, three registrations, the alias
        }
        const std::string drop = "DROP TRIGGER registry_audit_is_append_only; DROP TRIGGER registry_audit_is_kept; DROP TRIGGER registry_audit_is_not_replaced;";
        QCOMPARE(rawSql(dir, drop), std::string());
        QCOMPARE(rawSql(dir, "UPDATE registry_audit SET reason = 'routine' WHERE id = 5"), std::string());
        auto check = [&] {
            return test::runKeel({QStringLiteral("--workspace"), QString::fromStdString(dir.string()), QStringLiteral("workspace"), QStringLiteral("check")});
        };
        auto r = check();
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("registry history entry 5 (alias")), qPrintable(r.out));
        QCOMPARE(rawSql(dir, "UPDATE registry_audit SET reason = 'promoted' WHERE id = 5"), std::string()); // put back: whole again
        QCOMPARE(check().code, 0);
        QCOMPARE(rawSql(dir, "DELETE FROM registry_audit WHERE id = 3"), std::string());
        r = check();
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("registry history entry 4 ")), qPrintable(r.out)); // the one after the gap
    }

    void archivingAVersionThatHoldsAnAliasIsRefused()
    {
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "archive"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        for (int i = 0; i < 2; ++i) {
            NewVersion v;
            v.artifactFile = artifact("a" + std::to_string(i));
            reg.registerVersion("m", v, "ci", true);
        }
        reg.transitionStage("m", 1, "Production", false);
        reg.setAlias("m", "champion", 1);
        const auto before = reg.history("m").size();
        std::string message;
        QCOMPARE(kindOf([&] { reg.transitionStage("m", 1, "Archived", false); }, &message), ErrorKind::Conflict);
        QVERIFY2(message.find("holds the alias champion") != std::string::npos, message.c_str());
        QCOMPARE(kindOf([&] { reg.transitionStage("m", 2, "Production", true); }), ErrorKind::Conflict); // would archive version 1
        QCOMPARE(reg.version("m", 1).stage, std::string("Production"));
        QCOMPARE(reg.version("m", 2).stage, std::string("None"));
        QCOMPARE(reg.history("m").size(), before);
        reg.removeAlias("m", "champion");
        reg.transitionStage("m", 2, "Production", true);
        QCOMPARE(reg.version("m", 1).stage, std::string("Archived"));
    }

    // workspace check finds a registered version whose artifact file was deleted; registry
    // verify and download refuse a changed one; long descriptions come from a file or stdin.
    void checksFindWhatIsMissingAndVerifyAndDownloadRefuseTampering()
    {
        const fs::path dir = test::freshPath(m_tmp.path(), "missing");
        std::string single, manifest;
        {
            auto ws = store::Workspace::create(dir);
            ModelRegistry reg(ws->db(), ws->artifacts());
            NewVersion v;
            v.artifactFile = artifact("one file");
            reg.registerVersion("m", v, "ci", true);
            const fs::path folder = fs::path(m_tmp.path().toStdString()) / "folder-model";
            fs::create_directories(folder / "sub");
            std::ofstream(folder / "weights.bin") << "w";
            std::ofstream(folder / "sub" / "config.json") << "{}";
            v.artifactFile = folder;
            reg.registerVersion("m", v, "ci");
            reg.setAlias("m", "champion", 2);
            single = reg.version("m", 1).artifactSha256;
            manifest = reg.version("m", 2).artifactSha256;
        }
        auto keel = [&](QStringList args) {
            args.prepend(QString::fromStdString(dir.string()));
            args.prepend(QStringLiteral("--workspace"));
            return test::runKeel(args);
        };
        QCOMPARE(keel({QStringLiteral("workspace"), QStringLiteral("check")}).code, 0);
        QCOMPARE(keel({QStringLiteral("registry"), QStringLiteral("verify"), QStringLiteral("m@champion")}).code, 0);
        const QString dest = QString::fromStdString((fs::path(m_tmp.path().toStdString()) / "deployed").string());
        auto got = keel({QStringLiteral("registry"), QStringLiteral("download"), QStringLiteral("m@champion"), dest});
        QCOMPARE(got.code, 0);
        QVERIFY(QFile::exists(dest + QStringLiteral("/sub/config.json")));
        // A manifest's file deleted: found, and named.
        store::ArtifactStore store(dir / "artifacts");
        const std::string configHash = sha256File(dest.toStdString() + "/sub/config.json");
        fs::remove(store.pathFor(configHash));
        auto r = keel({QStringLiteral("workspace"), QStringLiteral("check")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("registry \"m\" version 2 file sub/config.json: artifact %1 is missing").arg(QString::fromStdString(configHash))),
                 qPrintable(r.out));
        QCOMPARE(keel({QStringLiteral("registry"), QStringLiteral("verify"), QStringLiteral("m/2")}).code, 1);
        // A single-file version's bytes changed: verify and download refuse it.
        const fs::path stored = store.pathFor(single);
        fs::permissions(stored, fs::perms::owner_write, fs::perm_options::add);
        std::ofstream(stored, std::ios::binary | std::ios::trunc) << "swapped";
        r = keel({QStringLiteral("registry"), QStringLiteral("verify"), QStringLiteral("m/1")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("damaged")), qPrintable(r.out));
        r = keel({QStringLiteral("registry"), QStringLiteral("download"), QStringLiteral("m/1"), dest + QStringLiteral("-1")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("refused")), qPrintable(r.err));
        QVERIFY(!QFile::exists(dest + QStringLiteral("-1/artifact")));
        // The history's text shows whole hashes.
        r = keel({QStringLiteral("registry"), QStringLiteral("history"), QStringLiteral("m")});
        QVERIFY2(r.out.contains(QString::fromStdString(manifest)), qPrintable(r.out));
        // A 10 MB description from a file, and one from standard input.
        const QString big = QString::fromStdString((fs::path(m_tmp.path().toStdString()) / "description.md").string());
        {
            std::ofstream out(big.toStdString());
            for (int i = 0; i < 200000; ++i)
                out << "Line " << i << " of a long model card, with **Markdown**.\n";
        }
        QCOMPARE(keel({QStringLiteral("registry"), QStringLiteral("describe"), QStringLiteral("m"), QStringLiteral("--description-file"), big}).code, 0);
        auto ws = store::Workspace::open(dir);
        ModelRegistry reg(ws->db(), ws->artifacts());
        QCOMPARE(reg.model("m")->description.size(), std::size_t(QFileInfo(big).size()));
        QVERIFY(QFileInfo(big).size() > 10'000'000);
        QProcess fromStdin;
        fromStdin.start(QStringLiteral(KEEL_BINARY), {QStringLiteral("--workspace"), QString::fromStdString(dir.string()), QStringLiteral("registry"),
                                                      QStringLiteral("describe"), QStringLiteral("m"), QStringLiteral("2"), QStringLiteral("--description-file"),
                                                      QStringLiteral("-")});
        QVERIFY(fromStdin.waitForStarted());
        fromStdin.write("From *standard input*.");
        fromStdin.closeWriteChannel();
        QVERIFY(fromStdin.waitForFinished(30000));
        QCOMPARE(fromStdin.exitCode(), 0);
        QCOMPARE(reg.version("m", 2).description, std::string("From *standard input*."));
    }

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
        // An archived version holds no alias: it is not archived while it does, and takes none
        // once archived; nothing changes when refused.
        QCOMPARE(kindOf([&] { reg.transitionStage("ranker", 2, "Archived", false); }), ErrorKind::Conflict);
        reg.removeAlias("ranker", "challenger", "ada", "retired");
        QCOMPARE(kindOf([&] { reg.versionByAlias("ranker", "challenger"); }), ErrorKind::NotFound);
        reg.transitionStage("ranker", 2, "Archived", false);
        std::string message;
        QCOMPARE(kindOf([&] { reg.setAlias("ranker", "champion", 2); }, &message), ErrorKind::Conflict);
        QVERIFY2(message.find("archived") != std::string::npos, message.c_str());
        QCOMPARE(reg.versionByAlias("ranker", "champion").version, 1);
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

    // One MLflow store imported at three moments (tests/data/make_mlflow_states.py): an MLflow 3
    // logged model, an alias on an archived version, then deleted versions, changed and deleted
    // tags and descriptions, a removed alias: after each import Keel reads as MLflow's client did.
    void importsFollowEveryChangeOfAnMlflowStore()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "mlflow-states";
        fs::create_directories(dir);
        fs::copy(KEEL_TEST_DATA "/mlflow-states/artifacts", dir / "artifacts", fs::copy_options::recursive); // a moved store
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "followed"));
        ModelRegistry reg(ws->db(), ws->artifacts());
        for (int state = 1; state <= 3; ++state) {
            fs::copy_file(std::string(KEEL_TEST_DATA "/mlflow-states/state") + std::to_string(state) + ".db", dir / "mlflow.db",
                          fs::copy_options::overwrite_existing);
            QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow-states/expected%1.json").arg(state));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QJsonArray expected = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("registered_models")).toArray();
            const RegistryImportReport report = importMlflowRegistry(dir / "mlflow.db", reg);
            QVERIFY2(report.warnings.empty(), report.warnings.empty() ? "" : report.warnings.front().c_str());
            // The logged models themselves, as MLflow's search_logged_models read them.
            {
                f.seek(0);
                const QJsonArray logged = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("logged_models")).toArray();
                tracking::TrackingStore tracking(ws->db(), &ws->artifacts());
                const auto imported = tracking::importMlflowSqlite(dir / "mlflow.db", tracking);
                QCOMPARE(imported.loggedModels, int(logged.size()));
                for (const QJsonValue &lv : logged) {
                    const QJsonObject want = lv.toObject();
                    const auto got = tracking.loggedModel(want.value(QStringLiteral("model_id")).toString().toStdString());
                    QVERIFY(got);
                    QCOMPARE(QString::fromStdString(got->name), want.value(QStringLiteral("name")).toString());
                    QCOMPARE(QString::fromStdString(got->sourceRunUuid), want.value(QStringLiteral("source_run_id")).toString());
                    QCOMPARE(QString::fromStdString(got->status), QStringLiteral("LOGGED_MODEL_") + want.value(QStringLiteral("status")).toString());
                    const QJsonArray metrics = want.value(QStringLiteral("metrics")).toArray();
                    QCOMPARE(got->metrics.size(), std::size_t(metrics.size()));
                    QVERIFY(!metrics.isEmpty()); // each logged model has its train_accuracy
                    for (int i = 0; i < metrics.size(); ++i) {
                        const QJsonObject wm = metrics[i].toObject();
                        QCOMPARE(QString::fromStdString(got->metrics[std::size_t(i)].key), wm.value(QStringLiteral("key")).toString());
                        QCOMPARE(got->metrics[std::size_t(i)].value, wm.value(QStringLiteral("value")).toDouble());
                        QCOMPARE(qint64(got->metrics[std::size_t(i)].step), wm.value(QStringLiteral("step")).toInteger());
                        QCOMPARE(QString::fromStdString(got->metrics[std::size_t(i)].runUuid), wm.value(QStringLiteral("run_id")).toString());
                    }
                    const QJsonObject params = want.value(QStringLiteral("params")).toObject(), tags = want.value(QStringLiteral("tags")).toObject();
                    QCOMPARE(got->params.size(), std::size_t(params.size()));
                    for (auto it = params.begin(); it != params.end(); ++it)
                        QCOMPARE(QString::fromStdString(got->params.at(it.key().toStdString())), it.value().toString());
                    QCOMPARE(got->tags.size(), std::size_t(tags.size()));
                    for (auto it = tags.begin(); it != tags.end(); ++it)
                        QCOMPARE(QString::fromStdString(got->tags.at(it.key().toStdString())), it.value().toString());
                    QVERIFY(!tracking.loggedModelArtifacts(got->id).empty()); // MLmodel and the model file, from the moved store
                }
            }
            for (const QJsonValue &mv : expected) {
                const QJsonObject m = mv.toObject();
                const std::string name = m.value(QStringLiteral("name")).toString().toStdString();
                const auto model = reg.model(name);
                QVERIFY(model);
                const QString where = QStringLiteral("state %1, %2").arg(state).arg(QString::fromStdString(name));
                QVERIFY2(QString::fromStdString(model->description) == m.value(QStringLiteral("description")).toString(), qPrintable(where));
                std::map<std::string, std::string> tags;
                const QJsonObject modelTags = m.value(QStringLiteral("tags")).toObject();
                for (auto it = modelTags.begin(); it != modelTags.end(); ++it)
                    tags[it.key().toStdString()] = it.value().toString().toStdString();
                QVERIFY2(model->tags == tags, qPrintable(where));
                std::map<std::string, int> aliases;
                const QJsonObject a = m.value(QStringLiteral("aliases")).toObject();
                for (auto it = a.begin(); it != a.end(); ++it)
                    aliases[it.key().toStdString()] = it.value().toInt();
                QVERIFY2(model->aliases == aliases, qPrintable(where + QStringLiteral(": aliases")));
                const QJsonArray versions = m.value(QStringLiteral("versions")).toArray();
                const auto kept = reg.versions(name);
                QVERIFY2(kept.size() == std::size_t(versions.size()), qPrintable(where + QStringLiteral(": %1 versions").arg(kept.size())));
                for (std::size_t i = 0; i < kept.size(); ++i) {
                    const QJsonObject v = versions[int(i)].toObject();
                    const ModelVersion &k = kept[i];
                    const QString at = where + QStringLiteral(" version %1").arg(k.version);
                    QCOMPARE(k.version, v.value(QStringLiteral("version")).toInt());
                    QVERIFY2(k.stage == v.value(QStringLiteral("current_stage")).toString().toStdString(), qPrintable(at));
                    QVERIFY2(QString::fromStdString(k.description) == v.value(QStringLiteral("description")).toString(), qPrintable(at));
                    QVERIFY2(k.createdAt == std::int64_t(v.value(QStringLiteral("creation_timestamp")).toDouble()), qPrintable(at));
                    QVERIFY2(QString::fromStdString(k.source) == v.value(QStringLiteral("source")).toString(), qPrintable(at));
                    std::map<std::string, std::string> vtags;
                    const QJsonObject t = v.value(QStringLiteral("tags")).toObject();
                    for (auto it = t.begin(); it != t.end(); ++it)
                        vtags[it.key().toStdString()] = it.value().toString().toStdString();
                    QVERIFY2(k.tags == vtags, qPrintable(at + QStringLiteral(": tags")));
                    QVERIFY(fs::exists(reg.loadArtifact(name, k.version))); // MLflow 3's logged models too
                }
            }
        }
        // The deletions are in Keel's history, and the versions MLflow deleted are gone from view.
        int deletions = 0;
        for (const auto &e : reg.history("classic"))
            deletions += e.action == "delete" ? 1 : 0;
        QCOMPARE(deletions, 2); // version 2, then version 3 (both imported before MLflow deleted them)
        QCOMPARE(kindOf([&] { reg.version("classic", 3); }), ErrorKind::NotFound);
        QVERIFY(!verifyHistoryChain(ws->db()));
        // Importing the same state again changes nothing.
        const auto before = reg.history("classic").size();
        QVERIFY(importMlflowRegistry(dir / "mlflow.db", reg).warnings.empty());
        QCOMPARE(reg.history("classic").size(), before);
    }

    // keel logged-models list|show in MLflow's REST shapes, after keel import mlflow.
    void loggedModelsOnTheCommandLine()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "mlflow-states-cli";
        fs::create_directories(dir);
        fs::copy(KEEL_TEST_DATA "/mlflow-states/artifacts", dir / "artifacts", fs::copy_options::recursive);
        fs::copy_file(KEEL_TEST_DATA "/mlflow-states/state3.db", dir / "mlflow.db");
        QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow-states/expected3.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject want = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("logged_models")).toArray().first().toObject();
        const QString ws = QString::fromStdString(test::freshPath(m_tmp.path(), "logged-cli").string());
        QCOMPARE(test::runKeel({QStringLiteral("workspace"), QStringLiteral("init"), ws}).code, 0);
        const auto imported = test::runKeel({QStringLiteral("import"), QStringLiteral("mlflow"), QString::fromStdString((dir / "mlflow.db").string()),
                                             QStringLiteral("--workspace"), ws});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QVERIFY(imported.out.contains(QStringLiteral("logged models: 3")));
        const auto listed = test::runKeel({QStringLiteral("logged-models"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--workspace"), ws});
        QCOMPARE(listed.code, 0);
        QCOMPARE(QJsonDocument::fromJson(listed.out.toUtf8()).object().value(QStringLiteral("models")).toArray().size(), 3);
        const QString id = want.value(QStringLiteral("model_id")).toString();
        const auto shown = test::runKeel({QStringLiteral("logged-models"), QStringLiteral("show"), id, QStringLiteral("--json"), QStringLiteral("--workspace"), ws});
        QVERIFY2(shown.code == 0, qPrintable(shown.err));
        const QJsonObject model = QJsonDocument::fromJson(shown.out.toUtf8()).object().value(QStringLiteral("model")).toObject();
        const QJsonObject info = model.value(QStringLiteral("info")).toObject();
        QCOMPARE(info.value(QStringLiteral("model_id")).toString(), id);
        QCOMPARE(info.value(QStringLiteral("source_run_id")).toString(), want.value(QStringLiteral("source_run_id")).toString());
        QCOMPARE(info.value(QStringLiteral("status")).toString(), QStringLiteral("LOGGED_MODEL_READY"));
        QCOMPARE(info.value(QStringLiteral("creation_timestamp_ms")).toInteger(), want.value(QStringLiteral("creation_timestamp")).toInteger());
        const QJsonObject data = model.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("params")).toArray().first().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("C"));
        QCOMPARE(data.value(QStringLiteral("metrics")).toArray().first().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("train_accuracy"));
        QVERIFY(model.value(QStringLiteral("artifacts")).toArray().size() >= 2);
        QCOMPARE(test::runKeel({QStringLiteral("logged-models"), QStringLiteral("show"), QStringLiteral("m-nothing"), QStringLiteral("--workspace"), ws}).code, 2);
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

    // The logged models over MLflow's REST API (POST logged-models/search) equal what its client reads.
    void importsLoggedModelsFromAServer()
    {
        const QString mlflow = test::findMlflow();
        if (mlflow.isEmpty())
            QSKIP("mlflow is not installed (tests/make_fixtures.sh installs it in tests/.venv, or set KEEL_MLFLOW)");
        const fs::path store = fs::path(m_tmp.path().toStdString()) / "served-states.db";
        fs::copy_file(KEEL_TEST_DATA "/mlflow-states/state3.db", store);
        test::MlflowServer server(mlflow, store);
        QVERIFY2(!server.url().empty(), "mlflow server did not start");
        QFile f(QStringLiteral(KEEL_TEST_DATA "/mlflow-states/expected3.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray logged = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("logged_models")).toArray();
        auto ws = store::Workspace::create(test::freshPath(m_tmp.path(), "rest-logged"));
        tracking::TrackingStore tracking(ws->db(), &ws->artifacts());
        const auto report = tracking::importMlflowServer(server.url(), tracking);
        QCOMPARE(report.loggedModels, int(logged.size()));
        for (const QJsonValue &lv : logged) {
            const QJsonObject want = lv.toObject();
            const auto got = tracking.loggedModel(want.value(QStringLiteral("model_id")).toString().toStdString());
            QVERIFY(got);
            QCOMPARE(QString::fromStdString(got->sourceRunUuid), want.value(QStringLiteral("source_run_id")).toString());
            QCOMPARE(got->params.size(), std::size_t(want.value(QStringLiteral("params")).toObject().size()));
            QCOMPARE(got->tags.size(), std::size_t(want.value(QStringLiteral("tags")).toObject().size()));
            QCOMPARE(got->metrics.size(), std::size_t(want.value(QStringLiteral("metrics")).toArray().size()));
            QCOMPARE(got->metrics.front().value, want.value(QStringLiteral("metrics")).toArray().first().toObject().value(QStringLiteral("value")).toDouble());
            QCOMPARE(got->createdAt, std::int64_t(want.value(QStringLiteral("creation_timestamp")).toInteger()));
        }
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
