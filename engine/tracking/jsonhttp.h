#pragma once

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
    std::string get(const std::string &endpoint, const std::map<std::string, std::string> &query = {});

    struct State;

private:
    std::unique_ptr<State> d;
};

} // namespace keel::tracking
