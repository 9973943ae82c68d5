#pragma once

// Assertions on one output, with promptfoo's meaning where promptfoo has the type:
//   equals, contains, icontains, contains-any, icontains-any, contains-all, icontains-all,
//   regex (ECMAScript), starts-with, is-json (optionally against a JSON Schema in `value`),
//   contains-json, levenshtein (distance <= threshold, default 5), rouge-n (F-measure >=
//   threshold, default 0.75; value's n from `n:` is 1), bleu (>= threshold, default 0.5),
//   similar (cosine of the local encoder's embeddings >= threshold, default 0.75), latency
//   (ms <= threshold), cost (dollars <= threshold), perplexity (exp of minus the mean token log
//   probability <= threshold); pii, prompt-injection and is-refusal (guardrails.h); and
//   context-hit-rate / context-mrr of the retrieved contexts against the reference sources in
//   `value` (trec_eval's success and recip_rank). "not-" inverts pass and score.
// Model-graded types (llm-rubric, context-faithfulness, ...) are judges.h's.

#include "eval/providers.h"
#include "eval/suite.h"

#include <functional>
#include <optional>
#include <map>
#include <string>
#include <vector>

namespace keel::eval {

struct RetrievedContext {
    std::string text;
    std::string source;
    double score = 0;
};

// What an assertion looks at.
struct CaseView {
    const EvalCase *testCase = nullptr;
    std::map<std::string, std::string> vars;  // the case's variables (context filled by retrieval)
    std::string prompt;                       // as rendered
    std::string output;
    const Completion *completion = nullptr;
    std::vector<RetrievedContext> contexts;
};

struct AssertionResult {
    std::string type;          // with not-
    bool pass = false;
    double score = 0;          // in [0, 1] for scored types; the raw figure is in `value`
    std::optional<double> value; // the measured number (distance, latency, F-measure...)
    std::string reason;
    bool error = false;        // could not be judged (the judge's answer, a bad regex...): neither pass nor a silent zero
    std::string judgeRaw;      // the judge's answer as it came back
    std::map<std::string, double> measures; // per-type figures kept with the result (multiple-choice: acc, acc_norm)
    double weight = 1;
    std::string metric;
    std::string where;
};

using Embedder = std::function<std::vector<std::vector<float>>(const std::vector<std::string> &)>;

// A deterministic assertion (anything but isModelGraded types). `embed` serves `similar`; when it
// is empty a `similar` assertion is an error saying no encoder is available.
AssertionResult checkAssertion(const Assertion &assertion, const CaseView &view, const Embedder &embed = {});

// The value with the case's variables filled in (promptfoo renders assertion values too).
std::string renderedText(const nlohmann::json &value, const std::map<std::string, std::string> &vars);
std::vector<std::string> renderedList(const nlohmann::json &value, const std::map<std::string, std::string> &vars);

// promptfoo's aggregate: the weighted mean of the scores; the case passes when every assertion
// passes or, with a threshold, when the weighted score reaches it. An assertion that could not be
// judged makes the case an error (never a pass, never a silent zero).
struct CaseVerdict {
    bool pass = false;
    bool error = false;
    double score = 0;
    std::string reason;
};
CaseVerdict aggregate(const std::vector<AssertionResult> &results, std::optional<double> threshold);

} // namespace keel::eval
