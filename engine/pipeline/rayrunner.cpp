#include "pipeline/rayrunner.h"

#include "compute/job.h"
#include "core/error.h"
#include "core/sha256.h"
#include "tracking/jsonhttp.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <random>
#include <sstream>
#include <thread>

namespace keel::pipeline {

namespace {

using Json = nlohmann::json;

std::string shellQuoted(const std::string &s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// The last `n` non-empty lines of a log.
std::string lastLines(const std::string &log, std::size_t n)
{
    std::vector<std::string> lines;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            lines.push_back(line);
    std::string out;
    for (std::size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i)
        out += (out.empty() ? "" : "\n") + lines[i];
    return out;
}

bool finished(const std::string &status)
{
    return status == "SUCCEEDED" || status == "FAILED" || status == "STOPPED";
}

} // namespace

std::string rayDashboardUrl(const std::string &address)
{
    std::string rest;
    for (const char *scheme : {"ray://", "http://"})
        if (address.rfind(scheme, 0) == 0)
            rest = address.substr(std::string(scheme).size());
    while (!rest.empty() && rest.back() == '/')
        rest.pop_back();
    const auto colon = rest.rfind(':');
    const bool portOk = colon != std::string::npos && colon + 1 < rest.size() &&
                        rest.find_first_not_of("0123456789", colon + 1) == std::string::npos;
    if (rest.empty() || !portOk || colon == 0)
        throwError(ErrorKind::BadInput, "--on " + address + ": expected ray://HOST:PORT, PORT being the Ray dashboard's (8265 by default)");
    return "http://" + rest;
}

std::string checkRayHead(const std::string &dashboard)
{
    try {
        tracking::JsonHttp web(dashboard, 10, tracking::JsonHttp::Credentials::None);
        const Json v = Json::parse(web.get("/api/version"));
        return v.value("ray_version", std::string("?"));
    } catch (const std::exception &e) {
        throwError(ErrorKind::Io, "no Ray head answers at " + dashboard + " (is `ray start --head` running, with its dashboard?): " + e.what());
    }
}

std::function<void(const RunOptions::RemoteNode &)> rayRunner(RayTarget target)
{
    return [target](const RunOptions::RemoteNode &node) {
        tracking::JsonHttp web(target.dashboard, 30, tracking::JsonHttp::Credentials::None);
        std::string command = shellQuoted(target.keel.string()) + " --workspace " + shellQuoted(target.workspace.string()) + " pipeline run-node " +
                              shellQuoted(target.file.string()) + " --node " + shellQuoted(node.node) + " --run " + shellQuoted(node.runKey);
        if (!node.useCache)
            command += " --no-cache";
        // A submission id of our own: a retry after a lost answer cannot start the node twice.
        std::random_device random;
        const std::string id = "keel-" + sha256Hex(node.runKey + " " + node.node + " " + std::to_string(random())).substr(0, 16);
        const Json request{{"entrypoint", command},
                           {"submission_id", id},
                           {"metadata", {{"keel.node", node.node}, {"keel.run", node.runKey}}}};
        try {
            web.post("/api/jobs/", request.dump());
        } catch (const Error &e) {
            throwError(e.kind(), "the Ray head at " + target.dashboard + " refused the job: " + e.what());
        }
        node.log("Ray job " + id + " submitted to " + target.dashboard);
        std::string status, message;
        bool stopping = false;
        for (;;) {
            const Json info = Json::parse(web.get("/api/jobs/" + id));
            const std::string now = info.value("status", std::string());
            message = info.value("message", std::string());
            if (now != status) {
                status = now;
                node.progress(status == "RUNNING" ? 0.5 : 0.0, "Ray job " + id + ": " + status);
            }
            if (finished(status))
                break;
            if (!stopping && node.stopRequested()) {
                stopping = true;
                web.post("/api/jobs/" + id + "/stop", "{}");
                node.log("asked Ray to stop job " + id);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(target.pollMilliseconds));
        }
        std::string logs;
        try {
            logs = Json::parse(web.get("/api/jobs/" + id + "/logs")).value("logs", std::string());
        } catch (const std::exception &e) {
            node.log(std::string("the job's log could not be fetched: ") + e.what());
        }
        std::istringstream in(logs);
        for (std::string line; std::getline(in, line);)
            if (!line.empty())
                node.log("ray: " + line);
        if (status == "STOPPED" && stopping)
            throw compute::JobCancelled();
        if (status != "SUCCEEDED") {
            const std::string tail = lastLines(logs, 3);
            throwError(ErrorKind::BadInput, "Ray job " + id + " " + status + (message.empty() ? "" : ": " + message) +
                                                (tail.empty() ? "" : "\n" + tail));
        }
    };
}

} // namespace keel::pipeline
