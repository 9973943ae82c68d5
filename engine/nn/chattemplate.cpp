#include "nn/chattemplate.h"

#include "core/error.h"

namespace keel::nn {
namespace {

std::string trimmed(const std::string &s)
{
    // Python's str.strip(): ASCII whitespace and the other Unicode spaces Jinja's trim removes
    // are rare in prompts; ASCII is what the templates meet.
    const auto begin = s.find_first_not_of(" \t\n\r\f\v");
    if (begin == std::string::npos)
        return {};
    const auto end = s.find_last_not_of(" \t\n\r\f\v");
    return s.substr(begin, end - begin + 1);
}

} // namespace

const char *toString(ChatFormat format)
{
    switch (format) {
    case ChatFormat::ChatML: return "chatml";
    case ChatFormat::Llama3: return "llama3";
    case ChatFormat::Mistral: return "mistral";
    case ChatFormat::Zephyr: return "zephyr";
    }
    return "chatml";
}

ChatFormat detectChatFormat(const std::string &t)
{
    if (t.find("<|im_start|>") != std::string::npos)
        return ChatFormat::ChatML;
    if (t.find("<|start_header_id|>") != std::string::npos)
        return ChatFormat::Llama3;
    if (t.find("[INST]") != std::string::npos)
        return ChatFormat::Mistral;
    if (t.find("<|user|>") != std::string::npos)
        return ChatFormat::Zephyr;
    throwError(ErrorKind::BadInput, "the model's chat template is none Keel knows (ChatML, Llama 3, Mistral, Zephyr)");
}

ChatTemplate chatTemplateFrom(const std::string &t, const std::string &bos, const std::string &eos)
{
    ChatTemplate chat;
    chat.format = detectChatFormat(t);
    chat.bos = bos;
    chat.eos = eos;
    if (chat.format == ChatFormat::ChatML) {
        // SmolLM2: {{ '<|im_start|>system\n<default><|im_end|>\n' }} when the first message is not a system one.
        // The newline is a Jinja escape ("\n") in some files and a real newline in others.
        for (const std::string open : {std::string("'<|im_start|>system\\n"), std::string("'<|im_start|>system\n")}) {
            const auto at = t.find(open);
            const auto end = at == std::string::npos ? std::string::npos : t.find("<|im_end|>", at);
            if (at != std::string::npos && end != std::string::npos && t.find("messages[0]['role'] != 'system'") != std::string::npos) {
                chat.defaultSystem = t.substr(at + open.size(), end - at - open.size());
                break;
            }
        }
    }
    return chat;
}

std::string renderChat(const ChatTemplate &chat, const std::vector<ChatMessage> &messages, bool addGenerationPrompt)
{
    std::string out;
    switch (chat.format) {
    case ChatFormat::ChatML:
        if (!chat.defaultSystem.empty() && (messages.empty() || messages.front().role != "system"))
            out += "<|im_start|>system\n" + chat.defaultSystem + "<|im_end|>\n";
        for (const auto &m : messages)
            out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
        if (addGenerationPrompt)
            out += "<|im_start|>assistant\n";
        return out;
    case ChatFormat::Llama3:
        out += chat.bos;
        for (const auto &m : messages) // the template trims each message (Jinja's trim: whitespace at both ends)
            out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + trimmed(m.content) + "<|eot_id|>";
        if (addGenerationPrompt)
            out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
        return out;
    case ChatFormat::Mistral: {
        // A system message is folded into the first user turn, as Mistral's template does.
        out += chat.bos;
        std::string system;
        for (std::size_t i = 0; i < messages.size(); ++i) {
            const auto &m = messages[i];
            if (m.role == "system") {
                system = m.content + "\n\n";
            } else if (m.role == "user") {
                out += "[INST] " + system + m.content + " [/INST]";
                system.clear();
            } else {
                out += m.content + chat.eos;
            }
        }
        return out;
    }
    case ChatFormat::Zephyr:
        for (const auto &m : messages)
            out += "<|" + m.role + "|>\n" + m.content + chat.eos + "\n";
        if (addGenerationPrompt)
            out += "<|assistant|>\n";
        return out;
    }
    return out;
}

} // namespace keel::nn
