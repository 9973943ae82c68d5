#include "tracking/mlflowimport.h"

#include "core/error.h"
#include "store/database.h"
#include "tracking/trackingstore.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace keel::tracking {
namespace {

// MLflow's enums as its file store writes them (mlflow.entities.RunStatus, SourceType).
std::string runStatus(int code)
{
    switch (code) {
    case 1: return "RUNNING";
    case 2: return "SCHEDULED";
    case 3: return "FINISHED";
    case 4: return "FAILED";
    case 5: return "KILLED";
    default: return "";
    }
}

std::string sourceType(int code)
{
    switch (code) {
    case 1: return "NOTEBOOK";
    case 2: return "JOB";
    case 3: return "PROJECT";
    case 4: return "LOCAL";
    default: return "UNKNOWN";
    }
}

YAML::Node loadYaml(const fs::path &file)
{
    try {
        YAML::Node node = YAML::LoadFile(file.string());
        if (!node.IsMap())
            throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(node.Mark().line + 1 > 0 ? node.Mark().line + 1 : 1) +
                                                ": not an MLflow meta.yaml (it holds \"key: value\" lines, such as experiment_id and name)");
        return node;
    } catch (const YAML::ParserException &e) {
        throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                                            ": not valid YAML (" + e.msg + ")");
    } catch (const YAML::Exception &e) {
        throwError(ErrorKind::BadInput, file.string() + ": cannot be read (" + e.what() + ")");
    }
}

std::string text(const YAML::Node &node, const char *key, const fs::path &file, bool required = false)
{
    const YAML::Node v = node[key];
    if (!v || v.IsNull()) {
        if (required)
            throwError(ErrorKind::BadInput, file.string() + ": field \"" + key + "\" is missing");
        return {};
    }
    if (!v.IsScalar())
        throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(v.Mark().line + 1) + ": field \"" + key + "\" is not a value");
    return v.as<std::string>();
}

std::optional<std::int64_t> integer(const YAML::Node &node, const char *key, const fs::path &file)
{
    const std::string s = text(node, key, file);
    if (s.empty())
        return std::nullopt;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size())
        throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(node[key].Mark().line + 1) + ": field \"" + key +
                                            "\" should be a whole number, not \"" + s + "\"");
    return v;
}

std::string readWhole(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Files under `dir`, keyed by their path relative to it ("a/b" for keys with slashes).
std::map<std::string, fs::path> keyedFiles(const fs::path &dir)
{
    std::map<std::string, fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return out;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file())
            out[fs::relative(it->path(), dir).generic_string()] = it->path();
    }
    return out;
}

// "timestamp value step" per line (older stores omit the step). Junk lines are reported.
std::vector<MetricPoint> readMetricFile(const fs::path &file, std::vector<std::string> &warnings)
{
    std::vector<MetricPoint> points;
    std::ifstream in(file);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty())
            continue;
        std::istringstream fields(line);
        std::string ts, value, step;
        fields >> ts >> value >> step;
        char *end = nullptr;
        MetricPoint p;
        bool ok = !ts.empty() && !value.empty();
        if (ok) {
            p.timestamp = std::strtoll(ts.c_str(), &end, 10);
            ok = *end == '\0';
        }
        if (ok) {
            p.value = std::strtod(value.c_str(), &end); // "nan", "inf" and "-inf" as Python writes them
            ok = *end == '\0';
        }
        if (ok && !step.empty()) {
            p.step = std::strtoll(step.c_str(), &end, 10);
            ok = *end == '\0';
        }
        if (!ok) {
            warnings.push_back(file.string() + ":" + std::to_string(number) + ": expected \"timestamp value step\", got \"" +
                               line.substr(0, 80) + "\"; line skipped");
            continue;
        }
        points.push_back(p);
    }
    return points;
}

struct ExperimentDir {
    fs::path dir;
    bool trashed;
};

} // namespace

bool isMlflowFileStore(const fs::path &folder)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return false;
    if (fs::exists(folder / "0" / "meta.yaml", ec) || fs::exists(folder / ".trash", ec))
        return true;
    for (const auto &entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_directory() && fs::exists(entry.path() / "meta.yaml") && fs::exists(entry.path() / "meta.yaml"))
            return true;
    }
    return false;
}

MlflowImportReport importMlflowFileStore(const fs::path &mlruns, TrackingStore &store,
                                         const std::function<void(double, const std::string &)> &progress,
                                         const std::function<bool()> &cancelled)
{
    std::error_code ec;
    if (!fs::is_directory(mlruns, ec))
        throwError(ErrorKind::NotFound, "no MLflow file store at " + mlruns.string() + " (expected an mlruns/ folder)");
    if (!isMlflowFileStore(mlruns))
        throwError(ErrorKind::BadInput, mlruns.string() + " is not an MLflow file store: no experiment folder with a meta.yaml");

    MlflowImportReport report;
    report.source = "mlflow:" + fs::weakly_canonical(mlruns).string();
    report.schemaRevision = "file store";

    std::vector<ExperimentDir> experiments;
    for (const auto &[root, trashed] : {std::pair{mlruns, false}, std::pair{mlruns / ".trash", true}}) {
        if (!fs::is_directory(root, ec))
            continue;
        for (const auto &entry : fs::directory_iterator(root, ec)) {
            if (entry.is_directory() && entry.path().filename() != ".trash" && fs::exists(entry.path() / "meta.yaml"))
                experiments.push_back({entry.path(), trashed});
        }
    }
    // Count the runs first, for progress.
    std::int64_t totalRuns = 0;
    for (const auto &e : experiments)
        for (const auto &entry : fs::directory_iterator(e.dir, ec))
            totalRuns += entry.is_directory() && fs::exists(entry.path() / "meta.yaml") ? 1 : 0;

    sql::Transaction tx(store.db());
    std::int64_t done = 0;
    for (const ExperimentDir &ed : experiments) {
        Experiment e;
        try {
            const fs::path metaFile = ed.dir / "meta.yaml";
            const YAML::Node meta = loadYaml(metaFile);
            e.sourceId = text(meta, "experiment_id", metaFile, true);
            e.name = text(meta, "name", metaFile, true);
            e.artifactLocation = text(meta, "artifact_location", metaFile);
            e.lifecycleStage = ed.trashed || text(meta, "lifecycle_stage", metaFile) == "deleted" ? "deleted" : "active";
            e.createdAt = integer(meta, "creation_time", metaFile).value_or(0);
            e.updatedAt = integer(meta, "last_update_time", metaFile).value_or(0);
        } catch (const Error &err) {
            // An experiment Keel cannot read is a store Keel cannot read: refused, naming the
            // file and line, before anything is written (the transaction is not committed).
            throwError(ErrorKind::BadInput, std::string(err.what()) + "; nothing was imported");
        }
        e.source = report.source;
        for (const auto &[key, file] : keyedFiles(ed.dir / "tags"))
            e.tags[key] = readWhole(file);
        const std::int64_t experimentId = store.upsertImportedExperiment(e);
        ++report.experiments;

        // Datasets of this experiment, by id.
        std::map<std::string, DatasetInput> datasets;
        for (const auto &entry : fs::directory_iterator(ed.dir / "datasets", ec)) {
            const fs::path metaFile = entry.path() / "meta.yaml";
            if (!fs::exists(metaFile))
                continue;
            try {
                const YAML::Node d = loadYaml(metaFile);
                datasets[entry.path().filename().string()] = {text(d, "name", metaFile), text(d, "digest", metaFile),
                                                              text(d, "source_type", metaFile), text(d, "source", metaFile), {}};
            } catch (const Error &err) {
                report.warnings.push_back(std::string(err.what()) + "; dataset skipped");
            }
        }
        ec.clear();

        for (const auto &entry : fs::directory_iterator(ed.dir, ec)) {
            const fs::path runDir = entry.path();
            const fs::path metaFile = runDir / "meta.yaml";
            if (!entry.is_directory() || !fs::exists(metaFile))
                continue;
            if (cancelled && cancelled())
                throwError(ErrorKind::Conflict, "the import was cancelled; the workspace is unchanged");
            Run r;
            try {
                const YAML::Node meta = loadYaml(metaFile);
                r.uuid = text(meta, "run_id", metaFile);
                if (r.uuid.empty())
                    r.uuid = text(meta, "run_uuid", metaFile, true);
                r.name = text(meta, "run_name", metaFile);
                const auto status = integer(meta, "status", metaFile);
                r.status = runStatus(int(status.value_or(3)));
                if (r.status.empty())
                    throwError(ErrorKind::BadInput, metaFile.string() + ": status " + std::to_string(*status) + " is not one of MLflow's (1-5)");
                r.startTime = integer(meta, "start_time", metaFile);
                r.endTime = integer(meta, "end_time", metaFile);
                r.userId = text(meta, "user_id", metaFile);
                r.lifecycleStage = text(meta, "lifecycle_stage", metaFile) == "deleted" ? "deleted" : "active";
                r.artifactUri = text(meta, "artifact_uri", metaFile);
                r.sourceType = sourceType(int(integer(meta, "source_type", metaFile).value_or(1000)));
                r.sourceName = text(meta, "source_name", metaFile);
                r.sourceVersion = text(meta, "source_version", metaFile);
            } catch (const Error &err) {
                report.warnings.push_back(std::string(err.what()) + "; run skipped");
                continue;
            }
            r.experimentId = experimentId;
            std::map<std::string, std::string> params, tags;
            for (const auto &[key, file] : keyedFiles(runDir / "params"))
                params[key] = readWhole(file);
            for (const auto &[key, file] : keyedFiles(runDir / "tags"))
                tags[key] = readWhole(file);
            if (auto it = tags.find("mlflow.parentRunId"); it != tags.end())
                r.parentUuid = it->second;
            if (r.sourceVersion.empty())
                if (auto it = tags.find("mlflow.source.git.commit"); it != tags.end())
                    r.sourceVersion = it->second;
            if (r.name.empty())
                if (auto it = tags.find("mlflow.runName"); it != tags.end())
                    r.name = it->second;
            std::vector<DatasetInput> inputs;
            for (const auto &input : fs::directory_iterator(runDir / "inputs", ec)) {
                const fs::path inputMeta = input.path() / "meta.yaml";
                if (!fs::exists(inputMeta))
                    continue;
                try {
                    const YAML::Node in = loadYaml(inputMeta);
                    if (text(in, "source_type", inputMeta) != "DATASET")
                        continue;
                    auto d = datasets.find(text(in, "source_id", inputMeta));
                    if (d == datasets.end()) {
                        report.warnings.push_back(inputMeta.string() + ": dataset " + text(in, "source_id", inputMeta) + " is not in the experiment; input skipped");
                        continue;
                    }
                    DatasetInput di = d->second;
                    if (in["tags"] && in["tags"]["mlflow.data.context"])
                        di.context = in["tags"]["mlflow.data.context"].as<std::string>();
                    inputs.push_back(di);
                } catch (const Error &err) {
                    report.warnings.push_back(std::string(err.what()) + "; input skipped");
                }
            }
            ec.clear();
            const std::int64_t runId = store.upsertImportedRun(r);
            store.replaceRunContents(runId, params, tags, inputs);
            // The store's own folder is the one above mlruns/.
            if (const fs::path folder = localArtifactFolder(r.artifactUri, fs::absolute(mlruns).parent_path(), r.uuid); !folder.empty())
                report.artifacts += store.importRunArtifacts(runId, folder);
            report.params += std::int64_t(params.size());
            report.tags += std::int64_t(tags.size());
            for (const auto &[key, file] : keyedFiles(runDir / "metrics")) {
                const auto points = readMetricFile(file, report.warnings);
                store.appendPoints(runId, key, points);
                report.metricPoints += std::int64_t(points.size());
            }
            ++report.runs;
            ++done;
            if (progress)
                progress(totalRuns ? double(done) / double(totalRuns) : 1.0, "run " + std::to_string(done) + " of " + std::to_string(totalRuns));
        }
        ec.clear();

        // MLflow 3's logged models: models/<m-id>/ with meta.yaml, params/, tags/, metrics/, artifacts/.
        for (const auto &entry : fs::directory_iterator(ed.dir / "models", ec)) {
            const fs::path modelDir = entry.path();
            const fs::path metaFile = modelDir / "meta.yaml";
            if (!entry.is_directory() || !fs::exists(metaFile))
                continue;
            LoggedModel m;
            try {
                const YAML::Node meta = loadYaml(metaFile);
                m.modelId = text(meta, "model_id", metaFile, true);
                m.name = text(meta, "name", metaFile);
                m.artifactLocation = text(meta, "artifact_location", metaFile);
                m.createdAt = integer(meta, "creation_timestamp", metaFile).value_or(0);
                m.updatedAt = integer(meta, "last_updated_timestamp", metaFile).value_or(m.createdAt);
                static const char *const statuses[] = {"LOGGED_MODEL_STATUS_UNSPECIFIED", "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY",
                                                       "LOGGED_MODEL_UPLOAD_FAILED"};
                const auto status = integer(meta, "status", metaFile).value_or(0);
                m.status = status >= 0 && status < 4 ? statuses[status] : statuses[0];
                m.sourceRunUuid = text(meta, "source_run_id", metaFile);
                m.modelType = text(meta, "model_type", metaFile);
                m.statusMessage = text(meta, "status_message", metaFile);
                m.lifecycleStage = text(meta, "lifecycle_stage", metaFile) == "deleted" ? "deleted" : "active";
            } catch (const Error &err) {
                report.warnings.push_back(std::string(err.what()) + "; logged model skipped");
                continue;
            }
            if (m.modelType == "null")
                m.modelType.clear();
            if (m.statusMessage == "null")
                m.statusMessage.clear();
            m.experimentId = experimentId;
            m.experimentSourceId = e.sourceId;
            for (const auto &[key, file] : keyedFiles(modelDir / "params"))
                m.params[key] = readWhole(file);
            for (const auto &[key, file] : keyedFiles(modelDir / "tags"))
                m.tags[key] = readWhole(file);
            // "timestamp value step run_id [dataset_name dataset_digest]" per line.
            for (const auto &[key, file] : keyedFiles(modelDir / "metrics")) {
                std::istringstream lines(readWhole(file));
                std::string line;
                while (std::getline(lines, line)) {
                    std::istringstream fields(line);
                    LoggedModelMetric x;
                    std::string value;
                    if (!(fields >> x.timestamp >> value >> x.step >> x.runUuid)) {
                        if (line.find_first_not_of(" \t\r") != std::string::npos)
                            report.warnings.push_back(file.string() + ": a line that is not \"timestamp value step run_id\"; skipped");
                        continue;
                    }
                    fields >> x.datasetName >> x.datasetDigest;
                    x.key = key;
                    x.value = std::strtod(value.c_str(), nullptr);
                    m.metrics.push_back(std::move(x));
                }
            }
            const std::int64_t id = store.upsertImportedLoggedModel(m);
            if (const fs::path folder = localArtifactFolder(m.artifactLocation, fs::absolute(mlruns).parent_path(), m.modelId); !folder.empty())
                report.artifacts += store.importLoggedModelArtifacts(id, folder);
            ++report.loggedModels;
        }
        ec.clear();
    }
    tx.commit();
    return report;
}

} // namespace keel::tracking
