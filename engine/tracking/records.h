#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::tracking {

// The records of experiment tracking, shaped after MLflow's so that MLflow stores map onto
// them field by field. Times are milliseconds since the Unix epoch, as MLflow stores them.

struct Experiment {
    std::int64_t id = 0;
    std::string name;
    std::string artifactLocation;
    std::string lifecycleStage = "active";
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
    std::string source = "keel";         // "keel", or "mlflow:<store>" when imported
    std::string sourceId;                // the experiment id in that store
    std::map<std::string, std::string> tags;
};

struct Run {
    std::int64_t id = 0;
    std::string uuid;                    // MLflow's run_id
    std::int64_t experimentId = 0;
    std::string name;
    std::string status = "RUNNING";      // RUNNING, SCHEDULED, FINISHED, FAILED, KILLED
    std::optional<std::int64_t> startTime;
    std::optional<std::int64_t> endTime;
    std::string userId;
    std::string sourceType;
    std::string sourceName;
    std::string sourceVersion;           // the git commit, when given
    std::string lifecycleStage = "active";
    std::string artifactUri;
    std::optional<std::string> parentUuid;
};

// One logged value. NaN and ±Inf are kept as such.
struct Metric {
    std::string key;
    double value = 0.0;
    std::int64_t timestamp = 0;
    std::int64_t step = 0;
};

struct MetricPoint {
    std::int64_t step = 0;
    std::int64_t timestamp = 0;
    double value = 0.0;
    bool operator==(const MetricPoint &) const = default;
};

struct DatasetInput {
    std::string name;
    std::string digest;
    std::string sourceType;
    std::string source;
    std::string context;                 // "training", "eval", ...
};

struct RunArtifact {
    std::string path;     // inside the run's artifact folder: "model/coefficients.json"
    std::string sha256;   // where the bytes are in the workspace's artifact store
    std::uint64_t size = 0;
};

struct RunData {
    Run run;
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> tags;
    std::map<std::string, Metric> latestMetrics;
    std::vector<DatasetInput> datasets;
    std::vector<RunArtifact> artifacts;
};

inline bool isRunStatus(const std::string &s)
{
    return s == "RUNNING" || s == "SCHEDULED" || s == "FINISHED" || s == "FAILED" || s == "KILLED";
}

// An MLflow 3 logged model: a model with its own id (m-...), logged from a run, that registered
// model versions point at (models:/m-...). Kept as MLflow's client reads it.
struct LoggedModelMetric {
    std::string key;
    double value = 0;
    std::int64_t step = 0;
    std::int64_t timestamp = 0;
    std::string runUuid;
    std::string datasetName, datasetDigest;
};

struct LoggedModel {
    std::int64_t id = 0;
    std::string modelId;                 // MLflow's "m-..."
    std::int64_t experimentId = 0;       // Keel's experiment
    std::string experimentSourceId;      // MLflow's experiment id
    std::string name;
    std::string artifactLocation;
    std::int64_t createdAt = 0, updatedAt = 0;
    std::string status = "LOGGED_MODEL_READY";   // MLflow's LoggedModelStatus name
    std::string statusMessage;
    std::string lifecycleStage = "active";
    std::string modelType;
    std::string sourceRunUuid;
    std::map<std::string, std::string> params, tags;
    std::vector<LoggedModelMetric> metrics;
};

struct LoggedModelArtifact {
    std::string path;
    std::string sha256;
    std::int64_t size = 0;
};

} // namespace keel::tracking
