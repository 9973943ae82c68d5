#include "app/cli/cli.h"

#include "app/appsetup.h"
#include "core/error.h"
#include "core/paths.h"
#include "keel/version.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace keel::cli {
namespace {

void (*threadConfigurer)(int threads) = nullptr;

// Options that take a value, ours and Qt's own, so their values are not taken for commands.
bool takesValue(const char *arg)
{
    static const char *const withValue[] = {"--workspace", "--lang", "--threads", "--screenshot", "--screenshot-after", "--area", "--dock", "-platform",
                                            "-style", "-display", "-geometry", "-qwindowgeometry", "-qwindowtitle"};
    for (const char *name : withValue) {
        if (std::strcmp(arg, name) == 0)
            return true;
    }
    return false;
}

void printHelp(std::span<const Command> commands)
{
    QTextStream &out = Cli::out();
    out << Cli::tr("Usage: keel [--workspace DIR] [--lang LANG] [--threads N]   open the window") << '\n'
        << Cli::tr("       keel <command> [options]                              run headless") << "\n\n"
        << Cli::tr("Commands:") << '\n';
    for (const Command &c : commands)
        out << QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(c.name), -14).arg(QCoreApplication::translate("keel::cli::Cli", c.summary));
    out << '\n'
        << Cli::tr("Options:") << '\n'
        << Cli::tr("  --workspace DIR   the workspace folder (default: $KEEL_WORKSPACE, else %1)")
               .arg(QString::fromStdString(defaultWorkspaceDir().string()))
        << '\n'
        << Cli::tr("  --lang LANG       the language of the interface, e.g. de (default: the system's)") << '\n'
        << Cli::tr("  --threads N       threads for CPU maths (default: one per core)") << '\n'
        << Cli::tr("  --json            machine-readable output (commands that list things)") << '\n'
        << Cli::tr("  --help, --version") << "\n\n"
        << Cli::tr("Run 'keel <command> --help' for a command's options.") << '\n'
        << Cli::tr("Exit codes: 0 ok, 1 a check failed, 2 bad usage or bad input.") << '\n';
    out.flush();
}

} // namespace

Invocation classify(int argc, char **argv)
{
    Invocation inv;
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--lang") == 0 && i + 1 < argc)
            inv.language = QString::fromLocal8Bit(argv[i + 1]);
        else if (std::strncmp(arg, "--lang=", 7) == 0)
            inv.language = QString::fromLocal8Bit(arg + 7);
        if (takesValue(arg)) {
            ++i;
            continue;
        }
        if (!std::strcmp(arg, "--help") || !std::strcmp(arg, "-h") || !std::strcmp(arg, "--version") ||
            !std::strcmp(arg, "-v") || arg[0] != '-')
            inv.headless = true;
        if (arg[0] != '-' && inv.command.isEmpty())
            inv.command = QString::fromLocal8Bit(arg);
        if (!std::strcmp(arg, "--version") || !std::strcmp(arg, "-v"))
            inv.version = true;
    }
    inv.version = inv.version && inv.command.isEmpty();
    return inv;
}

const Command *findCommand(std::span<const Command> commands, const QString &name)
{
    const auto found = std::find_if(commands.begin(), commands.end(), [&](const Command &c) { return name == QLatin1String(c.name); });
    return found == commands.end() ? nullptr : &*found;
}

int run(const QStringList &arguments, std::span<const Command> commands)
{
    // The command is the first word that is neither an option nor an option's value.
    int commandAt = -1;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (takesValue(arg.toLocal8Bit().constData())) {
            ++i;
            continue;
        }
        if (!arg.startsWith(QLatin1Char('-'))) {
            commandAt = i;
            break;
        }
    }
    if (commandAt < 0) {
        if (arguments.contains(QStringLiteral("--version")) || arguments.contains(QStringLiteral("-v"))) {
            Cli::out() << "keel " << KEEL_VERSION << '\n';
            Cli::out().flush();
            return Ok;
        }
        printHelp(commands);
        return Ok;
    }
    const QString name = arguments[commandAt];
    if (const Command *c = findCommand(commands, name)) {
        QStringList rest = arguments;
        rest.removeAt(commandAt);
        rest[0] = QStringLiteral("keel ") + name;
        try {
            return c->run(rest);
        } catch (const std::exception &e) {
            return Cli::fail(e);
        }
    }
    return Cli::usageError(Cli::tr("unknown command '%1'; run 'keel --help' for the list").arg(name));
}

QTextStream &Cli::out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &Cli::err()
{
    static QTextStream stream(stderr);
    return stream;
}

void Cli::addCommonOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("workspace"), tr("The workspace folder."), tr("DIR")});
    parser.addOption({QStringLiteral("lang"), tr("The language of the output."), tr("LANG")});
    parser.addOption({QStringLiteral("threads"), tr("Threads for CPU maths."), tr("N")});
    parser.addHelpOption();
}

bool Cli::parse(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments)) {
        usageError(parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return false;
    }
    if (parser.isSet(QStringLiteral("threads"))) {
        bool ok = false;
        const int n = parser.value(QStringLiteral("threads")).toInt(&ok);
        if (!ok || n < 1) {
            usageError(tr("--threads takes a whole number of at least 1, not '%1'").arg(parser.value(QStringLiteral("threads"))));
            return false;
        }
    }
    if (threadConfigurer)
        threadConfigurer(threadSetting(parser.value(QStringLiteral("threads")).toInt()));
    return true;
}

void Cli::setThreadConfigurer(void (*configure)(int threads))
{
    threadConfigurer = configure;
}

std::filesystem::path Cli::workspaceDir(const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("workspace")))
        return parser.value(QStringLiteral("workspace")).toStdString();
    if (const char *env = std::getenv("KEEL_WORKSPACE"); env && *env)
        return env;
    return defaultWorkspaceDir();
}

int Cli::fail(const std::exception &error)
{
    err() << "keel: " << QString::fromStdString(error.what()) << '\n';
    err().flush();
    if (auto *e = dynamic_cast<const Error *>(&error)) {
        switch (e->kind()) {
        case ErrorKind::BadInput:
        case ErrorKind::NotFound:
        case ErrorKind::Corrupt:
        case ErrorKind::Conflict:
            return BadUsage;
        case ErrorKind::Io:
        case ErrorKind::Internal:
            return CheckFailed;
        }
    }
    return CheckFailed;
}

int Cli::usageError(const QString &message)
{
    err() << "keel: " << message << '\n';
    err().flush();
    return BadUsage;
}

bool Cli::writeOutput(const QCommandLineParser &parser, const std::string &text)
{
    if (!parser.isSet(QStringLiteral("output")))
        return true;
    QFile file(parser.value(QStringLiteral("output")));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        usageError(tr("cannot write %1: %2").arg(file.fileName(), file.errorString()));
        return false;
    }
    file.write(text.data(), qint64(text.size()));
    file.write("\n");
    return file.flush();
}

QString Cli::bytes(std::uint64_t n)
{
    if (n >= (1ull << 30))
        return tr("%1 GiB").arg(double(n) / double(1ull << 30), 0, 'f', 1);
    if (n >= (1ull << 20))
        return tr("%1 MiB").arg(double(n) / double(1ull << 20), 0, 'f', 1);
    return tr("%1 KiB").arg(double(n) / 1024.0, 0, 'f', 1);
}

} // namespace keel::cli
