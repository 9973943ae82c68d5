// keel serve MODEL|registry:NAME@ALIAS ...: an OpenAI-compatible and KServe v2 model server
// (engine/serve) until SIGTERM or SIGINT, which drain it: no new requests, the ones in flight
// finish, exit 0.
#include "app/cli/cli.h"

#include "core/error.h"
#include "serve/server.h"

#include <QCommandLineParser>
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
        serve::Server server(options);
        for (const QString &a : args)
            server.add(a.startsWith(QLatin1String("registry:")) ? a.toStdString() : resolveModel(a, extraFolders(parser)).string());
        server.start();
        QTextStream &out = Cli::out();
        const QString base = QStringLiteral("http://%1:%2").arg(QString::fromStdString(options.host)).arg(server.port());
        for (const std::string &name : server.modelNames())
            out << Cli::tr("serving %1").arg(QString::fromStdString(name)) << '\n';
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

} // namespace keel::cli
