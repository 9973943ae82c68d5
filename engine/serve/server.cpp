#include "serve/server.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "core/sha256.h"
#include "serve/routes.h"
#include "store/workspace.h"

#include <httplib.h>

#include <thread>

#include <sys/socket.h>

namespace keel::serve {

namespace {

bool isLoopback(const std::string &host)
{
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// The route a path belongs to, for metrics (no ids or model names, so series stay few).
std::string endpointOf(const std::string &path)
{
    if (path.rfind("/v2/models/", 0) == 0) {
        if (path.size() > 6 && path.compare(path.size() - 6, 6, "/infer") == 0)
            return "/v2/models/infer";
        if (path.size() > 6 && path.compare(path.size() - 6, 6, "/ready") == 0)
            return "/v2/models/ready";
        return "/v2/models";
    }
    for (const char *known : {"/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/v2/health/live",
                              "/v2/health/ready", "/v2", "/health", "/metrics"})
        if (path == known)
            return known;
    return "other";
}

} // namespace

Server::Server(ServeOptions options)
    : d(std::make_unique<State>())
{
    d->options = std::move(options);
    d->http = std::make_unique<httplib::Server>();
}

Server::~Server()
{
    stop();
}

void Server::add(const std::string &spec, const std::string &name)
{
    if (spec.rfind("registry:", 0) == 0) {
        const std::string rest = spec.substr(9);
        const auto at = rest.find('@');
        if (at == std::string::npos || at == 0 || at + 1 == rest.size())
            throwError(ErrorKind::BadInput, spec + ": expected registry:NAME@ALIAS");
        if (d->options.workspace.empty())
            throwError(ErrorKind::BadInput, spec + ": serving a registry model needs a workspace");
        d->openWorkspace();
        auto m = std::make_shared<RegistryModel>();
        m->model = rest.substr(0, at);
        m->alias = rest.substr(at + 1);
        m->name = name.empty() ? m->model : name;
        d->currentVersion(*m, true); // throws when the model or alias does not exist
        d->registryModels[m->name] = m;
        return;
    }
    const std::filesystem::path path = spec;
    if (!std::filesystem::exists(path))
        throwError(ErrorKind::NotFound, spec + ": no such model file or folder (or registry:NAME@ALIAS)");
    if (std::filesystem::is_directory(path)) {
        auto e = std::make_shared<EncoderModel>();
        e->path = path;
        e->name = name.empty() ? path.filename().string() : name;
        e->encoder = nn::BertEncoder::load(path);
        d->encoders[e->name] = e;
        return;
    }
    auto m = std::make_shared<LanguageModel>();
    m->path = path;
    m->name = name.empty() ? path.stem().string() : name;
    d->acquire(*m); // loads now, so a file that does not load fails here rather than on the first request
    d->languageModels[m->name] = m;
}

std::vector<std::string> Server::modelNames() const
{
    std::vector<std::string> names;
    for (const auto &[n, m] : d->languageModels)
        names.push_back(n);
    for (const auto &[n, m] : d->encoders)
        names.push_back(n);
    for (const auto &[n, m] : d->registryModels)
        names.push_back(n);
    return names;
}

std::vector<Server::ServedModel> Server::models() const
{
    return d->describe();
}

std::string Server::address() const
{
    return "http://" + d->options.host + ":" + std::to_string(d->port);
}

Metrics &Server::metrics()
{
    return d->metrics;
}

void Server::start()
{
    const ServeOptions &o = d->options;
    if (!isLoopback(o.host) && o.apiKey.empty())
        throwError(ErrorKind::BadInput, "serving on " + o.host + " (beyond this machine) needs an API key: --api-key-env VAR");
    httplib::Server &http = *d->http;
    // A thread per connection being served: every queued generation plus room for health checks.
    const std::size_t threads = o.maxQueue + 16;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http.set_payload_max_length(o.maxBodyBytes);
    http.set_read_timeout(o.requestTimeoutSeconds, 0);
    http.set_write_timeout(o.requestTimeoutSeconds, 0);
    http.set_keep_alive_timeout(5);
    http.set_keep_alive_max_count(100000);
    // cpp-httplib listens with a backlog of 5: 64 clients connecting at once overflow it and
    // stall. Keep the listening socket's descriptor to widen the backlog once bound.
    auto listening = std::make_shared<int>(-1);
    http.set_socket_options([listening](int sock) {
        httplib::default_socket_options(sock);
        *listening = sock;
    });
    http.set_pre_routing_handler([this](const httplib::Request &req, httplib::Response &res) {
        const bool health = req.path == "/health" || req.path == "/v2/health/live" || req.path == "/v2/health/ready";
        if (d->options.apiKey.empty() || health)
            return httplib::Server::HandlerResponse::Unhandled;
        const std::string auth = req.get_header_value("Authorization");
        if (auth == "Bearer " + d->options.apiKey)
            return httplib::Server::HandlerResponse::Unhandled;
        d->error(req, res, 401, auth.empty() ? "no API key: send \"Authorization: Bearer KEY\"" : "the API key is not the server's",
                 "invalid_api_key");
        return httplib::Server::HandlerResponse::Handled;
    });
    http.set_error_handler([this](const httplib::Request &req, httplib::Response &res) {
        if (!res.body.empty())
            return;
        if (res.status == 404)
            d->error(req, res, 404, "no route " + req.method + " " + req.path, "not_found");
        else if (res.status == 413)
            d->error(req, res, 413, "the request body is larger than the server takes (" + std::to_string(d->options.maxBodyBytes) + " bytes)",
                     "request_too_large");
        else
            d->error(req, res, res.status, "the request could not be read", "bad_request");
    });
    http.set_exception_handler([this](const httplib::Request &req, httplib::Response &res, std::exception_ptr ep) {
        // Anything that escapes a route: a 500 in the route's error shape, never a crash.
        std::string what = "internal error";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception &e) {
            what = e.what();
        } catch (...) {
        }
        log::warning("serve: " + req.method + " " + req.path + ": " + what);
        d->error(req, res, 500, what, "internal_error");
    });
    http.set_logger([this](const httplib::Request &req, const httplib::Response &res) {
        const std::string endpoint = endpointOf(req.path);
        d->metrics.add("keel_requests_total", {{"endpoint", endpoint}, {"status", std::to_string(res.status)}});
        if (res.status >= 200 && res.status < 300 &&
            (endpoint == "/v1/chat/completions" || endpoint == "/v1/completions" || endpoint == "/v1/embeddings" || endpoint == "/v2/models/infer"))
            ++d->answered;
    });
    installRoutes(*d);

    const bool bound = o.port == 0 ? (d->port = http.bind_to_any_port(o.host)) > 0 : http.bind_to_port(o.host, o.port);
    if (!bound)
        throwError(ErrorKind::Io, "cannot listen on " + o.host + ":" + std::to_string(o.port) + " (is another server there?)");
    if (o.port != 0)
        d->port = o.port;
    if (*listening >= 0)
        ::listen(*listening, SOMAXCONN);
    d->stopping = false;
    d->listener = std::thread([this] { d->http->listen_after_bind(); });
    d->costCheckedMs = nowMs();
    d->accrueCost(d->costCheckedMs); // the price shows from the start
    d->janitor = std::thread([this] { d->janitorLoop(); });
    // listen_after_bind marks the server running on its thread: wait for that, so stop() works at once.
    while (!d->http->is_running())
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

int Server::port() const
{
    return d->port;
}

bool Server::running() const
{
    return d->listener.joinable() && d->http->is_running();
}

void Server::stop()
{
    if (!d->listener.joinable())
        return;
    d->stopping = true;
    d->http->stop(); // no new connections; the thread pool finishes what it has
    d->listener.join();
    {
        std::lock_guard lock(d->janitorMutex);
        d->janitorWake.notify_all();
    }
    if (d->janitor.joinable())
        d->janitor.join();
}

} // namespace keel::serve
