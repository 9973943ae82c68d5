// KServe's Open Inference Protocol (v2) over registry models: tabular bundles that pipelines
// register, served by alias. Each input tensor is a column (shape [N] or [N, 1]), or one
// [N, D] tensor holds the model's D input columns in order; the answer has "predict" (the
// class or value per row) and, for classifiers, "predict_proba" ([N, classes]).
#include "serve/routes.h"

#include "core/clock.h"
#include "core/error.h"
#include "data/table.h"

#include <httplib.h>

#include <chrono>
#include <set>

namespace keel::serve {

namespace {

const char *datatypeOf(data::ColumnType type)
{
    return type == data::ColumnType::Numerical ? "FP64" : type == data::ColumnType::Boolean ? "BOOL" : "BYTES";
}

RegistryModel &registryModel(Server::State &s, const std::string &name)
{
    const auto it = s.registryModels.find(name);
    if (it == s.registryModels.end()) {
        std::string served;
        for (const auto &[n, m] : s.registryModels)
            served += (served.empty() ? "" : ", ") + n;
        throwError(ErrorKind::NotFound, "no model \"" + name + "\" is served here" + (served.empty() ? std::string() : " (serving " + served + ")"));
    }
    return *it->second;
}

Json modelMetadata(const RegistryModel &m, int version, const pipeline::Bundle &b)
{
    Json inputs = Json::array();
    for (const auto &t : b.transforms)
        inputs.push_back({{"name", t.column}, {"datatype", datatypeOf(t.type)}, {"shape", {-1}}});
    Json outputs = Json::array({{{"name", "predict"}, {"datatype", b.task == "regression" ? "FP64" : "BYTES"}, {"shape", {-1}}}});
    if (b.task != "regression")
        outputs.push_back({{"name", "predict_proba"}, {"datatype", "FP64"}, {"shape", {-1, int(b.classes.size())}}});
    return {{"name", m.name},
            {"versions", {std::to_string(version)}},
            {"platform", "keel-bundle"},
            {"inputs", inputs},
            {"outputs", outputs},
            {"parameters", {{"registered_model", m.model}, {"alias", m.alias}, {"estimator", b.estimator}, {"task", b.task}}}};
}

void infer(Server::State &s, const httplib::Request &req, httplib::Response &res, const std::string &name, std::optional<int> pinned)
{
    const auto started = std::chrono::steady_clock::now();
    RegistryModel &m = registryModel(s, name);
    const Json body = parseBody(req.body);
    // The version is fixed once for the whole request: a move of the alias meanwhile applies to
    // the next request, and this one finishes on the bundle it started with.
    const int version = pinned ? *pinned : s.currentVersion(m);
    const auto bundle = s.bundle(m, version);
    std::vector<std::string> columns;
    for (const auto &t : bundle->transforms)
        columns.push_back(t.column);
    const std::vector<Json> rows = kserveRows(body, columns);
    std::map<std::string, data::ColumnType> types;
    for (const auto &t : bundle->transforms)
        types[t.column] = t.type;
    const std::string id = body.contains("id") && body["id"].is_string() ? body["id"].get<std::string>() : newId("req-");
    const data::Table table = data::tableFromJsonRows(rows, "request " + id, types);
    const pipeline::Prediction p = bundle->predict(table);

    std::set<std::string> wanted;
    if (const auto o = body.find("outputs"); o != body.end()) {
        if (!o->is_array())
            throwError(ErrorKind::BadInput, "'outputs' must be a list of {\"name\": ...}");
        for (const Json &out : *o) {
            if (!out.is_object() || !out.contains("name") || !out["name"].is_string())
                throwError(ErrorKind::BadInput, "each of 'outputs' must be {\"name\": ...}");
            const std::string n = out["name"].get<std::string>();
            if (n != "predict" && !(n == "predict_proba" && bundle->task != "regression"))
                throwError(ErrorKind::BadInput, "no output \"" + n + "\" (this model has predict" +
                                                    std::string(bundle->task != "regression" ? " and predict_proba" : "") + ")");
            wanted.insert(n);
        }
    }
    auto want = [&](const char *n) { return wanted.empty() || wanted.count(n); };
    Json outputs = Json::array();
    std::vector<std::string> logged;
    const std::size_t n = table.rows;
    if (bundle->task == "regression") {
        if (want("predict"))
            outputs.push_back({{"name", "predict"}, {"datatype", "FP64"}, {"shape", {n}}, {"data", p.values}});
        for (double v : p.values)
            logged.push_back(Json(v).dump());
    } else {
        if (want("predict"))
            outputs.push_back({{"name", "predict"}, {"datatype", "BYTES"}, {"shape", {n}}, {"data", p.labels}});
        if (want("predict_proba")) {
            std::string classes;
            for (const auto &c : bundle->classes)
                classes += (classes.empty() ? "" : ",") + c;
            outputs.push_back({{"name", "predict_proba"},
                               {"datatype", "FP64"},
                               {"shape", {n, bundle->classes.size()}},
                               {"parameters", {{"classes", classes}}},
                               {"data", p.probabilities}});
        }
        logged = p.labels;
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    s.inferenceLog->append(m.model, version, pinned ? std::string() : m.alias, id, rows, logged, ms);
    s.metrics.add("keel_predictions_total", {{"model", m.name}, {"version", std::to_string(version)}}, double(n));
    s.metrics.observe("keel_request_duration_seconds", {{"endpoint", "/v2/models/infer"}}, ms / 1000.0);
    res.set_header("X-Keel-Model-Version", std::to_string(version));
    res.set_content(Json{{"model_name", m.name},
                         {"model_version", std::to_string(version)},
                         {"id", id},
                         {"parameters", {{"registered_model", m.model}, {"alias", pinned ? "" : m.alias}}},
                         {"outputs", outputs}}
                        .dump(-1, ' ', false, Json::error_handler_t::replace),
                    "application/json");
}

int versionIn(const std::string &text)
{
    try {
        std::size_t used = 0;
        const int v = std::stoi(text, &used);
        if (used == text.size() && v > 0)
            return v;
    } catch (const std::exception &) {
    }
    throwError(ErrorKind::BadInput, "\"" + text + "\" is not a version number");
}

} // namespace

void installKserveRoutes(Server::State &s)
{
    httplib::Server &http = *s.http;
    http.Get("/v2", [&s](const httplib::Request &, httplib::Response &res) {
        res.set_content(Json{{"name", "keel"}, {"version", "2"}, {"extensions", Json::array()}}.dump(), "application/json");
    });
    http.Get("/v2/health/live", [](const httplib::Request &, httplib::Response &res) {
        res.set_content(Json{{"live", true}}.dump(), "application/json");
    });
    http.Get("/v2/health/ready", [&s](const httplib::Request &, httplib::Response &res) {
        const bool ready = !s.stopping;
        res.status = ready ? 200 : 503;
        res.set_content(Json{{"ready", ready}}.dump(), "application/json");
    });
    http.Get(R"(/v2/models/([^/]+)/ready)", [&s](const httplib::Request &req, httplib::Response &res) {
        guarded(s, req, res, [&] {
            RegistryModel &m = registryModel(s, req.matches[1]);
            const int version = s.currentVersion(m);
            s.bundle(m, version);
            res.set_content(Json{{"name", m.name}, {"ready", true}, {"version", std::to_string(version)}}.dump(), "application/json");
        });
    });
    http.Get(R"(/v2/models/([^/]+)(/versions/([^/]+))?)", [&s](const httplib::Request &req, httplib::Response &res) {
        guarded(s, req, res, [&] {
            RegistryModel &m = registryModel(s, req.matches[1]);
            const int version = req.matches[3].matched ? versionIn(req.matches[3]) : s.currentVersion(m);
            res.set_content(modelMetadata(m, version, *s.bundle(m, version)).dump(), "application/json");
        });
    });
    http.Post(R"(/v2/models/([^/]+)/infer)", [&s](const httplib::Request &req, httplib::Response &res) {
        guarded(s, req, res, [&] { infer(s, req, res, req.matches[1], std::nullopt); });
    });
    http.Post(R"(/v2/models/([^/]+)/versions/([^/]+)/infer)", [&s](const httplib::Request &req, httplib::Response &res) {
        guarded(s, req, res, [&] { infer(s, req, res, req.matches[1], versionIn(req.matches[2])); });
    });
}

} // namespace keel::serve
