#pragma once

// Reading requests into what the routes act on, apart from models and sockets (so a fuzzer can
// run it alone). Everything throws keel::Error (BadInput) naming the field that is wrong.

#include "nn/chattemplate.h"
#include "nn/grammar.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel::serve {

using Json = nlohmann::ordered_json;

// The body as a JSON object.
Json parseBody(const std::string &body);

std::optional<double> numberField(const Json &body, const char *name, double low, double high);
std::optional<std::int64_t> integerField(const Json &body, const char *name, std::int64_t low, std::int64_t high);
std::optional<bool> boolField(const Json &body, const char *name);
std::optional<std::string> stringField(const Json &body, const char *name);

// An OpenAI chat or completions request, before the model reads it.
struct GenerationRequest {
    std::optional<std::string> model;
    std::vector<nn::ChatMessage> messages; // chat
    // Completions: each prompt as text or as token ids (a list of ints); a list of prompts gets
    // one choice each.
    struct Prompt {
        std::string text;
        std::vector<std::int64_t> ids;
        bool tokenized = false;
    };
    std::vector<Prompt> prompts;
    std::optional<std::int64_t> maxTokens; // max_completion_tokens or max_tokens: >= 1 (0 with echo) when given
    double temperature = 1.0, topP = 1.0;  // OpenAI's defaults
    std::optional<std::uint64_t> seed;
    std::vector<std::string> stop;
    bool stream = false, includeUsage = false, logprobs = false, echo = false;
    std::size_t topLogprobs = 0; // chat: top_logprobs; completions: logprobs N
    // response_format json_object or json_schema: the grammar the answer is decoded under.
    std::shared_ptr<const nn::Grammar> grammar;
};
GenerationRequest parseGenerationRequest(const Json &body, bool chat);

// A KServe v2 inference request's rows: one JSON object per row, keyed by the model's input
// columns. Each input tensor is a column ([N] or [N, 1]), or a single [N, D] tensor holds the
// D `columns` in order.
std::vector<Json> kserveRows(const Json &body, const std::vector<std::string> &columns);

} // namespace keel::serve
