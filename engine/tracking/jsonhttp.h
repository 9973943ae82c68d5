#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace keel::tracking {

// A small HTTP client for JSON APIs (MLflow's, Ray's Jobs API): one connection reused for every
// request; for MLflow, credentials from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD
// (other servers get none). Returns the
// body of a 2xx answer; anything else throws keel::Error naming the method, the URL, the HTTP
// status and the server's error_code and message when it sent them.
class JsonHttp {
public:
    enum class Credentials { Mlflow, None };
    JsonHttp(std::string baseUrl, int timeoutSeconds = 30, Credentials credentials = Credentials::Mlflow);
    ~JsonHttp();
    JsonHttp(const JsonHttp &) = delete;
    JsonHttp &operator=(const JsonHttp &) = delete;

    std::string post(const std::string &endpoint, const std::string &jsonBody);
    // POST without turning an HTTP error into an exception (for callers that retry on 429 and
    // 5xx): the status, the body and its Content-Type. Transport failures (refused, timed out,
    // cancelled) still throw keel::Error (Io).
    struct Reply {
        long status = 0;
        std::string body;
        std::string contentType;
        double retryAfterSeconds = -1; // the Retry-After header, when the server sent one
    };
    Reply postReply(const std::string &endpoint, const std::string &jsonBody);
    // An extra header on every request ("Authorization: Bearer ..."); never part of a message.
    void addHeader(const std::string &line);
    // Polled while a request runs; true aborts it (keel::Error, Io, "cancelled").
    void setCancel(std::function<bool()> cancelled);
    std::string get(const std::string &endpoint, const std::map<std::string, std::string> &query = {});

    struct State;

private:
    std::unique_ptr<State> d;
};

} // namespace keel::tracking
