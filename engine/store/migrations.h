#pragma once

#include <span>
#include <string_view>

namespace keel::sql {
class Database;
}

namespace keel::store {

// One step of the workspace schema. Steps are numbered 1, 2, 3...; a workspace at
// user_version N has had steps 1..N applied. A step is never edited once released:
// change the schema by adding the next one.
struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
};

std::span<const Migration> migrations();
int latestSchemaVersion();

// Applies every step above the database's user_version, each in its own transaction
// together with the new user_version, so a failure leaves the last complete version.
void migrate(sql::Database &db);

// 'KEEL' in the database header (PRAGMA application_id), so `file` and Keel itself can
// tell a workspace database from any other SQLite file.
inline constexpr int kApplicationId = 0x4B45454C;

} // namespace keel::store
