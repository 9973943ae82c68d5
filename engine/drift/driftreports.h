#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel::sql {
class Database;
}

namespace keel::drift {

struct DriftAnalysis;

// A drift check as kept in the workspace: the files it read (with their SHA-256 at the time),
// its verdict, and the model version it watched, if any.
struct StoredDriftReport {
    std::int64_t id = 0;
    std::int64_t createdAt = 0;
    std::string actor;
    std::string reference;
    std::string referenceSha256;
    std::string current;
    std::string currentSha256;
    std::optional<std::int64_t> modelVersionId;
    std::string model;                 // the version's model and number, when linked
    int version = 0;
    std::size_t columns = 0;
    std::size_t driftedColumns = 0;
    bool datasetDrift = false;
    std::size_t qualityAlerts = 0;
};

// The workspace's drift reports. Each is written whole in one transaction, with its JSON
// (toJson) kept beside the summary; reports are never changed afterwards.
class DriftReports {
public:
    explicit DriftReports(sql::Database &db);

    // Throws keel::Error (NotFound) when `modelVersionId` names no version.
    std::int64_t save(const DriftAnalysis &analysis, std::optional<std::int64_t> modelVersionId, const std::string &actor);
    // Newest first; only those of one model version when given.
    std::vector<StoredDriftReport> list(std::optional<std::int64_t> modelVersionId = std::nullopt, int limit = 100);
    StoredDriftReport get(std::int64_t id);
    std::string json(std::int64_t id);

private:
    sql::Database &m_db;
};

} // namespace keel::drift
