#pragma once

// Multiple-choice questions scored by loglikelihood, with lm-evaluation-harness's definitions
// (its `multiple_choice` output type): each choice is the continuation target_delimiter + choice
// after the context, tokenised as lm-eval's _encode_pair does; the prediction is the choice with
// the highest sum of log probabilities (acc) or the highest per character of the choice (acc_norm);
// ties go to the first.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace keel::nn {
class BpeTokenizer;
class GenerationService;
} // namespace keel::nn

namespace keel::eval {

struct ChoiceQuestion {
    std::string context;               // the prompt (lm-eval: doc_to_text, after any few-shot examples)
    std::vector<std::string> choices;  // lm-eval: doc_to_choice
    std::size_t gold = 0;              // index of the right choice
};

struct ChoiceScores {
    std::vector<double> loglikelihoods; // per choice: sum of its continuation tokens' log probabilities
    std::vector<bool> greedy;           // per choice: every continuation token was the likeliest one
    std::size_t predicted = 0, predictedNorm = 0;
};

struct MultipleChoiceReport {
    std::vector<ChoiceScores> questions;
    double acc = 0, accStderr = 0, accNorm = 0, accNormStderr = 0; // means, and lm-eval's mean_stderr
};

struct MultipleChoiceOptions {
    std::string targetDelimiter = " ";
    std::size_t maxLength = 2048;      // longer inputs lose tokens at the left, as lm-eval's API models cut them
    std::function<bool(std::size_t done, std::size_t total)> progress; // false cancels (throws keel::Error)
};

// Context and continuation tokens as lm-eval's _encode_pair makes them: trailing spaces of the
// context move to the continuation; the whole text is encoded, and the continuation is what
// follows the context's own encoding. An empty context is the model's beginning-of-text token
// (end-of-text when it has none), as lm-eval's prefix_token_id.
std::pair<std::vector<std::int32_t>, std::vector<std::int32_t>> encodePair(const nn::BpeTokenizer &tokenizer, std::string context,
                                                                         std::string continuation);

// lm-eval's mean_stderr: the sample standard deviation (n − 1) over √n; 0 for fewer than 2 values.
double meanStderr(const std::vector<double> &values, double mean);

// Scores every choice of every question on `service`'s model; all of them join its batch at once.
MultipleChoiceReport scoreMultipleChoice(nn::GenerationService &service, const nn::BpeTokenizer &tokenizer,
                                         const std::vector<ChoiceQuestion> &questions, const MultipleChoiceOptions &options = {});

} // namespace keel::eval
