#include "store/migrations.h"

#include "core/error.h"
#include "store/database.h"

#include <array>
#include <string>

namespace keel::store {
namespace {

constexpr std::array kMigrations{
    Migration{1, "workspace info and job history", R"sql(
CREATE TABLE workspace_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL DEFAULT '',
    device_need     TEXT    NOT NULL CHECK (device_need IN ('cpu', 'gpu', 'any')),
    device          TEXT,
    priority        INTEGER NOT NULL DEFAULT 0,
    memory_estimate INTEGER NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress        REAL    NOT NULL DEFAULT 0,
    message         TEXT    NOT NULL DEFAULT '',
    error           TEXT,
    submitted_at    INTEGER NOT NULL,
    started_at      INTEGER,
    finished_at     INTEGER,
    owner_pid       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX jobs_by_submitted ON jobs (submitted_at);
CREATE INDEX jobs_by_state ON jobs (state);
)sql"},
};

} // namespace

std::span<const Migration> migrations()
{
    return kMigrations;
}

int latestSchemaVersion()
{
    return kMigrations.back().version;
}

void migrate(sql::Database &db)
{
    const int current = db.userVersion();
    if (current > latestSchemaVersion()) {
        throwError(ErrorKind::Conflict, db.path().string() + " has schema version " + std::to_string(current) +
                                            ", newer than this Keel understands (" +
                                            std::to_string(latestSchemaVersion()) + "); update Keel to open it");
    }
    for (const Migration &step : kMigrations) {
        if (step.version <= current)
            continue;
        sql::Transaction tx(db);
        try {
            db.exec(step.sql);
        } catch (const Error &e) {
            throwError(ErrorKind::Internal, "workspace migration " + std::to_string(step.version) + " (" +
                                                std::string(step.description) + ") failed: " + e.what());
        }
        db.setUserVersion(step.version);
        tx.commit();
    }
}

} // namespace keel::store
