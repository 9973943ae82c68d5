#pragma once

#include "nn/llamamodel.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>

namespace keel::nn {

// Serves many generation requests on one model with continuous batching: requests join the
// running batch between steps and leave it the step they finish; a joining prompt runs in
// chunks inside the same steps as the decoding sequences' tokens, so one step serves every
// active sequence and the weights are read once for all. Each request has its own KV cache;
// together they stay within a budget of positions. Out of memory (CUDA's, or the CPU's
// std::bad_alloc) in a step splits the batch in halves run one after the other; a sequence that
// does not fit alone fails with a message saying so, and the others go on. Callbacks run on the
// thread that steps the service (its own, or a caller's in serveUntil); keep them short.
class GenerationService {
public:
    struct Options {
        std::size_t maxBatch = 16;           // sequences decoding at once
        std::size_t prefillChunk = 256;      // prompt tokens run per step, all joining requests together
        std::size_t cachePositions = 65536;  // KV positions all active sequences may hold together
        // Called before every model step with the rows it runs (tests throw std::bad_alloc from
        // it to see the service through running out of memory).
        std::function<void(std::size_t rows)> beforeStep;
        // false: no thread of its own; callers drive the service with serveUntil (a WorkerPool
        // job per request, say, on the model's device worker).
        bool ownThread = true;
    };
    using RequestId = std::uint64_t;
    struct Request {
        std::vector<std::int32_t> prompt;
        SamplingParams params;
        // Also score the prompt: each of its tokens' log probability (Generation::promptLogprobs),
        // as the completions API's echo with logprobs and loglikelihood evals want. The prompt's
        // chunks then return every row's logits. params.maxTokens may be 0 (score only).
        bool promptLogprobs = false;
        std::function<bool(const std::string &)> onText;  // streamed text; false cancels
        // Each chosen token as it is chosen, with its log probability (NaN unless
        // SamplingParams::logprobs) and the likeliest ones
        // (SamplingParams::topLogprobs of them), before its text goes to onText.
        std::function<void(std::int32_t, float, const std::vector<std::pair<std::int32_t, float>> &)> onToken;
        std::function<void(const Generation &)> onDone;   // always called once (also on error: stopReason "error: ...")
    };

    GenerationService(std::shared_ptr<const LlamaModel> model, Options options);
    ~GenerationService(); // waiting and running requests end as "cancelled"

    RequestId submit(Request request);
    bool cancel(RequestId id);
    std::size_t running() const;
    std::size_t waiting() const;
    // KV-cache positions the running requests have reserved (prompt + token limit each), and
    // the budget they share (Options::cachePositions).
    std::size_t reservedPositions() const;
    std::size_t positionBudget() const { return m_options.cachePositions; }
    // Blocks until no request is running or waiting.
    void waitIdle();
    // Without a thread of its own: runs the service's steps on the calling thread until
    // `done()` (a request of the caller's has ended, say). Several threads may call it; one
    // drives at a time, serving everyone's requests in the same batches, and the others wait
    // and take over when it returns.
    void serveUntil(const std::function<bool()> &done);

private:
    struct Sequence;
    void loop();
    void iterate();
    void cancelEverything();
    void finish(Sequence &s, const std::string &reason);
    void runStep(const std::vector<Sequence *> &seqs, const std::vector<LlamaModel::KvCache *> &caches,
                 const std::vector<std::span<const std::int32_t>> &runs);

    std::shared_ptr<const LlamaModel> m_model;
    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake, m_idle, m_progress;
    std::mutex m_driving; // held by the caller driving serveUntil
    std::deque<std::unique_ptr<Sequence>> m_waiting;
    std::vector<std::unique_ptr<Sequence>> m_running; // touched by the thread stepping the service only
    std::size_t m_runningCount = 0;
    std::size_t m_reserved = 0;
    std::vector<RequestId> m_cancelled;
    RequestId m_next = 1;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace keel::nn
