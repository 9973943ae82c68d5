#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
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
    int artifacts = 0;                // files copied into the workspace's artifact store
    int loggedModels = 0;             // MLflow 3 logged models
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

// Imports an MLflow file store (the mlruns/ folder: meta.yaml files, metrics/<key> lines
// "timestamp value step", params/, tags/, datasets/ and inputs/), deleted experiments in
// .trash/ included. A malformed meta.yaml or a junk metric line is reported (file, line) in
// the warnings and skipped; the rest still loads. One transaction, like the SQLite import.
MlflowImportReport importMlflowFileStore(const std::filesystem::path &mlruns, TrackingStore &store,
                                         const std::function<void(double, const std::string &)> &progress = {},
                                         const std::function<bool()> &cancelled = {});

// True when the folder looks like an MLflow file store (mlruns/).
bool isMlflowFileStore(const std::filesystem::path &folder);

// Reads an MLflow tracking server over its REST API (experiments/search, runs/search with
// paging, metrics/get-history) and imports what it returns. Everything is fetched first and
// written in one transaction after, so a server that fails part-way changes nothing; a
// history that cannot be fetched for one run is a warning and the rest loads. Credentials come
// from MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, as
// MLflow's client reads them.
MlflowImportReport importMlflowServer(const std::string &baseUrl, TrackingStore &store,
                                      const std::function<void(double, const std::string &)> &progress = {},
                                      const std::function<bool()> &cancelled = {}, int timeoutSeconds = 30);

// A run's artifact folder on this machine: the artifact URI as MLflow recorded it (a local
// path or file://), or, for a store that was moved or copied, the same path re-rooted under
// the store's own folder. Empty when neither exists (remote artifact stores: s3://, ...).
// A re-rooted path must still name the run (its id is one of the path's folders), so a run
// without artifacts never borrows another folder.
std::filesystem::path localArtifactFolder(const std::string &artifactUri, const std::filesystem::path &storeFolder,
                                          const std::string &runUuid);

// The mlflow.db that `location` names (a file, sqlite:///path, a folder holding one), if any.
std::optional<std::filesystem::path> mlflowSqlitePath(const std::string &location);

// Any of them, by what `location` is: an http(s):// server, an mlflow.db file,
// "sqlite:///path", a folder holding mlflow.db, or an mlruns/ folder. Throws keel::Error naming the path otherwise.
MlflowImportReport importMlflowStore(const std::string &location, TrackingStore &store,
                                     const std::function<void(double, const std::string &)> &progress = {},
                                     const std::function<bool()> &cancelled = {});

} // namespace keel::tracking
