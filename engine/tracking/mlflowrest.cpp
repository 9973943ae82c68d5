#include "tracking/mlflowimport.h"

#include "core/error.h"
#include "store/database.h"
#include "tracking/trackingstore.h"

#include "tracking/jsonhttp.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

using json = nlohmann::json;

namespace keel::tracking {
namespace {

// Protobuf's JSON writes int64 as strings and non-finite doubles as "NaN", "Infinity".
std::int64_t asInt(const json &v, std::int64_t fallback = 0)
{
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    if (v.is_number())
        return std::int64_t(v.get<double>());
    if (v.is_string())
        return std::strtoll(v.get<std::string>().c_str(), nullptr, 10);
    return fallback;
}

std::optional<std::int64_t> asOptionalInt(const json &object, const char *key)
{
    if (!object.contains(key) || object[key].is_null())
        return std::nullopt;
    return asInt(object[key]);
}

double asDouble(const json &v)
{
    if (v.is_number())
        return v.get<double>();
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s == "NaN")
            return std::numeric_limits<double>::quiet_NaN();
        if (s == "Infinity")
            return std::numeric_limits<double>::infinity();
        if (s == "-Infinity")
            return -std::numeric_limits<double>::infinity();
        return std::strtod(s.c_str(), nullptr);
    }
    return std::numeric_limits<double>::quiet_NaN();
}

std::string str(const json &object, const char *key)
{
    if (!object.contains(key) || object[key].is_null())
        return {};
    return object[key].is_string() ? object[key].get<std::string>() : object[key].dump();
}

std::map<std::string, std::string> keyValues(const json &array)
{
    std::map<std::string, std::string> out;
    if (array.is_array())
        for (const json &kv : array)
            out[str(kv, "key")] = str(kv, "value");
    return out;
}

struct FetchedRun {
    Run run;
    std::string experimentSourceId;
    std::map<std::string, std::string> params, tags;
    std::vector<DatasetInput> datasets;
    std::map<std::string, std::vector<MetricPoint>> history;
};

} // namespace

MlflowImportReport importMlflowServer(const std::string &baseUrl, TrackingStore &store,
                                      const std::function<void(double, const std::string &)> &progress,
                                      const std::function<bool()> &cancelled, int timeoutSeconds)
{
    JsonHttp web(baseUrl, timeoutSeconds);
    auto postJson = [&](const std::string &endpoint, const json &body) { return json::parse(web.post(endpoint, body.dump())); };
    auto getJson = [&](const std::string &endpoint, const std::map<std::string, std::string> &query) {
        return json::parse(web.get(endpoint, query));
    };
    MlflowImportReport report;
    report.source = "mlflow:" + baseUrl;
    report.schemaRevision = "REST API 2.0";
    auto stopIfCancelled = [&] {
        if (cancelled && cancelled())
            throwError(ErrorKind::Conflict, "the import was cancelled; the workspace is unchanged");
    };

    // Experiments, page by page.
    std::vector<Experiment> experiments;
    std::string token;
    do {
        json body{{"max_results", 1000}, {"view_type", "ALL"}};
        if (!token.empty())
            body["page_token"] = token;
        const json page = postJson("/api/2.0/mlflow/experiments/search", body);
        for (const json &e : page.value("experiments", json::array())) {
            Experiment x;
            x.sourceId = str(e, "experiment_id");
            x.name = str(e, "name");
            x.artifactLocation = str(e, "artifact_location");
            x.lifecycleStage = str(e, "lifecycle_stage") == "deleted" ? "deleted" : "active";
            x.createdAt = asOptionalInt(e, "creation_time").value_or(0);
            x.updatedAt = asOptionalInt(e, "last_update_time").value_or(0);
            x.tags = keyValues(e.value("tags", json::array()));
            x.source = report.source;
            experiments.push_back(std::move(x));
        }
        token = page.value("next_page_token", std::string());
    } while (!token.empty());

    // Runs of every experiment, page by page, then each metric's history.
    std::vector<FetchedRun> runs;
    for (const Experiment &e : experiments) {
        token.clear();
        do {
            stopIfCancelled();
            json body{{"experiment_ids", json::array({e.sourceId})}, {"max_results", 1000}, {"run_view_type", "ALL"}};
            if (!token.empty())
                body["page_token"] = token;
            const json page = postJson("/api/2.0/mlflow/runs/search", body);
            for (const json &r : page.value("runs", json::array())) {
                const json &info = r.at("info");
                const json data = r.value("data", json::object());
                FetchedRun f;
                f.run.uuid = str(info, "run_id").empty() ? str(info, "run_uuid") : str(info, "run_id");
                f.run.name = str(info, "run_name");
                f.run.status = str(info, "status");
                if (!isRunStatus(f.run.status))
                    f.run.status = "FINISHED";
                f.run.startTime = asOptionalInt(info, "start_time");
                f.run.endTime = asOptionalInt(info, "end_time");
                f.run.userId = str(info, "user_id");
                f.run.lifecycleStage = str(info, "lifecycle_stage") == "deleted" ? "deleted" : "active";
                f.run.artifactUri = str(info, "artifact_uri");
                f.experimentSourceId = e.sourceId;
                f.params = keyValues(data.value("params", json::array()));
                f.tags = keyValues(data.value("tags", json::array()));
                if (auto it = f.tags.find("mlflow.parentRunId"); it != f.tags.end())
                    f.run.parentUuid = it->second;
                if (auto it = f.tags.find("mlflow.source.git.commit"); it != f.tags.end())
                    f.run.sourceVersion = it->second;
                if (auto it = f.tags.find("mlflow.source.name"); it != f.tags.end())
                    f.run.sourceName = it->second;
                if (auto it = f.tags.find("mlflow.source.type"); it != f.tags.end())
                    f.run.sourceType = it->second;
                if (r.contains("inputs")) {
                    for (const json &di : r["inputs"].value("dataset_inputs", json::array())) {
                        const json d = di.value("dataset", json::object());
                        DatasetInput in{str(d, "name"), str(d, "digest"), str(d, "source_type"), str(d, "source"), {}};
                        in.context = keyValues(di.value("tags", json::array()))["mlflow.data.context"];
                        f.datasets.push_back(in);
                    }
                }
                for (const json &m : data.value("metrics", json::array()))
                    f.history[str(m, "key")];
                runs.push_back(std::move(f));
            }
            token = page.value("next_page_token", std::string());
        } while (!token.empty());
    }
    std::size_t done = 0;
    for (FetchedRun &f : runs) {
        for (auto &[key, points] : f.history) {
            stopIfCancelled();
            try {
                token.clear();
                do {
                    std::map<std::string, std::string> query{{"run_id", f.run.uuid}, {"metric_key", key}, {"max_results", "25000"}};
                    if (!token.empty())
                        query["page_token"] = token;
                    const json page = getJson("/api/2.0/mlflow/metrics/get-history", query);
                    for (const json &m : page.value("metrics", json::array()))
                        points.push_back({asInt(m.value("step", json(0))), asInt(m.value("timestamp", json(0))), asDouble(m.at("value"))});
                    token = page.value("next_page_token", std::string());
                } while (!token.empty());
            } catch (const Error &e) {
                if (e.kind() == ErrorKind::Conflict)
                    throw;
                report.warnings.push_back(std::string(e.what()) + "; metric \"" + key + "\" of run " + f.run.uuid + " skipped");
                points.clear();
            }
        }
        ++done;
        if (progress)
            progress(double(done) / double(runs.size()) * 0.9, "fetched run " + std::to_string(done) + " of " + std::to_string(runs.size()));
    }

    // MLflow 3's logged models (a server before MLflow 3 has no such endpoint: none then).
    std::vector<LoggedModel> loggedModels;
    try {
        for (const Experiment &e : experiments) {
            token.clear();
            do {
                stopIfCancelled();
                json body{{"experiment_ids", json::array({e.sourceId})}, {"max_results", 100}};
                if (!token.empty())
                    body["page_token"] = token;
                const json page = postJson("/api/2.0/mlflow/logged-models/search", body);
                for (const json &lm : page.value("models", json::array())) {
                    const json info = lm.value("info", json::object());
                    const json data = lm.value("data", json::object());
                    LoggedModel m;
                    m.modelId = str(info, "model_id");
                    m.experimentSourceId = e.sourceId;
                    m.name = str(info, "name");
                    m.artifactLocation = str(info, "artifact_uri");
                    m.createdAt = asOptionalInt(info, "creation_timestamp_ms").value_or(0);
                    m.updatedAt = asOptionalInt(info, "last_updated_timestamp_ms").value_or(0);
                    m.status = str(info, "status").empty() ? "LOGGED_MODEL_STATUS_UNSPECIFIED" : str(info, "status");
                    m.statusMessage = str(info, "status_message");
                    m.modelType = str(info, "model_type");
                    m.sourceRunUuid = str(info, "source_run_id");
                    m.tags = keyValues(info.value("tags", json::array()));
                    m.params = keyValues(data.value("params", json::array()));
                    for (const json &x : data.value("metrics", json::array()))
                        m.metrics.push_back({str(x, "key"), asDouble(x.value("value", json(0))), asInt(x.value("step", json(0))),
                                             asInt(x.value("timestamp", json(0))), str(x, "run_id"), str(x, "dataset_name"), str(x, "dataset_digest")});
                    if (!m.modelId.empty())
                        loggedModels.push_back(std::move(m));
                }
                token = page.value("next_page_token", std::string());
            } while (!token.empty());
        }
    } catch (const Error &e) {
        if (e.kind() == ErrorKind::Conflict)
            throw;
        report.warnings.push_back(std::string("logged models not read (") + e.what() + "): a server before MLflow 3 has none");
        loggedModels.clear();
    }

    // Everything is here: write it in one transaction.
    sql::Transaction tx(store.db());
    std::map<std::string, std::int64_t> experimentIds;
    for (const Experiment &e : experiments) {
        experimentIds[e.sourceId] = store.upsertImportedExperiment(e);
        ++report.experiments;
    }
    for (FetchedRun &f : runs) {
        f.run.experimentId = experimentIds.at(f.experimentSourceId);
        const std::int64_t runId = store.upsertImportedRun(f.run);
        store.replaceRunContents(runId, f.params, f.tags, f.datasets);
        report.params += std::int64_t(f.params.size());
        report.tags += std::int64_t(f.tags.size());
        for (const auto &[key, points] : f.history) {
            store.appendPoints(runId, key, points);
            report.metricPoints += std::int64_t(points.size());
        }
        ++report.runs;
    }
    for (LoggedModel &m : loggedModels) {
        m.experimentId = experimentIds.at(m.experimentSourceId);
        store.upsertImportedLoggedModel(m);
        ++report.loggedModels;
    }
    tx.commit();
    if (progress)
        progress(1.0, "imported " + std::to_string(report.runs) + " runs");
    return report;
}

} // namespace keel::tracking
