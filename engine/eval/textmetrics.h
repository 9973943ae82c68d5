#pragma once

// String metrics of the deterministic assertions, each with its reference package's definition
// (tests/data/make_eval_fixtures.py records those packages' answers):
//   levenshtein  rapidfuzz.distance.Levenshtein.distance: insertions, deletions and substitutions
//                of code points, each costing 1
//   rouge-n      rouge_score.rouge_scorer.RougeScorer(["rougeN"]) F-measure: text lower-cased,
//                everything but [a-z0-9] a separator, n-gram counts clipped
//   bleu         sacrebleu.sentence_bleu with its defaults (13a tokenisation, exp smoothing,
//                effective order), divided by 100

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keel::eval {

std::size_t levenshtein(std::string_view a, std::string_view b);

struct RougeScore {
    double precision = 0, recall = 0, fmeasure = 0;
};
// `target` is the reference, `prediction` the output (rouge_score's score(target, prediction)).
RougeScore rougeN(std::string_view target, std::string_view prediction, int n);
std::vector<std::string> rougeTokens(std::string_view text);

// In [0, 1].
double sentenceBleu(std::string_view hypothesis, const std::vector<std::string> &references);
std::vector<std::string> bleuTokens13a(std::string_view text);

// Cosine similarity of two vectors of the same size (0 when either is all zeros).
double cosineSimilarity(const std::vector<float> &a, const std::vector<float> &b);

} // namespace keel::eval
