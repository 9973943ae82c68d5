#include "registry/mlflowregistryimport.h"

#include "core/error.h"
#include "registry/modelregistry.h"
#include "store/database.h"
#include "tracking/jsonhttp.h"
#include "tracking/mlflowimport.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <algorithm>
#include <map>
#include <optional>

namespace fs = std::filesystem;

namespace keel::registry {
namespace {

bool hasTable(sql::Database &db, const char *table)
{
    auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    st.bind(1, table);
    return st.step();
}

bool hasColumn(sql::Database &db, const char *table, const char *column)
{
    auto st = db.prepare(std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = ?1");
    st.bind(1, column);
    return st.step();
}

std::string jsonString(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

// The version's run: its artifact folder (for runs:/ sources) and its latest metrics.
struct RunFacts {
    std::string artifactUri;
    std::string metricsJson = "{}";
    std::string datasetsJson = "[]";
};

RunFacts runFacts(sql::Database &db, const std::string &runId)
{
    RunFacts f;
    auto run = db.prepare("SELECT COALESCE(artifact_uri, '') FROM runs WHERE run_uuid = ?1");
    run.bind(1, runId);
    if (run.step())
        f.artifactUri = run.text(0);
    auto metrics = db.prepare("SELECT key, value, is_nan FROM latest_metrics WHERE run_uuid = ?1 ORDER BY key");
    metrics.bind(1, runId);
    std::string json = "{";
    while (metrics.step()) {
        char number[64];
        std::snprintf(number, sizeof number, "%.17g", metrics.real(1));
        json += (json.size() > 1 ? "," : "") + jsonString(metrics.text(0)) + ":" +
                (metrics.int64(2) || !std::isfinite(metrics.real(1)) ? std::string("null") : std::string(number));
    }
    f.metricsJson = json + "}";
    if (hasTable(db, "inputs") && hasTable(db, "datasets")) {
        auto ds = db.prepare("SELECT d.digest FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id "
                             "WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id = ?1 ORDER BY d.digest");
        ds.bind(1, runId);
        std::string list = "[";
        while (ds.step())
            list += (list.size() > 1 ? "," : "") + jsonString(ds.text(0));
        f.datasetsJson = list + "]";
    }
    return f;
}

} // namespace

namespace {

// What an MLflow registry holds, read from either source before anything is written.
struct SourceVersion {
    int number = 0;
    bool deleted = false;    // MLflow keeps deleted versions as rows in stage Deleted_Internal
    std::int64_t createdAt = 0;
    std::string source;
    std::optional<std::string> runId;
    std::string description;
    std::string stage = "None";
    std::map<std::string, std::string> tags;
    fs::path artifact;       // the folder or file on this machine; empty when it is not here
    std::string metricsJson = "{}";
    std::string datasetsJson = "[]";
};

struct SourceModel {
    std::string name;
    std::string description;
    std::int64_t createdAt = 0;
    std::map<std::string, std::string> tags;
    std::map<std::string, int> aliases;
    std::vector<SourceVersion> versions; // by number
};

// Brings Keel's registry to what MLflow's client reads now: new models and versions (MLflow's
// numbers and creation times), and on every import again the descriptions, tags, stages and
// aliases as they are now, removed ones included, each change in Keel's history. A version
// deleted in MLflow is skipped, or, imported before, marked deleted. One row that cannot be
// imported is a warning, never the end of the import.
void apply(const std::vector<SourceModel> &models, ModelRegistry &registry, const std::string &actor, const std::string &origin,
           RegistryImportReport &report)
{
    const std::string because = "as in " + origin;
    for (const SourceModel &m : models) {
        try {
            if (!registry.model(m.name))
                registry.createModel(m.name, m.description, m.tags, actor, m.createdAt);
        } catch (const Error &e) {
            report.warnings.push_back("model \"" + m.name + "\": " + e.what() + "; skipped");
            continue;
        }
        ++report.models;
        try {
            const RegisteredModel now = *registry.model(m.name);
            if (now.description != m.description)
                registry.setDescription(m.name, std::nullopt, m.description, actor);
            for (const auto &[k, value] : m.tags)
                registry.setModelTag(m.name, k, value, actor);
            for (const auto &[k, value] : now.tags)
                if (!m.tags.count(k))
                    registry.removeModelTag(m.name, k, actor);
        } catch (const Error &e) {
            report.warnings.push_back("model \"" + m.name + "\": " + e.what());
        }
        for (const SourceVersion &v : m.versions) {
            const std::string which = "model \"" + m.name + "\" version " + std::to_string(v.number);
            try {
                bool known = true;
                try {
                    registry.version(m.name, v.number);
                } catch (const Error &) {
                    known = false;
                }
                if (v.deleted) {
                    if (known)
                        registry.markDeleted(m.name, v.number, actor, "deleted in " + origin);
                    continue; // never imported: nothing to show but its number, which stays taken
                }
                if (!known) {
                    if (registry.isDeleted(m.name, v.number))
                        continue;
                    std::error_code ec;
                    if (v.artifact.empty() || !fs::exists(v.artifact, ec)) {
                        report.warnings.push_back(which + ": its artifact (" + v.source + ") is not on this machine; not imported");
                        continue;
                    }
                    NewVersion nv;
                    nv.artifactFile = v.artifact;
                    nv.source = v.source;
                    nv.runUuid = v.runId;
                    nv.description = v.description;
                    nv.metrics = v.metricsJson;
                    nv.datasets = v.datasetsJson;
                    nv.number = v.number;
                    nv.createdAt = v.createdAt;
                    registry.registerVersion(m.name, nv, actor);
                    ++report.versions;
                }
                const ModelVersion current = registry.version(m.name, v.number);
                if (current.description != v.description)
                    registry.setDescription(m.name, v.number, v.description, actor);
                for (const auto &[k, value] : v.tags)
                    registry.setVersionTag(m.name, v.number, k, value, actor);
                for (const auto &[k, value] : current.tags)
                    if (!v.tags.count(k))
                        registry.removeVersionTag(m.name, v.number, k, actor);
                if (current.stage != v.stage)
                    registry.transitionStage(m.name, v.number, v.stage, false, actor, because, true);
            } catch (const Error &e) {
                report.warnings.push_back(which + ": " + e.what() + "; skipped");
            }
        }
        // A server lists only the versions that are not deleted: one Keel has and MLflow no longer
        // lists was deleted there.
        try {
            for (const ModelVersion &kept : registry.versions(m.name))
                if (std::none_of(m.versions.begin(), m.versions.end(), [&](const SourceVersion &v) { return v.number == kept.version; }))
                    registry.markDeleted(m.name, kept.version, actor, "deleted in " + origin);
        } catch (const Error &e) {
            report.warnings.push_back("model \"" + m.name + "\": " + e.what());
        }
        // Aliases as MLflow has them now: moved, added, and removed.
        for (const auto &[alias, version] : m.aliases) {
            try {
                registry.setAlias(m.name, alias, version, actor, because, true);
                ++report.aliases;
            } catch (const Error &e) {
                report.warnings.push_back("alias \"" + alias + "\" of \"" + m.name + "\": " + e.what());
            }
        }
        try {
            const RegisteredModel now = *registry.model(m.name);
            for (const auto &[alias, version] : now.aliases)
                if (!m.aliases.count(alias))
                    registry.removeAlias(m.name, alias, actor, "removed in " + origin);
        } catch (const Error &e) {
            report.warnings.push_back("model \"" + m.name + "\": " + e.what());
        }
    }
}

// The folder a version's source names on this machine: runs:/<id>/<path> inside the run's
// artifacts, or a path (re-rooted under a moved store's folder when needed).
fs::path resolveArtifact(const std::string &source, const std::optional<std::string> &runId, const std::string &runArtifactUri,
                         const fs::path &storeFolder)
{
    std::string location = source;
    if (location.rfind("runs:/", 0) == 0 && runId) {
        const auto slash = location.find('/', 6);
        location = runArtifactUri + "/" + (slash == std::string::npos ? std::string() : location.substr(slash + 1));
    }
    fs::path folder = tracking::localArtifactFolder(location, storeFolder, runId.value_or(""));
    if (folder.empty() && runId && !runArtifactUri.empty()) {
        const fs::path runFolder = tracking::localArtifactFolder(runArtifactUri, storeFolder, *runId);
        const std::string prefix = runArtifactUri.rfind("file://", 0) == 0 ? runArtifactUri.substr(7) : runArtifactUri;
        const std::string plain = location.rfind("file://", 0) == 0 ? location.substr(7) : location;
        if (!runFolder.empty() && plain.rfind(prefix, 0) == 0)
            folder = runFolder / plain.substr(prefix.size() + (plain.size() > prefix.size() ? 1 : 0));
    }
    return folder;
}

} // namespace

RegistryImportReport importMlflowRegistry(const fs::path &mlflowDb, ModelRegistry &registry, const std::string &actor)
{
    RegistryImportReport report;
    sql::Database src = sql::Database::open(mlflowDb, sql::Database::Mode::ReadOnly);
    if (!hasTable(src, "registered_models") || !hasTable(src, "model_versions"))
        return report; // a store without a registry
    const fs::path storeFolder = fs::absolute(mlflowDb).parent_path();
    std::vector<SourceModel> models;
    auto rm = src.prepare("SELECT name, COALESCE(description, ''), COALESCE(creation_time, 0) FROM registered_models ORDER BY name");
    while (rm.step()) {
        SourceModel m{rm.text(0), rm.text(1), rm.int64(2), {}, {}, {}};
        if (hasTable(src, "registered_model_tags")) {
            auto t = src.prepare("SELECT key, COALESCE(value, '') FROM registered_model_tags WHERE name = ?1");
            t.bind(1, m.name);
            while (t.step())
                m.tags[t.text(0)] = t.text(1);
        }
        if (hasTable(src, "registered_model_aliases")) {
            auto a = src.prepare("SELECT alias, version FROM registered_model_aliases WHERE name = ?1");
            a.bind(1, m.name);
            while (a.step())
                m.aliases[a.text(0)] = int(a.int64(1));
        }
        const bool hasStorage = hasColumn(src, "model_versions", "storage_location");
        auto mv = src.prepare(std::string("SELECT version, COALESCE(source, ''), run_id, COALESCE(description, ''), COALESCE(current_stage, 'None'), "
                                          "COALESCE(creation_time, 0), ") +
                              (hasStorage ? "COALESCE(storage_location, '')" : "''") + " FROM model_versions WHERE name = ?1 ORDER BY version");
        mv.bind(1, m.name);
        while (mv.step()) {
            SourceVersion v;
            v.number = int(mv.int64(0));
            v.source = mv.text(1);
            v.runId = mv.optionalText(2);
            v.description = mv.text(3);
            v.stage = mv.text(4);
            v.createdAt = mv.int64(5);
            v.deleted = v.stage == "Deleted_Internal";
            if (v.deleted) {
                m.versions.push_back(std::move(v));
                continue;
            }
            const std::string storage = mv.text(6);
            RunFacts facts;
            if (v.runId)
                facts = runFacts(src, *v.runId);
            v.metricsJson = facts.metricsJson;
            v.datasetsJson = facts.datasetsJson;
            // MLflow 3's logged models (models:/m-...): the files are at the version's storage
            // location, which is the logged model's artifact location.
            if (v.source.rfind("models:/", 0) == 0 && !storage.empty())
                v.artifact = tracking::localArtifactFolder(storage, storeFolder, v.runId.value_or(""));
            else
                v.artifact = resolveArtifact(v.source, v.runId, facts.artifactUri, storeFolder);
            if (hasTable(src, "model_version_tags")) {
                auto t = src.prepare("SELECT key, COALESCE(value, '') FROM model_version_tags WHERE name = ?1 AND version = ?2");
                t.bindAll(m.name, v.number);
                while (t.step())
                    v.tags[t.text(0)] = t.text(1);
            }
            m.versions.push_back(std::move(v));
        }
        models.push_back(std::move(m));
    }
    apply(models, registry, actor, mlflowDb.string(), report);
    return report;
}

RegistryImportReport importMlflowRegistryServer(const std::string &baseUrl, ModelRegistry &registry, const std::string &actor,
                                                int timeoutSeconds)
{
    using json = nlohmann::json;
    tracking::JsonHttp web(baseUrl, timeoutSeconds);
    auto asInt = [](const json &v) -> int {
        return v.is_string() ? std::atoi(v.get<std::string>().c_str()) : v.is_number() ? v.get<int>() : 0;
    };
    auto keyValues = [](const json &array) {
        std::map<std::string, std::string> out;
        if (array.is_array())
            for (const json &kv : array)
                out[kv.value("key", std::string())] = kv.value("value", std::string());
        return out;
    };
    std::vector<SourceModel> models;
    std::string token;
    do {
        std::map<std::string, std::string> query{{"max_results", "1000"}};
        if (!token.empty())
            query["page_token"] = token;
        const json page = json::parse(web.get("/api/2.0/mlflow/registered-models/search", query));
        for (const json &r : page.value("registered_models", json::array())) {
            const json created = r.value("creation_timestamp", json(0));
            SourceModel m{r.value("name", std::string()), r.value("description", std::string()),
                          created.is_string() ? std::atoll(created.get<std::string>().c_str()) : created.is_number() ? created.get<std::int64_t>() : 0,
                          keyValues(r.value("tags", json::array())), {}, {}};
            for (const json &a : r.value("aliases", json::array()))
                m.aliases[a.value("alias", std::string())] = asInt(a.value("version", json(0)));
            models.push_back(std::move(m));
        }
        token = page.value("next_page_token", std::string());
    } while (!token.empty());

    for (SourceModel &m : models) {
        std::string vtoken;
        do {
            // MLflow's filter syntax quotes with single quotes; a quote in a name is doubled.
            std::string quoted;
            for (char c : m.name)
                quoted += c == '\'' ? std::string("''") : std::string(1, c);
            std::map<std::string, std::string> query{{"filter", "name='" + quoted + "'"}, {"max_results", "1000"}};
            if (!vtoken.empty())
                query["page_token"] = vtoken;
            const json page = json::parse(web.get("/api/2.0/mlflow/model-versions/search", query));
            for (const json &r : page.value("model_versions", json::array())) {
                SourceVersion v;
                v.number = asInt(r.value("version", json(0)));
                v.source = r.value("source", std::string());
                if (r.contains("run_id") && r["run_id"].is_string() && !r["run_id"].get<std::string>().empty())
                    v.runId = r["run_id"].get<std::string>();
                v.description = r.value("description", std::string());
                v.stage = r.value("current_stage", std::string("None"));
                v.tags = keyValues(r.value("tags", json::array()));
                if (const auto t = r.find("creation_timestamp"); t != r.end())
                    v.createdAt = t->is_string() ? std::atoll(t->get<std::string>().c_str()) : t->is_number() ? t->get<std::int64_t>() : 0;
                v.deleted = v.stage == "Deleted_Internal";
                std::string runArtifactUri;
                if (v.runId) {
                    try {
                        const json run = json::parse(web.get("/api/2.0/mlflow/runs/get", {{"run_id", *v.runId}})).at("run");
                        runArtifactUri = run.at("info").value("artifact_uri", std::string());
                        std::string metrics = "{";
                        for (const json &mt : run.value("data", json::object()).value("metrics", json::array())) {
                            const json value = mt.value("value", json());
                            metrics += (metrics.size() > 1 ? "," : "") + jsonString(mt.value("key", std::string())) + ":" +
                                       (value.is_number() && std::isfinite(value.get<double>()) ? value.dump() : std::string("null"));
                        }
                        v.metricsJson = metrics + "}";
                    } catch (const std::exception &) {
                        // No run on the server: the version keeps no metrics snapshot.
                    }
                }
                if (v.source.rfind("models:/", 0) == 0) {
                    // MLflow 3's logged model: its artifact location, from the server.
                    const std::string id = v.source.substr(8, v.source.find('/', 8) == std::string::npos ? std::string::npos : v.source.find('/', 8) - 8);
                    try {
                        const json logged = json::parse(web.get("/api/2.0/mlflow/logged-models/" + id, {}));
                        v.artifact = tracking::localArtifactFolder(logged.at("model").at("info").value("artifact_uri", std::string()), fs::path("/"),
                                                                   v.runId.value_or(""));
                    } catch (const std::exception &) {
                        // Not on the server: the version is reported as not on this machine.
                    }
                } else {
                    v.artifact = resolveArtifact(v.source, v.runId, runArtifactUri, fs::path("/"));
                }
                m.versions.push_back(std::move(v));
            }
            vtoken = page.value("next_page_token", std::string());
        } while (!vtoken.empty());
        std::sort(m.versions.begin(), m.versions.end(), [](const SourceVersion &a, const SourceVersion &b) { return a.number < b.number; });
    }
    RegistryImportReport report;
    apply(models, registry, actor, baseUrl, report);
    return report;
}

} // namespace keel::registry
