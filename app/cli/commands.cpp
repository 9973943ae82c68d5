// Every command keel-app runs: the light ones (lightcommands.cpp) and those that load models,
// run pipelines or use the worker pool.
#include "app/cli/cli.h"

#include <algorithm>
#include <array>
#include <vector>

namespace keel::cli {

std::span<const Command> allCommands()
{
    static const std::array heavy{
        Command{"batch", QT_TRANSLATE_NOOP("keel::cli::Cli", "Run a file of OpenAI Batch API requests on a local model, resumably"), batchCommand},
        Command{"costs", QT_TRANSLATE_NOOP("keel::cli::Cli", "What the workspace's jobs, runs and hosted API calls cost, per day and per experiment"), costsCommand},
        Command{"devices", QT_TRANSLATE_NOOP("keel::cli::Cli", "Show the CPU and GPUs, their telemetry, the BLAS and the thread count"), devicesCommand},
        Command{"eval", QT_TRANSLATE_NOOP("keel::cli::Cli", "Eval suites (promptfoo's format) on local models or OpenAI-compatible endpoints, with a regression gate"), evalCommand},
        Command{"embed", QT_TRANSLATE_NOOP("keel::cli::Cli", "Sentence embeddings of each line of a file, with a local encoder model"), embedCommand},
        Command{"generate", QT_TRANSLATE_NOOP("keel::cli::Cli", "Generate text with a local GGUF model, streamed"), generateCommand},
        Command{"import", QT_TRANSLATE_NOOP("keel::cli::Cli", "Import an MLflow store (mlflow.db) into the workspace"), importCommand},
        Command{"jobs", QT_TRANSLATE_NOOP("keel::cli::Cli", "List the job history of a workspace"), jobsCommand},
        Command{"k8s", QT_TRANSLATE_NOOP("keel::cli::Cli", "Kubernetes manifests for a pipeline, an eval suite or a served model, with GPU, MIG and spot scheduling"), k8sCommand},
        Command{"models", QT_TRANSLATE_NOOP("keel::cli::Cli", "The local models found: format, size, quantisation"), modelsCommand},
        Command{"pipeline", QT_TRANSLATE_NOOP("keel::cli::Cli", "Validate and run pipeline files (train, evaluate, gate, register)"), pipelineCommand},
        Command{"rag", QT_TRANSLATE_NOOP("keel::cli::Cli", "RAG indexes: build (chunk, embed, index), query, measure recall and latency"), ragCommand},
        Command{"serve", QT_TRANSLATE_NOOP("keel::cli::Cli", "Serve models over OpenAI's API and KServe's v2 protocol (registry models by alias)"), serveCommand},
        Command{"tokenize", QT_TRANSLATE_NOOP("keel::cli::Cli", "A text's token ids, pieces and count under a model's tokenizer"), tokenizeCommand},
    };
    static const std::vector<Command> all = [] {
        std::vector<Command> commands(heavy.begin(), heavy.end());
        const auto light = lightCommands();
        commands.insert(commands.end(), light.begin(), light.end());
        std::sort(commands.begin(), commands.end(), [](const Command &a, const Command &b) { return std::string_view(a.name) < b.name; });
        return commands;
    }();
    return all;
}

} // namespace keel::cli
