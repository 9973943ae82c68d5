// The workspace store: creation, migrations, WAL, refusing what it cannot open without
// changing it, and the content-addressed artifact folder.
#include "testsupport.h"

#include "core/error.h"
#include "core/paths.h"
#include "core/sha256.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/workspace.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace keel;
namespace fs = std::filesystem;

class TestStore : public QObject {
    Q_OBJECT

private:
    static ErrorKind errorKindOf(const std::function<void()> &f, std::string *message = nullptr)
    {
        try {
            f();
        } catch (const Error &e) {
            if (message)
                *message = e.what();
            return e.kind();
        }
        return ErrorKind::Internal; // used as "no error" in these tests; none of them expects Internal
    }

    static void writeFile(const fs::path &path, const std::string &content)
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << content;
    }

private Q_SLOTS:
    void createsWorkspaceAtLatestSchema()
    {
        QTemporaryDir tmp;
        const fs::path dir = test::freshPath(tmp.path(), "ws");
        auto ws = store::Workspace::create(dir);
        QCOMPARE(ws->schemaVersion(), store::latestSchemaVersion());
        QVERIFY(fs::exists(dir / "workspace.db"));
        QVERIFY(fs::is_directory(dir / "artifacts"));
        QVERIFY(!fs::exists(dir / ".workspace.db.creating"));
        QCOMPARE(ws->db().pragmaText("journal_mode"), std::string("wal"));
        QCOMPARE(ws->db().pragmaText("foreign_keys"), std::string("1"));
        QCOMPARE(ws->db().pragmaText("application_id"), std::to_string(store::kApplicationId));
        QVERIFY(std::stoi(ws->db().pragmaText("busy_timeout")) > 0);
        auto st = ws->db().prepare("SELECT value FROM workspace_info WHERE key = 'created_by'");
        QVERIFY(st.step());
        QVERIFY(st.text(0).rfind("Keel ", 0) == 0);
    }

    void migratesAnOlderWorkspace()
    {
        QTemporaryDir tmp;
        const fs::path dir = test::freshPath(tmp.path(), "old");
        fs::create_directories(dir);
        {
            // A workspace as schema version 0 would have left it: the header, no tables.
            auto db = sql::Database::open(dir / "workspace.db", sql::Database::Mode::Create);
            db.exec("PRAGMA application_id = " + std::to_string(store::kApplicationId));
        }
        auto ws = store::Workspace::open(dir);
        QCOMPARE(ws->schemaVersion(), store::latestSchemaVersion());
        auto st = ws->db().prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'jobs'");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), 1);
        ws.reset();
        // Reopening applies nothing twice.
        auto again = store::Workspace::open(dir);
        QCOMPARE(again->schemaVersion(), store::latestSchemaVersion());
    }

    void migrationsAreNumberedInOrder()
    {
        int expected = 1;
        for (const store::Migration &m : store::migrations()) {
            QCOMPARE(m.version, expected++);
            QVERIFY(!m.sql.empty());
        }
    }

    void openOrCreateOnMissingAndEmptyFolders()
    {
        QTemporaryDir tmp;
        const fs::path missing = test::freshPath(tmp.path(), "a/b/c");
        QVERIFY(store::Workspace::openOrCreate(missing));
        const fs::path empty = test::freshPath(tmp.path(), "empty");
        fs::create_directories(empty);
        QVERIFY(store::Workspace::openOrCreate(empty));
        QVERIFY(fs::exists(empty / "workspace.db"));
    }

    void refusesFolderThatIsNotAWorkspaceUntouched()
    {
        QTemporaryDir tmp;
        const fs::path dir = test::freshPath(tmp.path(), "photos");
        fs::create_directories(dir);
        writeFile(dir / "holiday.jpg", "not a database");
        const auto before = test::snapshot(dir);
        std::string message;
        QCOMPARE(errorKindOf([&] { store::Workspace::open(dir); }, &message), ErrorKind::BadInput);
        QVERIFY2(message.find("not a Keel workspace") != std::string::npos, message.c_str());
        QCOMPARE(errorKindOf([&] { store::Workspace::openOrCreate(dir); }), ErrorKind::BadInput);
        QCOMPARE(errorKindOf([&] { store::Workspace::create(dir); }), ErrorKind::BadInput);
        QCOMPARE(test::snapshot(dir), before);
        QCOMPARE(errorKindOf([&] { store::Workspace::open(test::freshPath(tmp.path(), "nowhere")); }), ErrorKind::NotFound);
    }

    void refusesOtherSqliteDatabaseUntouched()
    {
        QTemporaryDir tmp;
        const fs::path dir = test::freshPath(tmp.path(), "other");
        fs::create_directories(dir);
        {
            auto db = sql::Database::open(dir / "workspace.db", sql::Database::Mode::Create);
            db.exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)");
        }
        const auto before = test::snapshot(dir);
        std::string message;
        QCOMPARE(errorKindOf([&] { store::Workspace::open(dir); }, &message), ErrorKind::BadInput);
        QVERIFY2(message.find("not a Keel workspace") != std::string::npos, message.c_str());
        QCOMPARE(test::snapshot(dir), before);
    }

    void refusesNewerSchemaUntouched()
    {
        QTemporaryDir tmp;
        const fs::path dir = test::freshPath(tmp.path(), "future");
        {
            auto ws = store::Workspace::create(dir);
            ws->db().setUserVersion(store::latestSchemaVersion() + 7);
        }
        QVERIFY(!fs::exists(dir / "workspace.db-wal")); // closed cleanly
        const auto before = test::snapshot(dir);
        std::string message;
        QCOMPARE(errorKindOf([&] { store::Workspace::open(dir); }, &message), ErrorKind::Conflict);
        QVERIFY2(message.find("newer Keel") != std::string::npos, message.c_str());
        QVERIFY2(message.find(std::to_string(store::latestSchemaVersion() + 7)) != std::string::npos, message.c_str());
        QCOMPARE(test::snapshot(dir), before);
    }

    void refusesCorruptDatabaseUntouched_data()
    {
        QTest::addColumn<int>("damage");
        QTest::newRow("garbage header") << 0;
        QTest::newRow("truncated to 50 bytes") << 1;
        QTest::newRow("pages overwritten") << 2;
        QTest::newRow("empty file") << 3;
    }

    void refusesCorruptDatabaseUntouched()
    {
        QFETCH(int, damage);
        QTemporaryDir tmp;
        const fs::path dir = test::freshPath(tmp.path(), "broken");
        {
            auto ws = store::Workspace::create(dir);
            sql::Transaction tx(ws->db());
            auto &st = ws->db().cached("INSERT INTO jobs (name, device_need, state, submitted_at) VALUES (?1, 'cpu', 'succeeded', 0)");
            for (int i = 0; i < 2000; ++i)
                st.bind(1, "job " + std::to_string(i) + std::string(100, 'x')).run();
            tx.commit();
        }
        const fs::path db = dir / "workspace.db";
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        switch (damage) {
        case 0:
            f.write("This is not SQLite at all", 25);
            break;
        case 1:
            f.close();
            fs::resize_file(db, 50);
            break;
        case 2: {
            // Keep the header (page 1) and overwrite the b-tree pages behind it.
            const std::string junk(fs::file_size(db) - 8192, '\x5a');
            f.seekp(4096);
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()) - 4096);
            break;
        }
        case 3:
            f.close();
            fs::resize_file(db, 0);
            break;
        }
        if (f.is_open())
            f.close();
        const auto before = test::snapshot(dir);
        std::string message;
        const ErrorKind kind = errorKindOf([&] { store::Workspace::open(dir); }, &message);
        QVERIFY2(kind == ErrorKind::Corrupt, message.c_str());
        QVERIFY2(message.find(db.string()) != std::string::npos, message.c_str());
        QCOMPARE(test::snapshot(dir), before);
    }

    void secondConnectionSeesCommittedRows()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        auto other = ws->openConnection();
        {
            sql::Transaction tx(ws->db());
            ws->db().prepare("INSERT INTO workspace_info (key, value) VALUES ('k', 'v')").run();
            // Not visible to the other connection before commit...
            auto st = other.prepare("SELECT count(*) FROM workspace_info WHERE key = 'k'");
            QVERIFY(st.step());
            QCOMPARE(st.int64(0), 0);
            tx.commit();
        }
        auto st = other.prepare("SELECT value FROM workspace_info WHERE key = 'k'");
        QVERIFY(st.step());
        QCOMPARE(st.text(0), std::string("v"));
    }

    void transactionRollsBackOnException()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        try {
            sql::Transaction tx(ws->db());
            ws->db().prepare("INSERT INTO workspace_info (key, value) VALUES ('a', '1')").run();
            ws->db().prepare("INSERT INTO workspace_info (key, value) VALUES ('a', '2')").run(); // duplicate key
            tx.commit();
            QFAIL("a duplicate primary key must throw");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::Conflict);
        }
        auto st = ws->db().prepare("SELECT count(*) FROM workspace_info WHERE key = 'a'");
        QVERIFY(st.step());
        QCOMPARE(st.int64(0), 0);
    }

    void syntaxErrorNamesTheStatement()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        std::string message;
        errorKindOf([&] { ws->db().prepare("SELEC 1"); }, &message);
        QVERIFY2(message.find("SELEC 1") != std::string::npos, message.c_str());
    }

    void artifactsRoundTripAndDeduplicate()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        store::ArtifactStore &artifacts = ws->artifacts();
        const std::string data = "weights \x00\x01\x02 and more" + std::string(100000, 'q');
        const std::string hash = artifacts.put(data);
        QCOMPARE(hash, sha256Hex(data));
        // The known SHA-256 of "abc" (FIPS 180-4 example).
        QCOMPARE(sha256Hex(std::string_view("abc")), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QVERIFY(artifacts.contains(hash));
        QCOMPARE(artifacts.pathFor(hash), ws->dir() / "artifacts" / hash.substr(0, 2) / hash.substr(2));
        const auto bytes = artifacts.read(hash);
        QCOMPARE(std::string(reinterpret_cast<const char *>(bytes.data()), bytes.size()), data);
        QCOMPARE(artifacts.put(data), hash);
        artifacts.verify(hash);
        // No temporary files stay behind.
        int leftovers = 0;
        if (fs::exists(artifacts.root() / "tmp"))
            for ([[maybe_unused]] const auto &e : fs::directory_iterator(artifacts.root() / "tmp"))
                ++leftovers;
        QCOMPARE(leftovers, 0);

        const fs::path source = fs::path(tmp.path().toStdString()) / "model.bin";
        writeFile(source, std::string(3 << 20, 'm'));
        const std::string fileHash = artifacts.putFile(source);
        QCOMPARE(fileHash, sha256File(source));
        artifacts.verify(fileHash);
    }

    void damagedArtifactIsRefused()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        const std::string hash = ws->artifacts().put(std::string_view("the real content"));
        fs::permissions(ws->artifacts().pathFor(hash), fs::perms::owner_write, fs::perm_options::add);
        writeFile(ws->artifacts().pathFor(hash), "tampered content");
        std::string message;
        QCOMPARE(errorKindOf([&] { ws->artifacts().read(hash); }, &message), ErrorKind::Corrupt);
        QVERIFY2(message.find(hash) != std::string::npos, message.c_str());
        QCOMPARE(errorKindOf([&] { ws->artifacts().verify(hash); }), ErrorKind::Corrupt);
        QCOMPARE(errorKindOf([&] { ws->artifacts().read(std::string(64, '0')); }), ErrorKind::NotFound);
        QCOMPARE(errorKindOf([&] { ws->artifacts().read("../../etc/passwd"); }), ErrorKind::BadInput);
    }

    void defaultWorkspaceFollowsXdg()
    {
        const QByteArray saved = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", "/tmp/xdg-data");
        QCOMPARE(defaultWorkspaceDir(), fs::path("/tmp/xdg-data/keel/workspace"));
        qputenv("XDG_DATA_HOME", "relative/path"); // the spec says: ignore a relative one
        QVERIFY(defaultWorkspaceDir().string().find("/.local/share/keel/workspace") != std::string::npos);
        if (saved.isNull())
            qunsetenv("XDG_DATA_HOME");
        else
            qputenv("XDG_DATA_HOME", saved);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
