#include "tracking/mlflowimport.h"

#include "core/error.h"
#include "store/database.h"
#include "tracking/trackingstore.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>

using json = nlohmann::json;

namespace keel::tracking {
namespace {

// One libcurl easy handle, reused for every request of an import.
class Http {
public:
    Http(std::string base, int timeoutSeconds)
        : m_base(std::move(base))
        , m_timeout(timeoutSeconds)
    {
        while (!m_base.empty() && m_base.back() == '/')
            m_base.pop_back();
        static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
        (void)initialised;
        m_curl = curl_easy_init();
        if (!m_curl)
            throwError(ErrorKind::Internal, "libcurl could not start");
        if (const char *token = std::getenv("MLFLOW_TRACKING_TOKEN"); token && *token)
            m_headers = curl_slist_append(m_headers, ("Authorization: Bearer " + std::string(token)).c_str());
        m_headers = curl_slist_append(m_headers, "Content-Type: application/json");
        m_headers = curl_slist_append(m_headers, "Accept: application/json");
    }
    ~Http()
    {
        curl_slist_free_all(m_headers);
        curl_easy_cleanup(m_curl);
    }
    Http(const Http &) = delete;
    Http &operator=(const Http &) = delete;

    json post(const std::string &endpoint, const json &body) { return request(endpoint, body.dump()); }

    json get(const std::string &endpoint, const std::map<std::string, std::string> &query)
    {
        std::string url = endpoint + "?";
        for (const auto &[k, v] : query) {
            char *escaped = curl_easy_escape(m_curl, v.c_str(), int(v.size()));
            url += k + "=" + escaped + "&";
            curl_free(escaped);
        }
        url.pop_back();
        return request(url, std::nullopt);
    }

private:
    static size_t collect(char *data, size_t size, size_t count, void *out)
    {
        static_cast<std::string *>(out)->append(data, size * count);
        return size * count;
    }

    json request(const std::string &endpoint, const std::optional<std::string> &body)
    {
        const std::string url = m_base + endpoint;
        const std::string what = (body ? "POST " : "GET ") + m_base + endpoint.substr(0, endpoint.find('?'));
        std::string response;
        curl_easy_reset(m_curl);
        curl_easy_setopt(m_curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, m_headers);
        curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, &Http::collect);
        curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &response);
        curl_easy_setopt(m_curl, CURLOPT_TIMEOUT, long(m_timeout));
        curl_easy_setopt(m_curl, CURLOPT_CONNECTTIMEOUT, long(std::min(m_timeout, 10)));
        curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
        const char *user = std::getenv("MLFLOW_TRACKING_USERNAME");
        const char *password = std::getenv("MLFLOW_TRACKING_PASSWORD");
        if (user && *user) {
            curl_easy_setopt(m_curl, CURLOPT_USERNAME, user);
            curl_easy_setopt(m_curl, CURLOPT_PASSWORD, password ? password : "");
        }
        if (body) {
            curl_easy_setopt(m_curl, CURLOPT_POST, 1L);
            curl_easy_setopt(m_curl, CURLOPT_POSTFIELDS, body->c_str());
            curl_easy_setopt(m_curl, CURLOPT_POSTFIELDSIZE, long(body->size()));
        }
        const CURLcode rc = curl_easy_perform(m_curl);
        if (rc != CURLE_OK) {
            throwError(ErrorKind::Io, what + ": " + curl_easy_strerror(rc) +
                                          (rc == CURLE_OPERATION_TIMEDOUT ? " (after " + std::to_string(m_timeout) + " s)" : std::string()));
        }
        long status = 0;
        curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &status);
        json parsed;
        try {
            parsed = json::parse(response.empty() ? "{}" : response);
        } catch (const json::exception &) {
            if (status >= 400)
                throwError(ErrorKind::Io, what + ": HTTP " + std::to_string(status) + ": " + response.substr(0, 200));
            throwError(ErrorKind::BadInput, what + ": the answer is not JSON: " + response.substr(0, 200));
        }
        if (status >= 400) {
            const std::string code = parsed.value("error_code", std::string());
            const std::string message = parsed.value("message", response.substr(0, 200));
            throwError(status == 404 ? ErrorKind::NotFound : ErrorKind::Io,
                       what + ": HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code) + ": " + message);
        }
        return parsed;
    }

    std::string m_base;
    int m_timeout;
    CURL *m_curl = nullptr;
    curl_slist *m_headers = nullptr;
};

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
    Http http(baseUrl, timeoutSeconds);
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
        const json page = http.post("/api/2.0/mlflow/experiments/search", body);
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
            const json page = http.post("/api/2.0/mlflow/runs/search", body);
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
                    const json page = http.get("/api/2.0/mlflow/metrics/get-history", query);
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
    tx.commit();
    if (progress)
        progress(1.0, "imported " + std::to_string(report.runs) + " runs");
    return report;
}

} // namespace keel::tracking
