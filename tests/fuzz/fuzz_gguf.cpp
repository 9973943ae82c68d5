// GGUF: header, metadata of every value type, tensor infos, alignment, data bounds; then what a
// model load reads from it: every tensor's values (when small), typed metadata, the BPE
// tokenizer from tokenizer.ggml.* with an encode/decode round, and the chat template's format.
#include "fuzzinput.h"

#include "core/error.h"
#include "nn/chattemplate.h"
#include "nn/gguf.h"
#include "nn/tokenizer.h"

#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto path = keel::fuzz::writeInput(data, size, ".gguf");
    try {
        const keel::nn::GgufFile file(path);
        for (const auto &[key, value] : file.metadata()) {
            (void)file.find(key);
            (void)file.integerOr(key);
            (void)file.realOr(key);
        }
        for (const auto &tensor : file.tensors()) {
            (void)file.data(tensor);
            if (tensor.elements <= (1u << 16)) {
                try {
                    (void)file.dequantize(tensor);
                } catch (const keel::Error &) {
                }
            }
        }
        try {
            const auto tokenizer = keel::nn::BpeTokenizer::fromGguf(file);
            const auto encoded = tokenizer.encode("Hello world! 123 <|im_start|> naïve 日本語 🙂");
            (void)tokenizer.decode(encoded.ids);
            keel::nn::StreamingDetokenizer detok(tokenizer);
            for (std::int32_t id : encoded.ids)
                (void)detok.push(id);
            (void)detok.finish();
        } catch (const keel::Error &) {
        }
        if (file.find("tokenizer.chat_template")) {
            try {
                const auto chat = keel::nn::chatTemplateFrom(file.getString("tokenizer.chat_template"), "<s>", "</s>");
                (void)keel::nn::renderChat(chat, {{"system", "Be brief."}, {"user", "Hi"}, {"assistant", "Hello"}, {"user", "Bye"}});
            } catch (const keel::Error &) {
            }
        }
    } catch (const keel::Error &) {
    }
    return 0;
}
