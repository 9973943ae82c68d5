// OpenAI's API as vLLM and llama.cpp's server speak it: /v1/models, /v1/chat/completions and
// /v1/completions over a language model's continuous batch (streamed as server-sent events),
// /v1/embeddings over a sentence encoder.
#include "serve/routes.h"

#include "core/base64.h"
#include "core/clock.h"
#include "core/error.h"

#include <httplib.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>

namespace keel::serve {

namespace {

std::int64_t unixSeconds()
{
    return std::int64_t(std::time(nullptr));
}

std::string dumpJson(const Json &j)
{
    return j.dump(-1, ' ', false, Json::error_handler_t::replace); // a token may end inside a UTF-8 character
}

template<typename Map>
auto &findModel(Map &models, const std::optional<std::string> &requested, const char *kind)
{
    if (!requested) {
        if (models.size() == 1)
            return *models.begin()->second;
        throwError(ErrorKind::BadInput, "'model' is required: this server has " + std::to_string(models.size()) + " " + kind + "s");
    }
    const auto it = models.find(*requested);
    if (it == models.end()) {
        std::string served;
        for (const auto &[n, m] : models)
            served += (served.empty() ? "" : ", ") + n;
        throwError(ErrorKind::NotFound, "The model `" + *requested + "` does not exist" +
                                            (served.empty() ? std::string(" (no ") + kind + " is served here)" : " (serving " + served + ")"));
    }
    return *it->second;
}

// What one generation request hands from the batch's thread to the connection's thread.
struct Channel {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::string> pieces;
    bool done = false;
    std::atomic<bool> cancelled{false};
    nn::Generation result;
    std::chrono::steady_clock::time_point arrived = std::chrono::steady_clock::now(), lastPiece;
    bool firstSeen = false;
};

// A generation request counted against the queue from admission until its answer is complete
// (before the last bytes go out, so a client's next request does not meet its own last one).
struct Admission {
    Server::State &s;
    LanguageModel &m;
    std::atomic<bool> held{true};
    Admission(Server::State &state, LanguageModel &model) : s(state), m(model)
    {
        ++m.active;
        ++s.queued;
    }
    void release()
    {
        if (!held.exchange(false)) {
            return;
        }
        --s.queued;
        m.lastUsedMs = nowMs();
        --m.active;
    }
    ~Admission() { release(); }
};

struct Parsed {
    std::vector<std::int32_t> prompt;
    std::string promptText;
    nn::SamplingParams params;
    bool stream = false, includeUsage = false, logprobs = false, echo = false;
};

Parsed parseRequest(const Json &body, const nn::LlamaModel &model, bool chat)
{
    const GenerationRequest g = parseGenerationRequest(body, chat);
    Parsed p;
    p.stream = g.stream;
    p.includeUsage = g.includeUsage;
    p.logprobs = g.logprobs;
    p.echo = g.echo;
    p.promptText = chat ? nn::renderChat(model.chatTemplate(), g.messages) : g.prompt;
    p.prompt = model.tokenizer().encodePrompt(p.promptText).ids;
    const std::size_t context = model.config().context;
    if (p.prompt.size() >= context)
        throwError(ErrorKind::BadInput, "This model's maximum context length is " + std::to_string(context) + " tokens. However, your prompt has " +
                                            std::to_string(p.prompt.size()) + " tokens");
    const std::size_t room = context - p.prompt.size();
    if (g.maxTokens && std::size_t(*g.maxTokens) > room)
        throwError(ErrorKind::BadInput, "This model's maximum context length is " + std::to_string(context) + " tokens. However, you requested " +
                                            std::to_string(p.prompt.size() + std::size_t(*g.maxTokens)) + " tokens (" + std::to_string(p.prompt.size()) +
                                            " in the prompt, " + std::to_string(*g.maxTokens) + " for the completion)");
    p.params.maxTokens = g.maxTokens ? std::size_t(*g.maxTokens) : (chat ? room : std::min<std::size_t>(16, room)); // OpenAI's defaults
    p.params.temperature = g.temperature;
    p.params.topP = g.topP;
    if (g.seed)
        p.params.seed = *g.seed;
    p.params.stop = g.stop;
    p.params.topLogprobs = g.topLogprobs;
    return p;
}

const char *finishReason(const std::string &stop)
{
    return stop == "length" ? "length" : "stop";
}

Json usageOf(const nn::Generation &g)
{
    return {{"prompt_tokens", g.promptTokens}, {"completion_tokens", g.tokens.size()}, {"total_tokens", g.promptTokens + g.tokens.size()}};
}

Json tokenEntry(const nn::LlamaModel &model, std::int32_t id, float logprob)
{
    const std::string piece = model.tokenizer().tokenBytes(id);
    Json bytes = Json::array();
    for (unsigned char c : piece)
        bytes.push_back(int(c));
    return {{"token", piece}, {"logprob", logprob}, {"bytes", bytes}};
}

// Chat's logprobs: each chosen token with its log probability and the likeliest alternatives.
Json tokenLogprobs(const nn::LlamaModel &model, const nn::Generation &g)
{
    Json content = Json::array();
    for (std::size_t i = 0; i < g.tokens.size() && i < g.logprobs.size(); ++i) {
        Json entry = tokenEntry(model, g.tokens[i], g.logprobs[i]);
        Json top = Json::array();
        if (i < g.topLogprobs.size())
            for (const auto &[id, lp] : g.topLogprobs[i])
                top.push_back(tokenEntry(model, id, lp));
        entry["top_logprobs"] = top;
        content.push_back(entry);
    }
    return {{"content", content}};
}

// The completions API's older shape: tokens, token_logprobs, top_logprobs (token → logprob) and
// each token's offset in the text.
Json completionLogprobs(const nn::LlamaModel &model, const nn::Generation &g)
{
    Json tokens = Json::array(), chosen = Json::array(), top = Json::array(), offsets = Json::array();
    std::size_t offset = 0;
    for (std::size_t i = 0; i < g.tokens.size() && i < g.logprobs.size(); ++i) {
        const std::string piece = model.tokenizer().tokenBytes(g.tokens[i]);
        tokens.push_back(piece);
        chosen.push_back(g.logprobs[i]);
        Json alternatives = Json::object();
        if (i < g.topLogprobs.size())
            for (const auto &[id, lp] : g.topLogprobs[i])
                alternatives[model.tokenizer().tokenBytes(id)] = lp;
        top.push_back(alternatives);
        offsets.push_back(offset);
        offset += piece.size();
    }
    return {{"tokens", tokens}, {"token_logprobs", chosen}, {"top_logprobs", top}, {"text_offset", offsets}};
}

void generate(Server::State &s, const httplib::Request &req, httplib::Response &res, bool chat)
{
    const Json body = parseBody(req.body);
    LanguageModel &m = findModel(s.languageModels, stringField(body, "model"), "language model");
    if (s.queued >= s.options.maxQueue) {
        s.metrics.add("keel_rejected_total", {{"model", m.name}});
        res.set_header("Retry-After", "1");
        s.error(req, res, 429, "the server has " + std::to_string(s.options.maxQueue) + " requests in hand; retry shortly", "rate_limit_exceeded");
        return;
    }
    auto admission = std::make_shared<Admission>(s, m);
    const auto loaded = s.acquire(m);
    const nn::LlamaModel &model = *loaded->model;
    Parsed p = parseRequest(body, model, chat);
    auto channel = std::make_shared<Channel>();
    const std::string id = newId(chat ? "chatcmpl-" : "cmpl-");
    const std::int64_t created = unixSeconds();

    nn::GenerationService::Request r;
    r.prompt = p.prompt;
    r.params = p.params;
    r.onText = [channel, &s, name = m.name](const std::string &piece) {
        const auto now = std::chrono::steady_clock::now();
        {
            std::lock_guard lock(channel->mutex);
            if (!channel->firstSeen) {
                channel->firstSeen = true;
                s.metrics.observe("keel_time_to_first_token_seconds", {{"model", name}}, std::chrono::duration<double>(now - channel->arrived).count());
            } else {
                s.metrics.observe("keel_inter_token_latency_seconds", {{"model", name}}, std::chrono::duration<double>(now - channel->lastPiece).count());
            }
            channel->lastPiece = now;
            channel->pieces.push_back(piece);
        }
        channel->changed.notify_all();
        return !channel->cancelled.load();
    };
    r.onDone = [channel, &s, name = m.name](const nn::Generation &g) {
        {
            std::lock_guard lock(channel->mutex);
            channel->result = g;
            channel->done = true;
        }
        channel->changed.notify_all();
        s.metrics.add("keel_generated_tokens_total", {{"model", name}}, double(g.tokens.size()));
        s.metrics.add("keel_prompt_tokens_total", {{"model", name}}, double(g.promptTokens));
        s.metrics.set("keel_tokens_per_second", {{"model", name}}, g.tokensPerSecond);
        s.metrics.observe("keel_request_duration_seconds", {{"endpoint", "generation"}},
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - channel->arrived).count());
    };
    const auto requestId = loaded->service->submit(std::move(r));
    auto failIfError = [](const nn::Generation &g) {
        if (g.stopReason.rfind("error: ", 0) == 0)
            throwError(ErrorKind::BadInput, g.stopReason.substr(7));
    };

    if (!p.stream) {
        std::unique_lock lock(channel->mutex);
        const bool finished = channel->changed.wait_for(lock, std::chrono::seconds(s.options.requestTimeoutSeconds), [&] { return channel->done; });
        if (!finished) {
            loaded->service->cancel(requestId);
            channel->changed.wait(lock, [&] { return channel->done; });
            throwError(ErrorKind::Io, "the generation took longer than the request timeout (" + std::to_string(s.options.requestTimeoutSeconds) + " s)");
        }
        const nn::Generation g = channel->result;
        lock.unlock();
        admission->release();
        failIfError(g);
        Json choice;
        if (chat) {
            choice = {{"index", 0},
                      {"message", {{"role", "assistant"}, {"content", g.text}}},
                      {"logprobs", p.logprobs ? tokenLogprobs(model, g) : Json()},
                      {"finish_reason", finishReason(g.stopReason)}};
        } else {
            choice = {{"text", p.echo ? p.promptText + g.text : g.text},
                      {"index", 0},
                      {"logprobs", p.logprobs ? completionLogprobs(model, g) : Json()},
                      {"finish_reason", finishReason(g.stopReason)}};
        }
        res.set_content(dumpJson({{"id", id},
                                  {"object", chat ? "chat.completion" : "text_completion"},
                                  {"created", created},
                                  {"model", m.name},
                                  {"choices", Json::array({choice})},
                                  {"usage", usageOf(g)}}),
                        "application/json");
        return;
    }

    // Server-sent events: a chunk per piece of text as the batch produces it; a client that goes
    // away cancels its generation.
    res.set_header("Cache-Control", "no-cache");
    auto chunk = [=, name = m.name](const Json &choice) {
        return "data: " + dumpJson({{"id", id}, {"object", chat ? "chat.completion.chunk" : "text_completion"}, {"created", created}, {"model", name},
                                    {"choices", Json::array({choice})}}) + "\n\n";
    };
    auto started = std::make_shared<bool>(false);
    const std::string echoText = p.echo ? p.promptText : std::string();
    const bool includeUsage = p.includeUsage;
    auto service = loaded->service;
    res.set_chunked_content_provider(
        "text/event-stream",
        [=, &s, name = m.name](std::size_t, httplib::DataSink &sink) {
            auto write = [&](const std::string &text) {
                if (sink.write(text.data(), text.size()))
                    return true;
                channel->cancelled = true;
                service->cancel(requestId);
                return false;
            };
            if (!*started) {
                *started = true;
                if (chat && !write(chunk({{"index", 0}, {"delta", {{"role", "assistant"}, {"content", ""}}}, {"logprobs", Json()}, {"finish_reason", Json()}})))
                    return false;
                if (!chat && !echoText.empty() && !write(chunk({{"text", echoText}, {"index", 0}, {"logprobs", Json()}, {"finish_reason", Json()}})))
                    return false;
            }
            std::unique_lock lock(channel->mutex);
            channel->changed.wait_for(lock, std::chrono::seconds(1), [&] { return channel->done || !channel->pieces.empty(); });
            std::deque<std::string> pieces;
            pieces.swap(channel->pieces);
            const bool done = channel->done && channel->pieces.empty();
            const nn::Generation g = done ? channel->result : nn::Generation{};
            lock.unlock();
            std::string text;
            for (const std::string &piece : pieces)
                text += piece;
            if (!text.empty()) {
                const Json choice = chat ? Json{{"index", 0}, {"delta", {{"content", text}}}, {"logprobs", Json()}, {"finish_reason", Json()}}
                                         : Json{{"text", text}, {"index", 0}, {"logprobs", Json()}, {"finish_reason", Json()}};
                if (!write(chunk(choice)))
                    return false;
            }
            if (!sink.is_writable()) {
                channel->cancelled = true;
                service->cancel(requestId);
                return false;
            }
            if (!done)
                return true;
            admission->release();
            if (g.stopReason.rfind("error: ", 0) == 0) {
                write("data: " + dumpJson({{"error", {{"message", g.stopReason.substr(7)}, {"type", "invalid_request_error"}, {"param", Json()}, {"code", Json()}}}}) +
                      "\n\n");
            } else {
                const Json last = chat ? Json{{"index", 0}, {"delta", Json::object()}, {"logprobs", Json()}, {"finish_reason", finishReason(g.stopReason)}}
                                       : Json{{"text", ""}, {"index", 0}, {"logprobs", Json()}, {"finish_reason", finishReason(g.stopReason)}};
                if (!write(chunk(last)))
                    return false;
                if (includeUsage &&
                    !write("data: " + dumpJson({{"id", id}, {"object", chat ? "chat.completion.chunk" : "text_completion"}, {"created", created},
                                                {"model", name}, {"choices", Json::array()}, {"usage", usageOf(g)}}) + "\n\n"))
                    return false;
            }
            write("data: [DONE]\n\n");
            sink.done();
            return true;
        },
        [admission, channel, service, requestId](bool success) {
            if (!success) { // the connection ended early
                channel->cancelled = true;
                service->cancel(requestId);
            }
            // `admission` is released with this releaser: the request no longer counts.
        });
}

void embeddings(Server::State &s, const httplib::Request &req, httplib::Response &res)
{
    const Json body = parseBody(req.body);
    EncoderModel &e = findModel(s.encoders, stringField(body, "model"), "embedding model");
    const auto input = body.find("input");
    std::vector<std::string> texts;
    if (input != body.end() && input->is_string()) {
        texts.push_back(input->get<std::string>());
    } else if (input != body.end() && input->is_array() && !input->empty()) {
        for (const Json &t : *input) {
            if (!t.is_string())
                throwError(ErrorKind::BadInput, "'input' must be a string or a list of strings");
            texts.push_back(t.get<std::string>());
        }
    } else {
        throwError(ErrorKind::BadInput, "'input' must be a string or a non-empty list of strings");
    }
    const std::string format = stringField(body, "encoding_format").value_or("float");
    if (format != "float" && format != "base64")
        throwError(ErrorKind::BadInput, "'encoding_format' must be float or base64");
    std::size_t tokens = 0;
    for (const std::string &t : texts)
        tokens += e.encoder->tokenizer().encode(t, true, e.encoder->config().maxSequence).ids.size();
    std::vector<std::vector<float>> vectors;
    {
        std::lock_guard lock(e.run);
        vectors = e.encoder->embed(texts);
    }
    Json data = Json::array();
    for (std::size_t i = 0; i < vectors.size(); ++i) {
        Json item{{"object", "embedding"}, {"index", i}};
        if (format == "base64")
            item["embedding"] = base64Encode(std::string_view(reinterpret_cast<const char *>(vectors[i].data()), vectors[i].size() * sizeof(float)));
        else
            item["embedding"] = vectors[i];
        data.push_back(item);
    }
    res.set_content(dumpJson({{"object", "list"}, {"data", data}, {"model", e.name}, {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}}),
                    "application/json");
}

} // namespace

void installOpenAiRoutes(Server::State &s)
{
    httplib::Server &http = *s.http;
    http.Get("/v1/models", [&s](const httplib::Request &, httplib::Response &res) {
        Json data = Json::array();
        for (const auto &[name, m] : s.languageModels)
            data.push_back({{"id", name}, {"object", "model"}, {"created", unixSeconds()}, {"owned_by", "keel"}});
        for (const auto &[name, m] : s.encoders)
            data.push_back({{"id", name}, {"object", "model"}, {"created", unixSeconds()}, {"owned_by", "keel"}});
        res.set_content(Json{{"object", "list"}, {"data", data}}.dump(), "application/json");
    });
    http.Post("/v1/chat/completions", [&s](const httplib::Request &req, httplib::Response &res) { guarded(s, req, res, [&] { generate(s, req, res, true); }); });
    http.Post("/v1/completions", [&s](const httplib::Request &req, httplib::Response &res) { guarded(s, req, res, [&] { generate(s, req, res, false); }); });
    http.Post("/v1/embeddings", [&s](const httplib::Request &req, httplib::Response &res) { guarded(s, req, res, [&] { embeddings(s, req, res); }); });
}

} // namespace keel::serve
