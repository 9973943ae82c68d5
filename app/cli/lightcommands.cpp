// The commands `keel` runs without starting keel-app: they read and write the workspace
// (SQLite, the artifact store) and need neither libtorch nor Qt's GUI libraries, so a CI
// script that calls them hundreds of times pays milliseconds per call (issue 19).
#include "app/cli/cli.h"

#include <array>

namespace keel::cli {

std::span<const Command> lightCommands()
{
    static const std::array commands{
        Command{"logged-models", QT_TRANSLATE_NOOP("keel::cli::Cli", "MLflow 3 logged models imported with their store: params, metrics, tags, artifacts"), loggedModelsCommand},
        Command{"registry", QT_TRANSLATE_NOOP("keel::cli::Cli", "Registered models: versions, aliases, stages, rollback, history"), registryCommand},
        Command{"drift", QT_TRANSLATE_NOOP("keel::cli::Cli", "Data drift between a reference and a current CSV file, column by column"), driftCommand},
        Command{"experiments", QT_TRANSLATE_NOOP("keel::cli::Cli", "List and show experiments"), experimentsCommand},
        Command{"runs", QT_TRANSLATE_NOOP("keel::cli::Cli", "List, search, show and compare runs, and a metric's history"), runsCommand},
        Command{"skew", QT_TRANSLATE_NOOP("keel::cli::Cli", "Training-serving skew: the same features computed offline and online, joined on a key"), skewCommand},
        Command{"workspace", QT_TRANSLATE_NOOP("keel::cli::Cli", "Create, describe or check a workspace"), workspaceCommand},
    };
    return commands;
}

} // namespace keel::cli
