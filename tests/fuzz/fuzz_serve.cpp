// keel serve's request handling before a model sees it: the body as JSON, an OpenAI chat or
// completions request (a response_format's JSON Schema compiled to a grammar, and the body's own
// bytes run through that grammar's matcher), a KServe v2 inference request's tensors as rows, and
// those rows read as a table the way a bundle's columns are. Rejections (keel::Error) are the expected answer to
// bad input; a crash, a sanitizer report or a hang is a finding.
#include "core/error.h"
#include "data/table.h"
#include "serve/requestparsing.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string body(reinterpret_cast<const char *>(data), size);
    keel::serve::Json json;
    try {
        json = keel::serve::parseBody(body);
    } catch (const keel::Error &) {
        return 0;
    }
    for (bool chat : {true, false}) {
        try {
            const auto request = keel::serve::parseGenerationRequest(json, chat);
            if (request.grammar) {
                keel::nn::GrammarMatcher matcher(request.grammar);
                for (std::size_t i = 0; i < body.size() && matcher.accept(std::string_view(body).substr(i, 1)); ++i)
                    (void)matcher.complete();
            }
        } catch (const keel::Error &) {
        }
    }
    try {
        const auto rows = keel::serve::kserveRows(json, {"age", "plan", "score"});
        (void)keel::data::tableFromJsonRows(rows, "fuzz", {{"age", keel::data::ColumnType::Numerical}, {"plan", keel::data::ColumnType::Categorical}});
    } catch (const keel::Error &) {
    }
    return 0;
}
