#include "nn/generationservice.h"

#include "core/error.h"
#include "nn/grammar.h"
#include "nn/sampling.h"

#include <algorithm>
#include <limits>
#include <chrono>
#include <random>
#include <new>
#include <string_view>

namespace keel::nn {

using Clock = std::chrono::steady_clock;

struct GenerationService::Sequence {
    RequestId id = 0;
    Request request;
    std::unique_ptr<LlamaModel::KvCache> cache;
    std::size_t prefilled = 0;            // prompt tokens run so far
    std::vector<float> logits;            // after the last token run
    std::vector<std::int32_t> seen;
    std::mt19937_64 rng;
    std::unique_ptr<StreamingDetokenizer> detok;
    std::unique_ptr<TokenConstraint> constraint; // under SamplingParams::grammar
    Generation result;
    Clock::time_point submitted, firstToken;
    bool done = false;
    std::size_t positions() const { return request.prompt.size() + request.params.maxTokens; }
};

GenerationService::GenerationService(std::shared_ptr<const LlamaModel> model, Options options)
    : m_model(std::move(model))
    , m_options(options)
{
    if (!m_model)
        throwError(ErrorKind::BadInput, "a generation service needs a model");
    m_options.maxBatch = std::max<std::size_t>(m_options.maxBatch, 1);
    m_options.prefillChunk = std::max<std::size_t>(m_options.prefillChunk, 1);
    if (m_options.ownThread)
        m_thread = std::thread([this] { loop(); });
}

GenerationService::~GenerationService()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    else
        cancelEverything(); // (no caller drives any more: callers wait in serveUntil until done)
}

GenerationService::RequestId GenerationService::submit(Request request)
{
    auto s = std::make_unique<Sequence>();
    s->request = std::move(request);
    s->submitted = Clock::now();
    s->rng.seed(s->request.params.seed);
    s->seen = s->request.prompt;
    s->result.promptTokens = s->request.prompt.size();
    s->detok = std::make_unique<StreamingDetokenizer>(m_model->tokenizer());
    if (s->request.params.grammar)
        s->constraint = std::make_unique<TokenConstraint>(s->request.params.grammar, m_model->tokenTrie());
    std::lock_guard lock(m_mutex);
    s->id = m_next++;
    const RequestId id = s->id;
    m_waiting.push_back(std::move(s));
    m_wake.notify_all();
    return id;
}

bool GenerationService::cancel(RequestId id)
{
    std::lock_guard lock(m_mutex);
    m_cancelled.push_back(id);
    m_wake.notify_all();
    return true;
}

std::size_t GenerationService::running() const
{
    std::lock_guard lock(m_mutex);
    return m_runningCount;
}

std::size_t GenerationService::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_waiting.size();
}

std::size_t GenerationService::reservedPositions() const
{
    std::lock_guard lock(m_mutex);
    return m_runningCount == 0 ? 0 : m_reserved;
}

void GenerationService::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_waiting.empty() && m_runningCount == 0; });
}

void GenerationService::finish(Sequence &s, const std::string &reason)
{
    if (s.done)
        return;
    s.done = true;
    s.result.stopReason = reason;
    if (reason == "length" || reason == "eos" || (reason == "stop" && s.constraint && s.constraint->mustEnd())) {
        const std::string rest = s.detok->finish();
        s.result.text += rest;
        if (s.request.onText && !rest.empty())
            s.request.onText(rest);
    }
    const auto now = Clock::now();
    s.result.totalMs = std::chrono::duration<double, std::milli>(now - s.submitted).count();
    if (s.result.tokens.size() > 1)
        s.result.tokensPerSecond = double(s.result.tokens.size() - 1) / std::chrono::duration<double>(now - s.firstToken).count();
    if (s.request.onDone)
        s.request.onDone(s.result);
}

namespace {

bool outOfMemory(const std::exception &e)
{
    return dynamic_cast<const std::bad_alloc *>(&e) || std::string_view(e.what()).find("out of memory") != std::string_view::npos;
}

} // namespace

void GenerationService::runStep(const std::vector<Sequence *> &seqs, const std::vector<LlamaModel::KvCache *> &caches,
                                const std::vector<std::span<const std::int32_t>> &runs)
{
    std::size_t rows = 0;
    for (const auto &r : runs)
        rows += r.size();
    try {
        if (m_options.beforeStep)
            m_options.beforeStep(rows);
        std::vector<std::uint8_t> allRows(seqs.size(), 0);
        bool anyAll = false;
        for (std::size_t i = 0; i < seqs.size(); ++i)
            if (seqs[i]->request.promptLogprobs && seqs[i]->prefilled < seqs[i]->request.prompt.size())
                anyAll = allRows[i] = 1;
        auto logits = m_model->step(caches, runs, anyAll ? std::span<const std::uint8_t>(allRows) : std::span<const std::uint8_t>());
        const std::size_t V = m_model->config().vocab;
        for (std::size_t i = 0; i < seqs.size(); ++i) {
            Sequence &s = *seqs[i];
            if (allRows[i]) {
                // Row j scores the prompt token after it; the last row is the next token's.
                const std::vector<std::int32_t> &prompt = s.request.prompt;
                std::vector<float> row(V);
                for (std::size_t j = 0; j < runs[i].size(); ++j) {
                    const std::size_t at = s.prefilled + j;
                    std::copy_n(logits[i].begin() + std::ptrdiff_t(j * V), V, row.begin());
                    if (at + 1 < prompt.size()) {
                        s.result.promptLogprobs.push_back(tokenLogProbability(row, prompt[at + 1]));
                        if (s.request.params.topLogprobs > 0)
                            s.result.promptTopLogprobs.push_back(topLogProbabilities(row, s.request.params.topLogprobs));
                    }
                }
                logits[i].erase(logits[i].begin(), logits[i].end() - std::ptrdiff_t(V));
            }
            if (s.prefilled < s.request.prompt.size())
                s.prefilled += runs[i].size();
            s.logits = std::move(logits[i]);
        }
    } catch (const std::exception &e) {
        if (outOfMemory(e) && seqs.size() > 1) {
            // A step leaves the caches as they were when it fails: run the halves one by one.
            const std::size_t half = seqs.size() / 2;
            const auto part = [&](std::size_t from, std::size_t to) {
                runStep(std::vector<Sequence *>(seqs.begin() + std::ptrdiff_t(from), seqs.begin() + std::ptrdiff_t(to)),
                        std::vector<LlamaModel::KvCache *>(caches.begin() + std::ptrdiff_t(from), caches.begin() + std::ptrdiff_t(to)),
                        std::vector<std::span<const std::int32_t>>(runs.begin() + std::ptrdiff_t(from), runs.begin() + std::ptrdiff_t(to)));
            };
            part(0, half);
            part(half, seqs.size());
            return;
        }
        const std::string message = outOfMemory(e) ? "out of memory running " + std::to_string(rows) +
                                                         " positions of one request (" + e.what() + "); shorten the prompt or lower the token limit"
                                                   : std::string(e.what());
        for (Sequence *s : seqs)
            finish(*s, "error: " + message);
    }
}

void GenerationService::cancelEverything()
{
    std::vector<std::unique_ptr<Sequence>> all;
    {
        std::lock_guard lock(m_mutex);
        for (auto &s : m_waiting)
            all.push_back(std::move(s));
        m_waiting.clear();
    }
    for (auto &s : m_running)
        all.push_back(std::move(s));
    m_running.clear();
    for (auto &s : all)
        finish(*s, "cancelled");
    std::lock_guard lock(m_mutex);
    m_runningCount = 0;
    m_idle.notify_all();
}

void GenerationService::loop()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_waiting.empty() || !m_running.empty() || !m_cancelled.empty(); });
            if (m_stop)
                break;
        }
        iterate();
    }
    cancelEverything();
}

void GenerationService::serveUntil(const std::function<bool()> &done)
{
    if (m_thread.joinable())
        throwError(ErrorKind::BadInput, "serveUntil drives a service made without a thread of its own");
    while (!done()) {
        std::unique_lock drive(m_driving, std::try_to_lock);
        if (!drive.owns_lock()) {
            // Another caller drives; its steps serve this caller's requests too. Take over when it
            // stops (its own requests done).
            std::unique_lock lock(m_mutex);
            m_progress.wait_for(lock, std::chrono::milliseconds(20));
            continue;
        }
        while (!done()) {
            {
                std::unique_lock lock(m_mutex);
                if (m_waiting.empty() && m_running.empty() && m_cancelled.empty()) {
                    m_progress.wait_for(lock, std::chrono::milliseconds(20));
                    continue;
                }
            }
            iterate();
            m_progress.notify_all();
        }
        drive.unlock();
        m_progress.notify_all();
    }
}

// One round: cancellations, admissions, a token sampled for each sequence with logits, one
// batched step (prompt chunks beside single tokens), departures.
void GenerationService::iterate()
{
    std::vector<RequestId> cancelled;
    {
        std::unique_lock lock(m_mutex);
        cancelled.swap(m_cancelled);
        // Cancelled before they started.
        for (auto it = m_waiting.begin(); it != m_waiting.end();) {
            if (std::find(cancelled.begin(), cancelled.end(), (*it)->id) != cancelled.end()) {
                auto s = std::move(*it);
                it = m_waiting.erase(it);
                lock.unlock();
                finish(*s, "cancelled");
                lock.lock();
            } else {
                ++it;
            }
        }
        // Admit waiting requests while the batch and the cache budget allow.
        std::size_t used = 0;
        for (const auto &s : m_running)
            used += s->positions();
        while (!m_waiting.empty() && m_running.size() < m_options.maxBatch &&
               (m_running.empty() || used + m_waiting.front()->positions() <= m_options.cachePositions)) {
            used += m_waiting.front()->positions();
            m_running.push_back(std::move(m_waiting.front()));
            m_waiting.pop_front();
        }
        m_runningCount = m_running.size();
        m_reserved = used;
    }
    for (auto &s : m_running)
        if (std::find(cancelled.begin(), cancelled.end(), s->id) != cancelled.end())
            finish(*s, "cancelled");

    // Sample a token for every sequence whose logits are ready; it joins the next step.
    std::vector<LlamaModel::KvCache *> caches;
    std::vector<std::span<const std::int32_t>> runs;
    std::vector<Sequence *> stepping;
    for (auto &s : m_running) {
        if (s->done || s->prefilled < s->request.prompt.size())
            continue;
        const SamplingParams &p = s->request.params;
        if (p.maxTokens == 0) { // the prompt scored, nothing to generate
            finish(*s, "length");
            continue;
        }
        const std::int32_t next = sampleToken(s->logits, p, s->seen, s->rng, s->constraint.get());
        if (next < 0) {
            finish(*s, "error: the grammar allows no token of this vocabulary here");
            continue;
        }
        if (s->result.tokens.empty()) {
            s->firstToken = Clock::now();
            s->result.timeToFirstTokenMs = std::chrono::duration<double, std::milli>(s->firstToken - s->submitted).count();
        }
        if (next == m_model->tokenizer().eos()) {
            finish(*s, "eos");
            continue;
        }
        s->result.tokens.push_back(next);
        const float logprob = p.logprobs ? tokenLogProbability(s->logits, next) : std::numeric_limits<float>::quiet_NaN();
        if (p.logprobs)
            s->result.logprobs.push_back(logprob);
        if (p.topLogprobs > 0)
            s->result.topLogprobs.push_back(topLogProbabilities(s->logits, p.topLogprobs));
        if (s->request.onToken)
            s->request.onToken(next, logprob, p.topLogprobs > 0 ? s->result.topLogprobs.back() : std::vector<std::pair<std::int32_t, float>>{});
        s->seen.push_back(next);
        if (s->constraint)
            s->constraint->accept(next);
        std::string piece = s->detok->push(next);
        s->result.text += piece;
        bool stopped = false;
        for (const std::string &stop : p.stop) {
            if (stop.empty())
                continue;
            if (const auto at = s->result.text.find(stop); at != std::string::npos) {
                const std::size_t before = s->result.text.size() - piece.size();
                piece = at > before ? piece.substr(0, at - before) : std::string();
                s->result.text.resize(at);
                stopped = true;
                break;
            }
        }
        if (s->request.onText && !piece.empty() && !s->request.onText(piece)) {
            finish(*s, "cancelled");
            continue;
        }
        if (stopped || (s->constraint && s->constraint->mustEnd())) {
            finish(*s, "stop");
            continue;
        }
        if (s->result.tokens.size() >= p.maxTokens || s->cache->length() >= s->cache->capacity()) {
            finish(*s, "length");
            continue;
        }
        caches.push_back(s->cache.get());
        runs.push_back(std::span<const std::int32_t>(&s->seen.back(), 1));
        stepping.push_back(s.get());
    }
    // Prefill: joining sequences run chunks of their prompts in the same step, within a
    // budget of prompt tokens per step, so that decoding sequences are not held up long.
    std::size_t budget = m_options.prefillChunk;
    for (auto &s : m_running) {
        if (s->done || s->prefilled >= s->request.prompt.size() || budget == 0)
            continue;
        if (!s->cache) try {
            if (s->request.prompt.empty())
                throwError(ErrorKind::BadInput, "the prompt has no tokens");
            s->cache = m_model->newCache(std::min(m_model->config().context, s->positions()));
            if (s->request.prompt.size() > s->cache->capacity())
                throwError(ErrorKind::BadInput, "the prompt has " + std::to_string(s->request.prompt.size()) + " tokens; the model's context holds " +
                                                    std::to_string(s->cache->capacity()));
            const std::int32_t vocab = std::int32_t(m_model->config().vocab);
            for (std::int32_t id : s->request.prompt)
                if (id < 0 || id >= vocab)
                    throwError(ErrorKind::BadInput, "token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(vocab));
        } catch (const std::exception &e) {
            finish(*s, std::string("error: ") + e.what());
            continue;
        }
        const std::size_t n = std::min(budget, s->request.prompt.size() - s->prefilled);
        budget -= n;
        caches.push_back(s->cache.get());
        runs.push_back(std::span<const std::int32_t>(s->request.prompt).subspan(s->prefilled, n));
        stepping.push_back(s.get());
    }
    if (!stepping.empty())
        runStep(stepping, caches, runs);
    // Finished sequences leave; their caches go with them.
    {
        std::lock_guard lock(m_mutex);
        m_running.erase(std::remove_if(m_running.begin(), m_running.end(), [](const auto &s) { return s->done; }), m_running.end());
        m_runningCount = m_running.size();
        if (m_running.empty() && m_waiting.empty())
            m_idle.notify_all();
    }
}

} // namespace keel::nn
