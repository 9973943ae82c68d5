#include "rag/chunkers.h"

#include "core/error.h"
#include "nn/unicode.h"

#include <cmark.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>

namespace keel::rag {
namespace {

using U32 = std::u32string;
using U32View = std::u32string_view;

// Python's str.isspace (the characters str.strip() and \s remove).
bool pySpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

U32View pyStrip(U32View s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && pySpace(s[b]))
        ++b;
    while (e > b && pySpace(s[e - 1]))
        --e;
    return s.substr(b, e - b);
}

std::string utf8(U32View s) { return nn::unicode::encode(s); }

// Byte offset of each code point of `text` (and one past the end).
std::vector<std::size_t> byteOffsets(const U32 &decoded)
{
    std::vector<std::size_t> offsets;
    offsets.reserve(decoded.size() + 1);
    std::size_t pos = 0;
    for (char32_t c : decoded) {
        offsets.push_back(pos);
        pos += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    offsets.push_back(pos);
    return offsets;
}

// ---- LangChain's RecursiveCharacterTextSplitter ---------------------------------------------

std::vector<U32> splitKeepingSeparator(const U32 &text, const U32 &sep)
{
    std::vector<U32> out;
    if (sep.empty()) {
        for (char32_t c : text)
            out.emplace_back(1, c);
        return out;
    }
    std::size_t start = 0;
    bool first = true;
    while (true) {
        const std::size_t at = text.find(sep, start);
        const std::size_t end = at == U32::npos ? text.size() : at;
        U32 piece = first ? U32() : sep;
        piece += text.substr(start, end - start);
        if (!piece.empty())
            out.push_back(std::move(piece));
        first = false;
        if (at == U32::npos)
            break;
        start = at + sep.size();
    }
    return out;
}

struct Recursive {
    std::size_t size, overlap;

    std::optional<U32> join(const std::deque<const U32 *> &docs) const
    {
        U32 text;
        for (const U32 *d : docs)
            text += *d;
        U32View stripped = pyStrip(text);
        if (stripped.empty())
            return std::nullopt;
        return U32(stripped);
    }

    // _merge_splits with separator "" (keep_separator=True).
    void merge(const std::vector<U32> &splits, std::vector<U32> &docs) const
    {
        std::deque<const U32 *> current;
        std::size_t total = 0;
        for (const U32 &d : splits) {
            const std::size_t len = d.size();
            if (total + len > size) {
                if (!current.empty()) {
                    if (auto doc = join(current))
                        docs.push_back(std::move(*doc));
                    while (total > overlap || (total + len > size && total > 0)) {
                        total -= current.front()->size();
                        current.pop_front();
                    }
                }
            }
            current.push_back(&d);
            total += len;
        }
        if (auto doc = join(current))
            docs.push_back(std::move(*doc));
    }

    void split(const U32 &text, const std::vector<U32> &separators, std::vector<U32> &chunks) const
    {
        U32 separator = separators.back();
        std::vector<U32> rest;
        for (std::size_t i = 0; i < separators.size(); ++i) {
            if (separators[i].empty()) {
                separator.clear();
                break;
            }
            if (text.find(separators[i]) != U32::npos) {
                separator = separators[i];
                rest.assign(separators.begin() + std::ptrdiff_t(i) + 1, separators.end());
                break;
            }
        }
        const std::vector<U32> splits = splitKeepingSeparator(text, separator);
        std::vector<U32> good;
        for (const U32 &s : splits) {
            if (s.size() < size) {
                good.push_back(s);
                continue;
            }
            if (!good.empty()) {
                merge(good, chunks);
                good.clear();
            }
            if (rest.empty())
                chunks.push_back(s);
            else
                split(s, rest, chunks);
        }
        if (!good.empty())
            merge(good, chunks);
    }
};

std::vector<U32> recursiveSplitU32(const U32 &text, std::size_t size, std::size_t overlap, const std::vector<std::string> &separators)
{
    std::vector<U32> seps;
    for (const std::string &s : separators)
        seps.push_back(nn::unicode::decode(s));
    if (seps.empty())
        seps.push_back(U32());
    std::vector<U32> chunks;
    Recursive{size, overlap}.split(text, seps, chunks);
    return chunks;
}

// ---- NLTK's untrained Punkt ------------------------------------------------------------------

bool pyUpper(char32_t c) { return u_isUUppercase(UChar32(c)); }
bool pyLower(char32_t c) { return u_isULowercase(UChar32(c)); }
bool pyDigit(char32_t c) { return u_charType(UChar32(c)) == U_DECIMAL_DIGIT_NUMBER; }
bool pyWord(char32_t c) { return c == U'_' || u_isalnum(UChar32(c)) || nn::unicode::isNumeric(c) || nn::unicode::isLetter(c); }
bool letterNotDigit(char32_t c) { return pyWord(c) && !pyDigit(c); } // [^\W\d]

bool nonWordChar(char32_t c)
{
    static const U32 chars = U")\";}]*:@'({[\u2018\u2019\u201c\u201d\u00ab\u00bb?!";
    return chars.find(c) != U32::npos;
}

bool wordStartChar(char32_t c)
{
    static const U32 excluded = U"(\"`{[:;&#*@)}]-,";
    return excluded.find(c) == U32::npos;
}

// Length of the multi-character punctuation at `i` (-{2,} | \.{2,} | (?:\.\s){2,}\.), or 0.
std::size_t multiChar(U32View s, std::size_t i)
{
    auto run = [&](char32_t ch) {
        std::size_t n = 0;
        while (i + n < s.size() && s[i + n] == ch)
            ++n;
        return n;
    };
    if (i >= s.size())
        return 0;
    if (s[i] == U'-') {
        const std::size_t n = run(U'-');
        return n >= 2 ? n : 0;
    }
    if (s[i] != U'.')
        return 0;
    const std::size_t dots = run(U'.');
    if (dots >= 2)
        return dots;
    std::size_t n = 0, pairs = 0;
    while (i + n + 1 < s.size() && s[i + n] == U'.' && pySpace(s[i + n + 1])) {
        n += 2;
        ++pairs;
    }
    // Backtrack until a period follows the pairs.
    while (pairs >= 2) {
        if (i + pairs * 2 < s.size() && s[i + pairs * 2] == U'.')
            return pairs * 2 + 1;
        --pairs;
    }
    return 0;
}

// PunktLanguageVars.word_tokenize on one line.
std::vector<U32> punktWords(U32View s)
{
    std::vector<U32> out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (pySpace(s[i])) {
            ++i;
            continue;
        }
        if (const std::size_t m = multiChar(s, i)) {
            out.emplace_back(s.substr(i, m));
            i += m;
            continue;
        }
        if (wordStartChar(s[i])) {
            // \S+? up to a word end: white space, the end, a non-word character, multi-character
            // punctuation, or a comma at the end of the word.
            std::size_t j = i + 1;
            auto endsHere = [&](std::size_t k) {
                if (k >= s.size() || pySpace(s[k]) || nonWordChar(s[k]) || multiChar(s, k))
                    return true;
                if (s[k] == U',') {
                    const std::size_t n = k + 1;
                    return n >= s.size() || pySpace(s[n]) || nonWordChar(s[n]) || multiChar(s, n) > 0;
                }
                return false;
            };
            bool found = false;
            for (; j <= s.size(); ++j) {
                if (j > i && endsHere(j)) {
                    found = true;
                    break;
                }
                if (j < s.size() && pySpace(s[j]))
                    break;
            }
            if (found) {
                out.emplace_back(s.substr(i, j - i));
                i = j;
                continue;
            }
        }
        out.emplace_back(1, s[i]);
        ++i;
    }
    return out;
}

struct PunktToken {
    U32 tok;
    bool periodFinal = false, sentbreak = false, abbr = false, ellipsis = false;
};

bool isNumericToken(const U32 &t) // ^-?[\.,]?\d[\d,\.-]*\.?$
{
    std::size_t i = 0;
    if (i < t.size() && t[i] == U'-')
        ++i;
    if (i < t.size() && (t[i] == U'.' || t[i] == U','))
        ++i;
    if (i >= t.size() || !pyDigit(t[i]))
        return false;
    ++i;
    while (i < t.size() && (pyDigit(t[i]) || t[i] == U',' || t[i] == U'.' || t[i] == U'-'))
        ++i;
    return i == t.size(); // the trailing \.? is inside [\d,\.-]* already
}

bool isInitialToken(const U32 &t) { return t.size() == 2 && letterNotDigit(t[0]) && t[1] == U'.'; }
bool isEllipsisToken(const U32 &t) // \.\.+$ matched at the start
{
    return t.size() >= 2 && std::all_of(t.begin(), t.end(), [](char32_t c) { return c == U'.'; });
}

// _ortho_heuristic with no training: false for punctuation and lower-case words, else unknown.
enum class Ortho { False, Unknown };
Ortho orthoHeuristic(const PunktToken &t)
{
    static const U32 punctuation = U";:,.!?";
    if (t.tok.size() == 1 && punctuation.find(t.tok[0]) != U32::npos)
        return Ortho::False;
    if (!t.tok.empty() && pyLower(t.tok[0]))
        return Ortho::False;
    return Ortho::Unknown;
}

bool textContainsSentbreak(U32View text)
{
    std::vector<PunktToken> tokens;
    std::size_t lineStart = 0;
    while (lineStart <= text.size()) {
        std::size_t nl = text.find(U'\n', lineStart);
        if (nl == U32View::npos)
            nl = text.size();
        for (U32 &w : punktWords(text.substr(lineStart, nl - lineStart))) {
            PunktToken t;
            t.tok = std::move(w);
            t.periodFinal = !t.tok.empty() && t.tok.back() == U'.';
            tokens.push_back(std::move(t));
        }
        lineStart = nl + 1;
    }
    // First pass: sentence-ending characters and period-final words (no abbreviations are known).
    for (PunktToken &t : tokens) {
        if (t.tok == U"." || t.tok == U"?" || t.tok == U"!")
            t.sentbreak = true;
        else if (isEllipsisToken(t.tok))
            t.ellipsis = true;
        else if (t.periodFinal && !(t.tok.size() >= 2 && t.tok.compare(t.tok.size() - 2, 2, U"..") == 0))
            t.sentbreak = true;
    }
    // Second pass: initials and ordinals before a word that does not start a sentence.
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        PunktToken &t = tokens[i];
        const PunktToken &next = tokens[i + 1];
        if (!t.periodFinal)
            continue;
        const bool initial = isInitialToken(t.tok);
        const bool number = isNumericToken(t.tok);
        if (!(initial || number))
            continue;
        const Ortho o = orthoHeuristic(next);
        if (o == Ortho::False || (initial && !next.tok.empty() && pyUpper(next.tok[0]))) {
            t.sentbreak = false;
            t.abbr = true;
        }
    }
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
        if (tokens[i].sentbreak)
            return true;
    return false;
}

struct EndMatch {
    std::size_t start, end;            // the sentence-ending character
    std::size_t afterEnd;              // end of after_tok
    std::optional<std::size_t> nextTok; // start of next_tok
};

// period_context_re's matches: [.?!] followed by a non-word character or by white space and a token.
std::vector<EndMatch> periodContexts(U32View s)
{
    std::vector<EndMatch> out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t c = s[i];
        if (c != U'.' && c != U'?' && c != U'!')
            continue;
        const std::size_t k = i + 1;
        if (k < s.size() && nonWordChar(s[k])) {
            out.push_back({i, k, k + 1, std::nullopt});
            continue;
        }
        std::size_t w = k;
        while (w < s.size() && pySpace(s[w]))
            ++w;
        if (w == k || w >= s.size())
            continue;
        std::size_t e = w;
        while (e < s.size() && !pySpace(s[e]))
            ++e;
        out.push_back({i, k, e, w});
    }
    return out;
}

bool asciiWhitespace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\x0b' || c == U'\x0c'; }

std::vector<std::pair<std::size_t, std::size_t>> punktSpansU32(U32View text)
{
    // _match_potential_end_contexts + _slices_from_text
    std::vector<std::pair<std::size_t, std::size_t>> slices;
    std::size_t lastBreak = 0;
    auto consider = [&](const EndMatch &m, std::size_t wordStart, std::size_t wordEnd) {
        U32 context(text.substr(wordStart, wordEnd - wordStart));
        context += text.substr(m.start, m.end - m.start);
        context += text.substr(m.end, m.afterEnd - m.end);
        if (!textContainsSentbreak(context))
            return;
        slices.emplace_back(lastBreak, m.end);
        lastBreak = m.nextTok ? *m.nextTok : m.end;
    };
    std::size_t prevStart = 0, prevStop = 0;
    std::optional<EndMatch> prev;
    for (const EndMatch &m : periodContexts(text)) {
        std::size_t lastSpace = 0;
        for (std::size_t i = m.start; i > prevStop; --i) {
            if (asciiWhitespace(text[i - 1])) {
                lastSpace = i - 1 - prevStop;
                break;
            }
        }
        const std::size_t wordStart = lastSpace ? lastSpace + prevStop + 1 : prevStart;
        if (prev && prevStop <= wordStart)
            consider(*prev, prevStart, prevStop);
        prev = m;
        prevStart = wordStart;
        prevStop = m.start;
    }
    if (prev)
        consider(*prev, prevStart, prevStop);
    std::size_t end = text.size();
    while (end > 0 && pySpace(text[end - 1]))
        --end;
    slices.emplace_back(lastBreak, end);

    // _realign_boundaries: closing quotes and brackets after the period go with the sentence.
    static const U32 closers = U"\"')]}\u2018\u2019\u201c\u201d\u00ab\u00bb";
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t realign = 0;
    for (std::size_t i = 0; i < slices.size(); ++i) {
        std::pair<std::size_t, std::size_t> s1{slices[i].first + realign, slices[i].second};
        if (i + 1 == slices.size()) {
            if (s1.first < s1.second)
                spans.push_back(s1);
            continue;
        }
        const auto &s2 = slices[i + 1];
        // ["')\]}‘’“”«»]+?(?:\s+|(?=--)|$) matched at the start of sentence 2.
        std::size_t matchEnd = 0, matchTrimmed = 0;
        bool matched = false;
        for (std::size_t n = 1; s2.first + n <= s2.second && closers.find(text[s2.first + n - 1]) != U32::npos; ++n) {
            const std::size_t p = s2.first + n;
            const std::size_t sentenceEnd = s2.second;
            if (p < sentenceEnd && pySpace(text[p])) {
                std::size_t q = p;
                while (q < sentenceEnd && pySpace(text[q]))
                    ++q;
                matched = true;
                matchEnd = q - s2.first;
                matchTrimmed = n;
                break;
            }
            if ((p + 1 < sentenceEnd && text[p] == U'-' && text[p + 1] == U'-') || p == sentenceEnd || text[p] == U'\n') {
                matched = true;
                matchEnd = n;
                matchTrimmed = n;
                break;
            }
        }
        if (matched) {
            spans.emplace_back(s1.first, s2.first + matchTrimmed);
            realign = matchEnd;
        } else {
            realign = 0;
            if (s1.first < s1.second)
                spans.push_back(s1);
        }
    }
    return spans;
}

// ---- LlamaIndex's SentenceSplitter -----------------------------------------------------------

struct Split {
    U32 text;
    bool isSentence;
    std::size_t tokens;
};

struct SentenceSplitter {
    std::size_t size, overlap;
    const TokenCounter &count;

    std::size_t tokens(const U32 &t) const { return count(utf8(t)); }

    static std::vector<U32> bySeparator(const U32 &text, const U32 &sep)
    {
        // split_text_keep_separator: the separator starts every part after the first.
        return splitKeepingSeparator(text, sep);
    }

    static std::vector<U32> bySentences(const U32 &text)
    {
        const auto spans = punktSpansU32(text);
        std::vector<U32> out;
        for (std::size_t i = 0; i < spans.size(); ++i) {
            const std::size_t end = i + 1 < spans.size() ? spans[i + 1].first : text.size();
            out.push_back(text.substr(spans[i].first, end - spans[i].first));
        }
        return out;
    }

    static bool phraseEnd(char32_t c) { return c == U',' || c == U'.' || c == U';' || c == U'\u3002' || c == U'\uFF1F' || c == U'\uFF01'; }

    // re.findall("[^,.;。？！]+[,.;。？！]?|[,.;。？！]", text)
    static std::vector<U32> byPhrases(const U32 &text)
    {
        std::vector<U32> out;
        std::size_t i = 0;
        while (i < text.size()) {
            if (phraseEnd(text[i])) {
                out.emplace_back(1, text[i]);
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < text.size() && !phraseEnd(text[j]))
                ++j;
            if (j < text.size())
                ++j;
            out.push_back(text.substr(i, j - i));
            i = j;
        }
        return out;
    }

    std::pair<std::vector<U32>, bool> splitsByFunctions(const U32 &text) const
    {
        auto parts = bySeparator(text, U"\n\n\n");
        if (parts.size() > 1)
            return {parts, true};
        parts = bySentences(text);
        if (parts.size() > 1)
            return {parts, true};
        parts = byPhrases(text);
        if (parts.size() > 1)
            return {parts, false};
        parts = bySeparator(text, U" ");
        if (parts.size() > 1)
            return {parts, false};
        parts.clear();
        for (char32_t c : text)
            parts.emplace_back(1, c);
        return {parts, false};
    }

    void split(const U32 &text, std::vector<Split> &out) const
    {
        const std::size_t n = tokens(text);
        if (n <= size) {
            out.push_back({text, true, n});
            return;
        }
        auto [parts, isSentence] = splitsByFunctions(text);
        for (const U32 &p : parts) {
            const std::size_t t = tokens(p);
            if (t <= size || parts.size() == 1)
                out.push_back({p, isSentence, t});
            else
                split(p, out);
        }
    }

    std::vector<U32> merge(const std::vector<Split> &splits) const
    {
        std::vector<U32> chunks;
        std::deque<std::pair<const U32 *, std::size_t>> cur, last;
        std::size_t curLen = 0;
        bool newChunk = true;
        auto joined = [](const auto &parts) {
            U32 t;
            for (const auto &p : parts)
                t += *p.first;
            return t;
        };
        auto close = [&] {
            chunks.push_back(joined(cur));
            last = cur;
            cur.clear();
            curLen = 0;
            newChunk = true;
            for (std::ptrdiff_t i = std::ptrdiff_t(last.size()) - 1; i >= 0 && curLen + last[std::size_t(i)].second <= overlap; --i) {
                curLen += last[std::size_t(i)].second;
                cur.push_front(last[std::size_t(i)]);
            }
        };
        std::size_t idx = 0;
        while (idx < splits.size()) {
            const Split &s = splits[idx];
            if (s.tokens > size)
                throwError(ErrorKind::BadInput, "one piece of text is longer than the chunk size (" + std::to_string(s.tokens) +
                                                    " tokens; the size is " + std::to_string(size) + ")");
            if (curLen + s.tokens > size && !newChunk) {
                close();
                continue;
            }
            if (newChunk && curLen + s.tokens > size) {
                while (!cur.empty() && curLen + s.tokens > size) {
                    curLen -= cur.front().second;
                    cur.pop_front();
                }
            }
            if (s.isSentence || curLen + s.tokens <= size || newChunk) {
                curLen += s.tokens;
                cur.emplace_back(&s.text, s.tokens);
                ++idx;
                newChunk = false;
            } else {
                close();
            }
        }
        if (!newChunk)
            chunks.push_back(joined(cur));
        std::vector<U32> out;
        for (const U32 &c : chunks) {
            U32View stripped = pyStrip(c);
            if (!stripped.empty())
                out.emplace_back(stripped);
        }
        return out;
    }
};

std::vector<U32> sentenceSplitU32(const U32 &text, std::size_t size, std::size_t overlap, const TokenCounter &count)
{
    if (text.empty())
        return {text};
    SentenceSplitter splitter{size, overlap, count};
    std::vector<Split> splits;
    splitter.split(text, splits);
    return splitter.merge(splits);
}

// ---- Chunks with offsets ---------------------------------------------------------------------

constexpr std::size_t kFromPreviousStart = std::size_t(-1);

// Places each chunk in the text the way LangChain's create_documents(add_start_index) does:
// searching from where the previous chunk began plus its length minus the overlap.
std::vector<Chunk> locate(std::string_view text, const U32 &decoded, const std::vector<U32> &pieces, std::size_t overlap, std::size_t baseOffset = 0)
{
    const auto offsets = byteOffsets(decoded);
    std::vector<Chunk> out;
    std::size_t index = 0, previous = 0;
    for (const U32 &p : pieces) {
        const std::ptrdiff_t from = overlap == kFromPreviousStart ? std::ptrdiff_t(index) : std::ptrdiff_t(index + previous) - std::ptrdiff_t(overlap);
        std::size_t at = decoded.find(p, std::size_t(std::max<std::ptrdiff_t>(0, from)));
        if (at == U32::npos)
            at = decoded.find(p);
        if (at == U32::npos)
            at = index;
        index = at;
        previous = p.size();
        Chunk c;
        c.text = utf8(p);
        c.begin = baseOffset + offsets[std::min(at, decoded.size())];
        c.end = baseOffset + offsets[std::min(at + p.size(), decoded.size())];
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Chunk> tokenWindows(std::string_view text, std::size_t size, std::size_t overlap, const TokenCounter &count)
{
    // Words (runs without white space) with their token counts; windows of whole words.
    struct Word {
        std::size_t begin, end, tokens;
    };
    std::vector<Word> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        if (i >= text.size())
            break;
        std::size_t j = i;
        while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])))
            ++j;
        words.push_back({i, j, std::max<std::size_t>(1, count(text.substr(i, j - i)))});
        i = j;
    }
    std::vector<Chunk> out;
    std::size_t start = 0;
    while (start < words.size()) {
        std::size_t end = start, tokens = 0;
        while (end < words.size() && (end == start || tokens + words[end].tokens <= size)) {
            tokens += words[end].tokens;
            ++end;
        }
        Chunk c;
        c.begin = words[start].begin;
        c.end = words[end - 1].end;
        c.text = std::string(text.substr(c.begin, c.end - c.begin));
        out.push_back(std::move(c));
        if (end >= words.size())
            break;
        // Step back over whole words until the overlap is covered.
        std::size_t next = end, back = 0;
        while (next > start + 1 && back + words[next - 1].tokens <= overlap) {
            back += words[next - 1].tokens;
            --next;
        }
        start = next;
    }
    return out;
}

struct Section {
    std::size_t begin, end;
    std::string headingPath;
};

// Sections of a Markdown text between headings, with the path of headings above each.
std::vector<Section> markdownSections(std::string_view text)
{
    std::unique_ptr<cmark_node, void (*)(cmark_node *)> root(cmark_parse_document(text.data(), text.size(), CMARK_OPT_DEFAULT), cmark_node_free);
    // Byte offset of each line start.
    std::vector<std::size_t> lines{0};
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n')
            lines.push_back(i + 1);
    struct Heading {
        std::size_t offset;
        int level;
        std::string title;
    };
    std::vector<Heading> headings;
    for (cmark_node *n = cmark_node_first_child(root.get()); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
            continue;
        std::string title;
        std::unique_ptr<cmark_iter, void (*)(cmark_iter *)> it(cmark_iter_new(n), cmark_iter_free);
        for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
            cmark_node *c = cmark_iter_get_node(it.get());
            if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(c) == CMARK_NODE_TEXT || cmark_node_get_type(c) == CMARK_NODE_CODE))
                title += cmark_node_get_literal(c);
        }
        const int line = cmark_node_get_start_line(n);
        if (line >= 1 && std::size_t(line) <= lines.size())
            headings.push_back({lines[std::size_t(line - 1)], cmark_node_get_heading_level(n), title});
    }
    std::vector<Section> sections;
    std::vector<std::pair<int, std::string>> stack;
    auto path = [&stack] {
        std::string p;
        for (const auto &[level, title] : stack)
            p += (p.empty() ? "" : " > ") + title;
        return p;
    };
    std::size_t start = 0;
    for (const Heading &h : headings) {
        if (h.offset > start)
            sections.push_back({start, h.offset, path()});
        while (!stack.empty() && stack.back().first >= h.level)
            stack.pop_back();
        stack.emplace_back(h.level, h.title);
        start = h.offset;
    }
    if (start < text.size())
        sections.push_back({start, text.size(), path()});
    return sections;
}

} // namespace

std::size_t ChunkerSpec::effectiveSize() const
{
    if (size > 0)
        return size;
    switch (kind) {
    case ChunkerKind::Tokens: return 256;
    case ChunkerKind::Recursive: return 4000;
    case ChunkerKind::Sentence: return 1024;
    case ChunkerKind::Markdown: return 1000;
    }
    return 1000;
}

std::size_t ChunkerSpec::effectiveOverlap() const
{
    if (overlapSet)
        return overlap;
    switch (kind) {
    case ChunkerKind::Tokens: return 32;
    case ChunkerKind::Recursive: return 200;
    case ChunkerKind::Sentence: return 200;
    case ChunkerKind::Markdown: return 0;
    }
    return 0;
}

std::string ChunkerSpec::key() const
{
    return chunkerName(kind) + " size=" + std::to_string(effectiveSize()) + " overlap=" + std::to_string(effectiveOverlap());
}

ChunkerKind chunkerKindFromName(std::string_view name)
{
    if (name == "tokens")
        return ChunkerKind::Tokens;
    if (name == "recursive")
        return ChunkerKind::Recursive;
    if (name == "sentence")
        return ChunkerKind::Sentence;
    if (name == "markdown")
        return ChunkerKind::Markdown;
    throwError(ErrorKind::BadInput, "unknown chunker '" + std::string(name) + "': use tokens, recursive, sentence or markdown");
}

std::string chunkerName(ChunkerKind kind)
{
    switch (kind) {
    case ChunkerKind::Tokens: return "tokens";
    case ChunkerKind::Recursive: return "recursive";
    case ChunkerKind::Sentence: return "sentence";
    case ChunkerKind::Markdown: return "markdown";
    }
    return "recursive";
}

std::vector<std::string> recursiveSplit(std::string_view text, std::size_t size, std::size_t overlap, const std::vector<std::string> &separators)
{
    if (overlap > size)
        throwError(ErrorKind::BadInput, "the chunk overlap (" + std::to_string(overlap) + ") is larger than the chunk size (" + std::to_string(size) + ")");
    std::vector<std::string> out;
    for (const U32 &c : recursiveSplitU32(nn::unicode::decode(text), size, overlap, separators))
        out.push_back(utf8(c));
    return out;
}

std::vector<std::string> sentenceSplit(std::string_view text, std::size_t size, std::size_t overlap, const TokenCounter &tokens)
{
    if (overlap > size)
        throwError(ErrorKind::BadInput, "the chunk overlap (" + std::to_string(overlap) + ") is larger than the chunk size (" + std::to_string(size) + ")");
    std::vector<std::string> out;
    for (const U32 &c : sentenceSplitU32(nn::unicode::decode(text), size, overlap, tokens))
        out.push_back(utf8(c));
    return out;
}

std::vector<std::pair<std::size_t, std::size_t>> punktSentenceSpans(std::string_view text)
{
    const U32 decoded = nn::unicode::decode(text);
    const auto offsets = byteOffsets(decoded);
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto &[b, e] : punktSpansU32(decoded))
        out.emplace_back(offsets[b], offsets[e]);
    return out;
}

std::vector<Chunk> chunkText(std::string_view text, const ChunkerSpec &spec, const TokenCounter &tokens)
{
    const std::size_t size = spec.effectiveSize(), overlap = spec.effectiveOverlap();
    if (size == 0)
        throwError(ErrorKind::BadInput, "the chunk size must be at least 1");
    if (overlap >= size)
        throwError(ErrorKind::BadInput, "the chunk overlap (" + std::to_string(overlap) + ") must be smaller than the chunk size (" + std::to_string(size) + ")");
    if ((spec.kind == ChunkerKind::Tokens || spec.kind == ChunkerKind::Sentence) && !tokens)
        throwError(ErrorKind::Internal, "the " + chunkerName(spec.kind) + " chunker needs the embedding model's tokenizer");
    switch (spec.kind) {
    case ChunkerKind::Tokens:
        return tokenWindows(text, size, overlap, tokens);
    case ChunkerKind::Recursive: {
        const U32 decoded = nn::unicode::decode(text);
        return locate(text, decoded, recursiveSplitU32(decoded, size, overlap, {"\n\n", "\n", " ", ""}), overlap);
    }
    case ChunkerKind::Sentence: {
        const U32 decoded = nn::unicode::decode(text);
        // Overlap here is in tokens; searching from the previous chunk's start is enough.
        return locate(text, decoded, sentenceSplitU32(decoded, size, overlap, tokens), kFromPreviousStart);
    }
    case ChunkerKind::Markdown: {
        std::vector<Chunk> out;
        for (const Section &s : markdownSections(text)) {
            const std::string_view body = text.substr(s.begin, s.end - s.begin);
            const U32 decoded = nn::unicode::decode(body);
            for (Chunk &c : locate(body, decoded, recursiveSplitU32(decoded, size, overlap, {"\n\n", "\n", " ", ""}), overlap, s.begin)) {
                c.headingPath = s.headingPath;
                out.push_back(std::move(c));
            }
        }
        return out;
    }
    }
    return {};
}

} // namespace keel::rag
