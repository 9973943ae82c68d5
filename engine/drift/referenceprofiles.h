#pragma once

#include "data/table.h"
#include "drift/multivariate.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::sql {
class Database;
}
namespace keel::store {
class ArtifactStore;
}

namespace keel::drift {

// A reference dataset profiled once and kept in the workspace: the table itself in Keel's binary
// form (a content-addressed artifact: every later check loads it instead of parsing the CSV
// again) and a summary per column: numbers' count, missing, min, max, mean, standard deviation,
// quantiles and a Sturges histogram; categories' counts (the 50 most frequent); and what a check
// with the default options would fit on the reference alone (the multivariate PCA).
struct ReferenceProfile {
    std::int64_t id = 0;
    std::string name;
    std::string source;            // the file it was read from
    std::string sourceSha256;
    std::uint64_t sourceSize = 0;
    std::string overrides = "{}";  // JSON: column → type, as read
    std::string tableSha256;
    std::size_t rows = 0;
    std::size_t columns = 0;
    std::string summary;           // JSON
    std::string multivariateFit;   // JSON (MultivariateFit) over the columns a check tests by default; '' when none was made
    std::int64_t createdAt = 0;
    std::string actor;
};

// The summary of each column of `table`, as JSON.
std::string profileSummary(const data::Table &table);

class ReferenceProfiles {
public:
    ReferenceProfiles(sql::Database &db, store::ArtifactStore &artifacts);

    // Reads `file` (with `overrides`), stores it under `name` (replacing an older profile of that
    // name) and returns it. Throws keel::Error for a bad file or name; nothing is stored then.
    ReferenceProfile create(const std::string &name, const std::filesystem::path &file,
                            const std::map<std::string, data::ColumnType> &overrides = {}, const std::string &actor = "");
    std::vector<ReferenceProfile> list();
    // Throws keel::Error (NotFound) naming the profile.
    ReferenceProfile get(const std::string &name);
    // The stored table, its artifact checked against its hash.
    data::Table load(const std::string &name);
    // The stored multivariate fit, when one was made and can be read.
    std::optional<MultivariateFit> multivariateFit(const std::string &name);
    // A profile of this exact file content read with these overrides, if one was made.
    std::optional<ReferenceProfile> findBySource(const std::string &sha256, const std::map<std::string, data::ColumnType> &overrides);

private:
    sql::Database &m_db;
    store::ArtifactStore &m_artifacts;
};

// "profile:NAME" → NAME; anything else → nullopt.
std::optional<std::string> profileName(const std::string &reference);

} // namespace keel::drift
