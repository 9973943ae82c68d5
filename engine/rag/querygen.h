#pragma once

#include "rag/ragindex.h"

#include <functional>
#include <string>
#include <vector>

namespace keel::nn {
class LlamaModel;
}

namespace keel::rag {

// A question written for one chunk, that chunk its relevant answer.
struct GeneratedQuery {
    std::string query;
    std::int64_t chunk = -1;
    std::string source;
};

// Samples `count` chunks spread evenly over the index and has a local chat model write one
// question each passage answers (greedy, one line), as RAG evaluation sets are bootstrapped
// when nobody has labelled queries. Answers that are not a question (no final '?') are left
// out and another chunk is tried, up to three per wanted question. `progress` gets (done,
// total) and may throw to cancel.
std::vector<GeneratedQuery> generateQueries(RagIndex &index, const nn::LlamaModel &model, std::size_t count,
                                            const std::function<void(std::size_t, std::size_t)> &progress = {});

// As `keel rag bench --queries` reads them: {"query", "relevant": [chunk id], "source"}.
std::string queriesToJsonl(const std::vector<GeneratedQuery> &queries, const std::string &generatedBy);

} // namespace keel::rag
