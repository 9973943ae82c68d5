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
    nn::Generation partial; // the tokens so far, with their logprobs (streamed logprobs)
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
    struct Prompt {
        std::vector<std::int32_t> ids;
        std::string text;
    };
    std::vector<Prompt> prompts; // chat: one
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
    const nn::BpeTokenizer &tokenizer = model.tokenizer();
    if (chat) {
        const std::string text = nn::renderChat(model.chatTemplate(), g.messages);
        p.prompts.push_back({tokenizer.encodePrompt(text).ids, text});
    }
    const auto vocab = std::int64_t(model.config().vocab);
    for (std::size_t i = 0; i < g.prompts.size(); ++i) {
        const GenerationRequest::Prompt &given = g.prompts[i];
        if (!given.tokenized) {
            p.prompts.push_back({tokenizer.encodePrompt(given.text).ids, given.text});
            continue;
        }
        Parsed::Prompt prompt;
        for (const std::int64_t id : given.ids) {
            if (id < 0 || id >= vocab)
                throwError(ErrorKind::BadInput, "'prompt" + (g.prompts.size() > 1 ? "[" + std::to_string(i) + "]" : std::string()) + "': token id " +
                                                    std::to_string(id) + " is outside the vocabulary (0 to " + std::to_string(vocab - 1) + ")");
            prompt.ids.push_back(std::int32_t(id));
        }
        prompt.text = tokenizer.decode(prompt.ids);
        p.prompts.push_back(std::move(prompt));
    }
    const std::size_t context = model.config().context;
    std::size_t longest = 0;
    for (const Parsed::Prompt &prompt : p.prompts)
        longest = std::max(longest, prompt.ids.size());
    if (longest >= context && !(p.echo && g.maxTokens == 0 && longest == context))
        throwError(ErrorKind::BadInput, "This model's maximum context length is " + std::to_string(context) + " tokens. However, your prompt has " +
                                            std::to_string(longest) + " tokens");
    const std::size_t room = context - longest;
    if (g.maxTokens && std::size_t(*g.maxTokens) > room)
        throwError(ErrorKind::BadInput, "This model's maximum context length is " + std::to_string(context) + " tokens. However, you requested " +
                                            std::to_string(longest + std::size_t(*g.maxTokens)) + " tokens (" + std::to_string(longest) +
                                            " in the prompt, " + std::to_string(*g.maxTokens) + " for the completion)");
    p.params.maxTokens = g.maxTokens ? std::size_t(*g.maxTokens) : (chat ? room : std::min<std::size_t>(16, room)); // OpenAI's defaults
    p.params.temperature = g.temperature;
    p.params.topP = g.topP;
    if (g.seed)
        p.params.seed = *g.seed;
    p.params.stop = g.stop;
    p.params.topLogprobs = g.topLogprobs;
    p.params.logprobs = g.logprobs;
    p.params.grammar = g.grammar;
    return p;
}

const char *finishReason(const std::string &stop)
{
    return stop == "length" ? "length" : "stop";
}

Json usageOf(std::size_t promptTokens, std::size_t completionTokens)
{
    return {{"prompt_tokens", promptTokens}, {"completion_tokens", completionTokens}, {"total_tokens", promptTokens + completionTokens}};
}

Json usageOf(const nn::Generation &g)
{
    return usageOf(g.promptTokens, g.tokens.size());
}

Json tokenEntry(const nn::LlamaModel &model, std::int32_t id, float logprob)
{
    const std::string piece = model.tokenizer().tokenBytes(id);
    Json bytes = Json::array();
    for (unsigned char c : piece)
        bytes.push_back(int(c));
    return {{"token", piece}, {"logprob", logprob}, {"bytes", bytes}};
}

// Chat's logprobs: each chosen token with its log probability and the likeliest alternatives
// (tokens `from` to `to` of the generation: a streamed chunk's).
Json tokenLogprobs(const nn::LlamaModel &model, const nn::Generation &g, std::size_t from = 0, std::size_t to = std::size_t(-1))
{
    Json content = Json::array();
    for (std::size_t i = from; i < to && i < g.tokens.size() && i < g.logprobs.size(); ++i) {
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
// each token's offset in the text; with echo the prompt's tokens first (the very first has no
// log probability: null, as OpenAI and vLLM give it). A streamed chunk's: generated tokens
// `from` to `to`, their offsets counted on from `offset`.
Json completionLogprobs(const nn::LlamaModel &model, const nn::Generation &g, const std::vector<std::int32_t> *echoed, std::size_t from = 0,
                        std::size_t to = std::size_t(-1), std::size_t *offsetSoFar = nullptr)
{
    Json tokens = Json::array(), chosen = Json::array(), top = Json::array(), offsets = Json::array();
    std::size_t offset = offsetSoFar ? *offsetSoFar : 0;
    const nn::BpeTokenizer &tokenizer = model.tokenizer();
    auto add = [&](std::int32_t id, const Json &logprob, const std::vector<std::pair<std::int32_t, float>> *likeliest) {
        const std::string piece = tokenizer.tokenBytes(id);
        tokens.push_back(piece);
        chosen.push_back(logprob);
        if (likeliest) {
            Json alternatives = Json::object();
            for (const auto &[other, lp] : *likeliest)
                alternatives[tokenizer.tokenBytes(other)] = lp;
            top.push_back(alternatives);
        } else {
            top.push_back(Json());
        }
        offsets.push_back(offset);
        offset += piece.size();
    };
    static const std::vector<std::pair<std::int32_t, float>> none;
    if (echoed) {
        for (std::size_t i = 0; i < echoed->size(); ++i) {
            if (i == 0) {
                add((*echoed)[0], Json(), nullptr);
                continue;
            }
            const bool scored = i - 1 < g.promptLogprobs.size();
            add((*echoed)[i], scored ? Json(g.promptLogprobs[i - 1]) : Json(),
                i - 1 < g.promptTopLogprobs.size() ? &g.promptTopLogprobs[i - 1] : (scored ? &none : nullptr));
        }
    }
    for (std::size_t i = from; i < to && i < g.tokens.size() && i < g.logprobs.size(); ++i)
        add(g.tokens[i], g.logprobs[i], i < g.topLogprobs.size() ? &g.topLogprobs[i] : &none);
    if (offsetSoFar)
        *offsetSoFar = offset;
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
    const std::string id = newId(chat ? "chatcmpl-" : "cmpl-");
    const std::int64_t created = unixSeconds();

    // One request to the batch per prompt; they run together with everyone else's.
    std::vector<std::shared_ptr<Channel>> channels;
    std::vector<nn::GenerationService::RequestId> requestIds;
    for (const Parsed::Prompt &prompt : p.prompts) {
        auto channel = std::make_shared<Channel>();
        nn::GenerationService::Request r;
        r.prompt = prompt.ids;
        r.params = p.params;
        r.promptLogprobs = p.echo && p.logprobs;
        if (p.stream && p.logprobs)
            r.onToken = [channel](std::int32_t token, float logprob, const std::vector<std::pair<std::int32_t, float>> &top) {
                std::lock_guard lock(channel->mutex);
                channel->partial.tokens.push_back(token);
                channel->partial.logprobs.push_back(logprob);
                channel->partial.topLogprobs.push_back(top);
            };
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
        requestIds.push_back(loaded->service->submit(std::move(r)));
        channels.push_back(std::move(channel));
    }
    auto failIfError = [](const nn::Generation &g) {
        if (g.stopReason.rfind("error: ", 0) == 0)
            throwError(ErrorKind::BadInput, g.stopReason.substr(7));
    };

    if (!p.stream) {
        std::vector<nn::Generation> results;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(s.options.requestTimeoutSeconds);
        bool timedOut = false;
        for (std::size_t i = 0; i < channels.size(); ++i) {
            Channel &channel = *channels[i];
            std::unique_lock lock(channel.mutex);
            if (!timedOut && !channel.changed.wait_until(lock, deadline, [&] { return channel.done; }))
                timedOut = true;
            if (timedOut && !channel.done) {
                loaded->service->cancel(requestIds[i]);
                channel.changed.wait(lock, [&] { return channel.done; });
            }
            results.push_back(channel.result);
        }
        admission->release();
        if (timedOut)
            throwError(ErrorKind::Io, "the generation took longer than the request timeout (" + std::to_string(s.options.requestTimeoutSeconds) + " s)");
        Json choices = Json::array();
        std::size_t promptTokens = 0, completionTokens = 0;
        for (std::size_t i = 0; i < results.size(); ++i) {
            const nn::Generation &g = results[i];
            failIfError(g);
            promptTokens += g.promptTokens;
            completionTokens += g.tokens.size();
            if (chat) {
                choices.push_back({{"index", i},
                                   {"message", {{"role", "assistant"}, {"content", g.text}}},
                                   {"logprobs", p.logprobs ? tokenLogprobs(model, g) : Json()},
                                   {"finish_reason", finishReason(g.stopReason)}});
            } else {
                choices.push_back({{"text", p.echo ? p.prompts[i].text + g.text : g.text},
                                   {"index", i},
                                   {"logprobs", p.logprobs ? completionLogprobs(model, g, p.echo ? &p.prompts[i].ids : nullptr) : Json()},
                                   {"finish_reason", finishReason(g.stopReason)}});
            }
        }
        res.set_content(dumpJson({{"id", id},
                                  {"object", chat ? "chat.completion" : "text_completion"},
                                  {"created", created},
                                  {"model", m.name},
                                  {"choices", choices},
                                  {"usage", usageOf(promptTokens, completionTokens)}}),
                        "application/json");
        return;
    }
    const auto channel = channels.front();
    const auto requestId = requestIds.front();

    // Server-sent events: a chunk per piece of text as the batch produces it; a client that goes
    // away cancels its generation.
    res.set_header("Cache-Control", "no-cache");
    auto chunk = [=, name = m.name](const Json &choice) {
        return "data: " + dumpJson({{"id", id}, {"object", chat ? "chat.completion.chunk" : "text_completion"}, {"created", created}, {"model", name},
                                    {"choices", Json::array({choice})}}) + "\n\n";
    };
    auto started = std::make_shared<bool>(false);
    auto sentTokens = std::make_shared<std::size_t>(0), sentOffset = std::make_shared<std::size_t>(0);
    const bool logprobs = p.logprobs;
    const auto lockedModel = loaded->model;
    const std::string echoText = p.echo ? p.prompts.front().text : std::string();
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
            // The logprobs of the tokens since the last chunk.
            Json chunkLogprobs;
            if (logprobs && channel->partial.tokens.size() > *sentTokens) {
                const std::size_t to = channel->partial.tokens.size();
                chunkLogprobs = chat ? tokenLogprobs(*lockedModel, channel->partial, *sentTokens, to)
                                     : completionLogprobs(*lockedModel, channel->partial, nullptr, *sentTokens, to, sentOffset.get());
                *sentTokens = to;
            }
            lock.unlock();
            std::string text;
            for (const std::string &piece : pieces)
                text += piece;
            if (!text.empty() || !chunkLogprobs.is_null()) {
                const Json choice = chat ? Json{{"index", 0}, {"delta", {{"content", text}}}, {"logprobs", chunkLogprobs}, {"finish_reason", Json()}}
                                         : Json{{"text", text}, {"index", 0}, {"logprobs", chunkLogprobs}, {"finish_reason", Json()}};
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

// vLLM's tokenizer endpoints, which lm-evaluation-harness's remote tokenizer uses: /tokenize,
// /detokenize and /tokenizer_info, on a language model named by 'model' (in the body, or the
// query for GET) or the only one served.
void tokenize(Server::State &s, const httplib::Request &req, httplib::Response &res)
{
    const Json body = parseBody(req.body);
    LanguageModel &m = findModel(s.languageModels, stringField(body, "model"), "language model");
    const auto loaded = s.acquire(m);
    const nn::LlamaModel &model = *loaded->model;
    const bool special = boolField(body, "add_special_tokens").value_or(true);
    std::vector<std::int32_t> ids;
    if (body.contains("messages")) {
        Json chat = body;
        chat.erase("model");
        const GenerationRequest g = parseGenerationRequest(chat, true);
        ids = model.tokenizer().encodePrompt(nn::renderChat(model.chatTemplate(), g.messages, boolField(body, "add_generation_prompt").value_or(true))).ids;
    } else {
        const auto text = stringField(body, "prompt");
        if (!text)
            throwError(ErrorKind::BadInput, "'prompt' (a string) or 'messages' is required");
        ids = special ? model.tokenizer().encodePrompt(*text).ids : model.tokenizer().encode(*text, false).ids;
    }
    Json tokenStrings = Json();
    if (boolField(body, "return_token_strs").value_or(false)) {
        tokenStrings = Json::array();
        for (std::int32_t id : ids)
            tokenStrings.push_back(model.tokenizer().tokenBytes(id));
    }
    res.set_content(dumpJson({{"count", ids.size()}, {"max_model_len", model.config().context}, {"tokens", ids}, {"token_strs", tokenStrings}}),
                    "application/json");
}

void detokenize(Server::State &s, const httplib::Request &req, httplib::Response &res)
{
    const Json body = parseBody(req.body);
    LanguageModel &m = findModel(s.languageModels, stringField(body, "model"), "language model");
    const auto loaded = s.acquire(m);
    const nn::LlamaModel &model = *loaded->model;
    const auto tokens = body.find("tokens");
    if (tokens == body.end() || !tokens->is_array())
        throwError(ErrorKind::BadInput, "'tokens' must be a list of token ids");
    const auto vocab = std::int64_t(model.config().vocab);
    std::vector<std::int32_t> ids;
    for (const Json &t : *tokens) {
        if (!t.is_number_integer() || t.get<std::int64_t>() < 0 || t.get<std::int64_t>() >= vocab)
            throwError(ErrorKind::BadInput, "'tokens': " + t.dump() + " is not a token id of this model (0 to " + std::to_string(vocab - 1) + ")");
        ids.push_back(std::int32_t(t.get<std::int64_t>()));
    }
    res.set_content(dumpJson({{"prompt", model.tokenizer().decode(ids)}}), "application/json");
}

void tokenizerInfo(Server::State &s, const httplib::Request &req, httplib::Response &res)
{
    std::optional<std::string> name;
    if (req.has_param("model"))
        name = req.get_param_value("model");
    LanguageModel &m = findModel(s.languageModels, name, "language model");
    const auto loaded = s.acquire(m);
    const nn::BpeTokenizer &t = loaded->model->tokenizer();
    auto tokenText = [&](std::int32_t id) { return id >= 0 ? Json(t.tokenBytes(id)) : Json(); };
    res.set_content(dumpJson({{"tokenizer_class", t.sentencePiece() ? "SentencePieceBPE" : "ByteLevelBPE"},
                              {"bos_token", tokenText(t.bos())},
                              {"eos_token", tokenText(t.eos())},
                              {"pad_token", Json()},
                              {"add_bos_token", t.addsBos()},
                              {"model_max_length", loaded->model->config().context},
                              {"vocab_size", t.vocabularySize()}}),
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
    http.Post("/tokenize", [&s](const httplib::Request &req, httplib::Response &res) { guarded(s, req, res, [&] { tokenize(s, req, res); }); });
    http.Post("/detokenize", [&s](const httplib::Request &req, httplib::Response &res) { guarded(s, req, res, [&] { detokenize(s, req, res); }); });
    http.Get("/tokenizer_info", [&s](const httplib::Request &req, httplib::Response &res) { guarded(s, req, res, [&] { tokenizerInfo(s, req, res); }); });
}

} // namespace keel::serve
