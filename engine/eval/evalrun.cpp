#include "eval/evalrun.h"

#include "core/clock.h"
#include "core/error.h"
#include "core/sha256.h"
#include "eval/guardrails.h"
#include "eval/judges.h"
#include "nn/bertencoder.h"
#include "rag/ragindex.h"
#include "store/database.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace keel::eval {

using json = nlohmann::json;

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * double(values.size() - 1);
    const std::size_t lo = std::size_t(std::floor(rank)), hi = std::size_t(std::ceil(rank));
    return values[lo] + (values[hi] - values[lo]) * (rank - double(lo));
}

namespace {

std::string caseKeyOf(const EvalCase &c)
{
    json vars(c.vars);
    return sha256Hex(c.description + "\x1f" + vars.dump()).substr(0, 16);
}

// MLflow's metric keys: letters, digits, _ - . / and spaces.
std::string metricKey(std::string s)
{
    for (char &c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' || c == ' '))
            c = '_';
    return s;
}

struct Cell {
    const EvalCase *testCase = nullptr;
    const PromptSpec *prompt = nullptr;
    std::size_t provider = 0;
    std::string caseKey;
};

bool providerWanted(const EvalCase &c, const ProviderSpec &p)
{
    if (c.providerFilter.empty())
        return true;
    std::vector<std::string> wanted;
    try {
        const json list = json::parse(c.providerFilter);
        for (const json &one : list)
            if (one.is_string())
                wanted.push_back(one.get<std::string>());
    } catch (const json::exception &) {
        wanted.push_back(c.providerFilter);
    }
    return std::any_of(wanted.begin(), wanted.end(), [&](const std::string &w) { return w == p.id || w == p.label; });
}

void insertTrace(sql::Database &db, std::int64_t runId, std::optional<std::int64_t> resultId, const char *kind, const Provider *provider,
                 const std::string &providerId, const std::string &prompt, const Completion &c)
{
    db.cached("INSERT INTO eval_traces (eval_run_id, result_id, kind, provider_id, system, model, params_json, prompt, output, error, "
              "finish_reason, prompt_tokens, completion_tokens, ttft_ms, latency_ms, cost, started_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bindAll(runId, resultId, kind, providerId, provider ? provider->system() : std::string("keel"),
                 provider ? provider->model() : std::string(), provider ? provider->parameters().dump() : std::string("{}"), prompt, c.text,
                 c.error, c.finishReason, std::int64_t(c.promptTokens), std::int64_t(c.completionTokens),
                 c.timeToFirstTokenMs >= 0 ? std::optional<double>(c.timeToFirstTokenMs) : std::nullopt, c.latencyMs, c.cost,
                 c.startedAtMs ? c.startedAtMs : nowMs())
        .run();
}

json assertionsJson(const std::vector<AssertionResult> &results)
{
    json a = json::array();
    for (const AssertionResult &r : results) {
        json o = {{"type", r.type}, {"pass", r.pass}, {"score", r.score}, {"reason", r.reason}, {"error", r.error}, {"weight", r.weight}};
        if (r.value)
            o["value"] = std::isfinite(*r.value) ? json(*r.value) : json(nullptr);
        if (!r.judgeRaw.empty())
            o["judge"] = r.judgeRaw;
        if (!r.metric.empty())
            o["metric"] = r.metric;
        if (!r.where.empty())
            o["where"] = r.where;
        if (!r.measures.empty())
            o["measures"] = r.measures;
        a.push_back(o);
    }
    return a;
}

class Runner {
public:
    Runner(store::Workspace &ws, const EvalSuite &suite, const EvalRunOptions &o) : m_ws(ws), m_db(ws.db()), m_suite(suite), m_o(o) {}

    EvalRunSummary run()
    {
        m_specs = m_o.providerOverride.empty() ? m_suite.providers : m_o.providerOverride;
        if (m_specs.empty())
            throwError(ErrorKind::BadInput, "the suite has no provider to run");
        loadProviders();
        planCells();
        openRun();
        EvalRunSummary summary;
        summary.runUuid = m_runUuid;
        summary.warnings = m_suite.warnings;
        summary.warnings.insert(summary.warnings.end(), m_warnings.begin(), m_warnings.end());
        bool cancelled = false;
        std::vector<std::size_t> todo;
        for (std::size_t i = 0; i < m_cells.size(); ++i) {
            const Cell &c = m_cells[i];
            if (!m_done.count(c.caseKey + "\x1f" + c.prompt->id + "\x1f" + m_specs[c.provider].name()))
                todo.push_back(i);
        }
        m_progress.total = m_cells.size();
        m_progress.done = m_cells.size() - todo.size();
        countExisting();
        report();
        const std::size_t window = std::max<std::size_t>(1, m_o.window);
        for (std::size_t start = 0; start < todo.size() && !cancelled; start += window) {
            std::vector<std::size_t> batch(todo.begin() + std::ptrdiff_t(start), todo.begin() + std::ptrdiff_t(std::min(todo.size(), start + window)));
            // One provider per batch: split where the provider changes.
            std::map<std::size_t, std::vector<std::size_t>> byProvider;
            for (const std::size_t i : batch)
                byProvider[m_cells[i].provider].push_back(i);
            for (auto &[provider, cells] : byProvider) {
                runWindow(provider, cells);
                if (stopped()) {
                    cancelled = true;
                    break;
                }
            }
        }
        summary.status = cancelled ? "KILLED" : "FINISHED";
        finishRun(summary.status);
        summary.counts = m_progress;
        const std::size_t ran = m_progress.passed + m_progress.failed + m_progress.errors;
        summary.passRate = ran ? double(m_progress.passed) / double(ran) : 0.0;
        return summary;
    }

private:
    bool stopped() const { return m_o.stopped && m_o.stopped(); }
    void report()
    {
        if (m_o.progress)
            m_o.progress(m_progress);
    }

    void loadProviders()
    {
        for (const ProviderSpec &spec : m_specs) {
            try {
                m_providers.push_back(makeProvider(spec, m_o.providers));
                m_providerErrors.emplace_back();
            } catch (const std::exception &e) {
                m_providers.push_back(nullptr);
                m_providerErrors.push_back(e.what());
                m_warnings.push_back(spec.id + ": " + e.what());
            }
        }
    }

    Provider *judgeFor(const Assertion &a, std::string &error)
    {
        std::string id = !a.provider.empty() ? a.provider : m_suite.grader;
        if (id.empty()) {
            for (std::size_t i = 0; i < m_specs.size(); ++i)
                if (m_specs[i].id.rfind("keel:", 0) == 0 && m_providers[i]) {
                    id = m_specs[i].id;
                    break;
                }
        }
        if (id.empty()) {
            error = "no judge for '" + a.fullType() + "': name one in defaultTest.options.provider (keel:MODEL or openai:chat:MODEL)";
            return nullptr;
        }
        for (std::size_t i = 0; i < m_specs.size(); ++i)
            if (m_specs[i].id == id && m_providers[i])
                return m_providers[i].get();
        auto it = m_judges.find(id);
        if (it == m_judges.end()) {
            ProviderSpec spec;
            spec.id = id;
            spec.config = {{"temperature", 0}, {"max_tokens", 512}};
            try {
                it = m_judges.emplace(id, makeProvider(spec, m_o.providers)).first;
            } catch (const std::exception &e) {
                m_judgeErrors[id] = e.what();
                it = m_judges.emplace(id, nullptr).first;
            }
        }
        if (!it->second)
            error = "the judge " + id + " cannot run: " + m_judgeErrors[id];
        return it->second.get();
    }

    void planCells()
    {
        std::map<std::string, int> seen;
        for (const EvalCase &c : m_suite.cases) {
            std::string key = caseKeyOf(c);
            if (const int n = seen[key]++; n > 0)
                key += "-" + std::to_string(n + 1);
            if (!m_o.onlyCaseKeys.empty() && !m_o.onlyCaseKeys.count(key))
                continue;
            for (const PromptSpec &p : m_suite.prompts)
                for (std::size_t i = 0; i < m_specs.size(); ++i)
                    if (providerWanted(c, m_specs[i]))
                        m_cells.push_back({&c, &p, i, key});
        }
    }

    void openRun()
    {
        tracking::TrackingStore tracking(m_db, &m_ws.artifacts());
        if (!m_o.resumeRunUuid.empty()) {
            const EvalRunInfo info = evalRun(m_db, m_o.resumeRunUuid);
            m_runId = info.id;
            m_runUuid = info.runUuid;
            forEachEvalResult(m_db, m_runId, [this](const EvalCellResult &r) { m_done.insert(r.cellKey()); }, ResultText::None);
            sql::Transaction tx(m_db);
            m_db.cached("UPDATE eval_runs SET status = 'RUNNING', ended_at = NULL, total_cells = MAX(total_cells, ?) WHERE id = ?")
                .bindAll(std::int64_t(m_cells.size()), m_runId)
                .run();
            tx.commit();
            tracking.setRunStatus(m_runUuid, "RUNNING", std::nullopt);
            return;
        }
        const std::string experimentName = m_o.experiment.empty() ? "evals" : m_o.experiment;
        std::int64_t experimentId = 0;
        if (const auto e = tracking.experimentByName(experimentName))
            experimentId = e->id;
        else
            experimentId = tracking.createExperiment(experimentName);
        const std::string name = m_suite.description.empty() ? m_suite.file.stem().string() : m_suite.description;
        m_runUuid = tracking.createRun(experimentId, name);
        std::vector<std::pair<std::string, std::string>> params = {
            {"suite", m_suite.file.string()},
            {"cases", std::to_string(m_suite.cases.size())},
            {"prompts", std::to_string(m_suite.prompts.size())},
        };
        for (std::size_t i = 0; i < m_specs.size() && i < 20; ++i)
            params.push_back({"provider_" + std::to_string(i + 1), m_specs[i].id});
        if (!m_suite.grader.empty())
            params.push_back({"grader", m_suite.grader});
        const std::vector<std::pair<std::string, std::string>> tags = {{"keel.kind", "eval"}, {"mlflow.runName", name}};
        tracking.logBatch(m_runUuid, {}, params, tags);
        std::string suiteHash;
        try {
            suiteHash = sha256File(m_suite.file);
        } catch (const Error &) {
            suiteHash = "";
        }
        sql::Transaction tx(m_db);
        m_db.cached("INSERT INTO eval_runs (run_uuid, suite_path, suite_sha256, description, status, total_cells, started_at, baseline_uuid) "
                    "VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?)")
            .bindAll(m_runUuid, std::filesystem::absolute(m_suite.file).string(), suiteHash, m_suite.description, std::int64_t(m_cells.size()),
                     nowMs(), m_o.baselineRunUuid.empty() ? std::optional<std::string>() : std::optional<std::string>(m_o.baselineRunUuid))
            .run();
        m_runId = m_db.lastInsertRowId();
        tx.commit();
    }

    void countExisting()
    {
        forEachEvalResult(m_db, m_runId, [this](const EvalCellResult &r) {
            if (r.status == "pass")
                ++m_progress.passed;
            else if (r.status == "fail")
                ++m_progress.failed;
            else
                ++m_progress.errors;
        }, ResultText::None);
    }

    rag::RagIndex *index(const std::string &ref)
    {
        auto it = m_indexes.find(ref);
        if (it == m_indexes.end())
            it = m_indexes.emplace(ref, rag::RagIndex::open(rag::findIndex(m_ws.dir(), ref), m_o.providers.device)).first;
        return it->second.get();
    }

    void retrieve(const EvalCase &c, CaseView &view)
    {
        const RetrieveSpec &spec = *c.retrieve;
        std::string query = spec.query.empty() ? std::string() : renderTemplate(spec.query, view.vars);
        if (query.empty())
            for (const char *name : {"query", "question"})
                if (auto v = view.vars.find(name); v != view.vars.end())
                    query = v->second;
        if (query.empty())
            throwError(ErrorKind::BadInput, "'retrieve' has no query: set retrieve.query or a 'query' or 'question' variable");
        rag::RagIndex *idx = index(spec.index);
        const auto hits = idx->query(query, spec.k, rag::queryModeFromName(spec.mode));
        const bool redactPii = std::find(spec.guards.begin(), spec.guards.end(), "pii") != spec.guards.end();
        const bool dropInjection = std::find(spec.guards.begin(), spec.guards.end(), "prompt-injection") != spec.guards.end();
        std::string joined;
        for (const auto &h : hits) {
            std::string text = h.text;
            if (dropInjection && !findPromptInjection(text).empty())
                continue;
            if (redactPii)
                text = redact(text, findPii(text));
            view.contexts.push_back({text, h.source, h.score});
            joined += (joined.empty() ? "" : "\n\n") + text;
        }
        if (!view.vars.count("context"))
            view.vars["context"] = joined;
    }

    struct Pending {
        std::size_t cell = 0;
        CaseView view;
        std::string error;
        Completion completion;
        std::vector<AssertionResult> results;
        std::vector<std::pair<std::size_t, std::unique_ptr<JudgeTask>>> judges; // (assertion index, task)
        std::vector<JudgeCall> judgeCalls;
        std::vector<std::string> judgeIds;
    };

    // multiple-choice assertions of the window, scored on the cell's provider in one batch: the
    // context is the prompt as written (lm-eval scores without a chat template by default), the
    // choices and the answer (an index, or the choice's text) come from the assertion's value.
    // Returns the (pending, assertion) pairs it filled in.
    std::set<std::pair<std::size_t, std::size_t>> scoreChoices(Provider *provider, std::vector<Pending> &pending)
    {
        std::set<std::pair<std::size_t, std::size_t>> filled;
        std::vector<ChoiceQuestion> questions;
        std::vector<std::pair<std::size_t, std::size_t>> owners;
        std::vector<bool> byNorm;
        for (std::size_t k = 0; k < pending.size(); ++k) {
            Pending &p = pending[k];
            if (!p.error.empty())
                continue;
            const EvalCase &c = *p.view.testCase;
            for (std::size_t a = 0; a < c.asserts.size(); ++a) {
                const Assertion &as = c.asserts[a];
                if (as.type != "multiple-choice")
                    continue;
                if (p.results.size() < c.asserts.size())
                    p.results.resize(c.asserts.size());
                AssertionResult &r = p.results[a];
                r.type = as.fullType();
                r.weight = as.weight;
                r.where = as.where;
                r.metric = as.metric;
                filled.insert({k, a});
                try {
                    ChoiceQuestion q;
                    q.context = p.view.prompt;
                    if (m_cells[p.cell].prompt->chat)
                        throwError(ErrorKind::BadInput, "multiple-choice scores a text prompt; this one is a chat");
                    const json &v = as.value;
                    if (!v.is_object() || !v.contains("choices") || !v.contains("answer"))
                        throwError(ErrorKind::BadInput, "multiple-choice takes value: {choices: [...], answer: INDEX or TEXT}");
                    json choices = v["choices"];
                    if (choices.is_string()) // a variable holding a JSON list: "{{choices}}"
                        choices = json::parse(renderTemplate(choices.get<std::string>(), p.view.vars));
                    if (!choices.is_array() || choices.size() < 2)
                        throwError(ErrorKind::BadInput, "multiple-choice needs at least two choices");
                    for (const json &choice : choices)
                        q.choices.push_back(choice.is_string() ? choice.get<std::string>() : choice.dump());
                    json answer = v["answer"];
                    if (answer.is_string()) {
                        const std::string text = renderTemplate(answer.get<std::string>(), p.view.vars);
                        const auto found = std::find(q.choices.begin(), q.choices.end(), text);
                        if (found != q.choices.end())
                            q.gold = std::size_t(found - q.choices.begin());
                        else if (!text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char ch) { return std::isdigit(ch); }))
                            q.gold = std::stoul(text);
                        else
                            throwError(ErrorKind::BadInput, "the answer '" + text + "' is not one of the choices");
                    } else if (answer.is_number_unsigned() || answer.is_number_integer()) {
                        q.gold = answer.get<std::size_t>();
                    } else {
                        throwError(ErrorKind::BadInput, "multiple-choice's answer is a choice's index or its text");
                    }
                    if (q.gold >= q.choices.size())
                        throwError(ErrorKind::BadInput, "the answer's index " + std::to_string(q.gold) + " is past the " +
                                                            std::to_string(q.choices.size()) + " choices");
                    questions.push_back(std::move(q));
                    owners.push_back({k, a});
                    byNorm.push_back(v.value("score", std::string("acc")) == "acc_norm");
                } catch (const std::exception &e) {
                    r.error = true;
                    r.reason = as.where + ": " + e.what();
                }
            }
        }
        if (questions.empty())
            return filled;
        MultipleChoiceReport report;
        std::string failure;
        const auto started = std::chrono::steady_clock::now();
        try {
            report = provider->scoreChoices(questions, m_o.stopped);
        } catch (const std::exception &e) {
            failure = stopped() ? std::string("cancelled") : std::string(e.what());
        }
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        for (std::size_t i = 0; i < owners.size(); ++i) {
            Pending &p = pending[owners[i].first];
            AssertionResult &r = p.results[owners[i].second];
            if (!failure.empty()) {
                r.error = true;
                r.reason = failure;
                continue;
            }
            const ChoiceQuestion &q = questions[i];
            const ChoiceScores &cs = report.questions[i];
            const std::size_t chosen = byNorm[i] ? cs.predictedNorm : cs.predicted;
            r.pass = (chosen == q.gold) != negated(p, owners[i].second);
            r.score = r.pass ? 1.0 : 0.0;
            r.value = cs.loglikelihoods[chosen];
            r.measures = {{"acc", cs.predicted == q.gold ? 1.0 : 0.0}, {"acc_norm", cs.predictedNorm == q.gold ? 1.0 : 0.0}};
            char ll[32];
            std::snprintf(ll, sizeof ll, "%.3f", cs.loglikelihoods[chosen]);
            r.reason = std::string(byNorm[i] ? "per character, " : "") + "the likeliest choice is '" + q.choices[chosen] + "' (loglikelihood " + ll +
                       ")" + (chosen == q.gold ? ", the answer" : "; the answer is '" + q.choices[q.gold] + "'");
            // A case of choices alone spends the scoring's time as its latency.
            if (p.completion.latencyMs == 0)
                p.completion.latencyMs = ms / double(owners.size());
        }
        return filled;
    }

    bool negated(const Pending &p, std::size_t a) const { return p.view.testCase->asserts[a].negate; }

    void runWindow(std::size_t providerIndex, const std::vector<std::size_t> &cells)
    {
        const auto started = std::chrono::steady_clock::now();
        Provider *provider = m_providers[providerIndex].get();
        std::vector<Pending> pending(cells.size());
        std::vector<CompletionRequest> requests;
        std::vector<std::size_t> asked;
        for (std::size_t k = 0; k < cells.size(); ++k) {
            Pending &p = pending[k];
            p.cell = cells[k];
            const Cell &cell = m_cells[cells[k]];
            const EvalCase &c = *cell.testCase;
            p.view.testCase = &c;
            p.view.vars = c.vars;
            if (!provider) {
                p.error = "the provider " + m_specs[providerIndex].id + " cannot run: " + m_providerErrors[providerIndex];
                continue;
            }
            if (!c.error.empty()) {
                p.error = c.error;
                continue;
            }
            try {
                if (c.retrieve)
                    retrieve(c, p.view);
                p.view.prompt = renderTemplate(cell.prompt->text, p.view.vars);
                CompletionRequest r;
                if (cell.prompt->chat)
                    r.messages = chatMessages(p.view.prompt);
                else
                    r.prompt = p.view.prompt;
                r.raw = cell.prompt->raw;
                r.logprobs = std::any_of(c.asserts.begin(), c.asserts.end(), [](const Assertion &a) { return a.type == "perplexity"; });
                // A case of multiple-choice questions alone is scored, not generated.
                if (!c.asserts.empty() && std::all_of(c.asserts.begin(), c.asserts.end(), [](const Assertion &a) { return a.type == "multiple-choice"; }))
                    continue;
                requests.push_back(std::move(r));
                asked.push_back(k);
            } catch (const std::exception &e) {
                p.error = c.where + ": " + e.what();
            }
        }
        if (provider && !requests.empty()) {
            std::vector<Completion> done = provider->complete(requests, m_o.stopped);
            for (std::size_t j = 0; j < asked.size(); ++j) {
                Pending &p = pending[asked[j]];
                p.completion = std::move(done[j]);
                p.view.output = p.completion.text;
                if (!p.completion.error.empty())
                    p.error = p.completion.error;
            }
        }
        std::set<std::pair<std::size_t, std::size_t>> scored = scoreChoices(provider, pending); // (pending, assertion)
        // Deterministic assertions now; model-graded ones collected per judge.
        std::map<Provider *, std::vector<std::pair<std::size_t, std::size_t>>> byJudge; // judge → (pending, task)
        for (std::size_t k = 0; k < pending.size(); ++k) {
            Pending &p = pending[k];
            if (!p.error.empty())
                continue;
            p.view.completion = &p.completion;
            const EvalCase &c = *p.view.testCase;
            p.results.resize(c.asserts.size());
            for (std::size_t a = 0; a < c.asserts.size(); ++a) {
                const Assertion &as = c.asserts[a];
                if (scored.count({k, a}))
                    continue;
                if (!isModelGraded(as.type)) {
                    p.results[a] = checkAssertion(as, p.view, m_o.embed);
                    continue;
                }
                std::string why;
                Provider *judge = judgeFor(as, why);
                if (!judge) {
                    AssertionResult r;
                    r.type = as.fullType();
                    r.error = true;
                    r.reason = why;
                    r.weight = as.weight;
                    r.where = as.where;
                    p.results[a] = r;
                    continue;
                }
                p.judges.push_back({a, makeJudgeTask(as, p.view, m_o.embed)});
                byJudge[judge].push_back({k, p.judges.size() - 1});
            }
        }
        for (auto &[judge, owners] : byJudge) {
            std::vector<JudgeTask *> tasks;
            for (const auto &[k, t] : owners)
                tasks.push_back(pending[k].judges[t].second.get());
            std::vector<JudgeCall> calls;
            runJudgeTasks(tasks, *judge, m_o.stopped, calls);
            for (JudgeCall &call : calls) {
                Pending &p = pending[owners[call.task].first];
                p.judgeCalls.push_back(std::move(call));
                p.judgeIds.push_back(judge->id());
                m_judgeProviders[judge->id()] = judge;
            }
            for (const auto &[k, t] : owners)
                pending[k].results[pending[k].judges[t].first] = pending[k].judges[t].second->result();
        }
        // Store the window: one transaction.
        double tokens = 0;
        sql::Transaction tx(m_db);
        for (Pending &p : pending) {
            // A cell cut short by a cancel is not stored, so a resumed run does it again.
            if (p.error == "cancelled" || (stopped() && std::any_of(p.results.begin(), p.results.end(), [](const AssertionResult &r) {
                                               return r.error && r.reason.find("cancelled") != std::string::npos;
                                           })))
                continue;
            const Cell &cell = m_cells[p.cell];
            CaseVerdict verdict;
            if (!p.error.empty()) {
                verdict.error = true;
                verdict.reason = p.error;
            } else {
                verdict = aggregate(p.results, p.view.testCase->threshold);
            }
            const std::string status = verdict.error ? "error" : verdict.pass ? "pass" : "fail";
            json contexts = json::array();
            for (const auto &c : p.view.contexts)
                contexts.push_back({{"text", c.text}, {"source", c.source}, {"score", c.score}});
            const Completion &g = p.completion;
            m_db.cached("INSERT INTO eval_results (eval_run_id, case_index, case_key, description, prompt_id, provider_id, vars_json, prompt, "
                        "output, contexts_json, status, score, reason, assertions_json, latency_ms, ttft_ms, prompt_tokens, completion_tokens, cost) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bindAll(m_runId, std::int64_t(cell.testCase->index), cell.caseKey, cell.testCase->description, cell.prompt->id,
                         m_specs[cell.provider].name(), json(p.view.vars).dump(), g.promptText.empty() ? p.view.prompt : g.promptText, p.view.output,
                         contexts.dump(), status, verdict.score, verdict.reason, assertionsJson(p.results).dump(), g.latencyMs,
                         g.timeToFirstTokenMs >= 0 ? std::optional<double>(g.timeToFirstTokenMs) : std::nullopt, std::int64_t(g.promptTokens),
                         std::int64_t(g.completionTokens), g.cost + judgeCost(p))
                .run();
            const std::int64_t resultId = m_db.lastInsertRowId();
            if (provider && (g.startedAtMs || !g.error.empty()))
                insertTrace(m_db, m_runId, resultId, "generation", provider, m_specs[cell.provider].name(), g.promptText, g);
            for (std::size_t j = 0; j < p.judgeCalls.size(); ++j) {
                const JudgeCall &call = p.judgeCalls[j];
                insertTrace(m_db, m_runId, resultId, "judge", m_judgeProviders[p.judgeIds[j]], p.judgeIds[j],
                            call.completion.promptText.empty() ? call.question.system + "\n\n" + call.question.user : call.completion.promptText,
                            call.completion);
            }
            tokens += double(g.completionTokens);
            ++m_progress.done;
            if (status == "pass")
                ++m_progress.passed;
            else if (status == "fail")
                ++m_progress.failed;
            else
                ++m_progress.errors;
        }
        tx.commit();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        m_progress.tokensPerSecond = seconds > 0 ? tokens / seconds : 0;
        report();
    }

    static double judgeCost(const Pending &p)
    {
        double c = 0;
        for (const JudgeCall &call : p.judgeCalls)
            c += call.completion.cost;
        return c;
    }

    void finishRun(const std::string &status)
    {
        tracking::TrackingStore tracking(m_db, &m_ws.artifacts());
        std::vector<tracking::Metric> metrics;
        const std::int64_t now = nowMs();
        auto add = [&](const std::string &key, double value) {
            if (std::isfinite(value))
                metrics.push_back({metricKey(key), value, now, 0});
        };
        std::size_t passed = 0, failed = 0, errors = 0, promptTokens = 0, completionTokens = 0;
        double cost = 0, score = 0;
        std::vector<double> latencies, ttfts;
        std::map<std::string, std::pair<std::size_t, std::size_t>> perAssertion, perProvider; // (passed, judged)
        std::map<std::string, std::vector<double>> providerLatency;
        std::map<std::string, double> providerCost;
        std::map<std::string, std::vector<double>> choice; // multiple-choice measures: acc, acc_norm
        std::size_t n = 0;
        forEachEvalResult(m_db, m_runId, [&](const EvalCellResult &r) {
            ++n;
            passed += r.status == "pass";
            failed += r.status == "fail";
            errors += r.status == "error";
            score += r.score;
            cost += r.cost;
            promptTokens += r.promptTokens;
            completionTokens += r.completionTokens;
            if (r.status != "error" || r.latencyMs > 0) {
                latencies.push_back(r.latencyMs);
                providerLatency[r.providerId].push_back(r.latencyMs);
            }
            if (r.ttftMs)
                ttfts.push_back(*r.ttftMs);
            providerCost[r.providerId] += r.cost;
            auto &pp = perProvider[r.providerId];
            pp.first += r.status == "pass";
            ++pp.second;
            for (const json &a : r.assertions) {
                if (a.value("error", false))
                    continue;
                auto &pa = perAssertion[a.value("metric", std::string()).empty() ? a.value("type", std::string()) : a.value("metric", std::string())];
                pa.first += a.value("pass", false);
                ++pa.second;
                if (a.contains("measures") && a.value("type", std::string()) == "multiple-choice")
                    for (const auto &[key, v] : a["measures"].items())
                        choice[key].push_back(v.get<double>());
            }
        }, ResultText::None);
        add("pass_rate", n ? double(passed) / double(n) : 0.0);
        add("cases_passed", double(passed));
        add("cases_failed", double(failed));
        add("cases_error", double(errors));
        add("score_mean", n ? score / double(n) : 0.0);
        add("tokens_prompt", double(promptTokens));
        add("tokens_completion", double(completionTokens));
        add("cost_usd", cost);
        if (completionTokens)
            add("cost_per_1k_tokens_usd", cost / double(promptTokens + completionTokens) * 1000.0);
        if (!latencies.empty()) {
            add("latency_p50_ms", percentile(latencies, 50));
            add("latency_p95_ms", percentile(latencies, 95));
            add("latency_p99_ms", percentile(latencies, 99));
        }
        if (!ttfts.empty()) {
            add("ttft_p50_ms", percentile(ttfts, 50));
            add("ttft_p95_ms", percentile(ttfts, 95));
        }
        for (const auto &[type, pa] : perAssertion)
            add("assert/" + type + "/pass_rate", pa.second ? double(pa.first) / double(pa.second) : 0.0);
        // lm-eval's figures over the multiple-choice questions: acc and acc_norm with their stderr.
        for (const auto &[key, values] : choice) {
            double mean = 0;
            for (double v : values)
                mean += v / double(values.size());
            add("mc/" + key, mean);
            add("mc/" + key + "_stderr", meanStderr(values, mean));
        }
        if (perProvider.size() > 1)
            for (const auto &[id, pp] : perProvider) {
                add("provider/" + id + "/pass_rate", pp.second ? double(pp.first) / double(pp.second) : 0.0);
                add("provider/" + id + "/latency_p50_ms", percentile(providerLatency[id], 50));
                add("provider/" + id + "/cost_usd", providerCost[id]);
            }
        tracking.logBatch(m_runUuid, metrics);
        const std::string trackingStatus = status == "KILLED" ? "KILLED" : "FINISHED";
        tracking.setRunStatus(m_runUuid, trackingStatus, nowMs());
        sql::Transaction tx(m_db);
        m_db.cached("UPDATE eval_runs SET status = ?, ended_at = ? WHERE id = ?").bindAll(status, nowMs(), m_runId).run();
        tx.commit();
    }

    store::Workspace &m_ws;
    sql::Database &m_db;
    const EvalSuite &m_suite;
    const EvalRunOptions &m_o;
    std::vector<ProviderSpec> m_specs;
    std::vector<std::unique_ptr<Provider>> m_providers;
    std::vector<std::string> m_providerErrors, m_warnings;
    std::map<std::string, std::unique_ptr<Provider>> m_judges;
    std::map<std::string, std::string> m_judgeErrors;
    std::map<std::string, Provider *> m_judgeProviders;
    std::map<std::string, std::unique_ptr<rag::RagIndex>> m_indexes;
    std::vector<Cell> m_cells;
    std::set<std::string> m_done;
    std::int64_t m_runId = 0;
    std::string m_runUuid;
    EvalProgress m_progress;
};

EvalRunInfo infoFrom(sql::Statement &s)
{
    EvalRunInfo i;
    i.id = s.int64(0);
    i.runUuid = s.text(1);
    i.suitePath = s.text(2);
    i.description = s.text(3);
    i.status = s.text(4);
    i.totalCells = std::size_t(s.int64(5));
    i.startedAt = s.int64(6);
    i.endedAt = s.optionalInt64(7);
    i.baselineUuid = s.optionalText(8).value_or("");
    i.done = std::size_t(s.int64(9));
    i.passed = std::size_t(s.int64(10));
    i.failed = std::size_t(s.int64(11));
    i.errors = std::size_t(s.int64(12));
    i.cost = s.isNull(13) ? 0.0 : s.real(13);
    return i;
}

constexpr const char *kRunColumns =
    "SELECT r.id, r.run_uuid, r.suite_path, r.description, r.status, r.total_cells, r.started_at, r.ended_at, r.baseline_uuid, "
    "(SELECT COUNT(*) FROM eval_results e WHERE e.eval_run_id = r.id), "
    "(SELECT COUNT(*) FROM eval_results e WHERE e.eval_run_id = r.id AND e.status = 'pass'), "
    "(SELECT COUNT(*) FROM eval_results e WHERE e.eval_run_id = r.id AND e.status = 'fail'), "
    "(SELECT COUNT(*) FROM eval_results e WHERE e.eval_run_id = r.id AND e.status = 'error'), "
    "(SELECT SUM(cost) FROM eval_results e WHERE e.eval_run_id = r.id) FROM eval_runs r ";

} // namespace

Embedder lazyEncoder(std::function<std::filesystem::path()> locate, compute::DeviceId device)
{
    struct Lazy {
        std::mutex mutex;
        std::unique_ptr<nn::BertEncoder> encoder;
    };
    auto lazy = std::make_shared<Lazy>();
    return [lazy, locate = std::move(locate), device](const std::vector<std::string> &texts) {
        std::lock_guard lock(lazy->mutex);
        if (!lazy->encoder)
            lazy->encoder = nn::BertEncoder::load(locate(), device);
        return lazy->encoder->embed(texts);
    };
}

std::string summaryLine(const EvalRunSummary &summary)
{
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.1f", summary.passRate * 100);
    return std::to_string(summary.counts.passed) + " of " + std::to_string(summary.counts.passed + summary.counts.failed + summary.counts.errors) +
           " cells passed (" + rate + "%), run " + summary.runUuid.substr(0, 8);
}

EvalRunSummary runSuite(store::Workspace &workspace, const EvalSuite &suite, const EvalRunOptions &options)
{
    return Runner(workspace, suite, options).run();
}

std::vector<EvalRunInfo> evalRuns(sql::Database &db)
{
    std::vector<EvalRunInfo> out;
    auto s = db.prepare(std::string(kRunColumns) + "ORDER BY r.started_at DESC, r.id DESC");
    while (s.step())
        out.push_back(infoFrom(s));
    return out;
}

EvalRunInfo evalRun(sql::Database &db, const std::string &uuidOrPrefix)
{
    if (uuidOrPrefix.empty())
        throwError(ErrorKind::BadInput, "no eval run named");
    auto s = db.prepare(std::string(kRunColumns) + "WHERE r.run_uuid LIKE ? || '%' ORDER BY r.id");
    s.bind(1, uuidOrPrefix);
    std::vector<EvalRunInfo> found;
    while (s.step())
        found.push_back(infoFrom(s));
    if (found.empty())
        throwError(ErrorKind::NotFound, "no eval run " + uuidOrPrefix + " in this workspace (keel eval runs lists them)");
    if (found.size() > 1 && found[0].runUuid != uuidOrPrefix)
        throwError(ErrorKind::BadInput, "'" + uuidOrPrefix + "' names " + std::to_string(found.size()) + " eval runs; give more of the id");
    return found[0];
}

void forEachEvalResult(sql::Database &db, std::int64_t evalRunId, const std::function<void(const EvalCellResult &)> &visit, ResultText text)
{
    // Without the texts, the big columns are not even read from the database.
    forEachEvalResult(db, evalRunId, std::nullopt, visit, text);
}

void forEachEvalResult(sql::Database &db, std::int64_t evalRunId, std::optional<std::int64_t> onlyId,
                       const std::function<void(const EvalCellResult &)> &visit, ResultText text)
{
    const char *columns = text == ResultText::All       ? "vars_json, prompt, output, contexts_json"
                          : text == ResultText::Outputs ? "vars_json, '', output, '[]'"
                                                        : "'{}', '', '', '[]'";
    auto s = db.prepare(std::string("SELECT id, case_index, case_key, description, prompt_id, provider_id, ") + columns +
                        ", status, score, reason, assertions_json, latency_ms, ttft_ms, prompt_tokens, completion_tokens, cost FROM eval_results "
                        "WHERE eval_run_id = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY case_index, id");
    s.bind(1, evalRunId);
    s.bind(2, onlyId);
    while (s.step()) {
        EvalCellResult r;
        r.id = s.int64(0);
        r.caseIndex = std::size_t(s.int64(1));
        r.caseKey = s.text(2);
        r.description = s.text(3);
        r.promptId = s.text(4);
        r.providerId = s.text(5);
        r.vars = json::parse(s.text(6), nullptr, false);
        r.prompt = s.text(7);
        r.output = s.text(8);
        r.contexts = json::parse(s.text(9), nullptr, false);
        r.status = s.text(10);
        r.score = s.real(11);
        r.reason = s.text(12);
        r.assertions = json::parse(s.text(13), nullptr, false);
        r.latencyMs = s.real(14);
        if (!s.isNull(15))
            r.ttftMs = s.real(15);
        r.promptTokens = std::size_t(s.int64(16));
        r.completionTokens = std::size_t(s.int64(17));
        r.cost = s.real(18);
        visit(r);
    }
}

std::optional<EvalCellResult> evalResult(sql::Database &db, std::int64_t evalRunId, std::int64_t resultId)
{
    std::optional<EvalCellResult> out;
    forEachEvalResult(db, evalRunId, resultId, [&](const EvalCellResult &r) { out = r; }, ResultText::All);
    return out;
}

std::vector<EvalCellResult> evalResults(sql::Database &db, std::int64_t evalRunId, ResultText text)
{
    std::vector<EvalCellResult> out;
    forEachEvalResult(db, evalRunId, [&](const EvalCellResult &r) { out.push_back(r); }, text);
    return out;
}

std::vector<std::pair<std::string, double>> hostedSpendByDay(sql::Database &db, std::int64_t sinceMs)
{
    auto st = db.prepare("SELECT date(started_at / 1000, 'unixepoch', 'localtime') AS day, SUM(cost) FROM eval_traces "
                         "WHERE system <> 'keel' AND started_at >= ?1 GROUP BY day HAVING SUM(cost) > 0 ORDER BY day DESC");
    st.bind(1, sinceMs);
    std::vector<std::pair<std::string, double>> out;
    while (st.step())
        out.emplace_back(st.text(0), st.real(1));
    return out;
}

std::vector<EvalTrace> evalTraces(sql::Database &db, std::int64_t evalRunId, std::optional<std::int64_t> resultId)
{
    std::vector<EvalTrace> out;
    auto s = db.prepare("SELECT id, result_id, kind, provider_id, system, model, params_json, prompt, output, error, finish_reason, "
                        "prompt_tokens, completion_tokens, ttft_ms, latency_ms, cost, started_at FROM eval_traces "
                        "WHERE eval_run_id = ? AND (? IS NULL OR result_id = ?) ORDER BY id");
    s.bindAll(evalRunId, resultId, resultId);
    while (s.step()) {
        EvalTrace t;
        t.id = s.int64(0);
        t.resultId = s.optionalInt64(1).value_or(0);
        t.kind = s.text(2);
        t.providerId = s.text(3);
        t.system = s.text(4);
        t.model = s.text(5);
        t.params = json::parse(s.text(6), nullptr, false);
        t.prompt = s.text(7);
        t.output = s.text(8);
        t.error = s.text(9);
        t.finishReason = s.text(10);
        t.promptTokens = std::size_t(s.int64(11));
        t.completionTokens = std::size_t(s.int64(12));
        if (!s.isNull(13))
            t.ttftMs = s.real(13);
        t.latencyMs = s.real(14);
        t.cost = s.real(15);
        t.startedAt = s.int64(16);
        out.push_back(std::move(t));
    }
    return out;
}

EvalComparison compareEvalRuns(const std::vector<EvalCellResult> &baseline, const std::vector<EvalCellResult> &current)
{
    EvalComparison c;
    std::map<std::string, const EvalCellResult *> before;
    for (const auto &r : baseline)
        before[r.cellKey()] = &r;
    std::set<std::string> seen;
    for (const auto &r : current) {
        seen.insert(r.cellKey());
        const auto it = before.find(r.cellKey());
        if (it == before.end()) {
            c.added.push_back(r);
            continue;
        }
        const bool was = it->second->status == "pass", is = r.status == "pass";
        if (was && !is)
            c.regressed.push_back({*it->second, r});
        else if (!was && is)
            c.improved.push_back({*it->second, r});
        else if (is)
            ++c.unchangedPassing;
        else
            c.unchangedFailing.push_back({*it->second, r});
    }
    for (const auto &r : baseline)
        if (!seen.count(r.cellKey()))
            c.removed.push_back(r);
    return c;
}

namespace {
std::string hexId(const std::string &seed, std::size_t chars)
{
    return sha256Hex(seed).substr(0, chars);
}
json attribute(const std::string &key, const json &value)
{
    json v;
    if (value.is_string())
        v = {{"stringValue", value}};
    else if (value.is_boolean())
        v = {{"boolValue", value}};
    else if (value.is_number_integer() || value.is_number_unsigned())
        v = {{"intValue", std::to_string(value.get<std::int64_t>())}}; // OTLP/JSON: 64-bit integers as strings
    else if (value.is_number())
        v = {{"doubleValue", value}};
    else if (value.is_array()) {
        json values = json::array();
        for (const json &x : value)
            values.push_back({{"stringValue", x.is_string() ? x.get<std::string>() : x.dump()}});
        v = {{"arrayValue", {{"values", values}}}};
    } else
        v = {{"stringValue", value.dump()}};
    return {{"key", key}, {"value", v}};
}
std::string nanos(double ms)
{
    return std::to_string(std::int64_t(ms * 1e6));
}
} // namespace

json exportOtlp(sql::Database &db, const EvalRunInfo &run)
{
    json spans = json::array();
    const auto results = evalResults(db, run.id);
    std::map<std::int64_t, const EvalCellResult *> byId;
    for (const auto &r : results)
        byId[r.id] = &r;
    std::map<std::int64_t, std::vector<EvalTrace>> traces;
    for (EvalTrace &t : evalTraces(db, run.id))
        traces[t.resultId].push_back(std::move(t));
    for (const auto &r : results) {
        const std::string traceId = hexId(run.runUuid + "/" + std::to_string(r.id), 32);
        const std::string rootId = hexId(traceId + "/root", 16);
        const auto &calls = traces[r.id];
        double start = 0, end = 0;
        for (const EvalTrace &t : calls) {
            start = start == 0 ? double(t.startedAt) : std::min(start, double(t.startedAt));
            end = std::max(end, double(t.startedAt) + t.latencyMs);
        }
        if (start == 0)
            start = end = double(run.startedAt);
        spans.push_back({{"traceId", traceId},
                         {"spanId", rootId},
                         {"name", "eval case " + std::to_string(r.caseIndex + 1)},
                         {"kind", 1},
                         {"startTimeUnixNano", nanos(start)},
                         {"endTimeUnixNano", nanos(end)},
                         {"attributes",
                          {attribute("keel.eval.run_id", run.runUuid), attribute("keel.eval.case_key", r.caseKey),
                           attribute("keel.eval.description", r.description), attribute("keel.eval.provider", r.providerId),
                           attribute("keel.eval.prompt", r.promptId), attribute("keel.eval.status", r.status),
                           attribute("keel.eval.score", r.score)}},
                         {"status", {{"code", r.status == "error" ? 2 : 1}}}});
        for (const EvalTrace &t : calls) {
            json attrs = {attribute("gen_ai.operation.name", "chat"),
                          attribute("gen_ai.system", t.system),
                          attribute("gen_ai.request.model", t.model),
                          attribute("gen_ai.response.model", t.model),
                          attribute("gen_ai.usage.input_tokens", json(std::int64_t(t.promptTokens))),
                          attribute("gen_ai.usage.output_tokens", json(std::int64_t(t.completionTokens))),
                          attribute("keel.eval.call", t.kind),
                          attribute("keel.cost_usd", t.cost)};
            if (!t.finishReason.empty())
                attrs.push_back(attribute("gen_ai.response.finish_reasons", json::array({t.finishReason})));
            if (t.ttftMs)
                attrs.push_back(attribute("keel.time_to_first_token_ms", *t.ttftMs));
            for (const char *p : {"temperature", "max_tokens", "top_p", "top_k", "seed"})
                if (t.params.is_object() && t.params.contains(p))
                    attrs.push_back(attribute(std::string("gen_ai.request.") + p, t.params[p]));
            const double s = double(t.startedAt);
            spans.push_back(
                {{"traceId", traceId},
                 {"spanId", hexId(traceId + "/" + std::to_string(t.id), 16)},
                 {"parentSpanId", rootId},
                 {"name", "chat " + t.model},
                 {"kind", 3},
                 {"startTimeUnixNano", nanos(s)},
                 {"endTimeUnixNano", nanos(s + t.latencyMs)},
                 {"attributes", attrs},
                 {"events",
                  {{{"name", "gen_ai.content.prompt"}, {"timeUnixNano", nanos(s)}, {"attributes", {attribute("gen_ai.prompt", t.prompt)}}},
                   {{"name", "gen_ai.content.completion"},
                    {"timeUnixNano", nanos(s + t.latencyMs)},
                    {"attributes", {attribute("gen_ai.completion", t.output)}}}}},
                 {"status", t.error.empty() ? json{{"code", 1}} : json{{"code", 2}, {"message", t.error}}}});
        }
    }
    return {{"resourceSpans",
             {{{"resource", {{"attributes", {attribute("service.name", "keel"), attribute("keel.eval.suite", run.suitePath)}}}},
               {"scopeSpans", {{{"scope", {{"name", "keel.eval"}}}, {"spans", spans}}}}}}}};
}

} // namespace keel::eval
