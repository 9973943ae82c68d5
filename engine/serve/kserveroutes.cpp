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

// A tensor's cells in row-major order, checked against its shape and datatype.
std::vector<Json> cellsOf(const Json &input, const std::string &name, std::vector<std::int64_t> &shape)
{
    shape.clear();
    for (const Json &d : input.at("shape")) {
        if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
            throwError(ErrorKind::BadInput, "input \"" + name + "\": shape must be whole numbers");
        shape.push_back(d.get<std::int64_t>());
    }
    if (shape.empty() || shape.size() > 2)
        throwError(ErrorKind::BadInput, "input \"" + name + "\": shape must be [rows] or [rows, columns]");
    const std::string datatype = input.at("datatype").get<std::string>();
    static const std::set<std::string> numeric{"FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64"};
    if (!numeric.count(datatype) && datatype != "BYTES" && datatype != "BOOL")
        throwError(ErrorKind::BadInput, "input \"" + name + "\": unknown datatype \"" + datatype + "\"");
    std::vector<Json> cells;
    std::function<void(const Json &)> flatten = [&](const Json &v) {
        if (v.is_array()) {
            for (const Json &e : v)
                flatten(e);
            return;
        }
        cells.push_back(v);
    };
    flatten(input.at("data"));
    std::int64_t size = 1;
    for (std::int64_t d : shape)
        size *= d;
    if (std::int64_t(cells.size()) != size)
        throwError(ErrorKind::BadInput, "input \"" + name + "\": " + std::to_string(cells.size()) + " values do not fill shape " + input.at("shape").dump());
    for (const Json &c : cells) {
        const bool ok = c.is_null() || (numeric.count(datatype) ? c.is_number() : datatype == "BOOL" ? c.is_boolean() : c.is_string());
        if (!ok)
            throwError(ErrorKind::BadInput, "input \"" + name + "\": " + c.dump() + " is not a " + datatype + " value");
    }
    return cells;
}

// The request's rows, one JSON object per row with the model's input columns.
std::vector<Json> rowsOf(const Json &body, const pipeline::Bundle &bundle)
{
    const auto inputs = body.find("inputs");
    if (inputs == body.end() || !inputs->is_array() || inputs->empty())
        throwError(ErrorKind::BadInput, "'inputs' must be a non-empty list of tensors");
    std::vector<Json> rows;
    std::vector<std::int64_t> shape;
    auto ensureRows = [&](std::size_t n, const std::string &name) {
        if (rows.empty())
            rows.assign(n, Json::object());
        else if (rows.size() != n)
            throwError(ErrorKind::BadInput, "input \"" + name + "\" has " + std::to_string(n) + " rows, the others " + std::to_string(rows.size()));
    };
    if (inputs->size() == 1) {
        const Json &only = inputs->front();
        const std::string name = only.at("name").get<std::string>();
        std::vector<Json> cells = cellsOf(only, name, shape);
        if (shape.size() == 2 && shape[1] > 1) { // one [N, D] tensor: the model's inputs in order
            if (std::size_t(shape[1]) != bundle.transforms.size())
                throwError(ErrorKind::BadInput, "input \"" + name + "\" has " + std::to_string(shape[1]) + " columns; the model takes " +
                                                    std::to_string(bundle.transforms.size()));
            ensureRows(std::size_t(shape[0]), name);
            for (std::size_t r = 0; r < rows.size(); ++r)
                for (std::size_t c = 0; c < bundle.transforms.size(); ++c)
                    rows[r][bundle.transforms[c].column] = cells[r * bundle.transforms.size() + c];
            return rows;
        }
    }
    for (const Json &input : *inputs) {
        if (!input.is_object())
            throwError(ErrorKind::BadInput, "each input must be an object with name, shape, datatype and data");
        const std::string name = input.at("name").get<std::string>();
        std::vector<Json> cells = cellsOf(input, name, shape);
        if (shape.size() == 2 && shape[1] != 1)
            throwError(ErrorKind::BadInput, "input \"" + name + "\": a column's shape is [rows] or [rows, 1]");
        ensureRows(std::size_t(shape[0]), name);
        for (std::size_t r = 0; r < rows.size(); ++r)
            rows[r][name] = cells[r];
    }
    return rows;
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
    const Json body = parseBody(req);
    // The version is fixed once for the whole request: a move of the alias meanwhile applies to
    // the next request, and this one finishes on the bundle it started with.
    const int version = pinned ? *pinned : s.currentVersion(m);
    const auto bundle = s.bundle(m, version);
    const std::vector<Json> rows = rowsOf(body, *bundle);
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
            const std::string n = out.at("name").get<std::string>();
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
