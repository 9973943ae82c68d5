#pragma once

#include "pipeline/graph.h"
#include "pipeline/value.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::compute {
class WorkerPool;
}
namespace keel::store {
class Workspace;
}

namespace keel::pipeline {

class NodeRegistry;

// A node's state in a run, as KNIME's traffic light and Airflow's task states show it.
enum class NodeState { Idle, Ready, Queued, Running, Succeeded, Failed, Cached, Skipped, Cancelled };
const char *toString(NodeState state);
inline bool isDone(NodeState s)
{
    return s == NodeState::Succeeded || s == NodeState::Failed || s == NodeState::Cached || s == NodeState::Skipped || s == NodeState::Cancelled;
}

struct NodeStatus {
    NodeState state = NodeState::Idle;
    std::string message; // why it failed or was skipped, else the last progress message
    std::vector<std::string> log;
    double progress = 0.0;
    std::int64_t startedMs = 0, finishedMs = 0;
    std::string cacheKey;
    std::uint64_t job = 0; // its WorkerPool job, when it ran on one
};

struct RunOptions {
    store::Workspace *workspace = nullptr; // the cache, tracking and the registry live there
    compute::WorkerPool *pool = nullptr;   // nodes as pool jobs; without one, one after another here
    std::filesystem::path baseDir;         // relative paths in params start here (the file's folder)
    std::filesystem::path file;            // the pipeline file, recorded with the run (empty: built in memory)
    std::string fileSha256;                // of the pipeline file
    bool useCache = true;
    std::string trigger = "manual";        // manual, schedule, files, drift
    std::string reason;                    // why it ran (a trigger's finding)
    const std::atomic<bool> *stop = nullptr;
    // Called from worker threads whenever a node's status changes.
    std::function<void(const std::string &node, const NodeStatus &status)> onChange;

    // One run across several processes or machines that share the workspace: nodes that are
    // never cached (gates, registration, commands) keep their outputs under this key, so the
    // run's later tasks find them. runPipeline sets it to the tracking run when nodes run
    // elsewhere; `keel pipeline run-node --run KEY` passes it on.
    std::string runKey;
    // runNode: log under this existing tracking run instead of none.
    std::string trackingRun;
    // Runs a node somewhere else instead of in this process (as a Ray job). It returns once the
    // node has finished there and stored its outputs in the shared workspace, and throws
    // keel::Error with the reason when the node failed. `log` adds a line to the node's log;
    // `stopRequested` says when to stop the remote node and throw compute::JobCancelled.
    struct RemoteNode {
        const std::string &node;
        const std::string &runKey;
        bool useCache;
        std::function<void(const std::string &line)> log;
        std::function<void(double fraction, const std::string &message)> progress;
        std::function<bool()> stopRequested;
    };
    std::function<void(const RemoteNode &)> runElsewhere;
};

struct RunResult {
    bool succeeded = false;
    bool cancelled = false;
    std::int64_t runId = 0;    // the workspace's pipeline_runs row (0 without a workspace)
    std::string trackingRun;   // the run's uuid in Experiments
    std::map<std::string, NodeStatus> nodes;
    std::map<std::string, std::map<std::string, Value>> outputs;
    double seconds = 0.0;
    std::vector<std::string> order; // the nodes in the order they were considered
    std::string failedNode;         // the first that failed
    // The nodes' jobs in the pool, summed: device seconds (GPU ones apart) and their cost at the
    // pool's prices (-1: no cost meter, or nodes run without a pool).
    double deviceSeconds = 0.0;
    double gpuSeconds = 0.0;
    double costUsd = -1.0;
};

// Runs a validated graph (throws keel::Error with every problem otherwise). A node starts when
// every node it takes inputs from has succeeded (or come from the cache); a failed node's
// downstream is skipped and everything else goes on; nothing a node throws reaches the caller.
// A node whose type, type version, params, inputs and fingerprint are unchanged since a run
// that stored its outputs is cached: a second run of an unchanged pipeline is all cached, and
// a run after a failure resumes at the failed node.
RunResult runPipeline(const Graph &graph, const NodeRegistry &registry, const RunOptions &options);

// The outputs a run stored under `key` (a NodeStatus's cacheKey), or nullopt when the
// workspace's cache does not hold them (any more). Throws keel::Error when they are damaged.
std::optional<std::map<std::string, Value>> storedOutputs(store::Workspace &workspace, const std::string &key);

// Runs one node of a graph by itself, as one task of a distributed engine does (a Ray job, an
// Argo Workflows or Kubeflow Pipelines step): its inputs are the outputs that the nodes upstream
// stored in options.workspace's cache (found by content, as runPipeline keys them, or under
// options.runKey for nodes that are never cached), and its outputs are stored there for the
// nodes downstream. The result holds this node only. Throws keel::Error (NotFound) naming the
// upstream node that has not run yet, and (BadInput) when the graph has problems.
RunResult runNode(const Graph &graph, const NodeRegistry &registry, const std::string &nodeId, const RunOptions &options);

} // namespace keel::pipeline
