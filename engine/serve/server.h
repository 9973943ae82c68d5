#pragma once

#include "serve/metrics.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace keel::serve {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                       // 0: a free port (port() says which)
    std::string apiKey;                    // when set, requests need "Authorization: Bearer KEY" (health checks excepted)
    std::size_t maxQueue = 64;             // generation requests waiting or running; more get 429 with Retry-After
    std::size_t maxBodyBytes = 8u << 20;   // larger bodies get 413
    int requestTimeoutSeconds = 600;       // reading a request, writing a response
    int idleUnloadSeconds = 900;           // a language model unused this long leaves memory; the next request loads it
    std::size_t maxBatch = 16;             // sequences decoding together per language model
    std::size_t inferenceLogRows = 100000; // kept per registry model
    std::filesystem::path workspace;       // registry models and the inference log (needed for registry:...)
    // What an hour of this server costs while it holds a model in memory (the CPU's core-hour
    // price times its threads, compute::CostMeter::runtimeHour); an unloaded server costs
    // nothing (scale to zero). Below 0: no cost metrics.
    double costPerHour = -1;
};

// A model server over cpp-httplib: language models (GGUF) behind OpenAI's API (/v1/models,
// /v1/chat/completions, /v1/completions, streamed as server-sent events; requests of every client
// join one continuous batch), sentence encoders behind /v1/embeddings, and registry models
// (tabular bundles) behind KServe's Open Inference Protocol v2, following their alias; /health,
// /metrics (Prometheus). Bad requests get a 4xx in the protocol's error shape, never a crash.
class Server {
public:
    explicit Server(ServeOptions options);
    ~Server();
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    // What to serve: a .gguf file (a language model), a sentence-transformers folder (an
    // encoder), or "registry:NAME@ALIAS" (a registry model, following the alias). `name` is what
    // clients call it (default: the file's stem, or NAME). Throws keel::Error for a spec that
    // does not name one of those, a file that does not load, or an alias that does not exist.
    void add(const std::string &spec, const std::string &name = {});

    // Binds and starts answering on threads of its own. Throws keel::Error (BadInput) when the
    // address is not loopback and there is no API key, (Io) when the port cannot be bound.
    void start();
    int port() const;
    // Stops accepting, lets the requests in flight finish, then returns (SIGTERM's drain).
    void stop();
    bool running() const;

    Metrics &metrics();
    std::vector<std::string> modelNames() const;

    // What it serves now, as /health reports it.
    struct ServedModel {
        std::string name;
        std::string kind;     // language-model, encoder, registry
        bool loaded = true;   // language models leave memory when idle
        std::string model, alias;
        int version = 0;      // registry: the version the alias points at now
    };
    std::vector<ServedModel> models() const;
    std::string address() const; // http://HOST:PORT

    struct State;

private:
    std::unique_ptr<State> d;
};

} // namespace keel::serve
