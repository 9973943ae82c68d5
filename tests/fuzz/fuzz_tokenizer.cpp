// A WordPiece tokenizer from tokenizer.json (the JSON, the model's vocab, normalizer and
// added-token fields) and from vocab.txt, then an encode/decode round of mixed text.
#include "fuzzinput.h"

#include "core/error.h"
#include "nn/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto path = keel::fuzz::writeInput(data, size, ".json");
    const char *text = "Hello, world! Naïve café — 日本語 [SEP] don't 🙂 x\t y";
    for (int kind = 0; kind < 2; ++kind) {
        try {
            const auto tokenizer = kind == 0 ? keel::nn::WordPieceTokenizer::fromTokenizerJson(path)
                                             : keel::nn::WordPieceTokenizer::fromVocabTxt(path);
            const auto encoded = tokenizer.encode(text);
            (void)tokenizer.decode(encoded.ids);
            (void)tokenizer.encode(text, true, 8);
        } catch (const keel::Error &) {
        }
    }
    return 0;
}
