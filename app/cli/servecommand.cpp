// keel serve MODEL|registry:NAME@ALIAS ...: an OpenAI-compatible and KServe v2 model server
// (engine/serve) until SIGTERM or SIGINT, which drain it: no new requests, the ones in flight
// finish, exit 0.
#include "app/cli/cli.h"

#include "compute/devices.h"
#include "core/error.h"
#include "models/costsettings.h"
#include "models/costtext.h"
#include "serve/batch.h"
#include "serve/server.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>

namespace keel::cli {
namespace {

std::atomic<bool> g_stopServing{false};

extern "C" void stopServing(int)
{
    g_stopServing = true;
}

} // namespace

int serveCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("MODEL|registry:NAME@ALIAS ...: serve language models (GGUF) over OpenAI's API, sentence encoders over /v1/embeddings, and "
                "registry models over KServe's v2 protocol, following the alias. SIGTERM drains and stops."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("host"), Cli::tr("The address to listen on (default 127.0.0.1; another needs --api-key-env)."), Cli::tr("HOST")});
    parser.addOption({QStringLiteral("port"), Cli::tr("The port (default 8080; 0: any free one)."), Cli::tr("PORT")});
    parser.addOption({QStringLiteral("api-key-env"), Cli::tr("Require \"Authorization: Bearer KEY\", KEY read from this environment variable."), Cli::tr("VAR")});
    parser.addOption({QStringLiteral("max-queue"), Cli::tr("Generation requests in hand at most; more get 429 (default 64)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("max-batch"), Cli::tr("Sequences decoding together per language model (default 16)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("idle-unload"), Cli::tr("Seconds a language model may sit unused before it leaves memory (default 900)."), Cli::tr("SECONDS")});
    parser.addOption({QStringLiteral("folder"), Cli::tr("Also look for models in this folder (repeatable)."), Cli::tr("DIR")});
    parser.addPositionalArgument(QStringLiteral("models"), Cli::tr("a .gguf file, an encoder folder, a name keel models lists, or registry:NAME@ALIAS"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return Cli::usageError(Cli::tr("usage: keel serve MODEL|registry:NAME@ALIAS ... [--host H] [--port P] [--api-key-env VAR] [--max-queue N]"));
    serve::ServeOptions options;
    auto integer = [&](const char *name, int low, int high, int fallback, bool &ok) {
        if (!parser.isSet(QLatin1String(name)))
            return fallback;
        bool parsed = false;
        const int v = parser.value(QLatin1String(name)).toInt(&parsed);
        if (!parsed || v < low || v > high) {
            Cli::usageError(Cli::tr("--%1 takes a whole number in [%2, %3], not '%4'").arg(QLatin1String(name)).arg(low).arg(high).arg(parser.value(QLatin1String(name))));
            ok = false;
        }
        return v;
    };
    bool ok = true;
    options.port = integer("port", 0, 65535, 8080, ok);
    options.maxQueue = std::size_t(integer("max-queue", 1, 100000, 64, ok));
    options.maxBatch = std::size_t(integer("max-batch", 1, 1024, 16, ok));
    options.idleUnloadSeconds = integer("idle-unload", 1, 365 * 86400, 900, ok);
    if (!ok)
        return BadUsage;
    if (parser.isSet(QStringLiteral("host")))
        options.host = parser.value(QStringLiteral("host")).toStdString();
    if (parser.isSet(QStringLiteral("api-key-env"))) {
        const QByteArray var = parser.value(QStringLiteral("api-key-env")).toUtf8();
        const char *key = std::getenv(var.constData());
        if (!key || !*key)
            return Cli::usageError(Cli::tr("--api-key-env %1: that environment variable is empty or not set").arg(QString::fromUtf8(var)));
        options.apiKey = key;
    }
    try {
        bool registry = false;
        for (const QString &a : args)
            registry = registry || a.startsWith(QLatin1String("registry:"));
        if (registry)
            options.workspace = Cli::workspaceDir(parser);
        // Served on the CPU: a core-hour per thread at the saved prices, as evals price local models.
        options.costPerHour = compute::costMeterFor(compute::DeviceReport{}, savedPrices())->runtimeHour(compute::DeviceId::cpu());
        serve::Server server(options);
        for (const QString &a : args)
            server.add(a.startsWith(QLatin1String("registry:")) ? a.toStdString() : resolveModel(a, extraFolders(parser)).string());
        server.start();
        QTextStream &out = Cli::out();
        const QString base = QStringLiteral("http://%1:%2").arg(QString::fromStdString(options.host)).arg(server.port());
        for (const std::string &name : server.modelNames())
            out << Cli::tr("serving %1").arg(QString::fromStdString(name)) << '\n';
        out << Cli::tr("cost while a model is loaded: %1 an hour (keel_cost_* in /metrics)").arg(CostText::usd(options.costPerHour)) << '\n';
        out << Cli::tr("listening on %1 (OpenAI: %1/v1, KServe v2: %1/v2, metrics: %1/metrics); SIGTERM drains and stops").arg(base) << '\n';
        out.flush();
        g_stopServing = false;
        std::signal(SIGTERM, stopServing);
        std::signal(SIGINT, stopServing);
        while (!g_stopServing && server.running())
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        out << Cli::tr("draining: finishing the requests in flight") << '\n';
        out.flush();
        server.stop();
        out << Cli::tr("stopped") << '\n';
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

// keel batch MODEL INPUT.jsonl OUTPUT.jsonl: OpenAI's Batch API file format, run on the same
// server code on a loopback port of its own; resumable (custom_ids already in OUTPUT are skipped).
int batchCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("MODEL INPUT.jsonl OUTPUT.jsonl: run a file of OpenAI Batch API requests (custom_id, method, url, body) on a local "
                                             "model and write OpenAI's batch output lines; run it again to resume after an interruption."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("concurrency"), Cli::tr("Requests at once, sharing the model's batch (default 16)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("folder"), Cli::tr("Also look for models in this folder (repeatable)."), Cli::tr("DIR")});
    parser.addOption({QStringLiteral("json"), Cli::tr("Print the summary as JSON.")});
    parser.addPositionalArgument(QStringLiteral("model"), Cli::tr("a .gguf file, an encoder folder, or a name keel models lists"));
    parser.addPositionalArgument(QStringLiteral("input"), Cli::tr("the requests, one JSON object per line"));
    parser.addPositionalArgument(QStringLiteral("output"), Cli::tr("where the results go (appended; existing results are kept)"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.size() != 3)
        return Cli::usageError(Cli::tr("usage: keel batch MODEL INPUT.jsonl OUTPUT.jsonl [--concurrency N] [--json]"));
    bool ok = true;
    const int concurrency = parser.isSet(QStringLiteral("concurrency")) ? parser.value(QStringLiteral("concurrency")).toInt(&ok) : 16;
    if (!ok || concurrency < 1 || concurrency > 1024)
        return Cli::usageError(Cli::tr("--concurrency takes a whole number in [1, 1024], not '%1'").arg(parser.value(QStringLiteral("concurrency"))));
    try {
        serve::ServeOptions options;
        options.port = 0;
        options.maxQueue = std::size_t(concurrency) + 1;
        options.maxBatch = std::size_t(std::min(concurrency, 64));
        serve::Server server(options);
        server.add(resolveModel(args[0], extraFolders(parser)).string());
        server.start();
        g_stopServing = false;
        std::signal(SIGTERM, stopServing);
        std::signal(SIGINT, stopServing);
        QTextStream &err = Cli::err();
        auto last = std::chrono::steady_clock::now();
        const serve::BatchSummary s = serve::runBatch(
            server, args[1].toStdString(), args[2].toStdString(), std::size_t(concurrency),
            [&](std::size_t done, std::size_t total) {
                const auto now = std::chrono::steady_clock::now();
                if (now - last < std::chrono::seconds(1) && done < total)
                    return;
                last = now;
                err << Cli::tr("%1 of %2 requests done").arg(done).arg(total) << '\n';
                err.flush();
            },
            &g_stopServing);
        server.stop();
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("json")))
            out << QJsonDocument(QJsonObject{{QStringLiteral("total"), double(s.total)},
                                             {QStringLiteral("skipped"), double(s.skipped)},
                                             {QStringLiteral("succeeded"), double(s.succeeded)},
                                             {QStringLiteral("failed"), double(s.failed)},
                                             {QStringLiteral("seconds"), s.seconds}})
                       .toJson();
        else
            out << Cli::tr("%1 requests: %2 answered now, %3 failed, %4 already done; %5 s").arg(s.total).arg(s.succeeded).arg(s.failed).arg(s.skipped).arg(s.seconds, 0, 'f', 2)
                << '\n';
        if (g_stopServing)
            return CheckFailed;
        return s.failed > 0 ? CheckFailed : Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
