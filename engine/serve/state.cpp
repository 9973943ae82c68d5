#include "serve/routes.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <httplib.h>

#include <random>

namespace keel::serve {

void Server::State::openWorkspace()
{
    if (workspace)
        return;
    workspace = store::Workspace::open(options.workspace);
    inferenceLog = std::make_unique<InferenceLog>(*workspace, dbMutex, options.inferenceLogRows);
}

std::shared_ptr<LanguageModel::Loaded> Server::State::acquire(LanguageModel &m)
{
    m.lastUsedMs = nowMs();
    std::lock_guard lock(m.mutex);
    if (m.loaded)
        return m.loaded;
    auto loaded = std::make_shared<LanguageModel::Loaded>();
    loaded->model = nn::LlamaModel::load(m.path);
    nn::GenerationService::Options o;
    o.maxBatch = options.maxBatch;
    loaded->service = std::make_shared<nn::GenerationService>(loaded->model, o);
    m.loaded = loaded;
    metrics.set("keel_model_loaded", {{"model", m.name}}, 1);
    log::info("serve: loaded " + m.path.string() + " as " + m.name);
    return loaded;
}

int Server::State::currentVersion(RegistryModel &m, bool force)
{
    std::lock_guard lock(m.mutex);
    const std::int64_t now = nowMs();
    if (!force && m.version > 0 && now - m.checkedMs < 200)
        return m.version;
    int version = 0;
    {
        std::lock_guard db(dbMutex);
        registry::ModelRegistry reg(workspace->db(), workspace->artifacts());
        version = reg.versionByAlias(m.model, m.alias).version;
    }
    if (version != m.version && m.version > 0)
        log::info("serve: " + m.model + "@" + m.alias + " moved from version " + std::to_string(m.version) + " to " + std::to_string(version));
    m.version = version;
    m.checkedMs = now;
    metrics.set("keel_model_version", {{"model", m.name}, {"alias", m.alias}}, version);
    return version;
}

std::shared_ptr<const pipeline::Bundle> Server::State::bundle(RegistryModel &m, int version)
{
    {
        std::lock_guard lock(m.mutex);
        if (const auto it = m.bundles.find(version); it != m.bundles.end())
            return it->second;
    }
    std::shared_ptr<const pipeline::Bundle> b;
    {
        std::lock_guard db(dbMutex);
        registry::ModelRegistry reg(workspace->db(), workspace->artifacts());
        const auto dir = workspace->dir() / "tmp" / ("serve-" + m.model + "-" + std::to_string(version) + "-" + std::to_string(nowMs()));
        const auto folder = reg.exportArtifact(m.model, version, dir);
        try {
            b = std::make_shared<const pipeline::Bundle>(pipeline::Bundle::load(folder));
        } catch (...) {
            std::filesystem::remove_all(dir);
            throw;
        }
        std::filesystem::remove_all(dir);
    }
    std::lock_guard lock(m.mutex);
    return m.bundles.emplace(version, b).first->second;
}

void Server::State::janitorLoop()
{
    std::unique_lock lock(janitorMutex);
    while (!stopping) {
        janitorWake.wait_for(lock, std::chrono::seconds(1));
        const std::int64_t now = nowMs();
        for (auto &[name, m] : languageModels) {
            std::lock_guard modelLock(m->mutex);
            if (m->loaded && m->active == 0 && now - m->lastUsedMs > std::int64_t(options.idleUnloadSeconds) * 1000) {
                m->loaded.reset(); // requests that still hold it keep it alive until they finish
                metrics.set("keel_model_loaded", {{"model", name}}, 0);
                log::info("serve: unloaded " + name + " after " + std::to_string(options.idleUnloadSeconds) + " s idle");
            }
        }
        accrueCost(now);
    }
    accrueCost(nowMs()); // the last moments before stopping
}

void Server::State::accrueCost(std::int64_t now)
{
    if (options.costPerHour < 0)
        return;
    bool held = !encoders.empty() || !registryModels.empty();
    for (const auto &[name, m] : languageModels) {
        std::lock_guard modelLock(m->mutex);
        held = held || m->loaded != nullptr;
    }
    if (costCheckedMs > 0 && held && now > costCheckedMs) {
        const double charged = options.costPerHour * double(now - costCheckedMs) / 3'600'000.0;
        costUsd += charged;
        metrics.add("keel_cost_usd_total", {}, charged);
    }
    costCheckedMs = now;
    metrics.set("keel_cost_per_hour_usd", {}, held ? options.costPerHour : 0.0);
    if (const std::uint64_t n = answered.load(); n > 0)
        metrics.set("keel_cost_per_1k_requests_usd", {}, costUsd / double(n) * 1000.0);
}

std::vector<Server::ServedModel> Server::State::describe()
{
    std::vector<Server::ServedModel> out;
    for (const auto &[name, m] : languageModels) {
        std::lock_guard lock(m->mutex);
        out.push_back({name, "language-model", bool(m->loaded), {}, {}, 0});
    }
    for (const auto &[name, m] : encoders)
        out.push_back({name, "encoder", true, {}, {}, 0});
    for (const auto &[name, m] : registryModels) {
        int version = 0;
        try {
            version = currentVersion(*m);
        } catch (const std::exception &) {
            std::lock_guard lock(m->mutex);
            version = m->version; // the registry cannot be read just now: what it answered last
        }
        out.push_back({name, "registry", true, m->model, m->alias, version});
    }
    return out;
}

void Server::State::error(const httplib::Request &req, httplib::Response &res, int status, const std::string &message, const std::string &code,
                          const std::string &param)
{
    res.status = status;
    Json body;
    if (req.path.rfind("/v2", 0) == 0) {
        body = {{"error", message}};
    } else {
        const char *type = status == 401 ? "authentication_error"
                           : status == 404 ? "not_found_error"
                           : status == 429 ? "rate_limit_error"
                           : status >= 500 ? "server_error"
                                           : "invalid_request_error";
        body = {{"error", {{"message", message}, {"type", type}, {"param", param.empty() ? Json() : Json(param)}, {"code", code}}}};
    }
    res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void guarded(Server::State &state, const httplib::Request &req, httplib::Response &res, const std::function<void()> &route)
{
    try {
        route();
    } catch (const Error &e) {
        const int status = e.kind() == ErrorKind::NotFound ? 404
                           : e.kind() == ErrorKind::BadInput || e.kind() == ErrorKind::Corrupt ? 400
                           : e.kind() == ErrorKind::Conflict ? 409
                                                             : 500;
        state.error(req, res, status, e.what(), status == 404 ? "model_not_found" : status == 400 ? "invalid_request" : "internal_error");
    } catch (const nlohmann::json::exception &e) {
        state.error(req, res, 400, std::string("the request does not fit the API: ") + e.what(), "invalid_request");
    } catch (const std::bad_alloc &) {
        state.error(req, res, 503, "the server ran out of memory for this request", "out_of_memory");
    }
}

std::string newId(const char *prefix)
{
    static std::mutex mutex;
    static std::mt19937_64 rng{std::random_device{}()};
    std::lock_guard lock(mutex);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(rng()));
    return std::string(prefix) + hex;
}

void installRoutes(Server::State &s)
{
    httplib::Server &http = *s.http;
    http.Get("/health", [&s](const httplib::Request &, httplib::Response &res) {
        Json models = Json::array();
        for (const auto &m : s.describe()) {
            Json j{{"name", m.name}, {"kind", m.kind}, {"loaded", m.loaded}};
            if (m.kind == "registry")
                j.update({{"model", m.model}, {"alias", m.alias}, {"version", m.version}});
            models.push_back(j);
        }
        res.set_content(Json{{"status", s.stopping ? "draining" : "ok"}, {"models", models}}.dump(), "application/json");
    });
    http.Get("/metrics", [&s](const httplib::Request &, httplib::Response &res) {
        std::size_t waiting = 0, running = 0;
        for (const auto &[name, m] : s.languageModels) {
            std::lock_guard lock(m->mutex);
            if (m->loaded) {
                waiting += m->loaded->service->waiting();
                running += m->loaded->service->running();
                const double reserved = double(m->loaded->service->reservedPositions()), budget = double(m->loaded->service->positionBudget());
                s.metrics.set("keel_kv_cache_positions", {{"model", name}, {"state", "reserved"}}, reserved);
                s.metrics.set("keel_kv_cache_positions", {{"model", name}, {"state", "budget"}}, budget);
                s.metrics.set("keel_kv_cache_usage_ratio", {{"model", name}}, budget > 0 ? reserved / budget : 0.0);
            }
        }
        s.metrics.set("keel_queue_depth", {}, double(waiting));
        s.metrics.set("keel_running_batch_size", {}, double(running));
        res.set_content(s.metrics.text(), "text/plain; version=0.0.4");
    });
    installOpenAiRoutes(s);
    installKserveRoutes(s);
}

} // namespace keel::serve
