#pragma once

// Model-graded assertions. Each asks a judge model questions whose answers are JSON matching a
// schema: on a local model the schema becomes a grammar that masks every token that cannot
// continue valid output, so the answer parses by construction; on a remote endpoint it goes as
// response_format (json_schema), and an answer that still does not parse is asked again a
// bounded number of times, then marked as a judgement that failed, with the raw text (never a
// silent zero or NaN).
//
//   llm-rubric             promptfoo's: {reason, pass, score}; passes when the judge says pass
//                          and the score reaches the threshold (when given)
//   model-graded-closedqa  does the output meet the criterion (value)? {reason, meets_criterion}
//   context-faithfulness   RAGAS Faithfulness: the answer broken into statements, each judged
//                          supported by the context (1) or not (0); score = supported / statements
//   answer-relevance       RAGAS ResponseRelevancy: the judge writes the question the answer
//                          answers (3 of them) and says whether it is noncommittal; score = mean
//                          cosine similarity to the real question × (0 when noncommittal)
//   context-recall         RAGAS LLMContextRecall: each sentence of the reference judged
//                          attributable to the context or not; score = attributed / sentences
//   context-precision      RAGAS LLMContextPrecisionWithReference: each retrieved chunk judged
//                          useful for the reference answer; score = Σ_k precision@k · v_k / Σ v_k
// The context-* and answer-relevance types default to a threshold of 0.5.

#include "eval/assertions.h"

#include <memory>

namespace keel::eval {

struct JudgeQuestion {
    std::string system;
    std::string user;
    nlohmann::json schema;
};

struct JudgeAnswer {
    std::optional<nlohmann::json> value; // absent when the answer did not parse or the call failed
    std::string raw;
    std::string error;
};

class JudgeTask {
public:
    virtual ~JudgeTask() = default;
    // This round's questions; empty when the task has its result.
    virtual std::vector<JudgeQuestion> questions() = 0;
    // One answer per question of the round.
    virtual void answer(const std::vector<JudgeAnswer> &answers) = 0;
    virtual AssertionResult result() const = 0;
};

std::unique_ptr<JudgeTask> makeJudgeTask(const Assertion &assertion, const CaseView &view, const Embedder &embed);

// Parses a judge's text as JSON matching `schema` (jsonschemacheck's rules), for remote answers.
std::optional<nlohmann::json> parseJudgement(const std::string &text, const nlohmann::json &schema, std::string &why);

// Asks every task's questions on `judge`, round by round, all of a round's questions in one
// batch; remote answers that do not parse are asked again up to `retries` times. The calls made
// are appended to `calls` (for the traces).
struct JudgeCall {
    std::size_t task = 0; // index into `tasks`
    JudgeQuestion question;
    Completion completion;
};
void runJudgeTasks(std::vector<JudgeTask *> &tasks, Provider &judge, const std::function<bool()> &stopped, std::vector<JudgeCall> &calls,
                   int retries = 2);

} // namespace keel::eval
