#include "pipeline/executor.h"

#include "compute/workerpool.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "core/sha256.h"
#include "data/table.h"
#include "data/tablefile.h"
#include "pipeline/bundle.h"
#include "pipeline/noderegistry.h"
#include "pipeline/pipelinefile.h"
#include "pipeline/validation.h"
#include "store/artifactstore.h"
#include "store/database.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>

namespace keel::pipeline {

const char *toString(NodeState state)
{
    switch (state) {
    case NodeState::Idle: return "idle";
    case NodeState::Ready: return "ready";
    case NodeState::Queued: return "queued";
    case NodeState::Running: return "running";
    case NodeState::Succeeded: return "succeeded";
    case NodeState::Failed: return "failed";
    case NodeState::Cached: return "cached";
    case NodeState::Skipped: return "skipped";
    case NodeState::Cancelled: return "cancelled";
    }
    return "idle";
}

namespace {

using Json = nlohmann::json;

// Everything one run shares between the scheduler and the nodes' jobs.
struct RunState {
    const Graph &graph;
    const NodeRegistry &registry;
    const RunOptions &options;
    RunResult result;
    std::mutex mutex;       // result and the flags below
    std::condition_variable changed;
    std::mutex dbMutex;     // one writer at a time on the workspace's connection
    int running = 0;

    void update(const std::string &node, const std::function<void(NodeStatus &)> &change)
    {
        NodeStatus copy;
        {
            std::lock_guard lock(mutex);
            change(result.nodes[node]);
            copy = result.nodes[node];
        }
        if (options.onChange)
            options.onChange(node, copy);
    }
    bool stopRequested() const { return options.stop && options.stop->load(); }
};

class NodeRun final : public NodeContext {
public:
    NodeRun(RunState &run, const Node &node, std::map<std::string, Value> inputs)
        : m_run(run), m_node(node), m_inputs(std::move(inputs))
    {
    }
    const nlohmann::ordered_json &params() const override { return m_node.params; }
    const Value *input(const std::string &port) const override
    {
        const auto it = m_inputs.find(port);
        return it == m_inputs.end() ? nullptr : &it->second;
    }
    void output(const std::string &port, Value value) override
    {
        if (!type->output(port))
            throwError(ErrorKind::Internal, type->id + " has no output \"" + port + "\"");
        outputs[port] = std::move(value);
    }
    void log(const std::string &line) override
    {
        m_run.update(m_node.id, [&](NodeStatus &s) { s.log.push_back(line); });
    }
    void progress(double fraction, const std::string &message) override
    {
        m_run.update(m_node.id, [&](NodeStatus &s) {
            s.progress = fraction;
            if (!message.empty())
                s.message = message;
        });
        if (jobContext)
            jobContext->progress(fraction, message);
    }
    void throwIfStopped() const override
    {
        if (m_run.stopRequested())
            throw compute::JobCancelled();
        if (jobContext)
            jobContext->throwIfStopped();
    }
    store::Workspace *workspace() const override { return m_run.options.workspace; }
    void withWorkspace(const std::function<void(store::Workspace &)> &work) override
    {
        store::Workspace &ws = requireWorkspace();
        std::lock_guard lock(m_run.dbMutex);
        work(ws);
    }
    std::filesystem::path baseDir() const override { return m_run.options.baseDir; }
    std::string pipelineRunUuid() const override { return m_run.result.trackingRun; }
    std::string runReason() const override
    {
        return m_run.options.reason.empty() ? m_run.options.trigger : m_run.options.trigger + ": " + m_run.options.reason;
    }
    const std::string &nodeId() const override { return m_node.id; }

    std::map<std::string, Value> outputs;
    compute::JobContext *jobContext = nullptr;

private:
    RunState &m_run;
    const Node &m_node;
    std::map<std::string, Value> m_inputs;
};

// Outputs as the cache keeps them: tables in their binary form and bundles as JSON in the
// artifact store; metrics and texts inline.
Json storeOutputs(store::Workspace &ws, const std::map<std::string, Value> &outputs)
{
    Json j = Json::object();
    for (const auto &[port, v] : outputs) {
        Json o{{"type", toString(v.type)}, {"sha256", v.sha256}};
        if (v.table)
            o["artifact"] = ws.artifacts().put(data::encodeTable(*v.table));
        else if (v.bundle)
            o["artifact"] = ws.artifacts().put(v.bundle->toJson().dump());
        else if (v.type == PortType::Metrics)
            o["metrics"] = v.metrics;
        else
            o["text"] = v.text;
        j[port] = o;
    }
    return j;
}

std::map<std::string, Value> loadOutputs(store::Workspace &ws, const Json &j)
{
    std::map<std::string, Value> out;
    for (const auto &[port, o] : j.items()) {
        Value v;
        v.type = portTypeFromString(o.at("type").get<std::string>()).value_or(PortType::Any);
        v.sha256 = o.at("sha256").get<std::string>();
        if (o.contains("artifact")) {
            const std::string hash = o.at("artifact").get<std::string>();
            ws.artifacts().verify(hash);
            const auto bytes = ws.artifacts().read(hash);
            const std::string_view view(reinterpret_cast<const char *>(bytes.data()), bytes.size());
            if (v.type == PortType::Dataset)
                v.table = std::make_shared<const data::Table>(data::decodeTable(view, "cached " + port));
            else
                v.bundle = std::make_shared<const Bundle>(Bundle::fromJson(nlohmann::ordered_json::parse(view), "cached " + port));
        } else if (o.contains("metrics")) {
            v.metrics = o.at("metrics").get<Metrics>();
        } else {
            v.text = o.value("text", "");
        }
        out[port] = std::move(v);
    }
    return out;
}

std::string cacheKey(const NodeType &type, const Node &node, const std::map<std::string, Value> &inputs, const std::string &fingerprint)
{
    Json inputHashes = Json::object();
    for (const auto &[port, v] : inputs)
        inputHashes[port] = v.sha256;
    // A plain json sorts keys: the same params written in another order give the same key.
    const Json key{{"type", type.id}, {"version", type.version}, {"params", Json::parse(node.params.dump())},
                   {"inputs", inputHashes}, {"fingerprint", fingerprint}};
    return sha256Hex(key.dump());
}

// Where a node's outputs are kept: by content for a cacheable node, under the run's key for one
// that is never cached; empty when they are not kept (no workspace, or a never-cached node in
// a run of one process).
std::string outputsKey(RunState &run, const Node &node, const NodeType &type, NodeRun &ctx)
{
    if (!run.options.workspace)
        return {};
    if (!type.cacheable)
        return run.options.runKey.empty() ? std::string() : sha256Hex("run " + run.options.runKey + " node " + node.id);
    const std::string fingerprint = type.fingerprint ? type.fingerprint(ctx) : std::string();
    std::map<std::string, Value> in;
    for (const auto &spec : type.inputs)
        if (const Value *v = ctx.input(spec.name))
            in[spec.name] = *v;
    return cacheKey(type, node, in, fingerprint);
}

std::optional<std::map<std::string, Value>> cachedOutputs(RunState &run, const std::string &key)
{
    std::lock_guard lock(run.dbMutex);
    return storedOutputs(*run.options.workspace, key);
}

// One node, from its inputs to its outputs; never throws except to cancel.
void executeNode(RunState &run, const Node &node, const NodeType &type, std::map<std::string, Value> inputs, compute::JobContext *job)
{
    NodeRun ctx(run, node, std::move(inputs));
    ctx.type = &type;
    ctx.jobContext = job;
    run.update(node.id, [&](NodeStatus &s) {
        s.state = NodeState::Running;
        s.startedMs = nowMs();
    });
    NodeState final = NodeState::Succeeded;
    std::string message, key;
    try {
        ctx.throwIfStopped();
        key = outputsKey(run, node, type, ctx);
        // A never-cached node's outputs under the run's key are this run's own: a task run again
        // (a retry, a resumed run) does not register or promote twice.
        bool cached = false;
        if (!key.empty() && (run.options.useCache || !type.cacheable)) {
            try {
                if (auto found = cachedOutputs(run, key)) {
                    ctx.outputs = std::move(*found);
                    cached = true;
                }
            } catch (const std::exception &e) {
                log::warning("pipeline cache entry " + key.substr(0, 12) + " unusable, running the node again: " + e.what());
            }
        }
        if (cached) {
            final = NodeState::Cached;
            ctx.log(type.cacheable ? "outputs from the cache (" + key.substr(0, 12) + ")" : "outputs from an earlier try of this run");
        } else if (run.options.runElsewhere) {
            if (key.empty())
                throwError(ErrorKind::Internal, "a node that runs elsewhere needs a workspace and a run key");
            run.options.runElsewhere(RunOptions::RemoteNode{node.id, run.options.runKey, run.options.useCache, [&](const std::string &line) { ctx.log(line); },
                                                            [&](double f, const std::string &m) { ctx.progress(f, m); },
                                                            [&] { return run.stopRequested() || (job && job->stopRequested()); }});
            ctx.throwIfStopped();
            auto found = cachedOutputs(run, key);
            if (!found)
                throwError(ErrorKind::NotFound, "the node finished elsewhere but its outputs are not in the workspace's cache (key " +
                                                    key.substr(0, 12) + "): does it share this workspace?");
            ctx.outputs = std::move(*found);
        } else {
            type.run(ctx);
            ctx.throwIfStopped();
            if (!key.empty()) {
                std::lock_guard lock(run.dbMutex);
                const Json stored = storeOutputs(*run.options.workspace, ctx.outputs);
                run.options.workspace->db()
                    .cached("INSERT OR REPLACE INTO pipeline_cache (key, node_type, outputs, created_at) VALUES (?1, ?2, ?3, ?4)")
                    .bindAll(key, type.id, stored.dump(), nowMs())
                    .run();
            }
        }
    } catch (const compute::JobCancelled &) {
        final = NodeState::Cancelled;
        message = "cancelled";
    } catch (const std::exception &e) {
        final = NodeState::Failed;
        message = e.what();
    }
    for (const auto &spec : type.outputs)
        if (final == NodeState::Succeeded && spec.required && !ctx.outputs.count(spec.name)) {
            final = NodeState::Failed;
            message = type.title + " produced no \"" + spec.name + "\" output";
        }
    {
        std::lock_guard lock(run.mutex);
        if (final == NodeState::Succeeded || final == NodeState::Cached)
            run.result.outputs[node.id] = ctx.outputs;
    }
    run.update(node.id, [&](NodeStatus &s) {
        s.state = final;
        s.finishedMs = nowMs();
        s.cacheKey = key;
        s.progress = final == NodeState::Succeeded || final == NodeState::Cached ? 1.0 : s.progress;
        if (!message.empty())
            s.message = message;
        if (final == NodeState::Failed)
            s.log.push_back("failed: " + message);
    });
}

std::string valueText(const nlohmann::ordered_json &v)
{
    return v.is_string() ? v.get<std::string>() : v.dump();
}

void startTracking(RunState &run)
{
    store::Workspace &ws = *run.options.workspace;
    tracking::TrackingStore store(ws.db(), &ws.artifacts());
    const std::string experimentName = "pipeline: " + (run.graph.name.empty() ? std::string("unnamed") : run.graph.name);
    const auto experiment = store.experimentByName(experimentName);
    const std::int64_t experimentId = experiment ? experiment->id : store.createExperiment(experimentName);
    run.result.trackingRun = store.createRun(experimentId, run.options.trigger + " run", nowMs());
    std::vector<std::pair<std::string, std::string>> params;
    for (const Node &n : run.graph.nodes)
        for (const auto &[k, v] : n.params.items())
            params.emplace_back(n.id + "." + k, valueText(v).substr(0, 6000));
    const std::vector<std::pair<std::string, std::string>> tags{{"keel.pipeline", run.graph.name},
                                                                {"keel.pipeline_sha256", run.options.fileSha256},
                                                                {"keel.trigger", run.options.trigger},
                                                                {"keel.reason", run.options.reason}};
    store.logBatch(run.result.trackingRun, {}, params, tags);
    ws.db()
        .cached("INSERT INTO pipeline_runs (pipeline, file, file_sha256, tracking_run, state, trigger, reason, graph, started_at) "
                "VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?6, ?7, ?8)")
        .bindAll(run.graph.name, run.options.file.string(), run.options.fileSha256, run.result.trackingRun, run.options.trigger, run.options.reason,
                 formatPipeline(run.graph), nowMs())
        .run();
    run.result.runId = ws.db().lastInsertRowId();
}

void finishTracking(RunState &run)
{
    store::Workspace &ws = *run.options.workspace;
    tracking::TrackingStore store(ws.db(), &ws.artifacts());
    // Every metric a node produced, as NODE.METRIC on the pipeline's run.
    std::vector<tracking::Metric> metrics;
    for (const auto &[node, outputs] : run.result.outputs)
        for (const auto &[port, v] : outputs)
            if (v.type == PortType::Metrics)
                for (const auto &[k, value] : v.metrics)
                    metrics.push_back({node + "." + k, value, nowMs(), 0});
    // What the run's device time cost, as MLflow users log it: metrics of the run.
    if (run.options.pool) {
        metrics.push_back({"device_seconds", run.result.deviceSeconds, nowMs(), 0});
        metrics.push_back({"gpu_seconds", run.result.gpuSeconds, nowMs(), 0});
        if (run.result.costUsd >= 0)
            metrics.push_back({"cost_usd", run.result.costUsd, nowMs(), 0});
    }
    store.logBatch(run.result.trackingRun, metrics);
    const char *status = run.result.succeeded ? "FINISHED" : run.result.cancelled ? "KILLED" : "FAILED";
    store.setRunStatus(run.result.trackingRun, status, nowMs());
    sql::Transaction tx(ws.db());
    ws.db()
        .cached("UPDATE pipeline_runs SET state = ?2, finished_at = ?3 WHERE id = ?1")
        .bindAll(run.result.runId, run.result.succeeded ? "succeeded" : run.result.cancelled ? "cancelled" : "failed", nowMs())
        .run();
    for (const auto &[node, s] : run.result.nodes) {
        std::string log;
        for (const std::string &line : s.log)
            log += line + "\n";
        ws.db()
            .cached("INSERT INTO pipeline_node_runs (run_id, node, state, cache_key, message, log, started_at, finished_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
            .bindAll(run.result.runId, node, toString(s.state), s.cacheKey, s.message, log, s.startedMs, s.finishedMs)
            .run();
    }
    tx.commit();
}

} // namespace

namespace {

// Throws keel::Error (BadInput) listing every problem when the graph has errors.
void requireValid(const Graph &graph, const NodeRegistry &registry)
{
    const auto problems = validate(graph, registry);
    if (!hasErrors(problems))
        return;
    std::string text = "the pipeline has problems:";
    for (const Problem &p : problems)
        text += "\n  " + p.text();
    throwError(ErrorKind::BadInput, text);
}

} // namespace

std::optional<std::map<std::string, Value>> storedOutputs(store::Workspace &workspace, const std::string &key)
{
    auto &find = workspace.db().cached("SELECT outputs FROM pipeline_cache WHERE key = ?1");
    find.bind(1, key);
    if (!find.step()) {
        find.reset();
        return std::nullopt;
    }
    const std::string stored = find.text(0);
    find.reset();
    return loadOutputs(workspace, Json::parse(stored));
}

RunResult runPipeline(const Graph &graph, const NodeRegistry &registry, const RunOptions &options)
{
    requireValid(graph, registry);
    RunOptions effective = options;
    RunState run{graph, registry, effective, {}, {}, {}, {}, 0};
    const std::int64_t started = steadyNs();
    run.result.order = *graph.topologicalOrder();
    for (const Node &n : graph.nodes)
        run.result.nodes[n.id] = NodeStatus{};
    if (options.workspace) {
        std::lock_guard lock(run.dbMutex);
        startTracking(run);
    }
    if (effective.runElsewhere && effective.runKey.empty())
        effective.runKey = run.result.trackingRun;

    std::set<std::string> launched;
    std::map<std::string, compute::JobId> jobs;
    bool cancelling = false;
    std::unique_lock lock(run.mutex);
    for (;;) {
        if (run.stopRequested() && !cancelling) {
            cancelling = true;
            if (options.pool)
                for (const auto &[node, job] : jobs)
                    options.pool->cancel(job);
        }
        bool progressed = false;
        if (cancelling && options.pool) {
            // A job cancelled while queued never runs its work: account for it here.
            for (const auto &[id, job] : jobs) {
                const auto info = options.pool->info(job);
                if (info && compute::isFinished(info->state) && run.result.nodes[id].state == NodeState::Queued) {
                    --run.running;
                    lock.unlock();
                    run.update(id, [](NodeStatus &s) { s.state = NodeState::Cancelled, s.message = "cancelled before it started"; });
                    lock.lock();
                    progressed = true;
                }
            }
        }
        for (const std::string &id : run.result.order) {
            if (launched.count(id))
                continue;
            const Node &node = *graph.node(id);
            bool ready = true;
            std::string blockedBy;
            for (const Link *l : graph.linksInto(id)) {
                const NodeState s = run.result.nodes[l->fromNode].state;
                if (s == NodeState::Succeeded || s == NodeState::Cached)
                    continue;
                ready = false;
                if (s == NodeState::Failed || s == NodeState::Skipped || s == NodeState::Cancelled)
                    blockedBy = l->fromNode;
            }
            if (cancelling && (ready || !blockedBy.empty())) {
                launched.insert(id);
                lock.unlock();
                run.update(id, [](NodeStatus &s) { s.state = NodeState::Cancelled, s.message = "cancelled before it started"; });
                lock.lock();
                progressed = true;
                continue;
            }
            if (!blockedBy.empty()) {
                launched.insert(id);
                const std::string why = "skipped: " + blockedBy + " " + toString(run.result.nodes[blockedBy].state);
                lock.unlock();
                run.update(id, [&](NodeStatus &s) { s.state = NodeState::Skipped, s.message = why; });
                lock.lock();
                progressed = true;
                continue;
            }
            if (!ready)
                continue;
            launched.insert(id);
            progressed = true;
            std::map<std::string, Value> inputs;
            for (const Link *l : graph.linksInto(id))
                inputs[l->toPort] = run.result.outputs[l->fromNode][l->fromPort];
            const NodeType *type = registry.find(node.type);
            if (!options.pool) {
                lock.unlock();
                executeNode(run, node, *type, std::move(inputs), nullptr);
                lock.lock();
                continue;
            }
            ++run.running;
            lock.unlock();
            run.update(id, [](NodeStatus &s) { s.state = NodeState::Queued; });
            compute::JobSpec spec;
            spec.name = "Pipeline " + graph.name + ": " + type->title + " (" + id + ")";
            spec.kind = "pipeline-node";
            auto shared = std::make_shared<std::map<std::string, Value>>(std::move(inputs));
            spec.work = [&run, &node, type, shared](compute::JobContext &job) {
                executeNode(run, node, *type, std::move(*shared), &job);
                std::string failure;
                NodeState state;
                {
                    std::lock_guard l(run.mutex);
                    state = run.result.nodes[node.id].state;
                    failure = run.result.nodes[node.id].message;
                    --run.running;
                }
                run.changed.notify_all();
                if (state == NodeState::Cancelled)
                    throw compute::JobCancelled();
                if (state == NodeState::Failed)
                    throw Error(ErrorKind::BadInput, failure); // the Jobs list shows the node failed, and why
            };
            const compute::JobId job = options.pool->submit(std::move(spec));
            lock.lock();
            jobs[id] = job;
            run.result.nodes[id].job = job;
        }
        if (launched.size() == graph.nodes.size() && run.running == 0)
            break;
        if (!progressed) {
            if (run.running == 0)
                break; // nothing can start (cannot happen for a validated graph)
            run.changed.wait_for(lock, std::chrono::milliseconds(100));
        }
    }
    lock.unlock();
    if (options.pool) {
        for (const auto &[node, job] : jobs) {
            const compute::JobInfo info = options.pool->wait(job); // the job's own bookkeeping has finished too
            run.result.deviceSeconds += info.deviceSeconds;
            if (info.device && info.device->isCuda())
                run.result.gpuSeconds += info.deviceSeconds;
            if (info.costUsd >= 0)
                run.result.costUsd = std::max(0.0, run.result.costUsd) + info.costUsd;
        }
    }

    run.result.succeeded = true;
    for (const std::string &id : run.result.order) {
        const NodeState s = run.result.nodes[id].state;
        if (s == NodeState::Cancelled)
            run.result.cancelled = true;
        if (s != NodeState::Succeeded && s != NodeState::Cached)
            run.result.succeeded = false;
        if (s == NodeState::Failed && run.result.failedNode.empty())
            run.result.failedNode = id;
    }
    run.result.seconds = double(steadyNs() - started) / 1e9;
    if (options.workspace) {
        std::lock_guard dbLock(run.dbMutex);
        finishTracking(run);
    }
    return std::move(run.result);
}

RunResult runNode(const Graph &graph, const NodeRegistry &registry, const std::string &nodeId, const RunOptions &options)
{
    requireValid(graph, registry);
    const Node *target = graph.node(nodeId);
    if (!target)
        throwError(ErrorKind::NotFound, "the pipeline has no node \"" + nodeId + "\"");
    if (!options.workspace)
        throwError(ErrorKind::BadInput, "running one node needs the workspace that holds its inputs");
    RunState run{graph, registry, options, {}, {}, {}, {}, 0};
    if (!options.trackingRun.empty()) {
        tracking::TrackingStore store(options.workspace->db(), &options.workspace->artifacts());
        if (store.run(options.trackingRun))
            run.result.trackingRun = options.trackingRun;
    }
    const std::int64_t started = steadyNs();
    // The outputs of the nodes upstream, found by the same keys their own runs stored them under.
    std::map<std::string, std::map<std::string, Value>> found;
    std::function<std::map<std::string, Value>(const std::string &)> inputsOf;
    std::function<const std::map<std::string, Value> &(const std::string &)> outputsOf = [&](const std::string &id) -> const std::map<std::string, Value> & {
        if (const auto it = found.find(id); it != found.end())
            return it->second;
        const Node &n = *graph.node(id);
        const NodeType &type = *registry.find(n.type);
        NodeRun ctx(run, n, inputsOf(id));
        ctx.type = &type;
        const std::string key = outputsKey(run, n, type, ctx);
        std::optional<std::map<std::string, Value>> outputs;
        if (!key.empty())
            outputs = cachedOutputs(run, key);
        if (!outputs)
            throwError(ErrorKind::NotFound, "node \"" + nodeId + "\" needs the outputs of \"" + id + "\", which has not run with its current inputs" +
                                                (type.cacheable || !options.runKey.empty() ? std::string() : std::string(" (a never-cached node: pass the run's --run KEY)")) +
                                                ": run it first");
        return found[id] = std::move(*outputs);
    };
    inputsOf = [&](const std::string &id) {
        std::map<std::string, Value> in;
        for (const Link *l : graph.linksInto(id)) {
            const auto &outputs = outputsOf(l->fromNode);
            const auto it = outputs.find(l->fromPort);
            if (it == outputs.end())
                throwError(ErrorKind::NotFound, "node \"" + l->fromNode + "\" stored no \"" + l->fromPort + "\" output");
            in[l->toPort] = it->second;
        }
        return in;
    };
    std::map<std::string, Value> inputs = inputsOf(nodeId);
    run.result.order = {nodeId};
    run.result.nodes[nodeId] = NodeStatus{};
    executeNode(run, *target, *registry.find(target->type), std::move(inputs), nullptr);
    const NodeState s = run.result.nodes[nodeId].state;
    run.result.succeeded = s == NodeState::Succeeded || s == NodeState::Cached;
    run.result.cancelled = s == NodeState::Cancelled;
    if (s == NodeState::Failed)
        run.result.failedNode = nodeId;
    run.result.seconds = double(steadyNs() - started) / 1e9;
    return std::move(run.result);
}

} // namespace keel::pipeline
