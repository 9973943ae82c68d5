#pragma once

// Eval suites: the common subset of promptfoo's configuration format, read as promptfoo writes
// it, so an existing promptfooconfig.yaml runs:
//
//   description: capitals
//   prompts:                          # text with {{variables}}, file://prompt.txt, a JSON list
//     - "Answer in one word: what is the capital of {{country}}?"    # of chat messages, or
//   providers:                        # {id, label, raw}
//     - id: keel:SmolLM2-135M-Instruct  # a local model (any name `keel models` finds, or a path)
//       config: {temperature: 0, max_tokens: 32}
//     - id: openai:chat:gpt-4o-mini     # an OpenAI-compatible endpoint
//       config: {apiBaseUrl: http://127.0.0.1:8080/v1, apiKeyEnvar: OPENAI_API_KEY}
//   defaultTest:                      # merged into every test
//     assert: [{type: not-contains, value: "As an AI"}]
//     options: {provider: keel:SmolLM2-135M-Instruct}   # the judge of model-graded assertions
//   tests:                            # a list, or file://cases.csv / .jsonl / .yaml
//     - description: France
//       vars: {country: France}
//       assert:
//         - {type: icontains, value: Paris, weight: 2}
//         - {type: llm-rubric, value: names a city, threshold: 0.5}
//
// Keel's additions: `keel:` providers, and `retrieve: {index: NAME, k: 4, mode: hybrid, query: "{{question}}"}`
// in a test or defaultTest, which fills the `context` variable from a RAG index of the workspace.
// A key Keel does not support is named with its line in `warnings` (it is not silently dropped).

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::eval {

struct Assertion {
    std::string type;              // without "not-"
    bool negate = false;
    nlohmann::json value;          // string, list, object, number, or null
    std::optional<double> threshold;
    double weight = 1.0;
    std::string metric;            // promptfoo's named metric (optional)
    std::string provider;          // the judge for this assertion (model-graded ones)
    std::string where;             // "suite.yaml:14:9"
    std::string fullType() const { return (negate ? "not-" : "") + type; }
};

struct PromptSpec {
    std::string id;                // what results are keyed by: the label, else the text
    std::string label;
    std::string text;              // template text; for chat, a JSON list of {role, content}
    bool chat = false;
    bool raw = false;              // sent as written, without the model's chat template
};

struct ProviderSpec {
    std::string id;                // "keel:MODEL", "openai:chat:MODEL", "openai:MODEL"...
    std::string label;             // what results show (the id when unset)
    nlohmann::json config = nlohmann::json::object();
    std::string where;
    std::string name() const { return label.empty() ? id : label; }
};

struct RetrieveSpec {
    std::string index;             // a RAG index of the workspace ("docs" or "docs@2")
    std::size_t k = 4;
    std::string mode = "vector";   // vector, keyword, hybrid
    std::string query;             // template; empty: the variable named query or question
    // Guardrails on what was retrieved: "pii" redacts personal data, "prompt-injection" drops chunks that carry it.
    std::vector<std::string> guards;
};

struct EvalCase {
    std::size_t index = 0;         // 0-based, in the order the suite lists them
    std::string description;
    std::map<std::string, std::string> vars;
    std::vector<Assertion> asserts;
    nlohmann::json metadata = nlohmann::json::object();
    std::optional<double> threshold; // the weighted score needed to pass, instead of every assertion passing
    std::optional<RetrieveSpec> retrieve;
    std::string providerFilter;      // promptfoo's `provider`/`providers`: run only on these (empty: all)
    std::string where;               // "suite.yaml:12:5", "cases.csv:4"
    std::string error;               // set when the case cannot run as written (the run reports it as the case's error)
};

struct EvalSuite {
    std::filesystem::path file;
    std::string description;
    std::vector<PromptSpec> prompts;
    std::vector<ProviderSpec> providers;
    std::vector<EvalCase> cases;
    std::string grader;              // defaultTest.options.provider: the default judge
    std::vector<std::string> warnings; // "suite.yaml:3:1: 'scenarios' is not supported by Keel and is ignored"
};

// Throws keel::Error (BadInput) naming the file, line and column for YAML that does not parse,
// a missing `prompts` or `providers`, a field of the wrong kind, or a test file that cannot be
// read. Unknown assertion types and the like are kept on the case (EvalCase::error) so the
// rest of the run goes on.
EvalSuite readSuite(const std::filesystem::path &file);
// Whether a provider or the default judge is a local model (keel:...): such a run computes on
// Keel's threads and is priced per core.
bool runsLocalModels(const EvalSuite &suite);
// The same from text; relative file:// paths resolve against `baseDir`.
EvalSuite parseSuite(const std::string &yaml, const std::filesystem::path &file, const std::filesystem::path &baseDir);

// Nunjucks-style {{ name }} substitution (with promptfoo's `| dump` for JSON text); throws
// keel::Error (BadInput) naming the variable when one is missing, or the construct when the
// template uses control flow ({% ... %}) Keel does not run.
std::string renderTemplate(const std::string &text, const std::map<std::string, std::string> &vars);

// The assertion types Keel runs (without not- forms).
const std::vector<std::string> &assertionTypes();
bool isModelGraded(const std::string &type);

} // namespace keel::eval
