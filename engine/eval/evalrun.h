#pragma once

// Running a suite, and the runs kept in the workspace. An eval run is a tracking run (its pass
// rate, per-assertion pass rates, tokens, cost and latency percentiles are the run's metrics)
// with every cell (case × prompt × provider) and every model call (generation and judge) stored
// as it finishes, a window of cells per transaction: memory stays bounded whatever the number of
// cases, and a run that is cancelled or killed keeps what it finished and resumes from there.

#include "eval/assertions.h"
#include "eval/providers.h"
#include "eval/suite.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace keel::store {
class Workspace;
}
namespace keel::sql {
class Database;
}

namespace keel::eval {

struct EvalProgress {
    std::size_t done = 0, total = 0;
    std::size_t passed = 0, failed = 0, errors = 0;
    double tokensPerSecond = 0;
};

struct EvalRunOptions {
    ProviderContext providers;
    std::vector<ProviderSpec> providerOverride;   // --provider: instead of the suite's
    std::string resumeRunUuid;                   // continue this run: cells it has are not run again
    std::set<std::string> onlyCaseKeys;          // run just these cases (re-running failures)
    std::string baselineRunUuid;                 // recorded with the run (what it was compared with)
    std::size_t window = 64;                     // cells generated, judged and stored together
    Embedder embed;                              // `similar` and answer-relevance (empty: those are errors)
    std::function<void(const EvalProgress &)> progress;
    std::function<bool()> stopped;
    std::string experiment;                      // tracking experiment (default "evals")
};

struct EvalRunSummary {
    std::string runUuid;
    std::string status;                          // FINISHED, KILLED (cancelled), FAILED
    EvalProgress counts;
    double passRate = 0;                         // passed / (cells that ran), errors count as not passed
    std::vector<std::string> warnings;
};

// The sentence encoder of `similar` and answer relevancy, loaded on the first call that needs it
// (most suites never do) from the folder `locate` gives; later calls share it.
Embedder lazyEncoder(std::function<std::filesystem::path()> locate, compute::DeviceId device);

// Runs `suite`; throws keel::Error only when nothing can run (no provider loads, the workspace
// refuses); a case, a provider call or a judge that fails fails that cell alone.
EvalRunSummary runSuite(store::Workspace &workspace, const EvalSuite &suite, const EvalRunOptions &options);
// The run in a line, as its job's result: "7 of 8 cells passed (87.5%), run 1a2b3c4d".
std::string summaryLine(const EvalRunSummary &summary);

// --- reading runs back ----------------------------------------------------------------------

struct EvalRunInfo {
    std::int64_t id = 0;
    std::string runUuid, suitePath, description, status, baselineUuid;
    std::size_t totalCells = 0, done = 0, passed = 0, failed = 0, errors = 0;
    double cost = 0;
    std::int64_t startedAt = 0;
    std::optional<std::int64_t> endedAt;
};

struct EvalCellResult {
    std::int64_t id = 0;
    std::size_t caseIndex = 0;
    std::string caseKey, description, promptId, providerId; // providerId: the provider's label, else its id
    nlohmann::json vars, contexts, assertions;
    std::string prompt, output, status, reason;
    double score = 0, latencyMs = 0, cost = 0;
    std::optional<double> ttftMs;
    std::size_t promptTokens = 0, completionTokens = 0;
    std::string cellKey() const { return caseKey + "\x1f" + promptId + "\x1f" + providerId; }
};

struct EvalTrace {
    std::int64_t id = 0, resultId = 0;
    std::string kind, providerId, system, model, prompt, output, error, finishReason;
    nlohmann::json params;
    std::size_t promptTokens = 0, completionTokens = 0;
    std::optional<double> ttftMs;
    double latencyMs = 0, cost = 0;
    std::int64_t startedAt = 0;
};

std::vector<EvalRunInfo> evalRuns(sql::Database &db);
// By run uuid or a unique prefix of one; throws keel::Error (NotFound).
EvalRunInfo evalRun(sql::Database &db, const std::string &uuidOrPrefix);
// Whether a result read back carries its vars, prompt, output and contexts (the big columns) or
// only the rest (status, score, reason, assertions, timings, tokens, cost).
enum class ResultText {
    All,      // everything
    Outputs,  // without the prompt as sent and the retrieved contexts (a results grid)
    None,     // without vars, prompt, output and contexts
};
std::vector<EvalCellResult> evalResults(sql::Database &db, std::int64_t evalRunId, ResultText text = ResultText::All);
// One stored cell, whole; nullopt when `resultId` is not one of `evalRunId`'s.
std::optional<EvalCellResult> evalResult(sql::Database &db, std::int64_t evalRunId, std::int64_t resultId);
// The same one at a time, in case order, holding one in memory (100,000-case runs).
void forEachEvalResult(sql::Database &db, std::int64_t evalRunId, const std::function<void(const EvalCellResult &)> &visit,
                       ResultText text = ResultText::All);
// Only the cell `onlyId` when given.
void forEachEvalResult(sql::Database &db, std::int64_t evalRunId, std::optional<std::int64_t> onlyId,
                       const std::function<void(const EvalCellResult &)> &visit, ResultText text);
std::vector<EvalTrace> evalTraces(sql::Database &db, std::int64_t evalRunId, std::optional<std::int64_t> resultId = std::nullopt);
// What hosted APIs (every provider but Keel's own models, whose device time the jobs already
// count) were paid for the calls made since `sinceMs`, per local day ("2026-12-02"), newest first.
std::vector<std::pair<std::string, double>> hostedSpendByDay(sql::Database &db, std::int64_t sinceMs);

// Cell by cell against a baseline: regressed (passed before, not now), improved, and cells
// that are new or gone.
struct EvalComparison {
    std::vector<std::pair<EvalCellResult, EvalCellResult>> regressed, improved, unchangedFailing; // (baseline, current)
    std::vector<EvalCellResult> added, removed;
    std::size_t unchangedPassing = 0;
};
EvalComparison compareEvalRuns(const std::vector<EvalCellResult> &baseline, const std::vector<EvalCellResult> &current);

// Percentile with linear interpolation between the closest ranks (numpy's default).
double percentile(std::vector<double> values, double p);

// The run's model calls as OpenTelemetry spans in OTLP/JSON (ExportTraceServiceRequest) with the
// GenAI semantic conventions (gen_ai.operation.name, gen_ai.system, gen_ai.request.model,
// gen_ai.request.temperature/max_tokens/top_p, gen_ai.usage.input_tokens/output_tokens,
// gen_ai.response.finish_reasons), one trace per cell: a root span for the cell and a child span
// per call, prompt and completion as span events. Phoenix and Langfuse ingest it.
nlohmann::json exportOtlp(sql::Database &db, const EvalRunInfo &run);

} // namespace keel::eval
