#pragma once

#include <string>
#include <vector>

namespace keel::nn {

struct ChatMessage {
    std::string role;     // "system", "user", "assistant"
    std::string content;
};

// The prompt formats of the common chat models, rendered exactly as their Jinja templates render
// them (checked against jinja2 on the templates themselves).
enum class ChatFormat {
    ChatML,   // <|im_start|>role\ncontent<|im_end|>\n (SmolLM2, Qwen)
    Llama3,   // <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>
    Mistral,  // [INST] user [/INST] assistant</s>
    Zephyr,   // <|role|>\ncontent</s>\n
};
const char *toString(ChatFormat format);

// The format a model's chat template (GGUF tokenizer.chat_template, or tokenizer_config.json's)
// is written for; throws keel::Error when it is none of the known ones.
ChatFormat detectChatFormat(const std::string &jinjaTemplate);

struct ChatTemplate {
    ChatFormat format = ChatFormat::ChatML;
    std::string bos;                 // Llama 3 and Mistral start with the BOS text
    std::string eos = "</s>";        // Mistral and Zephyr end turns with it
    std::string defaultSystem;       // ChatML models that add a system turn when none is given (SmolLM2)
};

// Reads the details that vary between models of one format from the template itself (the default
// system prompt SmolLM2's template inserts).
ChatTemplate chatTemplateFrom(const std::string &jinjaTemplate, const std::string &bos = {}, const std::string &eos = "</s>");

// The prompt for `messages`; with `addGenerationPrompt`, the opening of the assistant's turn.
std::string renderChat(const ChatTemplate &chat, const std::vector<ChatMessage> &messages, bool addGenerationPrompt = true);

} // namespace keel::nn
