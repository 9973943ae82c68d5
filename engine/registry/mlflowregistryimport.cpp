#include "registry/mlflowregistryimport.h"

#include "core/error.h"
#include "registry/modelregistry.h"
#include "store/database.h"
#include "tracking/mlflowimport.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace fs = std::filesystem;

namespace keel::registry {
namespace {

bool hasTable(sql::Database &db, const char *table)
{
    auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    st.bind(1, table);
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

RegistryImportReport importMlflowRegistry(const fs::path &mlflowDb, ModelRegistry &registry, const std::string &actor)
{
    RegistryImportReport report;
    sql::Database src = sql::Database::open(mlflowDb, sql::Database::Mode::ReadOnly);
    if (!hasTable(src, "registered_models") || !hasTable(src, "model_versions"))
        return report; // a store without a registry
    const fs::path storeFolder = fs::absolute(mlflowDb).parent_path();

    auto models = src.prepare("SELECT name, COALESCE(description, '') FROM registered_models ORDER BY name");
    while (models.step()) {
        const std::string name = models.text(0);
        try {
            if (!registry.model(name)) {
                std::map<std::string, std::string> tags;
                if (hasTable(src, "registered_model_tags")) {
                    auto t = src.prepare("SELECT key, COALESCE(value, '') FROM registered_model_tags WHERE name = ?1");
                    t.bind(1, name);
                    while (t.step())
                        tags[t.text(0)] = t.text(1);
                }
                registry.createModel(name, models.text(1), tags, actor);
            }
        } catch (const Error &e) {
            report.warnings.push_back("model \"" + name + "\": " + e.what() + "; skipped");
            continue;
        }
        ++report.models;
        int latest = registry.model(name)->latestVersion;
        auto versions = src.prepare("SELECT version, COALESCE(source, ''), run_id, COALESCE(description, ''), "
                                    "COALESCE(current_stage, 'None') FROM model_versions WHERE name = ?1 ORDER BY version");
        versions.bind(1, name);
        while (versions.step()) {
            const int number = int(versions.int64(0));
            const std::string source = versions.text(1);
            const std::optional<std::string> runId = versions.optionalText(2);
            if (number <= latest) {
                // Already here (immutable); its stage may have moved in MLflow.
            } else if (number != latest + 1) {
                report.warnings.push_back("model \"" + name + "\" version " + std::to_string(number) + " follows version " +
                                          std::to_string(latest) + " with a gap; stopped there");
                break;
            } else {
                RunFacts facts;
                if (runId)
                    facts = runFacts(src, *runId);
                // runs:/<id>/<path> is the run's artifact folder; other sources are paths.
                std::string location = source;
                if (location.rfind("runs:/", 0) == 0 && runId) {
                    const auto slash = location.find('/', 6);
                    location = facts.artifactUri + "/" + (slash == std::string::npos ? std::string() : location.substr(slash + 1));
                }
                fs::path folder = tracking::localArtifactFolder(location, storeFolder, runId.value_or(""));
                if (folder.empty() && runId) {
                    // Moved store: re-root the run's artifact folder and append the part under it.
                    const fs::path runFolder = tracking::localArtifactFolder(facts.artifactUri, storeFolder, *runId);
                    const std::string prefix = facts.artifactUri.rfind("file://", 0) == 0 ? facts.artifactUri.substr(7) : facts.artifactUri;
                    const std::string plain = location.rfind("file://", 0) == 0 ? location.substr(7) : location;
                    if (!runFolder.empty() && plain.rfind(prefix, 0) == 0)
                        folder = runFolder / plain.substr(prefix.size() + (plain.size() > prefix.size() ? 1 : 0));
                }
                std::error_code ec;
                if (folder.empty() || !fs::exists(folder, ec)) {
                    report.warnings.push_back("model \"" + name + "\" version " + std::to_string(number) + ": its artifact (" + source +
                                              ") is not on this machine; this and later versions were not imported");
                    break;
                }
                NewVersion v;
                v.artifactFile = folder;
                v.source = source;
                v.runUuid = runId;
                v.description = versions.text(3);
                v.metrics = facts.metricsJson;
                v.datasets = facts.datasetsJson;
                latest = registry.registerVersion(name, v, actor);
                ++report.versions;
            }
            if (hasTable(src, "model_version_tags")) {
                auto t = src.prepare("SELECT key, COALESCE(value, '') FROM model_version_tags WHERE name = ?1 AND version = ?2");
                t.bindAll(name, number);
                while (t.step())
                    registry.setVersionTag(name, number, t.text(0), t.text(1), actor);
            }
            const std::string stage = versions.text(4);
            if (registry.version(name, number).stage != stage)
                registry.transitionStage(name, number, stage, false, actor, "as in " + mlflowDb.string());
        }
        if (hasTable(src, "registered_model_aliases")) {
            auto a = src.prepare("SELECT alias, version FROM registered_model_aliases WHERE name = ?1 ORDER BY alias");
            a.bind(1, name);
            while (a.step()) {
                try {
                    registry.setAlias(name, a.text(0), int(a.int64(1)), actor, "as in " + mlflowDb.string());
                    ++report.aliases;
                } catch (const Error &e) {
                    report.warnings.push_back("alias \"" + a.text(0) + "\" of \"" + name + "\": " + e.what());
                }
            }
        }
    }
    return report;
}

} // namespace keel::registry
