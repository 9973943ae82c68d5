#pragma once

#include "store/artifactstore.h"
#include "store/database.h"

#include <filesystem>
#include <memory>
#include <string>

namespace keel::store {

// A workspace is a folder: workspace.db (every record) and artifacts/ (content-addressed
// blobs). Opening never changes a folder it refuses: a folder that is not a workspace, a
// database from a newer Keel, or a damaged file is reported and left as it was.
class Workspace {
public:
    static constexpr const char *kDatabaseName = "workspace.db";

    // The folder must not exist yet, or be empty.
    static std::unique_ptr<Workspace> create(const std::filesystem::path &dir);
    // The folder must hold a workspace this Keel can read; older schemas are migrated.
    static std::unique_ptr<Workspace> open(const std::filesystem::path &dir);
    // create() for a missing or empty folder, open() otherwise.
    static std::unique_ptr<Workspace> openOrCreate(const std::filesystem::path &dir);

    // Checks that open() would accept the folder, touching nothing. Throws keel::Error.
    static void inspect(const std::filesystem::path &dir);

    ~Workspace();

    const std::filesystem::path &dir() const { return m_dir; }
    std::filesystem::path databasePath() const { return m_dir / kDatabaseName; }
    int schemaVersion();

    // The connection of the thread that opened the workspace.
    sql::Database &db() { return m_db; }
    // A new connection to the same database, for another thread.
    sql::Database openConnection() const;

    ArtifactStore &artifacts() { return m_artifacts; }

private:
    Workspace(std::filesystem::path dir, sql::Database db);

    std::filesystem::path m_dir;
    sql::Database m_db;
    ArtifactStore m_artifacts;
};

// Opens a connection with the pragmas every workspace connection uses (WAL, foreign keys,
// busy timeout, synchronous=NORMAL).
sql::Database openWorkspaceConnection(const std::filesystem::path &databasePath);

} // namespace keel::store
