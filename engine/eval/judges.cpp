#include "eval/judges.h"

#include "eval/jsonschemacheck.h"
#include "eval/textmetrics.h"

#include <algorithm>
#include <cmath>

namespace keel::eval {

using json = nlohmann::json;

std::optional<json> parseJudgement(const std::string &text, const json &schema, std::string &why)
{
    json value;
    try {
        value = json::parse(text);
    } catch (const json::exception &e) {
        why = std::string("the judge's answer is not JSON: ") + e.what();
        return std::nullopt;
    }
    const auto violations = schemaViolations(value, schema);
    if (!violations.empty()) {
        why = "the judge's answer does not match its schema: " + violations.front();
        return std::nullopt;
    }
    return value;
}

namespace {

json binary()
{
    return {{"type", "integer"}, {"enum", {0, 1}}};
}

json reasonText()
{
    return {{"type", "string"}, {"maxLength", 300}};
}

std::string var(const CaseView &v, std::initializer_list<const char *> names)
{
    for (const char *n : names)
        if (auto it = v.vars.find(n); it != v.vars.end() && !it->second.empty())
            return it->second;
    return {};
}

std::string contextText(const CaseView &v)
{
    if (!v.contexts.empty()) {
        std::string s;
        for (std::size_t i = 0; i < v.contexts.size(); ++i)
            s += "[" + std::to_string(i + 1) + "] " + v.contexts[i].text + "\n";
        return s;
    }
    return var(v, {"context", "contexts"});
}

// Sentences of a reference text (on . ! ? followed by space or end), trimmed, non-empty.
std::vector<std::string> sentences(const std::string &text)
{
    std::vector<std::string> out;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        current += text[i];
        const bool end = (text[i] == '.' || text[i] == '!' || text[i] == '?' || text[i] == '\n') &&
                         (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n');
        if (end || i + 1 == text.size()) {
            const auto b = current.find_first_not_of(" \n\t");
            const auto e = current.find_last_not_of(" \n\t");
            if (b != std::string::npos && e - b >= 1)
                out.push_back(current.substr(b, e - b + 1));
            current.clear();
        }
    }
    return out;
}

class Base : public JudgeTask {
public:
    Base(const Assertion &a, const CaseView &view) : m_assertion(a), m_view(view)
    {
        m_result.type = a.fullType();
        m_result.weight = a.weight;
        m_result.metric = a.metric;
        m_result.where = a.where;
    }
    AssertionResult result() const override { return m_result; }

protected:
    void fail(const std::string &why, const std::string &raw = {})
    {
        m_result.error = true;
        m_result.reason = why;
        m_result.judgeRaw = raw;
        m_done = true;
    }
    // Score in [0, 1] against a threshold, with not- applied.
    void scored(double score, double defaultThreshold, const std::string &reason, const std::string &raw)
    {
        const double threshold = m_assertion.threshold.value_or(defaultThreshold);
        bool pass = score >= threshold;
        m_result.value = score;
        if (m_assertion.negate) {
            pass = !pass;
            score = 1 - score;
        }
        m_result.pass = pass;
        m_result.score = score;
        m_result.reason = reason;
        m_result.judgeRaw = raw;
        m_done = true;
    }
    bool m_done = false;
    Assertion m_assertion;
    CaseView m_view;
    AssertionResult m_result;
};

class Rubric final : public Base {
public:
    using Base::Base;
    std::vector<JudgeQuestion> questions() override
    {
        if (m_done)
            return {};
        const std::string rubric = renderedText(m_assertion.value, m_view.vars);
        return {{"You grade an output against a rubric. Read the output and the rubric, think about whether the output meets the "
                 "rubric, then answer with JSON: \"reason\" (a short analysis), \"pass\" (true when the output meets the rubric) and "
                 "\"score\" (from 0.0, not at all, to 1.0, fully).",
                 "<Output>\n" + m_view.output + "\n</Output>\n<Rubric>\n" + rubric + "\n</Rubric>",
                 {{"type", "object"},
                  {"properties", {{"reason", reasonText()}, {"pass", {{"type", "boolean"}}}, {"score", {{"type", "number"}}}}},
                  {"required", {"reason", "pass", "score"}},
                  {"additionalProperties", false}}}};
    }
    void answer(const std::vector<JudgeAnswer> &answers) override
    {
        const JudgeAnswer &a = answers.at(0);
        if (!a.value)
            return fail(a.error, a.raw);
        const double score = std::clamp((*a.value)["score"].get<double>(), 0.0, 1.0);
        bool pass = (*a.value)["pass"].get<bool>() && (!m_assertion.threshold || score >= *m_assertion.threshold);
        double s = score;
        if (m_assertion.negate) {
            pass = !pass;
            s = 1 - s;
        }
        m_result.pass = pass;
        m_result.score = s;
        m_result.value = score;
        m_result.reason = (*a.value)["reason"].get<std::string>();
        m_result.judgeRaw = a.raw;
        m_done = true;
    }
};

class ClosedQa final : public Base {
public:
    using Base::Base;
    std::vector<JudgeQuestion> questions() override
    {
        if (m_done)
            return {};
        return {{"You are assessing a submitted answer on a given task against a criterion. Think about whether the submission "
                 "meets the criterion, then answer with JSON: \"reason\" and \"meets_criterion\" (true or false).",
                 "[Task]: " + m_view.prompt + "\n[Submission]: " + m_view.output + "\n[Criterion]: " + renderedText(m_assertion.value, m_view.vars),
                 {{"type", "object"},
                  {"properties", {{"reason", reasonText()}, {"meets_criterion", {{"type", "boolean"}}}}},
                  {"required", {"reason", "meets_criterion"}},
                  {"additionalProperties", false}}}};
    }
    void answer(const std::vector<JudgeAnswer> &answers) override
    {
        const JudgeAnswer &a = answers.at(0);
        if (!a.value)
            return fail(a.error, a.raw);
        const bool meets = (*a.value)["meets_criterion"].get<bool>();
        m_result.pass = meets != m_assertion.negate;
        m_result.score = m_result.pass ? 1 : 0;
        m_result.reason = (*a.value)["reason"].get<std::string>();
        m_result.judgeRaw = a.raw;
        m_done = true;
    }
};

class Faithfulness final : public Base {
public:
    using Base::Base;
    std::vector<JudgeQuestion> questions() override
    {
        if (m_done)
            return {};
        const std::string question = var(m_view, {"query", "question"});
        if (m_statements.empty()) {
            if (contextText(m_view).empty()) {
                fail("context-faithfulness needs a context: a 'context' variable or 'retrieve:'");
                return {};
            }
            return {{"Given a question and an answer, break the answer into standalone statements, each understandable without the "
                     "others and without pronouns. Answer with JSON: {\"statements\": [...]}.",
                     "Question: " + question + "\nAnswer: " + m_view.output,
                     {{"type", "object"},
                      {"properties", {{"statements", {{"type", "array"}, {"items", {{"type", "string"}, {"maxLength", 300}}}, {"maxItems", 12}}}}},
                      {"required", {"statements"}},
                      {"additionalProperties", false}}}};
        }
        const std::size_t n = m_statements.size();
        std::string list;
        for (std::size_t i = 0; i < n; ++i)
            list += std::to_string(i + 1) + ". " + m_statements[i] + "\n";
        return {{"Judge the faithfulness of statements to a context. For each statement, in order, give a verdict of 1 when it can "
                 "be directly inferred from the context and 0 when it cannot, with a short reason. Answer with JSON.",
                 "Context:\n" + contextText(m_view) + "\nStatements:\n" + list,
                 {{"type", "object"},
                  {"properties",
                   {{"verdicts",
                     {{"type", "array"},
                      {"items",
                       {{"type", "object"},
                        {"properties", {{"reason", reasonText()}, {"verdict", binary()}}},
                        {"required", {"reason", "verdict"}},
                        {"additionalProperties", false}}},
                      {"minItems", n},
                      {"maxItems", n}}}}},
                  {"required", {"verdicts"}},
                  {"additionalProperties", false}}}};
    }
    void answer(const std::vector<JudgeAnswer> &answers) override
    {
        const JudgeAnswer &a = answers.at(0);
        if (!a.value)
            return fail(a.error, a.raw);
        if (m_statements.empty()) {
            for (const json &s : (*a.value)["statements"])
                if (!s.get<std::string>().empty())
                    m_statements.push_back(s.get<std::string>());
            m_raw = a.raw;
            if (m_statements.empty())
                fail("the answer holds no statements to check against the context (RAGAS: NaN)", a.raw);
            return;
        }
        const json &verdicts = (*a.value)["verdicts"];
        std::size_t supported = 0;
        std::string unsupported;
        for (std::size_t i = 0; i < verdicts.size() && i < m_statements.size(); ++i) {
            if (verdicts[i]["verdict"].get<int>() == 1)
                ++supported;
            else if (unsupported.empty())
                unsupported = m_statements[i];
        }
        const double score = double(supported) / double(m_statements.size());
        scored(score, 0.5,
               std::to_string(supported) + " of " + std::to_string(m_statements.size()) + " statements supported by the context" +
                   (unsupported.empty() ? "" : "; not supported: \"" + unsupported + "\""),
               m_raw + "\n" + a.raw);
    }

private:
    std::vector<std::string> m_statements;
    std::string m_raw;
};

class AnswerRelevance final : public Base {
public:
    AnswerRelevance(const Assertion &a, const CaseView &v, Embedder embed) : Base(a, v), m_embed(std::move(embed)) {}
    std::vector<JudgeQuestion> questions() override
    {
        if (m_done)
            return {};
        if (!m_embed) {
            fail("answer-relevance needs a sentence encoder (all-MiniLM-L6-v2: scripts/fetch-models.sh), and none was found");
            return {};
        }
        return {{"Write the question that the given answer answers, three times in different words, and say whether the answer is "
                 "noncommittal (1: evasive, vague or \"I don't know\"; 0: it commits to an answer). Answer with JSON.",
                 "Answer: " + m_view.output,
                 {{"type", "object"},
                  {"properties",
                   {{"questions", {{"type", "array"}, {"items", {{"type", "string"}, {"maxLength", 200}}}, {"minItems", 3}, {"maxItems", 3}}},
                    {"noncommittal", binary()}}},
                  {"required", {"questions", "noncommittal"}},
                  {"additionalProperties", false}}}};
    }
    void answer(const std::vector<JudgeAnswer> &answers) override
    {
        const JudgeAnswer &a = answers.at(0);
        if (!a.value)
            return fail(a.error, a.raw);
        std::string question = var(m_view, {"query", "question"});
        if (question.empty())
            question = m_view.prompt;
        std::vector<std::string> texts{question};
        for (const json &q : (*a.value)["questions"])
            texts.push_back(q.get<std::string>());
        const auto vectors = m_embed(texts);
        double sum = 0;
        for (std::size_t i = 1; i < vectors.size(); ++i)
            sum += cosineSimilarity(vectors[0], vectors[i]);
        const bool noncommittal = (*a.value)["noncommittal"].get<int>() == 1;
        const double score = vectors.size() > 1 ? sum / double(vectors.size() - 1) * (noncommittal ? 0.0 : 1.0) : 0.0;
        scored(score, 0.5,
               std::string("mean cosine similarity of the judge's questions to the question") + (noncommittal ? "; the answer is noncommittal" : ""),
               a.raw);
    }

private:
    Embedder m_embed;
};

class ContextRecall final : public Base {
public:
    using Base::Base;
    std::vector<JudgeQuestion> questions() override
    {
        if (m_done)
            return {};
        m_reference = renderedText(m_assertion.value, m_view.vars);
        if (m_reference.empty())
            m_reference = var(m_view, {"reference", "ground_truth", "expected"});
        m_sentences = sentences(m_reference);
        if (m_sentences.empty()) {
            fail("context-recall needs a reference answer: the assertion's value or a 'reference' variable");
            return {};
        }
        if (contextText(m_view).empty()) {
            fail("context-recall needs a context: a 'context' variable or 'retrieve:'");
            return {};
        }
        std::string list;
        for (std::size_t i = 0; i < m_sentences.size(); ++i)
            list += std::to_string(i + 1) + ". " + m_sentences[i] + "\n";
        const std::size_t n = m_sentences.size();
        return {{"Given a context and the sentences of a reference answer, classify each sentence, in order: 1 when it can be "
                 "attributed to the context, 0 when it cannot, with a short reason. Answer with JSON.",
                 "Question: " + var(m_view, {"query", "question"}) + "\nContext:\n" + contextText(m_view) + "\nReference sentences:\n" + list,
                 {{"type", "object"},
                  {"properties",
                   {{"classifications",
                     {{"type", "array"},
                      {"items",
                       {{"type", "object"},
                        {"properties", {{"reason", reasonText()}, {"attributed", binary()}}},
                        {"required", {"reason", "attributed"}},
                        {"additionalProperties", false}}},
                      {"minItems", n},
                      {"maxItems", n}}}}},
                  {"required", {"classifications"}},
                  {"additionalProperties", false}}}};
    }
    void answer(const std::vector<JudgeAnswer> &answers) override
    {
        const JudgeAnswer &a = answers.at(0);
        if (!a.value)
            return fail(a.error, a.raw);
        std::size_t attributed = 0;
        const json &c = (*a.value)["classifications"];
        for (std::size_t i = 0; i < c.size() && i < m_sentences.size(); ++i)
            attributed += c[i]["attributed"].get<int>() == 1;
        scored(double(attributed) / double(m_sentences.size()), 0.5,
               std::to_string(attributed) + " of " + std::to_string(m_sentences.size()) + " reference sentences found in the context", a.raw);
    }

private:
    std::string m_reference;
    std::vector<std::string> m_sentences;
};

class ContextPrecision final : public Base {
public:
    using Base::Base;
    std::vector<JudgeQuestion> questions() override
    {
        if (m_done)
            return {};
        std::vector<std::string> chunks;
        for (const auto &c : m_view.contexts)
            chunks.push_back(c.text);
        if (chunks.empty() && !var(m_view, {"context"}).empty())
            chunks.push_back(var(m_view, {"context"}));
        if (chunks.empty()) {
            fail("context-precision needs retrieved contexts ('retrieve:') or a 'context' variable");
            return {};
        }
        std::string reference = renderedText(m_assertion.value, m_view.vars);
        if (reference.empty())
            reference = var(m_view, {"reference", "ground_truth", "expected"});
        if (reference.empty()) {
            fail("context-precision needs a reference answer: the assertion's value or a 'reference' variable");
            return {};
        }
        std::vector<JudgeQuestion> out;
        for (const std::string &chunk : chunks)
            out.push_back({"Given a question, a reference answer and a context, verify whether the context was useful in arriving at "
                           "the reference answer: verdict 1 if useful, 0 if not, with a short reason. Answer with JSON.",
                           "Question: " + var(m_view, {"query", "question"}) + "\nReference answer: " + reference + "\nContext: " + chunk,
                           {{"type", "object"},
                            {"properties", {{"reason", reasonText()}, {"verdict", binary()}}},
                            {"required", {"reason", "verdict"}},
                            {"additionalProperties", false}}});
        return out;
    }
    void answer(const std::vector<JudgeAnswer> &answers) override
    {
        std::vector<int> verdicts;
        std::string raw;
        for (const JudgeAnswer &a : answers) {
            if (!a.value)
                return fail(a.error, a.raw);
            verdicts.push_back((*a.value)["verdict"].get<int>());
            raw += a.raw + "\n";
        }
        // RAGAS's _calculate_average_precision.
        double numerator = 0, relevant = 0;
        for (std::size_t i = 0; i < verdicts.size(); ++i) {
            relevant += verdicts[i];
            numerator += relevant / double(i + 1) * verdicts[i];
        }
        const double score = numerator / (relevant + 1e-10);
        scored(score, 0.5, std::to_string(int(relevant)) + " of " + std::to_string(verdicts.size()) + " retrieved chunks useful for the reference", raw);
    }
};

} // namespace

std::unique_ptr<JudgeTask> makeJudgeTask(const Assertion &a, const CaseView &view, const Embedder &embed)
{
    if (a.type == "llm-rubric")
        return std::make_unique<Rubric>(a, view);
    if (a.type == "model-graded-closedqa")
        return std::make_unique<ClosedQa>(a, view);
    if (a.type == "context-faithfulness")
        return std::make_unique<Faithfulness>(a, view);
    if (a.type == "answer-relevance")
        return std::make_unique<AnswerRelevance>(a, view, embed);
    if (a.type == "context-recall")
        return std::make_unique<ContextRecall>(a, view);
    if (a.type == "context-precision")
        return std::make_unique<ContextPrecision>(a, view);
    return nullptr;
}

void runJudgeTasks(std::vector<JudgeTask *> &tasks, Provider &judge, const std::function<bool()> &stopped, std::vector<JudgeCall> &calls,
                   int retries)
{
    while (true) {
        std::vector<std::vector<JudgeQuestion>> perTask(tasks.size());
        std::vector<std::pair<std::size_t, std::size_t>> owner; // (task, question)
        std::vector<CompletionRequest> requests;
        std::vector<JudgeQuestion> asked;
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            perTask[t] = tasks[t]->questions();
            for (std::size_t q = 0; q < perTask[t].size(); ++q) {
                const JudgeQuestion &question = perTask[t][q];
                CompletionRequest r;
                r.messages = {{"system", question.system}, {"user", question.user}};
                r.jsonSchema = question.schema.dump();
                requests.push_back(std::move(r));
                owner.push_back({t, q});
                asked.push_back(question);
            }
        }
        if (requests.empty())
            return;
        std::vector<JudgeAnswer> answers(requests.size());
        std::vector<std::size_t> pending(requests.size());
        for (std::size_t i = 0; i < pending.size(); ++i)
            pending[i] = i;
        for (int attempt = 0; !pending.empty() && attempt <= retries; ++attempt) {
            std::vector<CompletionRequest> batch;
            for (const std::size_t i : pending)
                batch.push_back(requests[i]);
            const std::vector<Completion> done = judge.complete(batch, stopped);
            std::vector<std::size_t> again;
            for (std::size_t j = 0; j < pending.size(); ++j) {
                const std::size_t i = pending[j];
                calls.push_back({owner[i].first, asked[i], done[j]});
                JudgeAnswer &a = answers[i];
                a.raw = done[j].text;
                if (!done[j].error.empty()) {
                    a.error = "the judge failed: " + done[j].error;
                    if (done[j].error != "cancelled" && !judge.local())
                        again.push_back(i);
                    continue;
                }
                std::string why;
                a.value = parseJudgement(done[j].text, asked[i].schema, why);
                if (!a.value) {
                    a.error = why + (done[j].finishReason == "length" ? " (the answer reached the token limit)" : "");
                    // A local judge's answer is constrained: it can only fail by being cut short, which asking again does not fix.
                    if (!judge.local())
                        again.push_back(i);
                } else {
                    a.error.clear();
                }
            }
            pending = std::move(again);
            if (stopped && stopped())
                break;
        }
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            if (perTask[t].empty())
                continue;
            std::vector<JudgeAnswer> mine;
            for (std::size_t k = 0; k < owner.size(); ++k)
                if (owner[k].first == t)
                    mine.push_back(answers[k]);
            tasks[t]->answer(mine);
        }
    }
}

} // namespace keel::eval
