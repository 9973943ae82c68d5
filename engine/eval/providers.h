#pragma once

// Where an eval's completions come from: a local model on Keel's runtime (every case of a batch
// joins the continuous-batching GenerationService at once) or an OpenAI-compatible HTTP endpoint
// (llama.cpp's server, vLLM, Ollama, a hosted API) with a concurrency limit, retries with backoff
// on 429 and 5xx, a timeout and cancellation. API keys come from an environment variable or the
// caller's secret store and are never part of a parameter, a message or a trace.

#include "compute/costmeter.h"
#include "compute/job.h"
#include "eval/multiplechoice.h"
#include "eval/suite.h"
#include "nn/chattemplate.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace keel::nn {
class LlamaModel;
}

namespace keel::eval {

struct CompletionRequest {
    std::string prompt;                     // text (when `messages` is empty)
    std::vector<nn::ChatMessage> messages;  // a chat prompt
    bool raw = false;                       // the text as written, without the chat template
    std::string jsonSchema;                 // structured output: the answer is JSON matching it
    bool logprobs = false;                  // the chosen tokens' log probabilities (perplexity)
};

struct Completion {
    std::string text;
    std::string error;                      // empty on success; the text a user reads otherwise
    std::string finishReason;               // "stop", "length", ...
    std::size_t promptTokens = 0, completionTokens = 0;
    double timeToFirstTokenMs = -1;         // -1: not measured (a non-streaming endpoint)
    double latencyMs = 0;
    double cost = 0;                        // US dollars
    std::vector<float> logprobs;
    int attempts = 1;
    std::int64_t startedAtMs = 0;           // Unix time
    std::string promptText;                 // the prompt as sent (rendered chat template for local models)
};

// Hosted models' prices per million tokens (by model name; "*" for any), editable. Defaults are
// the providers' public list prices of 2026; a suite's provider config overrides them
// (inputCost / outputCost per token, as promptfoo's `cost`). Local models are priced by the
// hour of their device instead, from the cost meter (ProviderContext::costMeter).
struct PriceTable {
    std::map<std::string, std::pair<double, double>> perMillionTokens; // model → (input, output)
    static PriceTable defaults();
};

struct ProviderContext {
    // A model name or path as `keel models` resolves it.
    std::function<std::filesystem::path(const std::string &)> resolveModel;
    compute::DeviceId device = compute::DeviceId::cpu();
    // A stored secret (API key) by name, from the OS keychain; empty when there is none.
    std::function<std::string(const std::string &name)> secret;
    PriceTable prices = PriceTable::defaults();
    // What an hour of the device costs a local model: the GPU's price (the saved prices, by its
    // name), or the CPU core-hour times the cores the runtime uses. Null: the default prices. A
    // provider's `costPerHour` overrides it. Each completion pays its share of the batch's time,
    // so cost_per_1k_tokens_usd compares with a hosted API's token price.
    std::shared_ptr<const compute::CostMeter> costMeter;
    // Models already loaded, by path (providers and judges on the same model share one).
    std::shared_ptr<std::map<std::string, std::shared_ptr<const nn::LlamaModel>>> loaded =
        std::make_shared<std::map<std::string, std::shared_ptr<const nn::LlamaModel>>>();
};

class Provider {
public:
    virtual ~Provider() = default;
    const std::string &id() const { return m_id; }
    virtual std::string model() const = 0;
    virtual std::string system() const = 0;           // OpenTelemetry's gen_ai.system: "keel", "openai"
    virtual nlohmann::json parameters() const = 0;    // as sent (never a key)
    virtual bool local() const = 0;                   // constrained decoding: structured output always parses
    // Runs every request (together where the provider can) and returns their completions in
    // order; a failing request fails alone (Completion::error). `stopped` is polled: when it
    // says true, what has not finished ends with the error "cancelled".
    virtual std::vector<Completion> complete(const std::vector<CompletionRequest> &requests, const std::function<bool()> &stopped) = 0;
    // lm-evaluation-harness's loglikelihood scoring of each question's choices (all in one batch);
    // throws keel::Error for providers that cannot score (remote endpoints).
    virtual MultipleChoiceReport scoreChoices(const std::vector<ChoiceQuestion> &questions, const std::function<bool()> &stopped);
    // Token ids of a text under this provider's tokenizer (local models; empty otherwise).
    virtual std::vector<std::int32_t> tokenize(const std::string &) const { return {}; }

protected:
    explicit Provider(std::string id) : m_id(std::move(id)) {}

private:
    std::string m_id;
};

// keel:MODEL (also keel:/path/to/model.gguf), openai:chat:MODEL, openai:completion:MODEL,
// openai:MODEL. Throws keel::Error (BadInput) naming the provider for an id Keel cannot run and
// (NotFound) for a model it cannot find.
std::unique_ptr<Provider> makeProvider(const ProviderSpec &spec, const ProviderContext &context);

// The messages of a chat prompt (a JSON list of {role, content}) after templating; throws
// keel::Error (BadInput) naming what is wrong.
std::vector<nn::ChatMessage> chatMessages(const std::string &renderedJson);

} // namespace keel::eval
