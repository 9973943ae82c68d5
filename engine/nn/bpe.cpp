#include "core/error.h"
#include "nn/gguf.h"
#include "nn/tokenizer.h"
#include "nn/unicode.h"

#include <algorithm>
#include <array>
#include <climits>
#include <queue>

namespace keel::nn {
namespace {

// GPT-2's byte alphabet: printable Latin-1 bytes stand for themselves, the others for U+0100 on.
const std::array<char32_t, 256> &byteToChar()
{
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> t{};
        std::array<bool, 256> printable{};
        for (int b = '!'; b <= '~'; ++b)
            printable[std::size_t(b)] = true;
        for (int b = 0xA1; b <= 0xAC; ++b)
            printable[std::size_t(b)] = true;
        for (int b = 0xAE; b <= 0xFF; ++b)
            printable[std::size_t(b)] = true;
        char32_t next = 256;
        for (int b = 0; b < 256; ++b)
            t[std::size_t(b)] = printable[std::size_t(b)] ? char32_t(b) : next++;
        return t;
    }();
    return table;
}

int charToByte(char32_t c)
{
    static const std::unordered_map<char32_t, int> inverse = [] {
        std::unordered_map<char32_t, int> m;
        for (int b = 0; b < 256; ++b)
            m[byteToChar()[std::size_t(b)]] = b;
        return m;
    }();
    const auto it = inverse.find(c);
    return it == inverse.end() ? -1 : it->second;
}

bool isSpaceClass(char32_t c)
{
    return unicode::isWhitespace(c);
}

// GPT-2's pattern, alternative by alternative in order (the first that matches wins):
// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
void gpt2Split(const std::u32string &s, std::vector<std::u32string> &out)
{
    const std::size_t n = s.size();
    std::size_t i = 0;
    auto run = [&](std::size_t from, auto pred) {
        std::size_t j = from;
        while (j < n && pred(s[j]))
            ++j;
        return j;
    };
    auto other = [](char32_t c) { return !isSpaceClass(c) && !unicode::isLetter(c) && !unicode::isNumeric(c); };
    while (i < n) {
        std::size_t end = 0;
        if (s[i] == '\'' && i + 1 < n) {
            for (const char32_t *c : {U"s", U"t", U"re", U"ve", U"m", U"ll", U"d"}) {
                const std::u32string_view suffix(c);
                if (s.compare(i + 1, suffix.size(), suffix) == 0) {
                    end = i + 1 + suffix.size();
                    break;
                }
            }
        }
        if (!end) {
            const std::size_t j = s[i] == ' ' ? i + 1 : i; // the optional leading space
            if (j < n && unicode::isLetter(s[j]))
                end = run(j, unicode::isLetter);
            else if (j < n && unicode::isNumeric(s[j]))
                end = run(j, unicode::isNumeric);
            else if (j < n && other(s[j]))
                end = run(j, other);
        }
        if (!end && isSpaceClass(s[i])) {
            const std::size_t j = run(i, isSpaceClass);
            // \s+(?!\S): the run, less its last character when a non-space follows; a single
            // space before a non-space falls to \s+ and is taken alone.
            end = (j == n || j - i == 1) ? j : j - 1;
        }
        if (!end)
            end = i + 1; // unreachable for valid text: every character is in some class
        out.emplace_back(s.substr(i, end - i));
        i = end;
    }
}

// Llama 3's pattern, alternative by alternative in order:
// (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
void llama3Split(const std::u32string &s, std::vector<std::u32string> &out)
{
    const std::size_t n = s.size();
    auto run = [&](std::size_t from, auto pred) {
        std::size_t j = from;
        while (j < n && pred(s[j]))
            ++j;
        return j;
    };
    auto lineBreak = [](char32_t c) { return c == '\r' || c == '\n'; };
    auto other = [](char32_t c) { return !isSpaceClass(c) && !unicode::isLetter(c) && !unicode::isNumeric(c); };
    auto lower = [](char32_t c) { return c >= 'A' && c <= 'Z' ? char32_t(c - 'A' + 'a') : c; };
    std::size_t i = 0;
    while (i < n) {
        std::size_t end = 0;
        if (s[i] == '\'' && i + 1 < n) {
            for (const char32_t *c : {U"s", U"t", U"re", U"ve", U"m", U"ll", U"d"}) {
                const std::u32string_view suffix(c);
                bool same = i + 1 + suffix.size() <= n;
                for (std::size_t k = 0; same && k < suffix.size(); ++k)
                    same = lower(s[i + 1 + k]) == suffix[k];
                if (same) {
                    end = i + 1 + suffix.size();
                    break;
                }
            }
        }
        if (!end) {
            // [^\r\n\p{L}\p{N}]?\p{L}+: one leading character that is no line break, letter or
            // number (a space, punctuation) when letters follow it.
            if (unicode::isLetter(s[i]))
                end = run(i, unicode::isLetter);
            else if (!lineBreak(s[i]) && !unicode::isNumeric(s[i]) && i + 1 < n && unicode::isLetter(s[i + 1]))
                end = run(i + 1, unicode::isLetter);
        }
        if (!end && unicode::isNumeric(s[i])) {
            end = i + 1;
            while (end < n && end - i < 3 && unicode::isNumeric(s[end]))
                ++end;
        }
        if (!end) {
            const std::size_t j = s[i] == ' ' ? i + 1 : i;
            if (j < n && other(s[j]))
                end = run(run(j, other), lineBreak);
        }
        if (!end && isSpaceClass(s[i])) {
            const std::size_t j = run(i, isSpaceClass);
            // \s*[\r\n]+: through the last line break of the whitespace run, if it has one.
            for (std::size_t k = j; k > i; --k)
                if (lineBreak(s[k - 1])) {
                    end = k;
                    break;
                }
            // \s+(?!\S), then \s+.
            if (!end)
                end = (j == n || j - i == 1) ? j : j - 1;
        }
        if (!end)
            end = i + 1;
        out.emplace_back(s.substr(i, end - i));
        i = end;
    }
}

} // namespace

BpeTokenizer::BpeTokenizer(std::vector<std::string> tokens, const std::vector<std::string> &merges, PreTokenizer pre)
    : m_tokens(std::move(tokens))
    , m_special(m_tokens.size(), false)
    , m_pre(pre)
{
    m_vocab.reserve(m_tokens.size());
    for (std::size_t i = 0; i < m_tokens.size(); ++i)
        m_vocab.emplace(m_tokens[i], std::int32_t(i));
    m_mergeRank.reserve(merges.size());
    for (std::size_t r = 0; r < merges.size(); ++r)
        m_mergeRank.emplace(merges[r], std::int32_t(r));
}

BpeTokenizer BpeTokenizer::fromGguf(const GgufFile &file)
{
    const std::string model = file.getString("tokenizer.ggml.model");
    if (model == "llama")
        return sentencePieceFromGguf(file);
    if (model != "gpt2")
        throwError(ErrorKind::BadInput, file.path().string() + ": tokenizer.ggml.model is \"" + model +
                                            "\"; Keel reads byte-level BPE (\"gpt2\") and SentencePiece BPE (\"llama\")");
    const std::string pre = file.find("tokenizer.ggml.pre") ? file.getString("tokenizer.ggml.pre") : "default";
    PreTokenizer p;
    if (pre == "smollm")
        p = PreTokenizer::Smollm;
    else if (pre == "gpt2" || pre == "default")
        p = PreTokenizer::Gpt2;
    else if (pre == "llama-bpe" || pre == "llama3" || pre == "llama-v3")
        p = PreTokenizer::Llama3;
    else
        throwError(ErrorKind::BadInput, file.path().string() + ": tokenizer.ggml.pre \"" + pre + "\" is not one Keel reads (gpt2, smollm, llama-bpe)");
    const GgufValue *tokens = file.find("tokenizer.ggml.tokens");
    const GgufValue *merges = file.find("tokenizer.ggml.merges");
    if (!tokens || tokens->strings.empty())
        throwError(ErrorKind::BadInput, file.path().string() + ": tokenizer.ggml.tokens is missing or empty");
    if (!merges || merges->strings.empty())
        throwError(ErrorKind::BadInput, file.path().string() + ": tokenizer.ggml.merges is missing or empty");
    BpeTokenizer t(tokens->strings, merges->strings, p);
    if (const GgufValue *types = file.find("tokenizer.ggml.token_type")) {
        if (types->integers.size() != tokens->strings.size())
            throwError(ErrorKind::BadInput, file.path().string() + ": tokenizer.ggml.token_type has " + std::to_string(types->integers.size()) +
                                                " entries for " + std::to_string(tokens->strings.size()) + " tokens");
        for (std::size_t i = 0; i < types->integers.size(); ++i)
            if (types->integers[i] == 3 || types->integers[i] == 4) // control, user-defined
                t.addSpecialToken(std::int32_t(i));
    }
    t.m_bos = std::int32_t(file.integerOr("tokenizer.ggml.bos_token_id").value_or(-1));
    t.m_eos = std::int32_t(file.integerOr("tokenizer.ggml.eos_token_id").value_or(-1));
    if (const GgufValue *v = file.find("tokenizer.ggml.add_bos_token"))
        t.m_addBos = v->integer != 0;
    return t;
}

BpeTokenizer BpeTokenizer::sentencePieceFromGguf(const GgufFile &file)
{
    const std::string where = file.path().string();
    const GgufValue *tokens = file.find("tokenizer.ggml.tokens");
    const GgufValue *scores = file.find("tokenizer.ggml.scores");
    if (!tokens || tokens->strings.empty())
        throwError(ErrorKind::BadInput, where + ": tokenizer.ggml.tokens is missing or empty");
    if (!scores || scores->reals.size() != tokens->strings.size())
        throwError(ErrorKind::BadInput, where + ": tokenizer.ggml.scores must give one score per token (" + std::to_string(tokens->strings.size()) + ")");
    BpeTokenizer t(tokens->strings, {}, PreTokenizer::Gpt2);
    t.m_spm = true;
    t.m_scores.assign(scores->reals.begin(), scores->reals.end());
    t.m_byteToken.assign(256, -1);
    t.m_tokenByte.assign(tokens->strings.size(), -1);
    const GgufValue *types = file.find("tokenizer.ggml.token_type");
    if (types && types->integers.size() != tokens->strings.size())
        throwError(ErrorKind::BadInput, where + ": tokenizer.ggml.token_type has " + std::to_string(types->integers.size()) + " entries for " +
                                            std::to_string(tokens->strings.size()) + " tokens");
    for (std::size_t i = 0; i < tokens->strings.size(); ++i) {
        const std::int64_t type = types ? types->integers[i] : 1;
        const std::string &piece = tokens->strings[i];
        if (type == 3 || type == 4) // control, user-defined: matched in the raw text
            t.addSpecialToken(std::int32_t(i));
        else if (type == 6) {
            const auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
            if (piece.size() != 6 || piece.compare(0, 3, "<0x") != 0 || piece[5] != '>' || hex(piece[3]) < 0 || hex(piece[4]) < 0)
                throwError(ErrorKind::BadInput, where + ": token " + std::to_string(i) + " is marked as a byte but is not <0xXX>");
            const int byte = hex(piece[3]) * 16 + hex(piece[4]);
            t.m_byteToken[std::size_t(byte)] = std::int32_t(i);
            t.m_tokenByte[i] = std::int16_t(byte);
        }
    }
    t.m_bos = std::int32_t(file.integerOr("tokenizer.ggml.bos_token_id").value_or(-1));
    t.m_eos = std::int32_t(file.integerOr("tokenizer.ggml.eos_token_id").value_or(-1));
    t.m_unk = std::int32_t(file.integerOr("tokenizer.ggml.unknown_token_id").value_or(t.id("<unk>")));
    if (const GgufValue *v = file.find("tokenizer.ggml.add_space_prefix"))
        t.m_addSpacePrefix = v->integer != 0;
    if (const GgufValue *v = file.find("tokenizer.ggml.add_bos_token"))
        t.m_addBos = v->integer != 0;
    else
        t.m_addBos = true; // llama.cpp's default for SentencePiece vocabularies
    return t;
}

// SentencePiece's BPE (llama.cpp's and sentencepiece's own algorithm): the text's characters as
// symbols; repeatedly merge the adjacent pair whose concatenation is a piece with the highest
// score (leftmost first); a final symbol that is no piece becomes its bytes' <0xXX> pieces.
void BpeTokenizer::sentencePieceBpe(const std::string &text, Encoding &out) const
{
    struct Symbol {
        std::size_t start, size;
        int prev, next;
    };
    std::vector<Symbol> symbols;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = std::min<std::size_t>(text.size() - i, lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4);
        symbols.push_back({i, length, int(symbols.size()) - 1, int(symbols.size()) + 1});
        i += length;
    }
    if (symbols.empty())
        return;
    symbols.back().next = -1;
    struct Bigram {
        int left, right;
        float score;
        std::size_t size;
    };
    const auto lower = [](const Bigram &a, const Bigram &b) { return a.score < b.score || (a.score == b.score && a.left > b.left); };
    std::priority_queue<Bigram, std::vector<Bigram>, decltype(lower)> queue(lower);
    const auto consider = [&](int left, int right) {
        if (left < 0 || right < 0)
            return;
        const std::size_t size = symbols[std::size_t(left)].size + symbols[std::size_t(right)].size;
        const auto it = m_vocab.find(text.substr(symbols[std::size_t(left)].start, size));
        if (it != m_vocab.end())
            queue.push({left, right, m_scores[std::size_t(it->second)], size});
    };
    for (std::size_t i = 1; i < symbols.size(); ++i)
        consider(int(i) - 1, int(i));
    while (!queue.empty()) {
        const Bigram b = queue.top();
        queue.pop();
        Symbol &left = symbols[std::size_t(b.left)];
        Symbol &right = symbols[std::size_t(b.right)];
        if (left.size == 0 || right.size == 0 || left.size + right.size != b.size)
            continue; // one side changed since this pair was queued
        left.size += right.size;
        right.size = 0;
        left.next = right.next;
        if (right.next >= 0)
            symbols[std::size_t(right.next)].prev = b.left;
        consider(left.prev, b.left);
        consider(b.left, left.next);
    }
    for (int i = 0; i >= 0; i = symbols[std::size_t(i)].next) {
        const std::string piece = text.substr(symbols[std::size_t(i)].start, symbols[std::size_t(i)].size);
        if (const auto it = m_vocab.find(piece); it != m_vocab.end()) {
            out.ids.push_back(it->second);
            out.tokens.push_back(piece);
            continue;
        }
        for (unsigned char byte : piece) {
            const std::int32_t id = m_byteToken[byte] >= 0 ? m_byteToken[byte] : m_unk;
            if (id < 0)
                throwError(ErrorKind::BadInput, "the vocabulary has neither a piece for a byte of the text nor an unknown token");
            out.ids.push_back(id);
            out.tokens.push_back(m_tokens[std::size_t(id)]);
        }
    }
}

void BpeTokenizer::addSpecialToken(std::int32_t id)
{
    if (id < 0 || std::size_t(id) >= m_tokens.size())
        throwError(ErrorKind::BadInput, "special token id " + std::to_string(id) + " is outside the vocabulary");
    m_special[std::size_t(id)] = true;
    m_added.add(m_tokens[std::size_t(id)], id);
}

std::vector<std::string> BpeTokenizer::preTokenize(std::string_view text) const
{
    const std::u32string s = unicode::decode(text);
    std::vector<std::u32string> pieces;
    if (m_pre == PreTokenizer::Smollm) {
        // Digits(individual_digits): every numeric character alone, then GPT-2's pattern on the rest.
        std::u32string run;
        for (char32_t c : s) {
            if (unicode::isNumeric(c)) {
                if (!run.empty())
                    gpt2Split(run, pieces);
                run.clear();
                pieces.emplace_back(1, c);
            } else {
                run.push_back(c);
            }
        }
        if (!run.empty())
            gpt2Split(run, pieces);
    } else if (m_pre == PreTokenizer::Llama3) {
        llama3Split(s, pieces);
    } else {
        gpt2Split(s, pieces);
    }
    std::vector<std::string> out;
    out.reserve(pieces.size());
    for (const auto &p : pieces)
        out.push_back(unicode::encode(p));
    return out;
}

void BpeTokenizer::bpe(const std::string &piece, Encoding &out) const
{
    // The piece's bytes in GPT-2's alphabet, one symbol each.
    std::vector<std::string> symbols;
    symbols.reserve(piece.size());
    for (unsigned char b : piece) {
        std::string sym;
        unicode::append(sym, byteToChar()[b]);
        symbols.push_back(std::move(sym));
    }
    // Merge the adjacent pair of lowest rank until none is left.
    while (symbols.size() > 1) {
        std::int32_t best = INT32_MAX;
        std::size_t at = 0;
        for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
            const auto it = m_mergeRank.find(symbols[i] + " " + symbols[i + 1]);
            if (it != m_mergeRank.end() && it->second < best) {
                best = it->second;
                at = i;
            }
        }
        if (best == INT32_MAX)
            break;
        symbols[at] += symbols[at + 1];
        symbols.erase(symbols.begin() + std::ptrdiff_t(at) + 1);
    }
    for (std::string &sym : symbols) {
        const auto it = m_vocab.find(sym);
        if (it == m_vocab.end()) {
            // A symbol not in the vocabulary: its bytes one by one (every byte is a token in GPT-2's alphabet).
            for (char32_t c : unicode::decode(sym)) {
                std::string single;
                unicode::append(single, c);
                const auto b = m_vocab.find(single);
                if (b == m_vocab.end())
                    throwError(ErrorKind::BadInput, "the vocabulary lacks the byte token \"" + single + "\"");
                out.ids.push_back(b->second);
                out.tokens.push_back(single);
            }
            continue;
        }
        out.ids.push_back(it->second);
        out.tokens.push_back(std::move(sym));
    }
}

Encoding BpeTokenizer::encode(std::string_view text, bool addBos) const
{
    Encoding e;
    if (addBos && m_bos >= 0) {
        e.ids.push_back(m_bos);
        e.tokens.push_back(m_tokens[std::size_t(m_bos)]);
    }
    bool afterSpecial = true; // SentencePiece: a space before the text, and after each special token (llama.cpp)
    for (const auto &[piece, addedId] : m_added.split(text)) {
        if (addedId >= 0) {
            e.ids.push_back(addedId);
            e.tokens.push_back(std::string(piece));
            afterSpecial = true;
            continue;
        }
        if (m_spm) {
            if (piece.empty())
                continue;
            std::string escaped = m_addSpacePrefix && afterSpecial ? "\xE2\x96\x81" : "";
            for (char c : piece) {
                if (c == ' ')
                    escaped += "\xE2\x96\x81"; // ▁
                else
                    escaped.push_back(c);
            }
            sentencePieceBpe(escaped, e);
            afterSpecial = false;
            continue;
        }
        for (const std::string &p : preTokenize(piece))
            bpe(p, e);
    }
    return e;
}

Encoding BpeTokenizer::encodePrompt(std::string_view text) const
{
    Encoding e = encode(text);
    if (m_addBos && m_bos >= 0 && (e.ids.empty() || e.ids.front() != m_bos)) {
        e.ids.insert(e.ids.begin(), m_bos);
        e.tokens.insert(e.tokens.begin(), m_tokens[std::size_t(m_bos)]);
    }
    return e;
}

std::int32_t BpeTokenizer::id(const std::string &token) const
{
    const auto it = m_vocab.find(token);
    return it == m_vocab.end() ? -1 : it->second;
}

const std::string &BpeTokenizer::token(std::int32_t id) const
{
    if (id < 0 || std::size_t(id) >= m_tokens.size())
        throwError(ErrorKind::BadInput, "token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(m_tokens.size()));
    return m_tokens[std::size_t(id)];
}

bool BpeTokenizer::isSpecial(std::int32_t id) const
{
    return id >= 0 && std::size_t(id) < m_special.size() && m_special[std::size_t(id)];
}

std::string BpeTokenizer::tokenBytes(std::int32_t id) const
{
    const std::string &t = token(id);
    if (isSpecial(id))
        return t;
    if (m_spm) {
        if (const int byte = m_tokenByte[std::size_t(id)]; byte >= 0)
            return std::string(1, char(byte));
        std::string text;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t.compare(i, 3, "\xE2\x96\x81") == 0) {
                text.push_back(' ');
                i += 2;
            } else {
                text.push_back(t[i]);
            }
        }
        return text;
    }
    std::string bytes;
    for (char32_t c : unicode::decode(t)) {
        const int b = charToByte(c);
        if (b < 0)
            unicode::append(bytes, c); // not in the byte alphabet: kept as text
        else
            bytes.push_back(char(b));
    }
    return bytes;
}

std::string BpeTokenizer::decode(const std::vector<std::int32_t> &ids, bool skipSpecialTokens) const
{
    std::string bytes;
    for (std::int32_t id : ids) {
        if (skipSpecialTokens && isSpecial(id))
            continue;
        bytes += tokenBytes(id);
    }
    if (m_spm && m_addSpacePrefix && !bytes.empty() && bytes.front() == ' ')
        bytes.erase(0, 1); // the space the encoder put before the text (sentencepiece drops it too)
    return unicode::encode(unicode::decode(bytes)); // invalid sequences become U+FFFD
}

std::string StreamingDetokenizer::push(std::int32_t id)
{
    m_pending += m_tokenizer.tokenBytes(id);
    // Emit up to the last complete character; keep an unfinished one (at most 3 bytes) back.
    std::size_t keep = 0;
    for (std::size_t back = 1; back <= std::min<std::size_t>(3, m_pending.size()); ++back) {
        const auto c = static_cast<unsigned char>(m_pending[m_pending.size() - back]);
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: look further back for the lead
        const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (need > back)
            keep = back;
        break;
    }
    std::string ready = m_pending.substr(0, m_pending.size() - keep);
    m_pending.erase(0, m_pending.size() - keep);
    return unicode::encode(unicode::decode(ready));
}

std::string StreamingDetokenizer::finish()
{
    std::string rest = unicode::encode(unicode::decode(m_pending));
    m_pending.clear();
    return rest;
}

} // namespace keel::nn
