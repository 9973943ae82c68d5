#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <span>

class QCommandLineParser;
class QTextStream;

namespace keel {
class Error;
namespace compute {
struct DeviceId;
}
}

namespace keel::cli {

enum ExitCode { Ok = 0, CheckFailed = 1, BadUsage = 2 };

// How main() should start: a command (or --help/--version) runs headless.
struct Invocation {
    bool headless = false;
    QString language; // from --lang
    QString command;  // the first word that is neither an option nor an option's value
    bool version = false; // --version or -v, and no command
};
Invocation classify(int argc, char **argv);

// For the commands: one file each under app/cli/.
struct Command {
    const char *name;
    const char *summary; // translated in context "keel::cli::Cli"
    int (*run)(const QStringList &arguments);
};
// The commands that need neither libtorch nor Qt's GUI libraries: `keel` (app/front.cpp) runs
// them itself and starts in milliseconds. They are registered in lightcommands.cpp.
std::span<const Command> lightCommands();
// Every command, the light ones among them (commands.cpp, in keel-app only).
std::span<const Command> allCommands();
const Command *findCommand(std::span<const Command> commands, const QString &name);

// Runs `keel <command> ...` with one of `commands`; arguments[0] is the program. Returns the
// exit code.
int run(const QStringList &arguments, std::span<const Command> commands);

// Shared helpers.
class Cli {
    Q_DECLARE_TR_FUNCTIONS(keel::cli::Cli)
public:
    static QTextStream &out();
    static QTextStream &err();
    // Adds --workspace, --lang, --threads and --help to a command's parser.
    static void addCommonOptions(QCommandLineParser &parser);
    // Parses; on a usage error prints it and returns false. Applies --threads through the
    // configurer keel-app sets (the light commands do no maths).
    static bool parse(QCommandLineParser &parser, const QStringList &arguments);
    static void setThreadConfigurer(void (*configure)(int threads));
    // --workspace, else $KEEL_WORKSPACE, else the default workspace.
    static std::filesystem::path workspaceDir(const QCommandLineParser &parser);
    // Prints "keel: <message>" and returns the exit code for the error's kind.
    static int fail(const std::exception &error);
    static int usageError(const QString &message);
    static QString bytes(std::uint64_t n);
    // With --output FILE set, writes `text` and a newline there; false (with the error printed) when it cannot.
    static bool writeOutput(const QCommandLineParser &parser, const std::string &text);
};

// --folder values: more places to look for models.
std::vector<std::filesystem::path> extraFolders(const QCommandLineParser &parser);
// A model file or folder path, or the name of a model `keel models` finds (whole, or a unique part).
std::filesystem::path resolveModel(const QString &model, const std::vector<std::filesystem::path> &extra);

// --folder and --device, for commands that load models; --device read back (cpu, cuda, cuda:N), refused
// naming what this machine has.
void addModelOptions(QCommandLineParser &parser);
compute::DeviceId deviceOption(const QCommandLineParser &parser);

int ragCommand(const QStringList &arguments);
int evalCommand(const QStringList &arguments);
int tokenizeCommand(const QStringList &arguments);
int loggedModelsCommand(const QStringList &arguments);
int devicesCommand(const QStringList &arguments);
int serveCommand(const QStringList &arguments);
int batchCommand(const QStringList &arguments);
int jobsCommand(const QStringList &arguments);
int costsCommand(const QStringList &arguments);
int workspaceCommand(const QStringList &arguments);
int importCommand(const QStringList &arguments);
int pipelineCommand(const QStringList &arguments);
int k8sCommand(const QStringList &arguments);
int runsCommand(const QStringList &arguments);
int experimentsCommand(const QStringList &arguments);
int registryCommand(const QStringList &arguments);
int driftCommand(const QStringList &arguments);
int skewCommand(const QStringList &arguments);
int modelsCommand(const QStringList &arguments);
int embedCommand(const QStringList &arguments);
int generateCommand(const QStringList &arguments);

} // namespace keel::cli
