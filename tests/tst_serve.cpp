// keel serve as its clients see it, over real HTTP on 127.0.0.1: KServe v2 predictions equal the
// bundle's own, the alias is followed live (a move during a stream of requests fails none),
// the inference log feeds drift; OpenAI's chat and completions, streamed and not, with greedy
// answers equal to a request run alone even when 16 clients share the batch; 429 past the
// queue; every kind of bad input a 4xx in the protocol's shape, the server serving on.
#include "testsupport.h"

#include "core/error.h"
#include "data/table.h"
#include "drift/driftanalysis.h"
#include "drift/inferencelogsource.h"
#include "nn/llamamodel.h"
#include "pipeline/bundle.h"
#include "pipeline/executor.h"
#include "pipeline/noderegistry.h"
#include "registry/modelregistry.h"
#include "serve/server.h"
#include "store/database.h"
#include "store/workspace.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>

using namespace keel;
using Json = nlohmann::ordered_json;

namespace {

const std::filesystem::path kData = std::filesystem::path(KEEL_TEST_DATA) / "pipeline";
const std::filesystem::path kTinyLlama = std::filesystem::path(KEEL_TEST_DATA) / "nn" / "tiny_llama.gguf";

pipeline::Node node(const std::string &id, const std::string &type, nlohmann::ordered_json params = nlohmann::ordered_json::object())
{
    pipeline::Node n;
    n.id = id;
    n.type = type;
    n.params = std::move(params);
    return n;
}

pipeline::Link wire(const std::string &from, const std::string &to)
{
    const auto a = from.find('.'), b = to.find('.');
    return {from.substr(0, a), from.substr(a + 1), to.substr(0, b), to.substr(b + 1), {}};
}

// Trains a logistic regression on the breast-cancer fixture with inverse regularisation C and
// registers it as "cancer" (a new version each time C differs).
void registerCancerModel(store::Workspace &ws, double C)
{
    pipeline::Graph g;
    g.name = "serve-fixture";
    g.nodes = {node("train_data", "load-dataset", {{"path", "breast_cancer_train.csv"}}),
               node("features", "feature-transform", {{"target", "diagnosis"}, {"scale", "standard"}}),
               node("fit", "train", {{"target", "diagnosis"}, {"C", C}}), node("register", "register-model", {{"name", "cancer"}})};
    g.links = {wire("train_data.dataset", "features.dataset"), wire("train_data.dataset", "fit.train"), wire("features.transform", "fit.transform"),
               wire("fit.model", "register.model")};
    pipeline::RunOptions options;
    options.workspace = &ws;
    options.baseDir = kData;
    const auto r = pipeline::runPipeline(g, pipeline::NodeRegistry::builtin(), options);
    if (!r.succeeded)
        throw std::runtime_error("fixture pipeline failed: " + r.failedNode + ": " + r.nodes.at(r.failedNode).message);
}

// The test rows as a KServe v2 request: one tensor per column.
Json inferRequest(const data::Table &table, std::size_t rows)
{
    Json inputs = Json::array();
    for (const data::Column &c : table.columns) {
        if (c.name == "diagnosis")
            continue;
        Json data = Json::array();
        std::vector<Json> cells(rows);
        for (std::size_t i = 0; i < c.present(); ++i)
            if (c.row(i) < rows)
                cells[c.row(i)] = c.type == data::ColumnType::Numerical ? Json(c.numbers[i]) : Json(c.text(i));
        for (const Json &cell : cells)
            data.push_back(cell);
        inputs.push_back({{"name", c.name}, {"shape", {rows}}, {"datatype", c.type == data::ColumnType::Numerical ? "FP64" : "BYTES"}, {"data", data}});
    }
    return {{"inputs", inputs}};
}

Json parse(const httplib::Result &r)
{
    return r ? Json::parse(r->body) : Json();
}

// Server-sent events: the data of every "data:" line, until [DONE].
std::vector<Json> events(const std::string &body, bool *sawDone = nullptr)
{
    std::vector<Json> out;
    std::size_t at = 0;
    while ((at = body.find("data: ", at)) != std::string::npos) {
        const auto end = body.find("\n\n", at);
        const std::string data = body.substr(at + 6, end - at - 6);
        at = end;
        if (data == "[DONE]") {
            if (sawDone)
                *sawDone = true;
            break;
        }
        out.push_back(Json::parse(data));
    }
    return out;
}

std::string streamedText(const std::vector<Json> &chunks, bool chat)
{
    std::string text;
    for (const Json &c : chunks)
        if (!c["choices"].empty())
            text += chat ? c["choices"][0]["delta"].value("content", "") : c["choices"][0].value("text", "");
    return text;
}

} // namespace

class TestServe : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void kserveFollowsTheAliasAndLogsForDrift()
    {
        const auto dir = test::freshPath(m_tmp.path(), "kserve-ws");
        {
            auto ws = store::Workspace::create(dir);
            registerCancerModel(*ws, 1.0);
            registerCancerModel(*ws, 0.01);
            registry::ModelRegistry(ws->db(), ws->artifacts()).setAlias("cancer", "champion", 1);
        }
        serve::ServeOptions options;
        options.port = 0;
        options.workspace = dir;
        serve::Server server(options);
        server.add("registry:cancer@champion");
        server.start();
        httplib::Client client("127.0.0.1", server.port());

        QCOMPARE(parse(client.Get("/v2/health/ready"))["ready"], true);
        const Json meta = parse(client.Get("/v2/models/cancer"));
        QCOMPARE(meta["versions"], Json::array({"1"}));
        QCOMPARE(meta["inputs"].size(), std::size_t(31)); // 30 measurements and the clinic

        // Predictions equal the bundle's own, offline.
        const data::Table test = data::readTable(kData / "breast_cancer_test.csv");
        const std::size_t rows = 40;
        const std::string body = inferRequest(test, rows).dump();
        auto r = client.Post("/v2/models/cancer/infer", body, "application/json");
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const Json answer = Json::parse(r->body);
        QCOMPARE(answer["model_version"], "1");
        QCOMPARE(r->get_header_value("X-Keel-Model-Version"), std::string("1"));
        auto ws = store::Workspace::open(dir);
        registry::ModelRegistry reg(ws->db(), ws->artifacts());
        const pipeline::Bundle v1 = pipeline::Bundle::load(reg.exportArtifact("cancer", 1, test::freshPath(m_tmp.path(), "v1")));
        std::vector<std::uint32_t> first(rows);
        for (std::uint32_t i = 0; i < rows; ++i)
            first[i] = i;
        const pipeline::Prediction offline = v1.predict(data::takeRows(test, first));
        QCOMPARE(answer["outputs"][0]["data"].get<std::vector<std::string>>(), offline.labels);
        const auto proba = answer["outputs"][1]["data"].get<std::vector<double>>();
        QCOMPARE(proba.size(), offline.probabilities.size());
        for (std::size_t i = 0; i < proba.size(); ++i)
            QCOMPARE(proba[i], offline.probabilities[i]); // the same function, the same numbers

        // The alias moves while a client keeps asking: no request fails, the version switches
        // within a second and never goes back.
        std::atomic<bool> stop{false};
        std::atomic<int> failures{0}, wentBack{0};
        std::vector<int> seen;
        std::thread asker([&] {
            httplib::Client c("127.0.0.1", server.port());
            int last = 0;
            while (!stop) {
                auto res = c.Post("/v2/models/cancer/infer", body, "application/json");
                if (!res || res->status != 200) {
                    ++failures;
                    continue;
                }
                const int v = std::stoi(Json::parse(res->body)["model_version"].get<std::string>());
                if (v < last)
                    ++wentBack;
                last = v;
                seen.push_back(v);
            }
        });
        QTest::qWait(300);
        reg.setAlias("cancer", "champion", 2, "test", "a better model");
        QElapsedTimer moved;
        moved.start();
        bool switched = false;
        while (moved.elapsed() < 1000 && !switched)
            switched = parse(client.Post("/v2/models/cancer/infer", body, "application/json"))["model_version"] == "2";
        QTest::qWait(200);
        stop = true;
        asker.join();
        QVERIFY2(switched, "the server still answered with version 1 a second after the alias moved");
        QCOMPARE(failures.load(), 0);
        QCOMPARE(wentBack.load(), 0);
        QVERIFY(!seen.empty() && seen.front() == 1 && seen.back() == 2);
        // Rollback is the same flip the other way.
        reg.rollback("cancer", "champion", "test", "back");
        QTest::qWait(250);
        QCOMPARE(parse(client.Post("/v2/models/cancer/infer", body, "application/json"))["model_version"], "1");

        // Pinned versions, output selection, and bad input as KServe errors.
        QCOMPARE(parse(client.Post("/v2/models/cancer/versions/2/infer", body, "application/json"))["model_version"], "2");
        Json only = inferRequest(test, 3);
        only["outputs"] = Json::array({{{"name", "predict_proba"}}});
        const Json probaOnly = parse(client.Post("/v2/models/cancer/infer", only.dump(), "application/json"));
        QCOMPARE(probaOnly["outputs"].size(), std::size_t(1));
        QCOMPARE(probaOnly["outputs"][0]["shape"], Json::array({3, 2}));
        Json missing = inferRequest(test, 3);
        missing["inputs"].erase(0);
        auto bad = client.Post("/v2/models/cancer/infer", missing.dump(), "application/json");
        QCOMPARE(bad->status, 400);
        QVERIFY2(parse(bad)["error"].get<std::string>().find("no column \"mean_radius\"") != std::string::npos, bad->body.c_str());
        QCOMPARE(client.Post("/v2/models/nothing/infer", body, "application/json")->status, 404);
        QCOMPARE(client.Post("/v2/models/cancer/versions/9/infer", body, "application/json")->status, 404);
        QCOMPARE(client.Post("/v2/models/cancer/infer", "{\"inputs\": [{\"name\": 1}]}", "application/json")->status, 400);

        // Every predicted row is in the inference log, which drift takes as current data.
        server.stop();
        auto count = ws->db().prepare("SELECT count(*), count(DISTINCT version) FROM inference_log WHERE model = 'cancer'");
        QVERIFY(count.step());
        QVERIFY(count.int64(0) >= std::int64_t(rows * 3));
        QCOMPARE(count.int64(1), std::int64_t(2));
        const data::Table logged = drift::readInferenceLog(ws->db(), "cancer", 100);
        QCOMPARE(logged.rows, std::size_t(100));
        QVERIFY(logged.column("mean_radius") && logged.column("prediction") && logged.column("model_version"));
        drift::DriftRequest request;
        request.reference = kData / "breast_cancer_train.csv";
        request.current = "serve-log:cancer";
        request.workspace = dir;
        request.options.exclude = {"diagnosis"}; // the log's own columns are not in the reference: left out
        const drift::DriftAnalysis analysis =
            drift::analyseDrift(request, data::readTable(request.reference), drift::readInferenceLog(ws->db(), "cancer", 2000));
        QCOMPARE(analysis.report.columns.size(), std::size_t(31));
    }

    void openAiChatAndCompletions()
    {
        serve::ServeOptions options;
        options.port = 0;
        options.maxQueue = 64;
        serve::Server server(options);
        server.add(kTinyLlama.string(), "tiny");
        server.start();
        httplib::Client client("127.0.0.1", server.port());

        const Json models = parse(client.Get("/v1/models"));
        QCOMPARE(models["data"][0]["id"], "tiny");

        // Greedy, not streamed: the same text as the model generating alone.
        const auto model = nn::LlamaModel::load(kTinyLlama);
        nn::SamplingParams greedy;
        greedy.maxTokens = 12;
        greedy.logprobs = true; // compared with the API's below
        const std::string prompt = nn::renderChat(model->chatTemplate(), {{"user", "Hello world"}});
        const nn::Generation alone = model->generate(model->tokenizer().encodePrompt(prompt).ids, greedy);
        const Json chat{{"model", "tiny"}, {"messages", {{{"role", "user"}, {"content", "Hello world"}}}}, {"max_tokens", 12}, {"temperature", 0}};
        auto r = client.Post("/v1/chat/completions", chat.dump(), "application/json");
        QCOMPARE(r->status, 200);
        const Json answer = Json::parse(r->body);
        QCOMPARE(answer["object"], "chat.completion");
        QCOMPARE(answer["choices"][0]["message"]["content"].get<std::string>(), alone.text);
        QCOMPARE(answer["choices"][0]["finish_reason"], alone.stopReason == "length" ? "length" : "stop");
        QCOMPARE(answer["usage"]["prompt_tokens"].get<std::size_t>(), alone.promptTokens);
        QCOMPARE(answer["usage"]["completion_tokens"].get<std::size_t>(), alone.tokens.size());

        // Streamed: chunks that add up to the same text, the usage last, then [DONE].
        Json streamed = chat;
        streamed["stream"] = true;
        streamed["stream_options"] = {{"include_usage", true}};
        r = client.Post("/v1/chat/completions", streamed.dump(), "application/json");
        QCOMPARE(r->status, 200);
        QVERIFY(r->get_header_value("Content-Type").find("text/event-stream") == 0);
        bool done = false;
        const auto chunks = events(r->body, &done);
        QVERIFY(done);
        QCOMPARE(streamedText(chunks, true), alone.text);
        QCOMPARE(chunks.front()["choices"][0]["delta"]["role"], "assistant");
        QCOMPARE(chunks.back()["usage"]["completion_tokens"].get<std::size_t>(), alone.tokens.size());

        // Logprobs of the chosen tokens, as the model computed them.
        Json withLogprobs = chat;
        withLogprobs["logprobs"] = true;
        const Json lp = parse(client.Post("/v1/chat/completions", withLogprobs.dump(), "application/json"));
        QCOMPARE(lp["choices"][0]["logprobs"]["content"].size(), alone.tokens.size());
        QVERIFY(std::abs(lp["choices"][0]["logprobs"]["content"][0]["logprob"].get<double>() - alone.logprobs[0]) < 1e-6);
        // ...and the likeliest alternatives: greedy, the chosen token is the first of them.
        withLogprobs["top_logprobs"] = 3;
        const Json top = parse(client.Post("/v1/chat/completions", withLogprobs.dump(), "application/json"));
        for (const Json &t : top["choices"][0]["logprobs"]["content"]) {
            QCOMPARE(t["top_logprobs"].size(), std::size_t(3));
            QCOMPARE(t["top_logprobs"][0]["token"], t["token"]);
            QCOMPARE(t["top_logprobs"][0]["logprob"], t["logprob"]);
            double mass = 0;
            for (std::size_t k = 0; k < 3; ++k) {
                if (k > 0)
                    QVERIFY(t["top_logprobs"][k]["logprob"].get<double>() <= t["top_logprobs"][k - 1]["logprob"].get<double>());
                mass += std::exp(t["top_logprobs"][k]["logprob"].get<double>());
            }
            QVERIFY(mass <= 1.0 + 1e-6);
        }
        // Streamed, the same logprobs arrive with the chunks of their tokens.
        Json streamedLogprobs = withLogprobs;
        streamedLogprobs["stream"] = true;
        Json pieces = Json::array();
        for (const Json &c : events(client.Post("/v1/chat/completions", streamedLogprobs.dump(), "application/json")->body))
            if (!c["choices"].empty() && c["choices"][0]["logprobs"].is_object())
                for (const Json &t : c["choices"][0]["logprobs"]["content"])
                    pieces.push_back(t);
        QCOMPARE(pieces, top["choices"][0]["logprobs"]["content"]);
        // The completions API's shape: tokens, token_logprobs, top_logprobs, text_offset.
        const Json cl = parse(client.Post("/v1/completions", Json{{"model", "tiny"}, {"prompt", "Hello"}, {"max_tokens", 5}, {"temperature", 0}, {"logprobs", 2}}.dump(),
                                          "application/json"));
        const Json &clp = cl["choices"][0]["logprobs"];
        QCOMPARE(clp["tokens"].size(), cl["usage"]["completion_tokens"].get<std::size_t>());
        QCOMPARE(clp["token_logprobs"].size(), clp["tokens"].size());
        QCOMPARE(clp["top_logprobs"][0].size(), std::size_t(2));
        QCOMPARE(clp["text_offset"][0], 0);
        Json tokensStreamed = Json::array(), offsetsStreamed = Json::array();
        for (const Json &c : events(client.Post("/v1/completions", Json{{"model", "tiny"}, {"prompt", "Hello"}, {"max_tokens", 5}, {"temperature", 0}, {"logprobs", 2}, {"stream", true}}.dump(),
                                                "application/json")->body))
            if (c["choices"][0]["logprobs"].is_object())
                for (std::size_t k = 0; k < c["choices"][0]["logprobs"]["tokens"].size(); ++k) {
                    tokensStreamed.push_back(c["choices"][0]["logprobs"]["tokens"][k]);
                    offsetsStreamed.push_back(c["choices"][0]["logprobs"]["text_offset"][k]);
                }
        QCOMPARE(tokensStreamed, clp["tokens"]);
        QCOMPARE(offsetsStreamed, clp["text_offset"]);

        // Completions, with echo.
        const Json completion{{"model", "tiny"}, {"prompt", "Hello"}, {"max_tokens", 6}, {"temperature", 0}, {"echo", true}};
        const Json c = parse(client.Post("/v1/completions", completion.dump(), "application/json"));
        QCOMPARE(c["object"], "text_completion");
        const nn::Generation plain = model->generate(model->tokenizer().encodePrompt("Hello").ids, [] {
            nn::SamplingParams p;
            p.maxTokens = 6;
            return p;
        }());
        QCOMPARE(c["choices"][0]["text"].get<std::string>(), "Hello" + plain.text);

        // response_format: json_object and json_schema answers parse and match, streamed or not.
        const Json schema{{"type", "object"},
                          {"properties", {{"answer", {{"type", "string"}, {"maxLength", 8}}}, {"sure", {{"type", "boolean"}}}}},
                          {"required", {"answer", "sure"}},
                          {"additionalProperties", false}};
        for (const bool stream : {false, true})
            for (const Json &format : {Json{{"type", "json_object"}}, Json{{"type", "json_schema"}, {"json_schema", {{"name", "reply"}, {"strict", true}, {"schema", schema}}}}}) {
                Json q = chat;
                q["max_tokens"] = 200;
                q["temperature"] = 0.9;
                q["seed"] = 3;
                q["response_format"] = format;
                q["stream"] = stream;
                auto res = client.Post("/v1/chat/completions", q.dump(), "application/json");
                QCOMPARE(res->status, 200);
                const std::string text = stream ? streamedText(events(res->body), true) : Json::parse(res->body)["choices"][0]["message"]["content"].get<std::string>();
                Json doc;
                try {
                    doc = Json::parse(text);
                } catch (const Json::exception &) {
                    QFAIL(text.c_str());
                }
                QVERIFY2(doc.is_object(), text.c_str());
                if (format["type"] == "json_schema") {
                    QVERIFY2(doc.size() == 2 && doc["answer"].is_string() && doc["sure"].is_boolean(), text.c_str());
                    QVERIFY(doc["answer"].get<std::string>().size() <= 8 * 4);
                }
            }

        // 64 clients streaming at once, 8 requests each, share the batch: each greedy answer
        // equals the one its prompt gets alone; none lost, duplicated or mixed up.
        const std::vector<std::string> words{"Hello", "world", "the", "Hello the world", "ll", "or", "he", "Hello world the"};
        std::vector<std::string> solo(words.size());
        for (std::size_t i = 0; i < words.size(); ++i) {
            Json q{{"model", "tiny"}, {"messages", {{{"role", "user"}, {"content", words[i]}}}}, {"max_tokens", 16}, {"temperature", 0}};
            solo[i] = parse(client.Post("/v1/chat/completions", q.dump(), "application/json"))["choices"][0]["message"]["content"];
        }
        constexpr int kClients = 64, kEach = 8;
        std::vector<std::vector<std::string>> got(kClients, std::vector<std::string>(kEach));
        std::vector<std::vector<std::string>> ids(kClients, std::vector<std::string>(kEach));
        std::vector<std::thread> clients;
        for (int k = 0; k < kClients; ++k)
            clients.emplace_back([&, k] {
                httplib::Client mine("127.0.0.1", server.port());
                for (int j = 0; j < kEach; ++j) {
                    Json q{{"model", "tiny"}, {"messages", {{{"role", "user"}, {"content", words[(k + j) % words.size()]}}}}, {"max_tokens", 16},
                           {"temperature", 0}, {"stream", true}};
                    auto res = mine.Post("/v1/chat/completions", q.dump(), "application/json");
                    if (!res || res->status != 200)
                        got[k][j] = res ? "HTTP " + std::to_string(res->status) + " " + res->body : "no answer: " + httplib::to_string(res.error());
                    if (res && res->status == 200) {
                        const auto chunks = events(res->body);
                        got[k][j] = streamedText(chunks, true);
                        std::set<std::string> one;
                        for (const Json &c : chunks)
                            one.insert(c["id"].get<std::string>());
                        ids[k][j] = one.size() == 1 ? *one.begin() : std::string("mixed");
                    }
                }
            });
        for (auto &t : clients)
            t.join();
        std::set<std::string> distinct;
        for (int k = 0; k < kClients; ++k)
            for (int j = 0; j < kEach; ++j) {
                QVERIFY2(got[k][j] == solo[(k + j) % words.size()],
                         qPrintable(QStringLiteral("client %1 request %2: \"%3\", alone \"%4\"").arg(k).arg(j).arg(QString::fromStdString(got[k][j]),
                                                                                                               QString::fromStdString(solo[(k + j) % words.size()]))));
                QVERIFY(ids[k][j] != "mixed" && !ids[k][j].empty());
                distinct.insert(ids[k][j]);
            }
        QCOMPARE(distinct.size(), std::size_t(kClients * kEach)); // every response its own

        const std::string metrics = client.Get("/metrics")->body;
        for (const char *name : {"keel_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}", "keel_time_to_first_token_seconds_bucket",
                                 "keel_inter_token_latency_seconds_count", "keel_generated_tokens_total{model=\"tiny\"}", "keel_model_loaded{model=\"tiny\"} 1",
                                 "keel_queue_depth", "# TYPE keel_time_to_first_token_seconds histogram",
                                 "keel_kv_cache_positions{model=\"tiny\",state=\"budget\"} 65536", "keel_kv_cache_usage_ratio{model=\"tiny\"}"})
            QVERIFY2(metrics.find(name) != std::string::npos, name);
    }

    // Serving's cost: charged at its price per hour while a model is held, per 1,000 requests
    // answered, and nothing once the idle model has left memory (scale to zero).
    void costWhileHeldAndNothingWhenScaledToZero()
    {
        serve::ServeOptions options;
        options.port = 0;
        options.idleUnloadSeconds = 2;
        options.costPerHour = 36.0; // a cent a second, so a few seconds show
        serve::Server server(options);
        server.add(kTinyLlama.string(), "tiny");
        server.start();
        httplib::Client client("127.0.0.1", server.port());
        QCOMPARE(server.metrics().value("keel_cost_per_hour_usd"), 36.0);
        const Json chat{{"model", "tiny"}, {"messages", {{{"role", "user"}, {"content", "Hello"}}}}, {"max_tokens", 4}, {"temperature", 0}};
        for (int i = 0; i < 4; ++i)
            QCOMPARE(client.Post("/v1/chat/completions", chat.dump(), "application/json")->status, 200);
        QCOMPARE(client.Post("/v1/chat/completions", R"({"model": "nope", "messages": []})", "application/json")->status, 404); // not answered
        // Per 1,000 answered: the four 200s only, at the cost charged so far (within a tick of a cent).
        auto perThousandFollows = [&] {
            const double per1k = server.metrics().value("keel_cost_per_1k_requests_usd"), total = server.metrics().value("keel_cost_usd_total");
            return per1k > 0 && std::abs(per1k * 4 / 1000 - total) <= 0.011;
        };
        QTRY_VERIFY_WITH_TIMEOUT(perThousandFollows(), 5000);
        const double total = server.metrics().value("keel_cost_usd_total");
        QVERIFY(total > 0);
        const std::string text = client.Get("/metrics")->body;
        for (const char *name : {"# TYPE keel_cost_usd_total counter", "# TYPE keel_cost_per_hour_usd gauge", "keel_cost_per_hour_usd 36",
                                 "# TYPE keel_cost_per_1k_requests_usd gauge"})
            QVERIFY2(text.find(name) != std::string::npos, name);
        // Idle for the timeout: unloaded, then it costs nothing more.
        QTRY_COMPARE_WITH_TIMEOUT(server.metrics().value("keel_model_loaded", {{"model", "tiny"}}), 0.0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(server.metrics().value("keel_cost_per_hour_usd"), 0.0, 3000);
        const double parked = server.metrics().value("keel_cost_usd_total");
        QVERIFY(parked >= total);
        QVERIFY(parked < 36.0 / 3600 * 30); // a few seconds held, not the time since
        QTest::qWait(1500);
        QCOMPARE(server.metrics().value("keel_cost_usd_total"), parked);
        server.stop();
    }

    // The completions API scoring a prompt (lm-evaluation-harness's loglikelihood requests): echo
    // with logprobs gives every prompt token's log probability after the ones before it, the
    // model's own loglikelihood; prompts as token ids from /tokenize, several in one request.
    void echoScoresThePromptAndTokenizerEndpoints()
    {
        serve::ServeOptions options;
        options.port = 0;
        serve::Server server(options);
        server.add(kTinyLlama.string(), "tiny");
        server.start();
        httplib::Client client("127.0.0.1", server.port());
        const auto model = nn::LlamaModel::load(kTinyLlama);

        const Json info = parse(client.Get("/tokenizer_info"));
        QCOMPARE(info["eos_token"].get<std::string>(), model->tokenizer().tokenBytes(model->tokenizer().eos()));
        QCOMPARE(info["model_max_length"], 256);
        const Json tokens = parse(client.Post("/tokenize", Json{{"prompt", "Hello the world"}, {"add_special_tokens", false}}.dump(), "application/json"));
        const std::vector<std::int32_t> ids = tokens["tokens"].get<std::vector<std::int32_t>>();
        QCOMPARE(ids, model->tokenizer().encode("Hello the world", false).ids);
        QCOMPARE(tokens["count"].get<std::size_t>(), ids.size());
        QCOMPARE(parse(client.Post("/detokenize", Json{{"tokens", ids}}.dump(), "application/json"))["prompt"], "Hello the world");

        // Context "Hello" then continuation " the world": the sum of the continuation's log
        // probabilities equals LlamaModel::loglikelihood.
        const std::vector<std::int32_t> context = model->tokenizer().encode("Hello", false).ids;
        const std::vector<std::int32_t> whole = model->tokenizer().encode("Hello the world", false).ids;
        const std::vector<std::int32_t> continuation(whole.begin() + std::ptrdiff_t(context.size()), whole.end());
        const double want = model->loglikelihood(context, continuation);
        const std::vector<std::int32_t> other = model->tokenizer().encode("world the", false).ids;
        const Json scored = parse(client.Post("/v1/completions",
                                              Json{{"prompt", {whole, other}}, {"max_tokens", 1}, {"logprobs", 1}, {"echo", true}, {"temperature", 0}}.dump(),
                                              "application/json"));
        QCOMPARE(scored["choices"].size(), std::size_t(2));
        const Json &lp = scored["choices"][0]["logprobs"];
        QCOMPARE(lp["tokens"].size(), whole.size() + 1); // the prompt, then the one generated token
        QVERIFY(lp["token_logprobs"][0].is_null() && lp["top_logprobs"][0].is_null());
        double sum = 0;
        for (std::size_t i = context.size(); i < whole.size(); ++i) {
            sum += lp["token_logprobs"][i].get<double>();
            QCOMPARE(lp["top_logprobs"][i].size(), std::size_t(1));
        }
        QVERIFY2(std::abs(sum - want) < 1e-4, qPrintable(QStringLiteral("%1 against %2").arg(sum).arg(want)));
        QCOMPARE(scored["choices"][0]["text"].get<std::string>().rfind("Hello the world", 0), std::size_t(0));
        QCOMPARE(scored["choices"][1]["index"], 1);
        QCOMPARE(scored["choices"][1]["logprobs"]["tokens"].size(), other.size() + 1);
        QCOMPARE(scored["usage"]["prompt_tokens"].get<std::size_t>(), whole.size() + other.size());
        // max_tokens 0 with echo scores the prompt alone.
        const Json only = parse(client.Post("/v1/completions", Json{{"prompt", whole}, {"max_tokens", 0}, {"logprobs", 0}, {"echo", true}}.dump(), "application/json"));
        QCOMPARE(only["choices"][0]["logprobs"]["tokens"].size(), whole.size());
        QCOMPARE(only["choices"][0]["text"], "Hello the world");
        QCOMPARE(only["usage"]["completion_tokens"], 0);
        QVERIFY(std::abs(only["choices"][0]["logprobs"]["token_logprobs"][1].get<double>() - lp["token_logprobs"][1].get<double>()) < 1e-5);

        auto expect = [&](const httplib::Result &r, int status, const std::string &text) {
            QVERIFY(r);
            QCOMPARE(r->status, status);
            QVERIFY2(r->body.find(text) != std::string::npos, r->body.c_str());
        };
        expect(client.Post("/v1/completions", Json{{"prompt", {1, 2, 100000}}}.dump(), "application/json"), 400, "outside the vocabulary");
        expect(client.Post("/v1/completions", Json{{"prompt", {{1, 2}, Json::array()}}}.dump(), "application/json"), 400, "'prompt[1]' has no tokens");
        expect(client.Post("/v1/completions", Json{{"prompt", {1.5}}}.dump(), "application/json"), 400, "whole numbers");
        expect(client.Post("/v1/completions", Json{{"prompt", {"a", "b"}}, {"stream", true}}.dump(), "application/json"), 400, "one prompt");
        expect(client.Post("/detokenize", Json{{"tokens", {-1}}}.dump(), "application/json"), 400, "not a token id");
        expect(client.Post("/tokenize", Json{{"model", "nope"}, {"prompt", "x"}}.dump(), "application/json"), 404, "does not exist");
    }

    void overloadGets429AndNothingElseBreaks()
    {
        serve::ServeOptions options;
        options.port = 0;
        options.maxQueue = 2;
        serve::Server server(options);
        server.add(kTinyLlama.string(), "tiny");
        server.start();
        std::atomic<int> ok{0}, limited{0}, other{0};
        std::vector<std::thread> clients;
        for (int k = 0; k < 8; ++k)
            clients.emplace_back([&] {
                httplib::Client mine("127.0.0.1", server.port());
                const Json q{{"model", "tiny"}, {"prompt", "Hello"}, {"max_tokens", 200}, {"temperature", 0}};
                auto res = mine.Post("/v1/completions", q.dump(), "application/json");
                if (res && res->status == 200)
                    ++ok;
                else if (res && res->status == 429 && res->get_header_value("Retry-After") == "1" &&
                         Json::parse(res->body)["error"]["type"] == "rate_limit_error")
                    ++limited;
                else
                    ++other;
            });
        for (auto &t : clients)
            t.join();
        QCOMPARE(other.load(), 0);
        QVERIFY(ok >= 2);
        QVERIFY2(limited > 0, "eight requests at once on a queue of two were all admitted");
        httplib::Client after("127.0.0.1", server.port());
        QCOMPARE(after.Post("/v1/completions", Json{{"prompt", "Hello"}, {"max_tokens", 2}}.dump(), "application/json")->status, 200);
    }

    void badInputGets4xxAndTheServerServesOn()
    {
        serve::ServeOptions options;
        options.port = 0;
        options.maxBodyBytes = 1 << 20;
        options.apiKey = "sekret";
        options.requestTimeoutSeconds = 2; // a half-sent request is dropped after this
        serve::Server server(options);
        server.add(kTinyLlama.string(), "tiny");
        server.start();
        httplib::Client client("127.0.0.1", server.port());
        const httplib::Headers auth{{"Authorization", "Bearer sekret"}};
        auto post = [&](const std::string &path, const std::string &body) { return client.Post(path.c_str(), auth, body, "application/json"); };
        auto expect = [&](const httplib::Result &r, int status, const char *words) {
            QVERIFY(r);
            QVERIFY2(r->status == status, qPrintable(QString::number(r->status) + QLatin1Char(' ') + QString::fromStdString(r->body)));
            const Json e = Json::parse(r->body);
            QVERIFY2(e["error"]["message"].get<std::string>().find(words) != std::string::npos, r->body.c_str());
        };
        // No key, a wrong key; health checks need none.
        expect(client.Post("/v1/completions", "{}", "application/json"), 401, "no API key");
        expect(client.Post("/v1/completions", {{"Authorization", "Bearer nope"}}, "{}", "application/json"), 401, "not the server's");
        QCOMPARE(client.Get("/health")->status, 200);
        expect(post("/v1/completions", "{\"prompt\": \"Hel"), 400, "not JSON");
        expect(post("/v1/completions", "[1, 2]"), 400, "JSON object");
        expect(post("/v1/completions", Json{{"prompt", "x"}, {"temperature", "hot"}}.dump()), 400, "'temperature' must be a number");
        expect(post("/v1/completions", Json{{"prompt", "x"}, {"max_tokens", 0}}.dump()), 400, "'max_tokens' must be at least 1");
        expect(post("/v1/completions", Json{{"prompt", "x"}, {"max_tokens", -5}}.dump()), 400, "'max_tokens' must be at least 1");
        expect(post("/v1/completions", Json{{"prompt", 7}}.dump()), 400, "'prompt' must be a string");
        expect(post("/v1/completions", Json{{"prompt", "x"}, {"max_tokens", -1}, {"echo", true}}.dump()), 400, "'max_tokens' must be at least 0");
        expect(post("/v1/chat/completions", Json{{"messages", "hi"}}.dump()), 400, "'messages' must be a non-empty list");
        expect(post("/v1/chat/completions", Json{{"messages", {{{"role", "wizard"}, {"content", "x"}}}}}.dump()), 400, "is not system, user or assistant");
        expect(post("/v1/completions", Json{{"model", "gpt-4"}, {"prompt", "x"}}.dump()), 404, "does not exist");
        std::string longPrompt;
        for (int i = 0; i < 400; ++i)
            longPrompt += "Hello ";
        expect(post("/v1/completions", Json{{"prompt", longPrompt}}.dump()), 400, "maximum context length is 256 tokens");
        expect(post("/v1/completions", Json{{"prompt", "Hello"}, {"max_tokens", 100000}}.dump()), 400, "maximum context length");
        expect(post("/v1/chat/completions", Json{{"messages", {{{"role", "user"}, {"content", "x"}}}}, {"response_format", {{"type", "xml"}}}}.dump()), 400,
               "type \"xml\" is unknown");
        expect(post("/v1/chat/completions",
                    Json{{"messages", {{{"role", "user"}, {"content", "x"}}}},
                         {"response_format", {{"type", "json_schema"}, {"json_schema", {{"name", "n"}, {"schema", {{"type", "string"}, {"pattern", "a+"}}}}}}}}
                        .dump()),
               400, "response_format.json_schema.schema: 'pattern' is not supported");
        expect(post("/v1/chat/completions", Json{{"messages", {{{"role", "user"}, {"content", "x"}}}}, {"response_format", {{"type", "json_schema"}}}}.dump()),
               400, "'response_format.json_schema' must be an object");
        expect(post("/v1/embeddings", Json{{"input", "x"}}.dump()), 400, "0 embedding models");
        expect(post("/v1/chat/completions", Json{{"messages", {{{"role", "user"}, {"content", "x"}}}}, {"top_logprobs", 2}}.dump()), 400,
               "'top_logprobs' needs 'logprobs': true");
        expect(post("/v1/completions", Json{{"prompt", "x"}, {"logprobs", 9}}.dump()), 400, "'logprobs' must be between 0 and 5");
        expect(post("/v1/completions", Json{{"prompt", "x"}, {"logprobs", 1}, {"echo", true}, {"stream", true}}.dump()), 400, "are not streamed");
        expect(post("/v1/nothing", "{}"), 404, "no route");
        // A body past the limit: 413, the rest of the body never read.
        const std::string huge(2 << 20, 'x');
        expect(post("/v1/completions", "{\"prompt\": \"" + huge + "\"}"), 413, "larger than the server takes");

        // A client that vanishes mid-stream: its generation is cancelled, the server goes on.
        {
            httplib::Client leaving("127.0.0.1", server.port());
            leaving.set_read_timeout(0, 300000);
            int chunks = 0;
            httplib::Request req;
            req.method = "POST";
            req.path = "/v1/completions";
            req.headers = auth;
            req.body = Json{{"prompt", "Hello"}, {"max_tokens", 200}, {"temperature", 0}, {"stream", true}}.dump();
            req.set_header("Content-Type", "application/json");
            req.content_receiver = [&](const char *, size_t, uint64_t, uint64_t) { return ++chunks < 3; }; // hangs up after two
            leaving.send(req);
            QVERIFY(chunks >= 3);
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.metrics().value("keel_running_batch_size"), 0.0, 5000);
        auto fine = post("/v1/completions", Json{{"prompt", "Hello"}, {"max_tokens", 3}}.dump());
        QCOMPARE(fine->status, 200);

        // Half-sent requests: one that stops mid-body and stays open, one that hangs up
        // mid-body. Neither holds up anyone else; both are dropped.
        auto halfSend = [&](bool hangUp) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_port = htons(std::uint16_t(server.port()));
            addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
                return -1;
            const std::string head = "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sekret\r\n"
                                     "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"prompt\": \"Hel";
            (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
            if (hangUp) {
                ::close(fd);
                return -1;
            }
            return fd;
        };
        const int stalled = halfSend(false);
        halfSend(true);
        QElapsedTimer meanwhile;
        meanwhile.start();
        QCOMPARE(post("/v1/completions", Json{{"prompt", "Hello"}, {"max_tokens", 3}}.dump())->status, 200);
        QVERIFY(meanwhile.elapsed() < 1500); // not behind the stalled one
        // The stalled connection is dropped at the read timeout, without an answer to it.
        char buffer[256];
        timeval wait{5, 0};
        ::setsockopt(stalled, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        QElapsedTimer dropped;
        dropped.start();
        const ssize_t got = ::recv(stalled, buffer, sizeof buffer, 0);
        QVERIFY2(got <= 0 || std::string(buffer, std::size_t(got)).find(" 400 ") != std::string::npos, buffer);
        QVERIFY(dropped.elapsed() < 4500);
        ::close(stalled);
        QCOMPARE(post("/v1/completions", Json{{"prompt", "Hello"}, {"max_tokens", 3}}.dump())->status, 200);

        // Beyond this machine only with a key.
        serve::ServeOptions open;
        open.host = "0.0.0.0";
        open.port = 0;
        serve::Server exposed(open);
        bool refused = false;
        try {
            exposed.start();
        } catch (const keel::Error &e) {
            refused = std::string(e.what()).find("needs an API key") != std::string::npos;
        }
        QVERIFY(refused);
    }

    void stopDrainsRequestsInFlight()
    {
        serve::ServeOptions options;
        options.port = 0;
        serve::Server server(options);
        server.add(kTinyLlama.string(), "tiny");
        server.start();
        std::string text;
        int status = 0;
        std::thread client([&] {
            httplib::Client c("127.0.0.1", server.port());
            auto r = c.Post("/v1/completions", Json{{"prompt", "Hello"}, {"max_tokens", 120}, {"temperature", 0}, {"stream", true}}.dump(), "application/json");
            if (r) {
                status = r->status;
                text = streamedText(events(r->body), false);
            }
        });
        QTest::qWait(150); // the stream is under way
        server.stop(); // returns once the stream has finished
        client.join();
        QCOMPARE(status, 200);
        QVERIFY(!text.empty());
        QVERIFY(!server.running());
    }
};

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"
