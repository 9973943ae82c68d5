#pragma once

#include "data/table.h"

#include <string>

namespace keel::sql {
class Database;
}

namespace keel::drift {

// "serve-log:NAME" as current data: the inputs that `keel serve` logged for registry model
// NAME (engine/serve's inference log), as columns typed as a file's columns are, then
// `prediction`, `model_version` and `received_at` (ISO time), oldest first; `lastRows` > 0 keeps
// only the newest rows. Throws keel::Error (NotFound) when nothing was logged.
data::Table readInferenceLog(sql::Database &db, const std::string &model, std::size_t lastRows = 0);

// True for "serve-log:NAME", giving NAME.
bool isInferenceLogSource(const std::string &source, std::string *model = nullptr);

} // namespace keel::drift
