#include "rag/querygen.h"

#include "nn/chattemplate.h"
#include "nn/llamamodel.h"

#include <algorithm>

namespace keel::rag {

std::vector<GeneratedQuery> generateQueries(RagIndex &index, const nn::LlamaModel &model, std::size_t count,
                                            const std::function<void(std::size_t, std::size_t)> &progress)
{
    const std::size_t n = index.chunkCount();
    count = std::min(count, n);
    // Small models often answer instead of asking: what does not end in '?' is dropped, and up
    // to three chunks per wanted question are tried.
    const std::size_t attempts = std::min(n, count * 3);
    std::vector<GeneratedQuery> out;
    nn::SamplingParams params;
    params.temperature = 0;
    params.maxTokens = 48;
    params.stop = {"\n"};
    for (std::size_t i = 0; i < attempts && out.size() < count; ++i) {
        if (progress)
            progress(out.size(), count);
        // Every third of `attempts` evenly spaced chunks first (spread over the whole index),
        // then the ones between.
        const std::size_t j = std::min(attempts - 1, (i % count) * 3 + i / count);
        const auto id = std::int64_t(j * n / attempts);
        const RetrievedChunk chunk = index.chunk(id);
        std::string passage = chunk.text.substr(0, 1500);
        const std::string prompt = nn::renderChat(
            model.chatTemplate(),
            {{"system", "You write the questions people type into a search box."},
             {"user", "Write one short question that the following passage answers. Reply with the question only.\n\nPassage:\n" + passage}});
        const nn::Generation g = model.generate(model.tokenizer().encodePrompt(prompt).ids, params);
        std::string q = g.text;
        const auto first = q.find_first_not_of(" \t\r\n\"'");
        const auto last = q.find_last_not_of(" \t\r\n\"'");
        q = first == std::string::npos ? std::string() : q.substr(first, last - first + 1);
        if (q.size() < 8 || q.back() != '?')
            continue;
        out.push_back({q, id, chunk.source});
    }
    if (progress)
        progress(count, count);
    return out;
}

std::string queriesToJsonl(const std::vector<GeneratedQuery> &queries, const std::string &generatedBy)
{
    std::string s;
    for (const GeneratedQuery &q : queries)
        s += nlohmann::json{{"query", q.query}, {"relevant", {q.chunk}}, {"source", q.source}, {"generated_by", generatedBy}}.dump() + "\n";
    return s;
}

} // namespace keel::rag
