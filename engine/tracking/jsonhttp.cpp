#include "tracking/jsonhttp.h"

#include "core/error.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace keel::tracking {

struct JsonHttp::State {
    std::string base;
    int timeout = 30;
    CURL *curl = nullptr;
    curl_slist *headers = nullptr;
    bool mlflowCredentials = true;
    std::function<bool()> cancelled;
    double retryAfter = -1;
};

namespace {
size_t collect(char *data, size_t size, size_t count, void *out)
{
    static_cast<std::string *>(out)->append(data, size * count);
    return size * count;
}
size_t header(char *data, size_t size, size_t count, void *state)
{
    const std::string line(data, size * count);
    if (line.size() > 12 && (line.compare(0, 12, "Retry-After:") == 0 || line.compare(0, 12, "retry-after:") == 0)) {
        try {
            static_cast<JsonHttp::State *>(state)->retryAfter = std::stod(line.substr(12));
        } catch (const std::exception &) {
        }
    }
    return size * count;
}
int progress(void *state, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto &cancelled = static_cast<JsonHttp::State *>(state)->cancelled;
    return cancelled && cancelled() ? 1 : 0;
}
} // namespace

JsonHttp::JsonHttp(std::string baseUrl, int timeoutSeconds, Credentials credentials)
    : d(std::make_unique<State>())
{
    d->mlflowCredentials = credentials == Credentials::Mlflow;
    d->base = std::move(baseUrl);
    while (!d->base.empty() && d->base.back() == '/')
        d->base.pop_back();
    d->timeout = timeoutSeconds;
    static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    (void)initialised;
    d->curl = curl_easy_init();
    if (!d->curl)
        throwError(ErrorKind::Internal, "libcurl could not start");
    if (const char *token = std::getenv("MLFLOW_TRACKING_TOKEN"); d->mlflowCredentials && token && *token)
        d->headers = curl_slist_append(d->headers, ("Authorization: Bearer " + std::string(token)).c_str());
    d->headers = curl_slist_append(d->headers, "Content-Type: application/json");
    d->headers = curl_slist_append(d->headers, "Accept: application/json");
}

JsonHttp::~JsonHttp()
{
    curl_slist_free_all(d->headers);
    curl_easy_cleanup(d->curl);
}

static JsonHttp::Reply transfer(JsonHttp::State &s, const std::string &endpoint, const std::optional<std::string> &body)
{
    const std::string url = s.base + endpoint;
    const std::string what = (body ? "POST " : "GET ") + s.base + endpoint.substr(0, endpoint.find('?'));
    std::string response;
    s.retryAfter = -1;
    curl_easy_reset(s.curl);
    curl_easy_setopt(s.curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(s.curl, CURLOPT_HTTPHEADER, s.headers);
    curl_easy_setopt(s.curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(s.curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(s.curl, CURLOPT_TIMEOUT, long(s.timeout));
    curl_easy_setopt(s.curl, CURLOPT_CONNECTTIMEOUT, long(std::min(s.timeout, 10)));
    curl_easy_setopt(s.curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(s.curl, CURLOPT_HEADERFUNCTION, &header);
    curl_easy_setopt(s.curl, CURLOPT_HEADERDATA, &s);
    if (s.cancelled) {
        curl_easy_setopt(s.curl, CURLOPT_XFERINFOFUNCTION, &progress);
        curl_easy_setopt(s.curl, CURLOPT_XFERINFODATA, &s);
        curl_easy_setopt(s.curl, CURLOPT_NOPROGRESS, 0L);
    }
    const char *user = std::getenv("MLFLOW_TRACKING_USERNAME");
    const char *password = std::getenv("MLFLOW_TRACKING_PASSWORD");
    if (s.mlflowCredentials && user && *user) {
        curl_easy_setopt(s.curl, CURLOPT_USERNAME, user);
        curl_easy_setopt(s.curl, CURLOPT_PASSWORD, password ? password : "");
    }
    if (body) {
        curl_easy_setopt(s.curl, CURLOPT_POST, 1L);
        curl_easy_setopt(s.curl, CURLOPT_POSTFIELDS, body->c_str());
        curl_easy_setopt(s.curl, CURLOPT_POSTFIELDSIZE, long(body->size()));
    }
    const CURLcode rc = curl_easy_perform(s.curl);
    if (rc == CURLE_ABORTED_BY_CALLBACK)
        throwError(ErrorKind::Io, what + ": cancelled");
    if (rc != CURLE_OK) {
        throwError(ErrorKind::Io, what + ": " + curl_easy_strerror(rc) +
                                      (rc == CURLE_OPERATION_TIMEDOUT ? " (after " + std::to_string(s.timeout) + " s)" : std::string()));
    }
    JsonHttp::Reply reply;
    curl_easy_getinfo(s.curl, CURLINFO_RESPONSE_CODE, &reply.status);
    char *type = nullptr;
    curl_easy_getinfo(s.curl, CURLINFO_CONTENT_TYPE, &type);
    reply.contentType = type ? type : "";
    reply.body = std::move(response);
    reply.retryAfterSeconds = s.retryAfter;
    return reply;
}

static std::string perform(JsonHttp::State &s, const std::string &endpoint, const std::optional<std::string> &body)
{
    const std::string what = (body ? "POST " : "GET ") + s.base + endpoint.substr(0, endpoint.find('?'));
    JsonHttp::Reply reply = transfer(s, endpoint, body);
    const long status = reply.status;
    std::string &response = reply.body;
    if (status >= 400) {
        std::string code, message = response.substr(0, 200);
        try {
            const auto parsed = nlohmann::json::parse(response);
            code = parsed.value("error_code", std::string());
            message = parsed.value("message", message);
        } catch (const nlohmann::json::exception &) {
        }
        throwError(status == 404 ? ErrorKind::NotFound : ErrorKind::Io,
                   what + ": HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code) + ": " + message);
    }
    return response.empty() ? std::string("{}") : response;
}

std::string JsonHttp::post(const std::string &endpoint, const std::string &jsonBody)
{
    return perform(*d, endpoint, jsonBody);
}

JsonHttp::Reply JsonHttp::postReply(const std::string &endpoint, const std::string &jsonBody)
{
    return transfer(*d, endpoint, jsonBody);
}

void JsonHttp::addHeader(const std::string &line)
{
    d->headers = curl_slist_append(d->headers, line.c_str());
}

void JsonHttp::setCancel(std::function<bool()> cancelled)
{
    d->cancelled = std::move(cancelled);
}

std::string JsonHttp::get(const std::string &endpoint, const std::map<std::string, std::string> &query)
{
    std::string url = endpoint;
    char separator = '?';
    for (const auto &[k, v] : query) {
        char *escaped = curl_easy_escape(d->curl, v.c_str(), int(v.size()));
        url += separator + k + "=" + escaped;
        curl_free(escaped);
        separator = '&';
    }
    return perform(*d, url, std::nullopt);
}

} // namespace keel::tracking
