#include "tracking/mlflowimport.h"

#include "core/error.h"
#include "store/database.h"
#include "tracking/trackingstore.h"

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace keel::tracking {
namespace {

// What Keel reads, table by table; present in every MLflow SQL store since 1.x.
const std::map<std::string, std::vector<std::string>> kRequired{
    {"experiments", {"experiment_id", "name", "artifact_location", "lifecycle_stage"}},
    {"experiment_tags", {"key", "value", "experiment_id"}},
    {"runs", {"run_uuid", "name", "source_type", "source_name", "user_id", "status", "start_time", "end_time",
              "source_version", "lifecycle_stage", "artifact_uri", "experiment_id"}},
    {"params", {"key", "value", "run_uuid"}},
    {"tags", {"key", "value", "run_uuid"}},
    {"metrics", {"key", "value", "timestamp", "run_uuid", "step", "is_nan"}},
};

std::set<std::string> columnsOf(sql::Database &db, const std::string &table)
{
    auto st = db.prepare("SELECT name FROM pragma_table_info(?1)");
    st.bind(1, table);
    std::set<std::string> columns;
    while (st.step())
        columns.insert(st.text(0));
    return columns;
}

std::string describe(const fs::path &p, const std::string &revision)
{
    return p.string() + (revision.empty() ? "" : " (MLflow schema revision " + revision + ")");
}

} // namespace

MlflowImportReport importMlflowSqlite(const fs::path &mlflowDb, TrackingStore &store,
                                      const std::function<void(double, const std::string &)> &progress,
                                      const std::function<bool()> &cancelled)
{
    std::error_code ec;
    if (!fs::is_regular_file(mlflowDb, ec))
        throwError(ErrorKind::NotFound, "no MLflow store at " + mlflowDb.string() + " (expected an mlflow.db file)");
    {
        std::ifstream in(mlflowDb, std::ios::binary);
        char header[16] = {};
        in.read(header, sizeof header);
        if (in.gcount() < 16 || std::memcmp(header, "SQLite format 3", 16) != 0)
            throwError(ErrorKind::BadInput, mlflowDb.string() + " is not an SQLite database, so not an MLflow SQLite store");
    }

    MlflowImportReport report;
    report.source = "mlflow:" + fs::weakly_canonical(mlflowDb).string();
    sql::Database src = sql::Database::open(mlflowDb, sql::Database::Mode::ReadOnly);
    try {
        if (!columnsOf(src, "alembic_version").empty()) {
            auto rev = src.prepare("SELECT version_num FROM alembic_version");
            if (rev.step())
                report.schemaRevision = rev.text(0);
        }
        for (const auto &[table, needed] : kRequired) {
            const auto have = columnsOf(src, table);
            if (have.empty())
                throwError(ErrorKind::BadInput, describe(mlflowDb, report.schemaRevision) + " has no table \"" + table +
                                                    "\": not an MLflow tracking store, or a schema Keel cannot read");
            for (const std::string &column : needed) {
                if (!have.count(column))
                    throwError(ErrorKind::BadInput, describe(mlflowDb, report.schemaRevision) + ": table \"" + table +
                                                        "\" has no column \"" + column + "\"; Keel cannot read this schema");
            }
        }
    } catch (const Error &e) {
        if (e.kind() == ErrorKind::BadInput)
            throw;
        // SQLite's own words, without the statement Keel was preparing.
        std::string reason = e.what();
        if (const auto at = reason.rfind("\": "); at != std::string::npos && reason.find("cannot prepare") != std::string::npos)
            reason = reason.substr(at + 3);
        const bool damaged = reason.find("malformed") != std::string::npos || reason.find("not a database") != std::string::npos;
        throwError(ErrorKind::BadInput, describe(mlflowDb, report.schemaRevision) +
                                            (damaged ? " is damaged or incomplete (SQLite says: " + reason + "); copy it again from where MLflow writes it"
                                                     : " cannot be read (SQLite says: " + reason + ")"));
    }
    const bool hasDatasets = !columnsOf(src, "datasets").empty() && !columnsOf(src, "inputs").empty() &&
                             !columnsOf(src, "input_tags").empty();
    const bool hasTimes = columnsOf(src, "experiments").count("creation_time") > 0;

    sql::Database &db = store.db();
    sql::Transaction tx(db);

    // Experiments.
    std::map<std::string, std::int64_t> experimentIds; // MLflow id → Keel id
    {
        auto st = src.prepare(hasTimes ? "SELECT experiment_id, name, COALESCE(artifact_location, ''), "
                                         "COALESCE(lifecycle_stage, 'active'), COALESCE(creation_time, 0), "
                                         "COALESCE(last_update_time, 0) FROM experiments ORDER BY experiment_id"
                                       : "SELECT experiment_id, name, COALESCE(artifact_location, ''), "
                                         "COALESCE(lifecycle_stage, 'active'), 0, 0 FROM experiments ORDER BY experiment_id");
        auto tags = src.prepare("SELECT key, COALESCE(value, '') FROM experiment_tags WHERE experiment_id = ?1");
        while (st.step()) {
            Experiment e;
            e.sourceId = std::to_string(st.int64(0));
            e.name = st.text(1);
            e.artifactLocation = st.text(2);
            e.lifecycleStage = st.text(3) == "deleted" ? "deleted" : "active";
            e.createdAt = st.int64(4);
            e.updatedAt = st.int64(5);
            e.source = report.source;
            tags.bind(1, st.int64(0));
            while (tags.step())
                e.tags[tags.text(0)] = tags.text(1);
            tags.reset();
            experimentIds[e.sourceId] = store.upsertImportedExperiment(e);
            ++report.experiments;
        }
    }

    // Runs, one at a time with everything that belongs to them.
    std::int64_t totalRuns = 0;
    {
        auto count = src.prepare("SELECT count(*) FROM runs");
        count.step();
        totalRuns = count.int64(0);
    }
    auto runs = src.prepare("SELECT run_uuid, COALESCE(name, ''), COALESCE(source_type, ''), COALESCE(source_name, ''), "
                            "COALESCE(user_id, ''), COALESCE(status, 'FINISHED'), start_time, end_time, "
                            "COALESCE(source_version, ''), COALESCE(lifecycle_stage, 'active'), COALESCE(artifact_uri, ''), "
                            "experiment_id FROM runs ORDER BY start_time, run_uuid");
    auto params = src.prepare("SELECT key, value FROM params WHERE run_uuid = ?1");
    auto tags = src.prepare("SELECT key, COALESCE(value, '') FROM tags WHERE run_uuid = ?1");
    auto metrics = src.prepare("SELECT key, step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ?1 ORDER BY key");
    std::optional<sql::Statement> datasets;
    if (hasDatasets) {
        datasets.emplace(src.prepare(
            "SELECT d.name, d.digest, d.dataset_source_type, d.dataset_source, "
            "COALESCE((SELECT t.value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context'), '') "
            "FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id "
            "WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = ?1"));
    }
    std::int64_t done = 0;
    while (runs.step()) {
        if (cancelled && cancelled())
            throwError(ErrorKind::Conflict, "the import was cancelled; the workspace is unchanged");
        Run r;
        r.uuid = runs.text(0);
        r.name = runs.text(1);
        r.sourceType = runs.text(2);
        r.sourceName = runs.text(3);
        r.userId = runs.text(4);
        r.status = runs.text(5);
        r.startTime = runs.optionalInt64(6);
        r.endTime = runs.optionalInt64(7);
        r.sourceVersion = runs.text(8);
        r.lifecycleStage = runs.text(9) == "deleted" ? "deleted" : "active";
        r.artifactUri = runs.text(10);
        const std::string experiment = runs.isNull(11) ? std::string() : std::to_string(runs.int64(11));
        auto exp = experimentIds.find(experiment);
        if (exp == experimentIds.end()) {
            report.warnings.push_back("run " + r.uuid + " belongs to experiment \"" + experiment + "\", which the store does not have; skipped");
            continue;
        }
        if (!isRunStatus(r.status)) {
            report.warnings.push_back("run " + r.uuid + " has status \"" + r.status + "\"; imported as FINISHED");
            r.status = "FINISHED";
        }
        r.experimentId = exp->second;

        std::map<std::string, std::string> runParams, runTags;
        params.bind(1, r.uuid);
        while (params.step())
            runParams[params.text(0)] = params.text(1);
        params.reset();
        tags.bind(1, r.uuid);
        while (tags.step())
            runTags[tags.text(0)] = tags.text(1);
        tags.reset();
        if (auto it = runTags.find("mlflow.parentRunId"); it != runTags.end())
            r.parentUuid = it->second;
        if (r.sourceVersion.empty()) {
            if (auto it = runTags.find("mlflow.source.git.commit"); it != runTags.end())
                r.sourceVersion = it->second;
        }
        if (r.name.empty()) {
            if (auto it = runTags.find("mlflow.runName"); it != runTags.end())
                r.name = it->second; // runs logged by MLflow <= 1.29 keep their name only as a tag
        }
        std::vector<DatasetInput> inputs;
        if (datasets) {
            datasets->bind(1, r.uuid);
            while (datasets->step())
                inputs.push_back({datasets->text(0), datasets->text(1), datasets->text(2), datasets->text(3), datasets->text(4)});
            datasets->reset();
        }

        const std::int64_t runId = store.upsertImportedRun(r);
        store.replaceRunContents(runId, runParams, runTags, inputs);
        if (const fs::path folder = localArtifactFolder(r.artifactUri, mlflowDb.parent_path(), r.uuid); !folder.empty())
            report.artifacts += store.importRunArtifacts(runId, folder);
        report.params += static_cast<std::int64_t>(runParams.size());
        report.tags += static_cast<std::int64_t>(runTags.size());

        metrics.bind(1, r.uuid);
        std::string key;
        std::vector<MetricPoint> points;
        auto flush = [&] {
            if (!points.empty())
                store.appendPoints(runId, key, points);
            report.metricPoints += static_cast<std::int64_t>(points.size());
            points.clear();
        };
        while (metrics.step()) {
            std::string k = metrics.text(0);
            if (k != key) {
                flush();
                key = std::move(k);
            }
            points.push_back({metrics.int64(1), metrics.int64(2), metrics.int64(4) ? std::nan("") : metrics.real(3)});
        }
        flush();
        metrics.reset();
        ++report.runs;
        ++done;
        if (progress)
            progress(totalRuns ? double(done) / double(totalRuns) : 1.0,
                     "run " + std::to_string(done) + " of " + std::to_string(totalRuns));
    }

    // MLflow 3's logged models, with their params, tags, metrics and artifacts.
    if (!columnsOf(src, "logged_models").empty()) {
        auto models = src.prepare("SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, "
                                  "status, COALESCE(lifecycle_stage, 'active'), COALESCE(model_type, ''), COALESCE(source_run_id, ''), "
                                  "COALESCE(status_message, '') FROM logged_models ORDER BY creation_timestamp_ms, model_id");
        auto mparams = src.prepare("SELECT param_key, param_value FROM logged_model_params WHERE model_id = ?1");
        auto mtags = src.prepare("SELECT tag_key, tag_value FROM logged_model_tags WHERE model_id = ?1");
        auto mmetrics = src.prepare("SELECT metric_name, metric_value, metric_step, metric_timestamp_ms, run_id, COALESCE(dataset_name, ''), "
                                    "COALESCE(dataset_digest, '') FROM logged_model_metrics WHERE model_id = ?1 ORDER BY metric_name, metric_timestamp_ms");
        while (models.step()) {
            LoggedModel m;
            m.modelId = models.text(0);
            m.experimentSourceId = std::to_string(models.int64(1));
            auto exp = experimentIds.find(m.experimentSourceId);
            if (exp == experimentIds.end()) {
                report.warnings.push_back("logged model " + m.modelId + " belongs to experiment \"" + m.experimentSourceId + "\", which the store does not have; skipped");
                continue;
            }
            m.experimentId = exp->second;
            m.name = models.text(2);
            m.artifactLocation = models.text(3);
            m.createdAt = models.int64(4);
            m.updatedAt = models.int64(5);
            static const char *const statuses[] = {"LOGGED_MODEL_STATUS_UNSPECIFIED", "LOGGED_MODEL_PENDING", "LOGGED_MODEL_READY", "LOGGED_MODEL_UPLOAD_FAILED"};
            const std::int64_t status = models.int64(6);
            m.status = status >= 0 && status < 4 ? statuses[status] : "LOGGED_MODEL_STATUS_UNSPECIFIED";
            m.lifecycleStage = models.text(7) == "deleted" ? "deleted" : "active";
            m.modelType = models.text(8);
            m.sourceRunUuid = models.text(9);
            m.statusMessage = models.text(10);
            mparams.bind(1, m.modelId);
            while (mparams.step())
                m.params[mparams.text(0)] = mparams.text(1);
            mparams.reset();
            mtags.bind(1, m.modelId);
            while (mtags.step())
                m.tags[mtags.text(0)] = mtags.text(1);
            mtags.reset();
            mmetrics.bind(1, m.modelId);
            while (mmetrics.step())
                m.metrics.push_back({mmetrics.text(0), mmetrics.isNull(1) ? std::nan("") : mmetrics.real(1), mmetrics.int64(2), mmetrics.int64(3),
                                     mmetrics.text(4), mmetrics.text(5), mmetrics.text(6)});
            mmetrics.reset();
            const std::int64_t id = store.upsertImportedLoggedModel(m);
            if (const fs::path folder = localArtifactFolder(m.artifactLocation, mlflowDb.parent_path(), m.modelId); !folder.empty())
                report.artifacts += store.importLoggedModelArtifacts(id, folder);
            ++report.loggedModels;
        }
    }
    tx.commit();
    return report;
}

fs::path localArtifactFolder(const std::string &artifactUri, const fs::path &storeFolder, const std::string &runUuid)
{
    std::string path = artifactUri;
    if (path.rfind("file://", 0) == 0)
        path = path.substr(7);
    if (path.empty() || path.front() != '/')
        return {}; // s3://, gs://, mlflow-artifacts:/ ... are not on this machine
    std::error_code ec;
    if (fs::is_directory(path, ec))
        return path;
    // The store was moved: try ever shorter tails of the recorded path under its folder.
    const fs::path recorded(path);
    std::vector<fs::path> parts(recorded.begin(), recorded.end());
    std::size_t runPart = parts.size();
    for (std::size_t i = 0; i < parts.size(); ++i)
        if (parts[i] == runUuid)
            runPart = i;
    for (std::size_t start = 1; start <= runPart && start < parts.size(); ++start) {
        fs::path candidate = storeFolder;
        for (std::size_t i = start; i < parts.size(); ++i)
            candidate /= parts[i];
        if (fs::is_directory(candidate, ec))
            return candidate;
    }
    return {};
}

std::optional<fs::path> mlflowSqlitePath(const std::string &location)
{
    std::string text = location;
    if (text.rfind("sqlite:///", 0) == 0)
        text = text.substr(std::string("sqlite:///").size() - 1);
    if (text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0)
        return std::nullopt;
    std::error_code ec;
    const fs::path path(text);
    if (fs::is_regular_file(path, ec))
        return path;
    if (fs::is_regular_file(path / "mlflow.db", ec))
        return path / "mlflow.db";
    return std::nullopt;
}

MlflowImportReport importMlflowStore(const std::string &location, TrackingStore &store,
                                     const std::function<void(double, const std::string &)> &progress,
                                     const std::function<bool()> &cancelled)
{
    std::string text = location;
    if (text.rfind("sqlite:///", 0) == 0)
        text = text.substr(std::string("sqlite:///").size() - 1); // keep the leading '/'
    else if (text.rfind("file://", 0) == 0)
        text = text.substr(std::string("file://").size());
    else if (text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0)
        return importMlflowServer(text, store, progress, cancelled);
    const fs::path path(text);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        if (fs::exists(path / "mlflow.db", ec))
            return importMlflowSqlite(path / "mlflow.db", store, progress, cancelled);
        if (isMlflowFileStore(path))
            return importMlflowFileStore(path, store, progress, cancelled);
        if (isMlflowFileStore(path / "mlruns"))
            return importMlflowFileStore(path / "mlruns", store, progress, cancelled);
        throwError(ErrorKind::BadInput, path.string() + " holds neither an mlflow.db nor an MLflow file store (mlruns/)");
    }
    return importMlflowSqlite(path, store, progress, cancelled);
}

} // namespace keel::tracking
