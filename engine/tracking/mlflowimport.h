#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace keel::tracking {

class TrackingStore;

struct MlflowImportReport {
    std::string source;               // "mlflow:<absolute path of mlflow.db>"
    std::string schemaRevision;       // MLflow's alembic revision of the store
    int experiments = 0;
    int runs = 0;
    std::int64_t params = 0;
    std::int64_t tags = 0;
    std::int64_t metricPoints = 0;
    std::vector<std::string> warnings; // rows skipped, with why
};

// Imports an MLflow SQLite backend store (mlflow.db) into the workspace: experiments with
// their tags, runs with params, tags, every metric point and dataset inputs. Values are
// copied exactly as MLflow stored them (MLflow keeps ±Inf as ±1.7976931348623157e308 and
// NaN as a flag; both arrive as MLflow's own client reads them). Importing the same store
// again updates what it imported before. The whole import is one transaction: if anything
// fails, the workspace is left as it was. The store is opened read-only.
//
// progress(fraction, message) is called now and then; cancelled() is polled between runs.
MlflowImportReport importMlflowSqlite(const std::filesystem::path &mlflowDb, TrackingStore &store,
                                      const std::function<void(double, const std::string &)> &progress = {},
                                      const std::function<bool()> &cancelled = {});

} // namespace keel::tracking
