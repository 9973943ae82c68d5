#include "store/workspace.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "keel/version.h"
#include "store/migrations.h"

#include <array>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace keel::store {
namespace {

bool isEmptyDir(const fs::path &dir)
{
    std::error_code ec;
    return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

std::uint32_t bigEndian32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}

// Reads the 100-byte SQLite header (https://www.sqlite.org/fileformat.html) without opening
// the file through SQLite, so nothing can be written while we look.
void checkHeader(const fs::path &db)
{
    std::ifstream in(db, std::ios::binary);
    if (!in)
        throwError(ErrorKind::Io, "cannot read " + db.string() + ": " + systemErrorText(errno));
    std::array<unsigned char, 100> header{};
    in.read(reinterpret_cast<char *>(header.data()), header.size());
    if (in.gcount() < 100 || std::memcmp(header.data(), "SQLite format 3", 16) != 0) {
        throwError(ErrorKind::Corrupt, db.string() +
                                           " is not an SQLite database (damaged, truncated, or another kind of "
                                           "file); the workspace was left as it is");
    }
    const std::uint32_t appId = bigEndian32(header.data() + 68);
    if (appId != static_cast<std::uint32_t>(kApplicationId)) {
        throwError(ErrorKind::BadInput, db.string() + " is an SQLite database but not a Keel workspace "
                                                      "(application_id " + std::to_string(appId) + ")");
    }
}

void checkContent(const fs::path &dbPath)
{
    std::error_code ec;
    const bool hasWal = fs::exists(dbPath.string() + "-wal", ec);
    // With no -wal file the immutable mode reads the file with no locks and no side files;
    // with one (an unclean stop) its pages are part of the database and must be read.
    sql::Database db = sql::Database::open(dbPath, hasWal ? sql::Database::Mode::ReadOnly
                                                          : sql::Database::Mode::Immutable);
    // quick_check reads every page (~0.5 s per 250 MB here): a full check up to 1 GiB; beyond
    // that the schema is read and SQLite reports a damaged page when anything touches it.
    constexpr std::uintmax_t kFullCheckLimit = std::uintmax_t(1) << 30;
    std::error_code sizeError;
    const bool fullCheck = fs::file_size(dbPath, sizeError) <= kFullCheckLimit;
    std::string check;
    try {
        check = fullCheck ? db.pragmaText("quick_check") : (db.pragmaText("schema_version"), std::string("ok"));
        if (!fullCheck)
            db.pragmaText("table_list");
    } catch (const Error &e) {
        throwError(ErrorKind::Corrupt, dbPath.string() + " is damaged (" + e.what() +
                                           "); the workspace was left as it is");
    }
    if (check != "ok") {
        throwError(ErrorKind::Corrupt, dbPath.string() + " is damaged; SQLite's check reports: " +
                                           check.substr(0, 400) + "; the workspace was left as it is");
    }
    const int version = db.userVersion();
    if (version > latestSchemaVersion()) {
        throwError(ErrorKind::Conflict, dbPath.string() + " was written by a newer Keel (schema version " +
                                            std::to_string(version) + "; this Keel knows up to " +
                                            std::to_string(latestSchemaVersion()) +
                                            "); update Keel to open it. Nothing was changed");
    }
}

void fsyncDir(const fs::path &dir)
{
    FILE *f = std::fopen(dir.c_str(), "r");
    if (f) {
        ::fsync(fileno(f));
        std::fclose(f);
    }
}

} // namespace

sql::Database openWorkspaceConnection(const fs::path &databasePath)
{
    sql::Database db = sql::Database::open(databasePath, sql::Database::Mode::ReadWrite);
    const std::string mode = db.pragmaText("journal_mode = WAL");
    if (mode != "wal")
        throwError(ErrorKind::Io, databasePath.string() + ": cannot switch to WAL journal mode (got " + mode + ")");
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA busy_timeout = 10000");
    return db;
}

void Workspace::inspect(const fs::path &dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throwError(ErrorKind::NotFound, "no workspace at " + dir.string() + ": the folder does not exist");
    if (!fs::is_directory(dir, ec))
        throwError(ErrorKind::BadInput, dir.string() + " is a file, not a workspace folder");
    const fs::path dbPath = dir / kDatabaseName;
    if (!fs::exists(dbPath, ec)) {
        throwError(ErrorKind::BadInput, dir.string() + " is not a Keel workspace: it has no " +
                                            std::string(kDatabaseName) + " (choose an empty folder to create one)");
    }
    checkHeader(dbPath);
    checkContent(dbPath);
}

std::unique_ptr<Workspace> Workspace::create(const fs::path &dir)
{
    std::error_code ec;
    if (fs::exists(dir, ec) && !isEmptyDir(dir))
        throwError(ErrorKind::BadInput, "cannot create a workspace in " + dir.string() + ": the folder is not empty");
    fs::create_directories(dir, ec);
    if (ec)
        throwError(ErrorKind::Io, "cannot create " + dir.string() + ": " + ec.message());

    // Build the database under a temporary name and rename it into place, so a failure
    // part-way never leaves a workspace.db that looks complete.
    const fs::path finalPath = dir / kDatabaseName;
    const fs::path tempPath = dir / ".workspace.db.creating";
    fs::remove(tempPath, ec);
    try {
        sql::Database db = sql::Database::open(tempPath, sql::Database::Mode::Create);
        db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        migrate(db);
        auto &info = db.cached("INSERT INTO workspace_info (key, value) VALUES (?1, ?2)");
        info.bindAll("created_at", isoTimeUtc(nowMs())).run();
        info.bindAll("created_by", std::string("Keel ") + KEEL_VERSION).run();
    } catch (...) {
        fs::remove(tempPath, ec);
        throw;
    }
    fs::rename(tempPath, finalPath, ec);
    if (ec)
        throwError(ErrorKind::Io, "cannot create " + finalPath.string() + ": " + ec.message());
    fs::create_directories(dir / "artifacts", ec);
    fsyncDir(dir);
    return open(dir);
}

std::unique_ptr<Workspace> Workspace::open(const fs::path &dir)
{
    inspect(dir);
    sql::Database db = openWorkspaceConnection(dir / kDatabaseName);
    migrate(db);
    std::error_code ec;
    fs::create_directories(dir / "artifacts", ec);
    auto workspace = std::unique_ptr<Workspace>(new Workspace(dir, std::move(db)));
    if (const auto cleaned = workspace->m_artifacts.removeStaleTemporaries(); cleaned.files > 0)
        log::warning("removed " + std::to_string(cleaned.files) + " partial file" + (cleaned.files == 1 ? "" : "s") + " (" +
                     std::to_string(cleaned.bytes) + " bytes) that interrupted writes left in " + (dir / "artifacts" / "tmp").string());
    return workspace;
}

std::unique_ptr<Workspace> Workspace::openOrCreate(const fs::path &dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec) || isEmptyDir(dir))
        return create(dir);
    return open(dir);
}

Workspace::Workspace(fs::path dir, sql::Database db)
    : m_dir(std::move(dir))
    , m_db(std::move(db))
    , m_artifacts(m_dir / "artifacts")
{
}

Workspace::~Workspace() = default;

int Workspace::schemaVersion()
{
    return m_db.userVersion();
}

sql::Database Workspace::openConnection() const
{
    return openWorkspaceConnection(databasePath());
}

} // namespace keel::store
