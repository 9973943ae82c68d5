#pragma once

#include "tracking/records.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace keel::sql {
class Database;
}
namespace keel::store {
class ArtifactStore;
}

namespace keel::tracking {

struct SearchQuery;
struct SearchResult;

// Experiments, runs, params, tags and metric series in a workspace database. Writes go in
// batches, one transaction each: a batch is stored whole or not at all.
class TrackingStore {
public:
    // With an artifact store, runs' files can be stored (content-addressed) and read back.
    explicit TrackingStore(sql::Database &db, store::ArtifactStore *artifacts = nullptr);

    // Throws keel::Error (Conflict) when an experiment of that name exists for `source`.
    std::int64_t createExperiment(const std::string &name, const std::map<std::string, std::string> &tags = {},
                                  const std::string &artifactLocation = {});
    std::optional<Experiment> experiment(std::int64_t id);
    std::optional<Experiment> experimentByName(const std::string &name, const std::string &source = "keel");
    std::vector<Experiment> experiments(bool includeDeleted = false);

    // Returns the new run's uuid (32 hex digits, as MLflow's run ids).
    std::string createRun(std::int64_t experimentId, const std::string &name = {}, std::optional<std::int64_t> startTime = {},
                          const std::string &userId = {}, const std::optional<std::string> &parentUuid = {});
    // Params are immutable: logging a key again with another value throws keel::Error
    // (Conflict) and nothing of the batch is stored.
    void logBatch(const std::string &runUuid, std::span<const Metric> metrics, std::span<const std::pair<std::string, std::string>> params = {},
                  std::span<const std::pair<std::string, std::string>> tags = {});
    void logDatasets(const std::string &runUuid, std::span<const DatasetInput> inputs);
    void setRunStatus(const std::string &runUuid, const std::string &status, std::optional<std::int64_t> endTime);

    std::optional<RunData> run(const std::string &runUuid);
    std::vector<std::string> metricKeys(const std::string &runUuid);
    // Every point of one series, by step then timestamp.
    std::vector<MetricPoint> metricHistory(const std::string &runUuid, const std::string &key);
    // At most maxPoints of one series for a chart of its whole step range, every bucket's lowest
    // and highest point kept (as downsampleMinMax): a long series is read from its stored
    // overview (metric_buckets), a short one whole. Empty without the series.
    std::vector<MetricPoint> metricOverview(const std::string &runUuid, const std::string &key, std::size_t maxPoints);
    // Points in the series (metric_series.points); 0 without it.
    std::int64_t metricPointCount(const std::string &runUuid, const std::string &key);

    SearchResult search(const SearchQuery &query);

    // For importers writing runs with their own ids and times; the caller holds a transaction.
    std::int64_t upsertImportedExperiment(const Experiment &experiment);
    std::int64_t upsertImportedRun(const Run &run);
    void replaceRunContents(std::int64_t runId, const std::map<std::string, std::string> &params,
                            const std::map<std::string, std::string> &tags, std::span<const DatasetInput> datasets);
    // Adds points to (run, key); `points` need not be sorted. Refreshes the latest value and
    // the series' overview.
    void appendPoints(std::int64_t runId, const std::string &key, std::span<const MetricPoint> points);

    // Copies every file under `folder` into the artifact store and records it for the run
    // (replacing what the run had). Returns how many files; 0 without an artifact store.
    int importRunArtifacts(std::int64_t runId, const std::filesystem::path &folder);
    store::ArtifactStore *artifactStore() { return m_artifacts; }

    // MLflow 3 logged models, as importers write them (the caller holds a transaction): the
    // model by its MLflow id, its params, tags and metrics replaced by the ones given.
    std::int64_t upsertImportedLoggedModel(const LoggedModel &model);
    // Copies every file under `folder` into the artifact store for the logged model.
    int importLoggedModelArtifacts(std::int64_t loggedModelId, const std::filesystem::path &folder);
    // Every logged model (of one experiment, given Keel's id), newest first, with params, tags, metrics.
    std::vector<LoggedModel> loggedModels(std::optional<std::int64_t> experimentId = std::nullopt);
    std::optional<LoggedModel> loggedModel(const std::string &modelId);
    std::vector<LoggedModelArtifact> loggedModelArtifacts(std::int64_t loggedModelId);

    sql::Database &db() { return m_db; }

private:
    std::int64_t runIdOf(const std::string &runUuid);
    std::int64_t seriesId(std::int64_t runId, const std::string &key);
    void updateBuckets(std::int64_t seriesId, std::span<const MetricPoint> points);

    sql::Database &m_db;
    store::ArtifactStore *m_artifacts = nullptr;
};

std::string newRunUuid();

// What the runs of an experiment logged as their cost: the latest `cost_usd` of each active run
// (pipeline runs, eval runs, and any MLflow run that logs one), and `gpu_seconds` likewise.
struct ExperimentCost {
    std::int64_t experimentId = 0;
    std::string name;
    int runs = 0;               // runs with a cost
    double costUsd = 0;
    double gpuSeconds = 0;
};
// Active experiments with any cost, the most expensive first.
std::vector<ExperimentCost> costsByExperiment(sql::Database &db);

} // namespace keel::tracking
