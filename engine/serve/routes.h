#pragma once

// The server's shared state and what its routes share; internal to engine/serve.

#include "nn/bertencoder.h"
#include "nn/generationservice.h"
#include "nn/llamamodel.h"
#include "pipeline/bundle.h"
#include "serve/inferencelog.h"
#include "serve/requestparsing.h"
#include "serve/server.h"

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace keel::store {
class Workspace;
}

namespace keel::serve {

// A GGUF decoder and the continuous batch that serves every client's requests on it; unloaded
// after being idle (scale to zero) and loaded again by the next request.
struct LanguageModel {
    std::string name;
    std::filesystem::path path;
    struct Loaded {
        std::shared_ptr<const nn::LlamaModel> model;
        std::shared_ptr<nn::GenerationService> service;
    };
    std::mutex mutex;
    std::shared_ptr<Loaded> loaded;
    std::atomic<int> active{0};           // requests using it now
    std::atomic<std::int64_t> lastUsedMs{0};
};

struct EncoderModel {
    std::string name;
    std::filesystem::path path;
    std::unique_ptr<nn::BertEncoder> encoder;
    std::mutex run; // one batch at a time
};

// A registry model served by alias: the version behind the alias, checked again at most every
// 200 ms, and the bundles of the versions it served (in-flight requests keep theirs).
struct RegistryModel {
    std::string name, model, alias;
    std::mutex mutex;
    int version = 0;
    std::int64_t checkedMs = 0;
    std::map<int, std::shared_ptr<const pipeline::Bundle>> bundles;
};

struct Server::State {
    ServeOptions options;
    std::unique_ptr<httplib::Server> http;
    std::thread listener, janitor;
    std::mutex janitorMutex;
    std::condition_variable janitorWake;
    std::atomic<bool> stopping{false};
    int port = 0;
    Metrics metrics;

    std::map<std::string, std::shared_ptr<LanguageModel>> languageModels;
    std::map<std::string, std::shared_ptr<EncoderModel>> encoders;
    std::map<std::string, std::shared_ptr<RegistryModel>> registryModels;
    std::atomic<std::size_t> queued{0}; // generation requests admitted and not finished
    std::atomic<std::uint64_t> answered{0}; // inference requests answered 2xx (generation, embeddings, predictions)
    double costUsd = 0;                     // accrued while a model is held, by the janitor
    std::int64_t costCheckedMs = 0;

    std::unique_ptr<store::Workspace> workspace;
    std::mutex dbMutex; // the workspace's one connection
    std::unique_ptr<InferenceLog> inferenceLog;

    void openWorkspace();
    std::shared_ptr<LanguageModel::Loaded> acquire(LanguageModel &m);
    // The version behind the alias now (re-read when older than 200 ms, or `force`).
    int currentVersion(RegistryModel &m, bool force = false);
    std::shared_ptr<const pipeline::Bundle> bundle(RegistryModel &m, int version);
    void janitorLoop();
    // Charges the time since the last call at options.costPerHour when a model is held, and
    // sets the cost metrics (keel_cost_usd_total, keel_cost_per_hour_usd, keel_cost_per_1k_requests_usd).
    void accrueCost(std::int64_t now);
    std::vector<Server::ServedModel> describe();
    // An error in the shape of the route's protocol: OpenAI's {"error": {message, type, param,
    // code}} for /v1 and the rest, KServe's {"error": message} for /v2.
    void error(const httplib::Request &req, httplib::Response &res, int status, const std::string &message, const std::string &code,
               const std::string &param = {});
};

void installRoutes(Server::State &state);
void installOpenAiRoutes(Server::State &state);
void installKserveRoutes(Server::State &state);

// Runs a route, turning keel::Error and JSON errors into the protocol's 4xx.
void guarded(Server::State &state, const httplib::Request &req, httplib::Response &res, const std::function<void()> &route);

std::string newId(const char *prefix);

} // namespace keel::serve
