#pragma once

#include "pipeline/executor.h"

#include <filesystem>
#include <string>

namespace keel::pipeline {

// Where and how nodes run on a Ray cluster: each node is one Ray job, submitted through Ray's
// Jobs REST API (the dashboard's /api/jobs/), whose entrypoint is
//   KEEL --workspace WORKSPACE pipeline run-node FILE --node ID --run KEY [--no-cache]
// The cluster must see the same workspace and pipeline file (one machine, or a shared folder).
struct RayTarget {
    std::string dashboard;          // http://HOST:PORT of the head's dashboard (Jobs API)
    std::filesystem::path keel;     // the keel binary as the cluster's nodes find it
    std::filesystem::path workspace;
    std::filesystem::path file;     // the pipeline file
    int pollMilliseconds = 300;
};

// "ray://HOST:PORT" (or http://HOST:PORT) as the dashboard's URL; throws keel::Error (BadInput)
// for anything else. PORT is the dashboard's (Ray's default 8265).
std::string rayDashboardUrl(const std::string &address);

// Asks the head for its version; throws keel::Error (Io) saying no Ray head answers there.
std::string checkRayHead(const std::string &dashboard);

// A RunOptions::runElsewhere that runs each node as a Ray job and waits for it: the job's log
// becomes the node's log; stopping the run stops the job; a job that fails, is stopped, or is
// refused by the head fails its node with Ray's answer and the log's last lines.
std::function<void(const RunOptions::RemoteNode &)> rayRunner(RayTarget target);

} // namespace keel::pipeline
