#include "eval/providers.h"

#include "core/clock.h"
#include "core/error.h"
#include "nn/generationservice.h"
#include "nn/grammar.h"
#include "nn/llamamodel.h"
#include "nn/tokenizer.h"
#include "tracking/jsonhttp.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace keel::eval {

using json = nlohmann::json;

namespace {
double number(const json &config, const char *key, double fallback)
{
    const auto it = config.find(key);
    return it != config.end() && it->is_number() ? it->get<double>() : fallback;
}
std::vector<std::string> stops(const json &config)
{
    std::vector<std::string> out;
    const auto it = config.find("stop");
    if (it == config.end())
        return out;
    if (it->is_string())
        out.push_back(it->get<std::string>());
    else if (it->is_array())
        for (const json &s : *it)
            if (s.is_string())
                out.push_back(s.get<std::string>());
    return out;
}
} // namespace

PriceTable PriceTable::defaults()
{
    PriceTable t;
    // US dollars per million tokens (input, output), the providers' list prices.
    t.perMillionTokens = {
        {"gpt-4o", {2.50, 10.00}},       {"gpt-4o-mini", {0.15, 0.60}},   {"gpt-4.1", {2.00, 8.00}},
        {"gpt-4.1-mini", {0.40, 1.60}},  {"gpt-4.1-nano", {0.10, 0.40}},  {"gpt-3.5-turbo", {0.50, 1.50}},
    };
    return t;
}

std::vector<nn::ChatMessage> chatMessages(const std::string &renderedJson)
{
    json messages;
    try {
        messages = json::parse(renderedJson);
    } catch (const json::exception &e) {
        throwError(ErrorKind::BadInput, std::string("the chat prompt is not JSON after its variables were filled in: ") + e.what());
    }
    if (!messages.is_array())
        throwError(ErrorKind::BadInput, "a chat prompt is a JSON list of {\"role\": ..., \"content\": ...}");
    std::vector<nn::ChatMessage> out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const json &m = messages[i];
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content") || !m["content"].is_string())
            throwError(ErrorKind::BadInput, "chat prompt message " + std::to_string(i + 1) + " needs a text 'role' and 'content'");
        out.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    }
    return out;
}

namespace {

double devicePerHour(const ProviderContext &context)
{
    const compute::CostMeter fallback(compute::Prices::defaults(), {});
    const compute::CostMeter &meter = context.costMeter ? *context.costMeter : fallback;
    return meter.runtimeHour(context.device);
}

// --- local models -------------------------------------------------------------------------

class LocalProvider final : public Provider {
public:
    LocalProvider(const ProviderSpec &spec, const ProviderContext &context) : Provider(spec.id), m_config(spec.config)
    {
        const std::string name = spec.id.substr(std::string("keel:").size());
        if (name.empty())
            throwError(ErrorKind::BadInput, spec.where + ": the provider 'keel:' needs a model (keel:SmolLM2-135M-Instruct, or keel:/path/model.gguf)");
        const std::filesystem::path path = context.resolveModel ? context.resolveModel(name) : std::filesystem::path(name);
        auto &slot = (*context.loaded)[path.string()];
        if (!slot)
            slot = nn::LlamaModel::load(path, context.device);
        m_model = slot;
        m_device = context.device;
        m_pricePerHour = number(m_config, "costPerHour", devicePerHour(context));
        m_params.temperature = number(m_config, "temperature", 0.0);
        m_params.maxTokens = std::size_t(std::max(1.0, number(m_config, "max_tokens", number(m_config, "maxTokens", 128))));
        m_params.topK = std::size_t(std::max(0.0, number(m_config, "top_k", 0)));
        m_params.topP = number(m_config, "top_p", 1.0);
        m_params.repetitionPenalty = number(m_config, "repetition_penalty", 1.0);
        m_params.seed = std::uint64_t(std::max(0.0, number(m_config, "seed", 0)));
        m_params.stop = stops(m_config);
        m_system = m_config.value("system", std::string());
        m_maxBatch = std::size_t(std::clamp(number(m_config, "maxBatch", 16), 1.0, 256.0));
    }

    std::string model() const override { return m_model->config().name; }
    std::string system() const override { return "keel"; }
    bool local() const override { return true; }
    json parameters() const override
    {
        return {{"temperature", m_params.temperature}, {"max_tokens", m_params.maxTokens}, {"top_k", m_params.topK}, {"top_p", m_params.topP},
                {"repetition_penalty", m_params.repetitionPenalty}, {"seed", m_params.seed}, {"device", m_device.toString()},
                {"cost_per_hour", m_pricePerHour}};
    }
    std::vector<std::int32_t> tokenize(const std::string &text) const override { return m_model->tokenizer().encode(text).ids; }

    std::vector<Completion> complete(const std::vector<CompletionRequest> &requests, const std::function<bool()> &stopped) override
    {
        std::vector<Completion> out(requests.size());
        if (requests.empty())
            return out;
        nn::GenerationService::Options options;
        options.maxBatch = m_maxBatch;
        nn::GenerationService service(m_model, options);
        std::mutex mutex;
        std::condition_variable cv;
        std::size_t remaining = 0;
        std::vector<nn::GenerationService::RequestId> ids(requests.size(), 0);
        const auto started = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < requests.size(); ++i) {
            const CompletionRequest &r = requests[i];
            Completion &c = out[i];
            c.startedAtMs = nowMs();
            nn::GenerationService::Request request;
            request.params = m_params;
            request.params.logprobs = r.logprobs; // perplexity checks
            try {
                std::string prompt = r.prompt;
                if (!r.messages.empty() || !r.raw) {
                    std::vector<nn::ChatMessage> messages = r.messages;
                    if (messages.empty())
                        messages.push_back({"user", r.prompt});
                    if (!m_system.empty() && messages.front().role != "system")
                        messages.insert(messages.begin(), {"system", m_system});
                    prompt = nn::renderChat(m_model->chatTemplate(), messages);
                }
                c.promptText = prompt;
                request.prompt = m_model->tokenizer().encodePrompt(prompt).ids;
                if (!r.jsonSchema.empty()) {
                    request.params.grammar = nn::Grammar::fromJsonSchema(r.jsonSchema, "the judge's schema");
                    request.params.temperature = 0;
                    request.params.maxTokens = std::max<std::size_t>(request.params.maxTokens, 512);
                }
            } catch (const std::exception &e) {
                c.error = e.what();
                continue;
            }
            const bool wantLogprobs = r.logprobs;
            request.onDone = [&, i, wantLogprobs](const nn::Generation &g) {
                Completion &done = out[i];
                done.text = g.text;
                done.promptTokens = g.promptTokens;
                done.completionTokens = g.tokens.size();
                done.timeToFirstTokenMs = g.timeToFirstTokenMs;
                done.latencyMs = g.totalMs;
                done.finishReason = g.stopReason == "eos" ? "stop" : g.stopReason;
                if (g.stopReason.rfind("error", 0) == 0)
                    done.error = g.stopReason;
                else if (g.stopReason == "cancelled")
                    done.error = "cancelled";
                if (wantLogprobs)
                    done.logprobs = g.logprobs;
                std::lock_guard lock(mutex);
                --remaining;
                cv.notify_all();
            };
            {
                std::lock_guard lock(mutex);
                ++remaining;
            }
            ids[i] = service.submit(std::move(request));
        }
        std::unique_lock lock(mutex);
        while (remaining > 0) {
            if (cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return remaining == 0; }))
                break;
            if (stopped && stopped()) {
                lock.unlock();
                for (const auto id : ids)
                    if (id)
                        service.cancel(id);
                lock.lock();
                cv.wait(lock, [&] { return remaining == 0; });
            }
        }
        lock.unlock();
        // The device's time is shared by the batch: each completion pays for its share of the
        // tokens the batch computed.
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        double tokens = 0;
        for (const Completion &c : out)
            tokens += double(c.promptTokens + c.completionTokens);
        for (Completion &c : out)
            c.cost = tokens > 0 ? seconds * m_pricePerHour / 3600.0 * double(c.promptTokens + c.completionTokens) / tokens : 0.0;
        return out;
    }

    MultipleChoiceReport scoreChoices(const std::vector<ChoiceQuestion> &questions, const std::function<bool()> &stopped) override
    {
        nn::GenerationService::Options options;
        options.maxBatch = m_maxBatch;
        nn::GenerationService service(m_model, options);
        MultipleChoiceOptions o;
        o.maxLength = m_model->config().context ? m_model->config().context : 2048;
        o.progress = [&stopped](std::size_t, std::size_t) { return !(stopped && stopped()); };
        return scoreMultipleChoice(service, m_model->tokenizer(), questions, o);
    }

private:
    json m_config;
    std::shared_ptr<const nn::LlamaModel> m_model;
    compute::DeviceId m_device;
    nn::SamplingParams m_params;
    std::string m_system;
    double m_pricePerHour = 0;
    std::size_t m_maxBatch = 16;
};

// --- OpenAI-compatible endpoints ------------------------------------------------------------

class OpenAiProvider final : public Provider {
public:
    OpenAiProvider(const ProviderSpec &spec, const ProviderContext &context) : Provider(spec.id), m_config(spec.config)
    {
        std::string rest = spec.id.substr(std::string("openai:").size());
        if (rest.rfind("chat:", 0) == 0) {
            rest = rest.substr(5);
        } else if (rest.rfind("completion:", 0) == 0) {
            rest = rest.substr(11);
            m_chat = false;
        }
        m_model = rest;
        if (m_model.empty())
            throwError(ErrorKind::BadInput, spec.where + ": the provider '" + spec.id + "' names no model (openai:chat:MODEL)");
        m_base = m_config.value("apiBaseUrl", m_config.value("apiHost", std::string()));
        if (m_base.empty()) {
            const char *env = std::getenv("OPENAI_BASE_URL");
            m_base = env && *env ? env : "https://api.openai.com/v1";
        }
        if (m_base.rfind("http://", 0) != 0 && m_base.rfind("https://", 0) != 0)
            m_base = "http://" + m_base;
        // The key: the environment variable named by apiKeyEnvar (OPENAI_API_KEY by default), else
        // the keychain's entry of that name. A key written in the suite is used but never recorded.
        const std::string envar = m_config.value("apiKeyEnvar", std::string("OPENAI_API_KEY"));
        if (const char *key = std::getenv(envar.c_str()); key && *key)
            m_key = key;
        else if (context.secret)
            m_key = context.secret(envar);
        if (m_key.empty())
            m_key = m_config.value("apiKey", std::string());
        m_concurrency = std::size_t(std::clamp(number(m_config, "maxConcurrency", 4), 1.0, 64.0));
        m_timeout = int(std::clamp(number(m_config, "timeout", 60), 1.0, 3600.0));
        m_retries = int(std::clamp(number(m_config, "maxRetries", 4), 0.0, 20.0));
        m_backoffMs = number(m_config, "retryBackoffMs", 500);
        const auto price = context.prices.perMillionTokens.find(m_model);
        const auto any = context.prices.perMillionTokens.find("*");
        const auto chosen = price != context.prices.perMillionTokens.end() ? price : any;
        if (chosen != context.prices.perMillionTokens.end()) {
            m_inputPerToken = chosen->second.first / 1e6;
            m_outputPerToken = chosen->second.second / 1e6;
        }
        m_inputPerToken = number(m_config, "inputCost", number(m_config, "cost", m_inputPerToken));
        m_outputPerToken = number(m_config, "outputCost", number(m_config, "cost", m_outputPerToken));
    }

    std::string model() const override { return m_model; }
    std::string system() const override { return "openai"; }
    bool local() const override { return false; }
    json parameters() const override
    {
        json p = {{"base_url", m_base}, {"max_concurrency", m_concurrency}, {"timeout_s", m_timeout}, {"max_retries", m_retries}};
        for (const char *key : {"temperature", "max_tokens", "top_p", "seed", "stop", "presence_penalty", "frequency_penalty"})
            if (m_config.contains(key))
                p[key] = m_config[key];
        return p;
    }

    std::vector<Completion> complete(const std::vector<CompletionRequest> &requests, const std::function<bool()> &stopped) override
    {
        std::vector<Completion> out(requests.size());
        std::atomic<std::size_t> next{0};
        auto worker = [&] {
            tracking::JsonHttp http(m_base, m_timeout, tracking::JsonHttp::Credentials::None);
            if (!m_key.empty())
                http.addHeader("Authorization: Bearer " + m_key);
            http.setCancel([&] { return stopped && stopped(); });
            for (std::size_t i = next++; i < requests.size(); i = next++)
                out[i] = one(http, requests[i], stopped);
        };
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < std::min(m_concurrency, requests.size()); ++t)
            threads.emplace_back(worker);
        for (auto &t : threads)
            t.join();
        return out;
    }

private:
    json body(const CompletionRequest &r) const
    {
        json b = {{"model", m_model}};
        for (const char *key : {"temperature", "max_tokens", "top_p", "seed", "stop", "presence_penalty", "frequency_penalty"})
            if (m_config.contains(key))
                b[key] = m_config[key];
        if (m_chat) {
            json messages = json::array();
            if (const std::string system = m_config.value("system", std::string()); !system.empty() && (r.messages.empty() || r.messages[0].role != "system"))
                messages.push_back({{"role", "system"}, {"content", system}});
            if (r.messages.empty())
                messages.push_back({{"role", "user"}, {"content", r.prompt}});
            for (const auto &m : r.messages)
                messages.push_back({{"role", m.role}, {"content", m.content}});
            b["messages"] = messages;
            if (r.logprobs)
                b["logprobs"] = true;
        } else {
            std::string prompt = r.prompt;
            for (const auto &m : r.messages)
                prompt += m.content + "\n";
            b["prompt"] = prompt;
            if (r.logprobs)
                b["logprobs"] = 1;
        }
        if (!r.jsonSchema.empty()) {
            b["response_format"] = {{"type", "json_schema"},
                                    {"json_schema", {{"name", "judgement"}, {"strict", true}, {"schema", json::parse(r.jsonSchema)}}}};
            b["temperature"] = 0;
        }
        return b;
    }

    static std::string preview(const std::string &body)
    {
        std::string p = body.substr(0, 120);
        std::replace(p.begin(), p.end(), '\n', ' ');
        return p + (body.size() > 120 ? "…" : "");
    }

    Completion one(tracking::JsonHttp &http, const CompletionRequest &r, const std::function<bool()> &stopped) const
    {
        Completion c;
        c.startedAtMs = nowMs();
        const std::string endpoint = m_chat ? "/chat/completions" : "/completions";
        std::string payload;
        try {
            const json b = body(r);
            payload = b.dump();
            c.promptText = m_chat ? b["messages"].dump() : b["prompt"].get<std::string>();
        } catch (const std::exception &e) {
            c.error = e.what();
            return c;
        }
        const auto started = std::chrono::steady_clock::now();
        for (int attempt = 0;; ++attempt) {
            c.attempts = attempt + 1;
            if (stopped && stopped()) {
                c.error = "cancelled";
                return c;
            }
            std::string problem;
            bool retry = false;
            double wait = m_backoffMs * std::pow(2.0, attempt);
            try {
                const tracking::JsonHttp::Reply reply = http.postReply(endpoint, payload);
                if (reply.status == 429 || reply.status >= 500) {
                    problem = "HTTP " + std::to_string(reply.status) + ": " + preview(reply.body);
                    retry = true;
                    if (reply.retryAfterSeconds >= 0)
                        wait = std::max(wait, reply.retryAfterSeconds * 1000.0);
                } else if (reply.status >= 400) {
                    c.error = "POST " + m_base + endpoint + ": HTTP " + std::to_string(reply.status) + ": " + preview(reply.body);
                    return c;
                } else {
                    parse(reply, c);
                    if (c.error.empty()) {
                        c.latencyMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
                        c.cost = double(c.promptTokens) * m_inputPerToken + double(c.completionTokens) * m_outputPerToken;
                    }
                    return c;
                }
            } catch (const Error &e) {
                problem = e.what();
                retry = std::string(e.what()).find("cancelled") == std::string::npos;
            }
            if (!retry || attempt >= m_retries) {
                c.error = problem + (attempt > 0 ? " (after " + std::to_string(attempt + 1) + " attempts)" : "");
                return c;
            }
            // Sleep in small steps so a cancel is not held up by a long backoff.
            const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::int64_t(std::min(wait, 30000.0)));
            while (std::chrono::steady_clock::now() < until && !(stopped && stopped()))
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    void parse(const tracking::JsonHttp::Reply &reply, Completion &c) const
    {
        const std::string where = "POST " + m_base + (m_chat ? "/chat/completions" : "/completions");
        if (reply.body.find_first_not_of(" \t\r\n") == std::string::npos) {
            c.error = where + ": the endpoint answered with nothing (HTTP " + std::to_string(reply.status) + ")";
            return;
        }
        json answer;
        try {
            answer = json::parse(reply.body);
        } catch (const json::exception &) {
            const bool html = reply.contentType.find("html") != std::string::npos || reply.body.find("<html") != std::string::npos ||
                              reply.body.find("<!DOCTYPE") != std::string::npos;
            c.error = where + ": the endpoint answered with " + (html ? "an HTML page" : "text that is not JSON (cut short?)") + ": " + preview(reply.body);
            return;
        }
        try {
            const json &choice = answer.at("choices").at(0);
            if (m_chat) {
                const json &content = choice.at("message").at("content");
                c.text = content.is_string() ? content.get<std::string>() : std::string();
            } else {
                c.text = choice.at("text").get<std::string>();
            }
            c.finishReason = choice.value("finish_reason", std::string());
            if (choice.contains("logprobs") && choice["logprobs"].is_object()) {
                const json &lp = choice["logprobs"];
                if (lp.contains("content") && lp["content"].is_array())
                    for (const json &t : lp["content"])
                        c.logprobs.push_back(t.value("logprob", 0.0f));
                else if (lp.contains("token_logprobs") && lp["token_logprobs"].is_array())
                    for (const json &t : lp["token_logprobs"])
                        if (t.is_number())
                            c.logprobs.push_back(t.get<float>());
            }
        } catch (const json::exception &) {
            c.error = where + ": the answer has no choices[0]" + (m_chat ? ".message.content" : ".text") + ": " + preview(reply.body);
            return;
        }
        if (answer.contains("usage") && answer["usage"].is_object()) {
            c.promptTokens = answer["usage"].value("prompt_tokens", std::size_t(0));
            c.completionTokens = answer["usage"].value("completion_tokens", std::size_t(0));
        }
    }

    json m_config;
    std::string m_model, m_base, m_key;
    bool m_chat = true;
    std::size_t m_concurrency = 4;
    int m_timeout = 60, m_retries = 4;
    double m_backoffMs = 500, m_inputPerToken = 0, m_outputPerToken = 0;
};

} // namespace

MultipleChoiceReport Provider::scoreChoices(const std::vector<ChoiceQuestion> &, const std::function<bool()> &)
{
    throwError(ErrorKind::BadInput, "multiple-choice scores the choices' loglikelihoods on a local model (keel:MODEL); " + id() + " cannot");
}

std::unique_ptr<Provider> makeProvider(const ProviderSpec &spec, const ProviderContext &context)
{
    if (spec.id.rfind("keel:", 0) == 0)
        return std::make_unique<LocalProvider>(spec, context);
    if (spec.id.rfind("openai:", 0) == 0)
        return std::make_unique<OpenAiProvider>(spec, context);
    throwError(ErrorKind::BadInput, (spec.where.empty() ? std::string() : spec.where + ": ") + "the provider '" + spec.id +
                                        "' is not one Keel runs: use keel:MODEL for a local model, or openai:chat:MODEL with "
                                        "config.apiBaseUrl for any OpenAI-compatible endpoint (llama.cpp, vLLM, Ollama)");
}

} // namespace keel::eval
