// keel pipeline validate|run|run-node|export|watch|runs|types: pipelines headless, for CI,
// servers and the distributed engines that run one node per task.
#include "app/cli/cli.h"
#include "app/cli/recordedpool.h"

#include "compute/workerpool.h"
#include "core/error.h"
#include "core/sha256.h"
#include "pipeline/executor.h"
#include "pipeline/noderegistry.h"
#include "core/clock.h"
#include "pipeline/pipelinefile.h"
#include "pipeline/rayrunner.h"
#include "pipeline/triggers.h"
#include "pipeline/validation.h"
#include "pipeline/workflowexport.h"
#include "compute/devices.h"
#include "models/costsettings.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <QDateTime>

#include <atomic>
#include <chrono>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>

namespace keel::cli {
namespace {

using namespace keel::pipeline;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QJsonObject problemJson(const Problem &p)
{
    return QJsonObject{{QStringLiteral("severity"), p.severity == Problem::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning")},
                       {QStringLiteral("node"), q(p.node)},
                       {QStringLiteral("field"), q(p.field)},
                       {QStringLiteral("message"), q(p.message)},
                       {QStringLiteral("line"), p.pos.line},
                       {QStringLiteral("column"), p.pos.column}};
}

int validateAction(const std::filesystem::path &file, bool json)
{
    const Graph graph = loadPipeline(file);
    const auto problems = validate(graph, NodeRegistry::builtin());
    QTextStream &out = Cli::out();
    if (json) {
        QJsonArray list;
        for (const Problem &p : problems)
            list.append(problemJson(p));
        out << QJsonDocument(QJsonObject{{QStringLiteral("file"), q(file.string())},
                                         {QStringLiteral("valid"), !hasErrors(problems)},
                                         {QStringLiteral("problems"), list}})
                   .toJson();
    } else if (problems.empty()) {
        out << Cli::tr("%1: valid (%2 nodes, %3 links)").arg(q(file.string())).arg(graph.nodes.size()).arg(graph.links.size()) << '\n';
    } else {
        for (const Problem &p : problems)
            Cli::err() << q(p.text(file.string())) << '\n';
    }
    return hasErrors(problems) ? BadUsage : Ok;
}

// The file's graph when it validates; else its problems printed by line and column.
// The nodes' pool: CPU workers, each job priced at the saved CPU core-hour (the run's cost_usd).
compute::PoolOptions pricedPool()
{
    compute::PoolOptions options;
    options.costMeter = compute::costMeterFor(compute::DeviceReport{}, savedPrices());
    return options;
}

std::optional<Graph> loadValid(const std::filesystem::path &file)
{
    Graph graph = loadPipeline(file);
    const auto problems = validate(graph, NodeRegistry::builtin());
    if (!hasErrors(problems))
        return graph;
    for (const Problem &p : problems)
        Cli::err() << q(p.text(file.string())) << '\n';
    return std::nullopt;
}

// How a file's pipeline runs from the command line: nodes on `pool`, relative paths from the
// file's folder, recorded in `workspace`.
RunOptions optionsFor(const std::filesystem::path &file, store::Workspace *workspace, compute::WorkerPool &pool)
{
    RunOptions options;
    options.workspace = workspace;
    options.pool = &pool;
    options.baseDir = std::filesystem::absolute(file).parent_path();
    options.file = std::filesystem::absolute(file);
    return options;
}

QString stateMark(NodeState s)
{
    switch (s) {
    case NodeState::Succeeded: return QStringLiteral("ok     ");
    case NodeState::Cached: return QStringLiteral("cached ");
    case NodeState::Failed: return QStringLiteral("FAILED ");
    case NodeState::Skipped: return QStringLiteral("skipped");
    case NodeState::Cancelled: return QStringLiteral("cancel ");
    default: return QStringLiteral("       ");
    }
}

int runAction(const std::filesystem::path &file, const QCommandLineParser &parser, bool json)
{
    const auto loaded = loadValid(file);
    if (!loaded)
        return BadUsage;
    const Graph &graph = *loaded;
    auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    RecordedPool recorded(pricedPool(), workspace->databasePath());
    RunOptions options = optionsFor(file, workspace.get(), recorded.pool());
    options.fileSha256 = sha256File(file);
    options.useCache = !parser.isSet(QStringLiteral("no-cache"));
    if (parser.isSet(QStringLiteral("on"))) {
        RayTarget ray;
        ray.dashboard = rayDashboardUrl(parser.value(QStringLiteral("on")).toStdString());
        const std::string version = checkRayHead(ray.dashboard);
        ray.keel = parser.isSet(QStringLiteral("remote-keel")) ? parser.value(QStringLiteral("remote-keel")).toStdString()
                                                               : QCoreApplication::applicationFilePath().toStdString();
        ray.workspace = parser.isSet(QStringLiteral("remote-workspace")) ? std::filesystem::path(parser.value(QStringLiteral("remote-workspace")).toStdString())
                                                                         : std::filesystem::absolute(workspace->dir());
        ray.file = std::filesystem::absolute(file);
        options.runElsewhere = rayRunner(ray);
        if (!json)
            Cli::out() << Cli::tr("running each node as a job on the Ray %1 head at %2").arg(q(version), q(ray.dashboard)) << '\n';
    }
    std::mutex printing;
    if (!json) {
        options.onChange = [&](const std::string &node, const NodeStatus &s) {
            if (!isDone(s.state))
                return;
            std::lock_guard lock(printing);
            const double seconds = s.startedMs && s.finishedMs ? double(s.finishedMs - s.startedMs) / 1000.0 : 0.0;
            QString line = QStringLiteral("%1  %2  %3 s").arg(stateMark(s.state), q(node).leftJustified(18), QString::number(seconds, 'f', 2));
            if (s.state == NodeState::Failed || s.state == NodeState::Skipped)
                line += QStringLiteral("  ") + q(s.message);
            else if (!s.log.empty())
                line += QStringLiteral("  ") + q(s.log.back());
            Cli::out() << line << '\n';
            Cli::out().flush();
        };
    }
    const RunResult result = runPipeline(graph, NodeRegistry::builtin(), options);
    QTextStream &out = Cli::out();
    if (json) {
        QJsonArray nodes;
        for (const std::string &id : result.order) {
            const NodeStatus &s = result.nodes.at(id);
            QJsonObject metrics;
            if (const auto it = result.outputs.find(id); it != result.outputs.end())
                for (const auto &[port, v] : it->second)
                    for (const auto &[k, value] : v.metrics)
                        metrics[q(k)] = value;
            QJsonArray log;
            for (const std::string &line : s.log)
                log.append(q(line));
            nodes.append(QJsonObject{{QStringLiteral("id"), q(id)},
                                     {QStringLiteral("state"), QLatin1String(toString(s.state))},
                                     {QStringLiteral("message"), q(s.message)},
                                     {QStringLiteral("seconds"), s.startedMs && s.finishedMs ? double(s.finishedMs - s.startedMs) / 1000.0 : 0.0},
                                     {QStringLiteral("cache_key"), q(s.cacheKey)},
                                     {QStringLiteral("metrics"), metrics},
                                     {QStringLiteral("log"), log}});
        }
        out << QJsonDocument(QJsonObject{{QStringLiteral("pipeline"), q(graph.name)},
                                         {QStringLiteral("run"), double(result.runId)},
                                         {QStringLiteral("tracking_run"), q(result.trackingRun)},
                                         {QStringLiteral("succeeded"), result.succeeded},
                                         {QStringLiteral("seconds"), result.seconds},
                                         {QStringLiteral("nodes"), nodes}})
                   .toJson();
    } else {
        int cached = 0;
        for (const auto &[id, s] : result.nodes)
            cached += s.state == NodeState::Cached ? 1 : 0;
        out << (result.succeeded ? Cli::tr("Pipeline %1 succeeded in %2 s (%3 of %4 nodes from the cache); run %5 in Experiments")
                                 : Cli::tr("Pipeline %1 did not succeed in %2 s (%3 of %4 nodes from the cache); run %5 in Experiments"))
                   .arg(q(graph.name))
                   .arg(result.seconds, 0, 'f', 2)
                   .arg(cached)
                   .arg(result.nodes.size())
                   .arg(q(result.trackingRun))
            << '\n';
    }
    return result.succeeded ? Ok : CheckFailed;
}

// One node by itself, as a task of Ray, Argo Workflows or Kubeflow Pipelines runs it: its inputs
// come from the shared workspace's cache and its outputs go there.
int runNodeAction(const std::filesystem::path &file, const QCommandLineParser &parser, bool json)
{
    const auto loaded = loadValid(file);
    if (!loaded)
        return BadUsage;
    const std::string node = parser.value(QStringLiteral("node")).toStdString();
    if (node.empty())
        return Cli::usageError(Cli::tr("run-node needs --node ID"));
    auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    compute::WorkerPool pool(pricedPool());
    RunOptions options = optionsFor(file, workspace.get(), pool);
    options.pool = nullptr; // the node runs here, in this process's task
    options.fileSha256 = sha256File(file);
    options.useCache = !parser.isSet(QStringLiteral("no-cache"));
    options.runKey = parser.value(QStringLiteral("run")).toStdString();
    options.trackingRun = options.runKey;
    const RunResult result = runNode(*loaded, NodeRegistry::builtin(), node, options);
    const NodeStatus &s = result.nodes.at(node);
    QTextStream &out = Cli::out();
    if (json) {
        QJsonArray log;
        for (const std::string &line : s.log)
            log.append(q(line));
        out << QJsonDocument(QJsonObject{{QStringLiteral("node"), q(node)},
                                         {QStringLiteral("state"), QLatin1String(toString(s.state))},
                                         {QStringLiteral("message"), q(s.message)},
                                         {QStringLiteral("cache_key"), q(s.cacheKey)},
                                         {QStringLiteral("seconds"), result.seconds},
                                         {QStringLiteral("log"), log}})
                   .toJson();
    } else {
        // The state first and the log after it: its last line is what the node says it did.
        out << QStringLiteral("%1  %2  %3 s").arg(stateMark(s.state), q(node), QString::number(result.seconds, 'f', 2)) << '\n';
        for (const std::string &line : s.log)
            out << q(line) << '\n';
    }
    return result.succeeded ? Ok : CheckFailed;
}

// The pipeline as an Argo Workflows manifest or a Kubeflow Pipelines IR YAML.
int exportAction(const std::filesystem::path &file, const QCommandLineParser &parser)
{
    const auto loaded = loadValid(file);
    if (!loaded)
        return BadUsage;
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("argo") && format != QLatin1String("kfp"))
        return Cli::usageError(Cli::tr("export needs --format argo or --format kfp, not '%1'").arg(format));
    ExportOptions options;
    options.source = file.filename().string();
    if (parser.isSet(QStringLiteral("image")))
        options.image = parser.value(QStringLiteral("image")).toStdString();
    if (parser.isSet(QStringLiteral("claim")))
        options.claim = parser.value(QStringLiteral("claim")).toStdString();
    if (parser.isSet(QStringLiteral("container-workspace")))
        options.workspace = parser.value(QStringLiteral("container-workspace")).toStdString();
    if (parser.isSet(QStringLiteral("container-file")))
        options.pipelineFile = parser.value(QStringLiteral("container-file")).toStdString();
    const std::string text = format == QLatin1String("argo") ? exportArgo(*loaded, options) : exportKfp(*loaded, options);
    if (parser.isSet(QStringLiteral("output")))
        return Cli::writeOutput(parser, text) ? Ok : CheckFailed;
    Cli::out() << q(text);
    return Ok;
}

std::atomic<bool> g_stop{false};

extern "C" void stopWatching(int)
{
    g_stop = true;
}

// A long-lived process (what a user puts under systemd or cron on a server): polls the
// pipeline's triggers and runs it when one fires; SIGTERM or SIGINT stops it (a run going on
// is cancelled) and it exits 0.
int watchAction(const std::filesystem::path &file, const QCommandLineParser &parser)
{
    const auto loaded = loadValid(file);
    if (!loaded)
        return BadUsage;
    const Graph &graph = *loaded;
    if (graph.triggers.empty())
        return Cli::usageError(Cli::tr("%1 has no triggers (schedule, files or drift) to watch").arg(q(file.string())));
    bool ok = true;
    const double pollSeconds = parser.isSet(QStringLiteral("poll")) ? parser.value(QStringLiteral("poll")).toDouble(&ok) : 30.0;
    if (!ok || !(pollSeconds > 0))
        return Cli::usageError(Cli::tr("--poll takes seconds, not '%1'").arg(parser.value(QStringLiteral("poll"))));
    const int maxRuns = parser.value(QStringLiteral("max-runs")).toInt();
    auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    RecordedPool recorded(pricedPool(), workspace->databasePath());
    RunOptions options = optionsFor(file, workspace.get(), recorded.pool());
    options.stop = &g_stop;
    TriggerWatcher watcher(graph, options);
    g_stop = false;
    std::signal(SIGTERM, stopWatching);
    std::signal(SIGINT, stopWatching);
    QTextStream &out = Cli::out();
    QStringList kinds;
    for (const Trigger &t : graph.triggers)
        kinds << q(t.kind + " " + t.value);
    out << Cli::tr("watching %1 (%2), every %3 s").arg(q(file.string()), kinds.join(QStringLiteral(", "))).arg(pollSeconds) << '\n';
    if (const auto next = watcher.nextScheduled(nowMs()))
        out << Cli::tr("next scheduled run: %1").arg(QDateTime::fromMSecsSinceEpoch(*next).toString(QStringLiteral("yyyy-MM-dd HH:mm"))) << '\n';
    out.flush();
    int runs = 0;
    while (!g_stop) {
        std::vector<TriggerEvent> events;
        try {
            events = watcher.poll(nowMs());
        } catch (const std::exception &e) {
            Cli::err() << Cli::tr("keel: checking the triggers failed: %1").arg(q(e.what())) << '\n';
        }
        if (!events.empty()) {
            RunOptions run = options;
            run.fileSha256 = sha256File(file);
            run.trigger = events.front().kind;
            for (const TriggerEvent &e : events)
                run.reason += (run.reason.empty() ? "" : "; ") + e.reason;
            out << Cli::tr("triggered (%1): %2").arg(q(run.trigger), q(run.reason)) << '\n';
            out.flush();
            try {
                const RunResult r = runPipeline(loadPipeline(file), NodeRegistry::builtin(), run);
                out << (r.succeeded ? Cli::tr("run %1 succeeded in %2 s").arg(r.runId).arg(r.seconds, 0, 'f', 2)
                                    : Cli::tr("run %1 did not succeed: %2 %3").arg(r.runId).arg(q(r.failedNode),
                                                                                    r.failedNode.empty() ? QString() : q(r.nodes.at(r.failedNode).message)))
                    << '\n';
            } catch (const std::exception &e) {
                out << Cli::tr("run not started: %1").arg(q(e.what())) << '\n';
            }
            out.flush();
            if (maxRuns > 0 && ++runs >= maxRuns)
                break;
        }
        for (int i = 0; i < int(pollSeconds * 10) && !g_stop; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    out << Cli::tr("stopped watching %1").arg(q(file.string())) << '\n';
    return Ok;
}

int runsAction(const QCommandLineParser &parser, bool json)
{
    auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    auto rows = workspace->db().prepare(
        "SELECT id, pipeline, state, trigger, started_at, finished_at, tracking_run FROM pipeline_runs ORDER BY id DESC LIMIT 200");
    QJsonArray list;
    QTextStream &out = Cli::out();
    while (rows.step()) {
        const double seconds = rows.isNull(5) ? 0.0 : double(rows.int64(5) - rows.int64(4)) / 1000.0;
        if (json)
            list.append(QJsonObject{{QStringLiteral("run"), double(rows.int64(0))},
                                    {QStringLiteral("pipeline"), q(rows.text(1))},
                                    {QStringLiteral("state"), q(rows.text(2))},
                                    {QStringLiteral("trigger"), q(rows.text(3))},
                                    {QStringLiteral("started_at"), double(rows.int64(4))},
                                    {QStringLiteral("seconds"), seconds},
                                    {QStringLiteral("tracking_run"), q(rows.text(6))}});
        else
            out << QStringLiteral("%1  %2  %3  %4  %5 s").arg(rows.int64(0)).arg(q(rows.text(1)).leftJustified(20), q(rows.text(2)).leftJustified(10),
                                                              q(rows.text(3)).leftJustified(8)).arg(seconds, 0, 'f', 2)
                << '\n';
    }
    if (json)
        out << QJsonDocument(list).toJson();
    return Ok;
}

int typesAction(bool json)
{
    QTextStream &out = Cli::out();
    QJsonArray list;
    for (const NodeType &t : NodeRegistry::builtin().types()) {
        auto ports = [](const std::vector<PortSpec> &specs) {
            QJsonArray a;
            for (const PortSpec &p : specs)
                a.append(QJsonObject{{QStringLiteral("name"), q(p.name)}, {QStringLiteral("type"), QLatin1String(toString(p.type))},
                                     {QStringLiteral("required"), p.required}});
            return a;
        };
        QJsonArray params;
        for (const ParamSpec &p : t.params)
            params.append(QJsonObject{{QStringLiteral("name"), q(p.name)}, {QStringLiteral("kind"), QLatin1String(toString(p.kind))},
                                      {QStringLiteral("required"), p.required}, {QStringLiteral("default"), q(p.defaultValue.dump())},
                                      {QStringLiteral("help"), q(p.help)}});
        list.append(QJsonObject{{QStringLiteral("id"), q(t.id)}, {QStringLiteral("title"), q(t.title)},
                                {QStringLiteral("category"), q(t.category)}, {QStringLiteral("inputs"), ports(t.inputs)},
                                {QStringLiteral("outputs"), ports(t.outputs)}, {QStringLiteral("params"), params}});
        if (!json) {
            out << q(t.id).leftJustified(18) << q(t.category).leftJustified(12) << q(t.description) << '\n';
        }
    }
    if (json)
        out << QJsonDocument(list).toJson();
    return Ok;
}

} // namespace

int pipelineCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("validate FILE | run FILE [--no-cache] [--on ray://HOST:PORT] | run-node FILE --node ID [--run KEY] | "
                                             "export FILE --format argo|kfp | watch FILE [--poll SECONDS] | runs | types"));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("no-cache"), Cli::tr("run: run every node, reusing no cached outputs.")});
    parser.addOption({QStringLiteral("poll"), Cli::tr("watch: seconds between looks at the triggers (default 30)."), Cli::tr("SECONDS")});
    parser.addOption({QStringLiteral("max-runs"), Cli::tr("watch: stop after this many triggered runs."), Cli::tr("N")});
    parser.addOption({QStringLiteral("on"), Cli::tr("run: run each node as a job on this Ray cluster (its dashboard's address)."), Cli::tr("ray://HOST:PORT")});
    parser.addOption({QStringLiteral("remote-keel"), Cli::tr("run --on: the keel binary as the cluster finds it (default: this one)."), Cli::tr("PATH")});
    parser.addOption({QStringLiteral("remote-workspace"), Cli::tr("run --on: the workspace as the cluster finds it (default: this one)."), Cli::tr("DIR")});
    parser.addOption({QStringLiteral("node"), Cli::tr("run-node: the node to run."), Cli::tr("ID")});
    parser.addOption({QStringLiteral("run"), Cli::tr("run-node: the run this node belongs to (where never-cached nodes keep their outputs)."), Cli::tr("KEY")});
    parser.addOption({QStringLiteral("format"), Cli::tr("export: argo (an Argo Workflows Workflow) or kfp (Kubeflow Pipelines IR YAML)."), Cli::tr("FORMAT")});
    parser.addOption({QStringLiteral("image"), Cli::tr("export: the container image with keel in it (default keel:latest)."), Cli::tr("IMAGE")});
    parser.addOption({QStringLiteral("claim"), Cli::tr("export: the PersistentVolumeClaim holding the workspace (default keel-workspace)."), Cli::tr("NAME")});
    parser.addOption({QStringLiteral("container-workspace"), Cli::tr("export: where the workspace is mounted in the containers (default /workspace)."), Cli::tr("DIR")});
    parser.addOption({QStringLiteral("container-file"), Cli::tr("export: the pipeline file inside the containers (default WORKSPACE/pipelines/NAME.yaml)."), Cli::tr("PATH")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, Cli::tr("export: write to this file instead of standard output."), Cli::tr("FILE")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("validate, run, run-node, export, watch, runs or types"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    const bool json = parser.isSet(QStringLiteral("json"));
    try {
        const QString action = args.value(0);
        if (action == QLatin1String("watch") && args.size() == 2)
            return watchAction(args[1].toStdString(), parser);
        if (action == QLatin1String("run-node") && args.size() == 2)
            return runNodeAction(args[1].toStdString(), parser, json);
        if (action == QLatin1String("export") && args.size() == 2)
            return exportAction(args[1].toStdString(), parser);
        if ((action == QLatin1String("validate") || action == QLatin1String("run")) && args.size() == 2) {
            const std::filesystem::path file = args[1].toStdString();
            return action == QLatin1String("validate") ? validateAction(file, json) : runAction(file, parser, json);
        }
        if (action == QLatin1String("runs") && args.size() == 1)
            return runsAction(parser, json);
        if (action == QLatin1String("types") && args.size() == 1)
            return typesAction(json);
        return Cli::usageError(Cli::tr("usage: keel pipeline validate FILE | run FILE | run-node FILE --node ID | export FILE --format argo|kfp | watch FILE | runs | types"));
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
