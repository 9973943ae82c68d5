#include "core/error.h"
#include "nn/tokenizer.h"
#include "nn/unicode.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace keel::nn {
namespace {

bool isChineseChar(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

bool isBertWhitespace(char32_t c)
{
    return c == '\t' || c == '\n' || c == '\r' || unicode::isWhitespace(c);
}

bool isBertControl(char32_t c)
{
    return c != '\t' && c != '\n' && c != '\r' && unicode::isOther(c);
}

bool isBertPunctuation(char32_t c)
{
    const bool asciiPunct = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
    return asciiPunct || unicode::isPunctuation(c);
}

} // namespace

void AddedTokens::add(const std::string &content, std::int32_t id)
{
    if (content.empty())
        return;
    m_tokens.emplace_back(content, id);
    std::stable_sort(m_tokens.begin(), m_tokens.end(), [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
}

std::vector<std::pair<std::string_view, std::int32_t>> AddedTokens::split(std::string_view text) const
{
    std::vector<std::pair<std::string_view, std::int32_t>> pieces;
    std::size_t start = 0, i = 0;
    while (i < text.size()) {
        const std::pair<std::string, std::int32_t> *match = nullptr;
        for (const auto &t : m_tokens) // longest first: the first that matches here wins
            if (text.compare(i, t.first.size(), t.first) == 0) {
                match = &t;
                break;
            }
        if (!match) {
            ++i;
            continue;
        }
        if (i > start)
            pieces.emplace_back(text.substr(start, i - start), -1);
        pieces.emplace_back(text.substr(i, match->first.size()), match->second);
        i += match->first.size();
        start = i;
    }
    if (start < text.size())
        pieces.emplace_back(text.substr(start), -1);
    return pieces;
}

WordPieceTokenizer WordPieceTokenizer::fromVocabTxt(const std::filesystem::path &vocab, bool lowercase, std::size_t maxLength)
{
    std::ifstream in(vocab, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read " + vocab.string());
    WordPieceTokenizer t;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        t.m_vocab.emplace(line, std::int32_t(t.m_tokens.size()));
        t.m_tokens.push_back(line);
    }
    if (t.m_tokens.empty())
        throwError(ErrorKind::BadInput, vocab.string() + " holds no tokens");
    t.m_lowercase = t.m_stripAccents = lowercase;
    t.m_maxLength = maxLength;
    for (const char *special : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"})
        if (const auto id = t.id(special); id >= 0)
            t.m_added.add(special, id);
    t.m_unk = t.id("[UNK]");
    t.m_cls = t.id("[CLS]");
    t.m_sep = t.id("[SEP]");
    t.m_pad = std::max(0, t.id("[PAD]"));
    if (t.m_unk < 0)
        throwError(ErrorKind::BadInput, vocab.string() + " has no [UNK] token");
    return t;
}

namespace {

// An integer field of a JSON object, or `fallback` when absent or null. (nlohmann converts a
// float to an integer without a range check, which is undefined beyond the range: refuse it.)
std::int64_t integerField(const nlohmann::json &object, const char *key, std::int64_t fallback, const std::string &where)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    if (!it->is_number_integer())
        throwError(ErrorKind::BadInput, where + " is not an integer");
    return it->get<std::int64_t>();
}

} // namespace

WordPieceTokenizer WordPieceTokenizer::fromTokenizerJson(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read " + file.string());
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::BadInput, file.string() + " is not JSON: " + e.what());
    }
    if (!j.is_object())
        throwError(ErrorKind::BadInput, file.string() + ": the top level is not a JSON object");
    WordPieceTokenizer t;
    // A field of another type than the format's makes nlohmann throw; say which field it was.
    std::string field = "model";
    try {
        // (const operator[] on a missing key is undefined behaviour in nlohmann: look keys up with find)
        const auto &model = j["model"];
        const auto vocabIt = model.is_object() ? model.find("vocab") : model.end();
        if (!model.is_object() || model.value("type", "") != "WordPiece" || vocabIt == model.end() || !vocabIt->is_object())
            throwError(ErrorKind::BadInput, file.string() + ": model.type is not WordPiece (with a vocab)");
        field = "model.vocab";
        const auto &vocab = *vocabIt;
        t.m_tokens.resize(vocab.size());
        for (auto it = vocab.begin(); it != vocab.end(); ++it) {
            if (!it.value().is_number_integer())
                throwError(ErrorKind::BadInput, file.string() + ": model.vocab[\"" + it.key() + "\"] is not an integer id");
            const auto id = it.value().get<std::int64_t>();
            if (id < 0 || std::size_t(id) >= t.m_tokens.size())
                throwError(ErrorKind::BadInput, file.string() + ": model.vocab[\"" + it.key() + "\"] has id " + std::to_string(id) + " out of range");
            t.m_tokens[std::size_t(id)] = it.key();
            t.m_vocab[it.key()] = std::int32_t(id);
        }
        field = "model.continuing_subword_prefix";
        t.m_prefix = model.value("continuing_subword_prefix", "##");
        field = "model.max_input_chars_per_word";
        const std::int64_t maxChars = integerField(model, "max_input_chars_per_word", 100, file.string() + ": " + field);
        if (maxChars <= 0)
            throwError(ErrorKind::BadInput, file.string() + ": " + field + " is " + std::to_string(maxChars));
        t.m_maxCharsPerWord = std::size_t(maxChars);
        field = "normalizer";
        const auto &n = j["normalizer"];
        if (n.is_object() && n.value("type", "") == "BertNormalizer") {
            t.m_cleanText = n.value("clean_text", true);
            t.m_chineseChars = n.value("handle_chinese_chars", true);
            t.m_lowercase = n.value("lowercase", true);
            const auto strip = n.find("strip_accents");
            t.m_stripAccents = strip != n.end() && strip->is_boolean() ? strip->get<bool>() : t.m_lowercase;
        }
        field = "added_tokens";
        if (j["added_tokens"].is_array())
            for (const auto &a : j["added_tokens"])
                if (a.is_object())
                    t.m_added.add(a.value("content", ""), std::int32_t(integerField(a, "id", -1, file.string() + ": added_tokens[].id")));
        field = "truncation.max_length";
        t.m_maxLength = j["truncation"].is_object()
                            ? std::size_t(std::max<std::int64_t>(0, integerField(j["truncation"], "max_length", 512, file.string() + ": " + field)))
                            : 0;
        field = "model.unk_token";
        t.m_unk = t.id(model.value("unk_token", "[UNK]"));
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::BadInput, file.string() + ": " + field + " is not what a tokenizer.json holds there (" + e.what() + ")");
    }
    t.m_cls = t.id("[CLS]");
    t.m_sep = t.id("[SEP]");
    t.m_pad = std::max(0, t.id("[PAD]"));
    if (t.m_unk < 0)
        throwError(ErrorKind::BadInput, file.string() + ": model.unk_token is not in the vocabulary");
    return t;
}

std::int32_t WordPieceTokenizer::id(const std::string &token) const
{
    const auto it = m_vocab.find(token);
    return it == m_vocab.end() ? -1 : it->second;
}

const std::string &WordPieceTokenizer::token(std::int32_t id) const
{
    if (id < 0 || std::size_t(id) >= m_tokens.size())
        throwError(ErrorKind::BadInput, "token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(m_tokens.size()));
    return m_tokens[std::size_t(id)];
}

std::u32string WordPieceTokenizer::normalize(std::string_view text) const
{
    std::u32string s = unicode::decode(text);
    if (m_cleanText) {
        std::u32string cleaned;
        cleaned.reserve(s.size());
        for (char32_t c : s) {
            if (c == 0 || c == 0xFFFD || isBertControl(c))
                continue;
            cleaned.push_back(isBertWhitespace(c) ? U' ' : c);
        }
        s = std::move(cleaned);
    }
    if (m_chineseChars) {
        std::u32string spaced;
        spaced.reserve(s.size());
        for (char32_t c : s) {
            if (isChineseChar(c)) {
                spaced.push_back(' ');
                spaced.push_back(c);
                spaced.push_back(' ');
            } else {
                spaced.push_back(c);
            }
        }
        s = std::move(spaced);
    }
    if (m_stripAccents) {
        std::u32string d = unicode::nfd(s);
        std::u32string kept;
        kept.reserve(d.size());
        for (char32_t c : d)
            if (!unicode::isMarkNonspacing(c))
                kept.push_back(c);
        s = std::move(kept);
    }
    if (m_lowercase) {
        std::u32string lowered;
        lowered.reserve(s.size());
        for (char32_t c : s)
            unicode::appendLowercase(lowered, c);
        s = std::move(lowered);
    }
    return s;
}

void WordPieceTokenizer::wordPiece(const std::u32string &word, Encoding &out) const
{
    if (word.size() > m_maxCharsPerWord) {
        out.ids.push_back(m_unk);
        out.tokens.push_back(m_tokens[std::size_t(m_unk)]);
        return;
    }
    std::vector<std::int32_t> ids;
    std::size_t start = 0;
    while (start < word.size()) {
        std::size_t end = word.size();
        std::int32_t found = -1;
        while (start < end) {
            std::string piece = (start > 0 ? m_prefix : std::string()) + unicode::encode(std::u32string_view(word).substr(start, end - start));
            if (const auto it = m_vocab.find(piece); it != m_vocab.end()) {
                found = it->second;
                break;
            }
            --end;
        }
        if (found < 0) { // the whole word is unknown
            out.ids.push_back(m_unk);
            out.tokens.push_back(m_tokens[std::size_t(m_unk)]);
            return;
        }
        ids.push_back(found);
        start = end;
    }
    for (std::int32_t id : ids) {
        out.ids.push_back(id);
        out.tokens.push_back(m_tokens[std::size_t(id)]);
    }
}

Encoding WordPieceTokenizer::encode(std::string_view text, bool addSpecialTokens) const
{
    return encode(text, addSpecialTokens, m_maxLength);
}

Encoding WordPieceTokenizer::encode(std::string_view text, bool addSpecialTokens, std::size_t maxLength) const
{
    Encoding e;
    for (const auto &[piece, addedId] : m_added.split(text)) {
        if (addedId >= 0) {
            e.ids.push_back(addedId);
            e.tokens.push_back(std::string(piece));
            continue;
        }
        // BertPreTokenizer: words between whitespace; each punctuation character alone.
        const std::u32string s = normalize(piece);
        std::u32string word;
        auto flush = [&] {
            if (!word.empty())
                wordPiece(word, e);
            word.clear();
        };
        for (char32_t c : s) {
            if (isBertWhitespace(c)) {
                flush();
            } else if (isBertPunctuation(c)) {
                flush();
                word.push_back(c);
                flush();
            } else {
                word.push_back(c);
            }
        }
        flush();
    }
    const std::size_t specials = addSpecialTokens ? 2 : 0;
    if (maxLength > specials && e.ids.size() > maxLength - specials) {
        e.ids.resize(maxLength - specials);
        e.tokens.resize(maxLength - specials);
    }
    if (addSpecialTokens && m_cls >= 0 && m_sep >= 0) {
        e.ids.insert(e.ids.begin(), m_cls);
        e.tokens.insert(e.tokens.begin(), m_tokens[std::size_t(m_cls)]);
        e.ids.push_back(m_sep);
        e.tokens.push_back(m_tokens[std::size_t(m_sep)]);
    }
    return e;
}

std::string WordPieceTokenizer::decode(const std::vector<std::int32_t> &ids, bool skipSpecialTokens) const
{
    std::string out;
    for (std::int32_t id : ids) {
        const std::string &t = token(id);
        if (skipSpecialTokens && (id == m_cls || id == m_sep || id == m_pad))
            continue;
        if (t.rfind(m_prefix, 0) == 0)
            out += t.substr(m_prefix.size());
        else
            out += (out.empty() ? "" : " ") + t;
    }
    // Hugging Face's cleanup: no space before . ? ! , and common contractions.
    for (const auto &[from, to] : std::initializer_list<std::pair<const char *, const char *>>{
             {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"}, {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}}) {
        std::string::size_type at = 0;
        const std::string f = from;
        while ((at = out.find(f, at)) != std::string::npos)
            out.replace(at, f.size(), to);
    }
    return out;
}

} // namespace keel::nn
