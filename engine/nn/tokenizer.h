#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace keel::nn {

struct Encoding {
    std::vector<std::int32_t> ids;
    std::vector<std::string> tokens;
};

// Added (special) tokens are matched in the raw text before anything else, leftmost and then
// longest first, as Hugging Face tokenizers' AddedVocabulary does.
class AddedTokens {
public:
    void add(const std::string &content, std::int32_t id);
    // Splits `text` into pieces; a piece with id >= 0 is an added token.
    std::vector<std::pair<std::string_view, std::int32_t>> split(std::string_view text) const;
    bool empty() const { return m_tokens.empty(); }

private:
    std::vector<std::pair<std::string, std::int32_t>> m_tokens; // longest first
};

// BERT's WordPiece tokenizer as Hugging Face tokenizers runs it: BertNormalizer (clean text,
// CJK characters spaced, accents stripped and text lower-cased when the model is uncased),
// BertPreTokenizer (whitespace and punctuation), greedy longest-match WordPiece with "##"
// continuations and [UNK] for words it cannot piece (or longer than 100 characters), then
// [CLS] ... [SEP], truncated to the model's maximum length.
class WordPieceTokenizer {
public:
    // vocab.txt: one token per line, the line number is the id.
    static WordPieceTokenizer fromVocabTxt(const std::filesystem::path &vocab, bool lowercase = true, std::size_t maxLength = 512);
    // tokenizer.json with a WordPiece model and a BertNormalizer; throws keel::Error naming the
    // file and field when it is another kind of tokenizer.
    static WordPieceTokenizer fromTokenizerJson(const std::filesystem::path &file);

    Encoding encode(std::string_view text, bool addSpecialTokens = true) const;
    // With another truncation length (sentence-transformers' max_seq_length; 0: none).
    Encoding encode(std::string_view text, bool addSpecialTokens, std::size_t maxLength) const;
    // Tokens joined, "##" continuations glued back, with Hugging Face's cleanup of spaces
    // before punctuation and contractions.
    std::string decode(const std::vector<std::int32_t> &ids, bool skipSpecialTokens = true) const;

    std::int32_t id(const std::string &token) const;  // -1 when absent
    const std::string &token(std::int32_t id) const;
    std::size_t vocabularySize() const { return m_tokens.size(); }
    std::size_t maxLength() const { return m_maxLength; }
    std::int32_t padId() const { return m_pad; }

private:
    std::u32string normalize(std::string_view text) const;
    void wordPiece(const std::u32string &word, Encoding &out) const;

    std::unordered_map<std::string, std::int32_t> m_vocab;
    std::vector<std::string> m_tokens;
    AddedTokens m_added;
    bool m_cleanText = true, m_chineseChars = true, m_stripAccents = true, m_lowercase = true;
    std::string m_prefix = "##";
    std::size_t m_maxCharsPerWord = 100;
    std::size_t m_maxLength = 512;
    std::int32_t m_unk = -1, m_cls = -1, m_sep = -1, m_pad = 0;
};

} // namespace keel::nn

namespace keel::nn {

class GgufFile;

// Byte-level BPE as GPT-2 and the Llama family's GGUF files use it ("gpt2" tokenizer model):
// added tokens split out first, then the pre-tokeniser's pieces (GPT-2's pattern; "smollm"
// first isolates every digit), each piece's UTF-8 bytes mapped to GPT-2's printable byte
// alphabet, merged by rank. Ids equal Hugging Face tokenizers' for the same vocabulary, merges
// and pre-tokeniser.
class BpeTokenizer {
public:
    enum class PreTokenizer { Gpt2, Smollm, Llama3 };

    // From a GGUF file's tokenizer.ggml.* metadata: byte-level BPE ("gpt2": merges) or
    // SentencePiece BPE ("llama": pieces with scores, "▁" for spaces, <0xXX> byte fallback, as
    // Llama 2, Mistral and TinyLlama have); throws keel::Error naming the key when the file's
    // tokenizer is not one Keel reads.
    static BpeTokenizer fromGguf(const GgufFile &file);
    BpeTokenizer(std::vector<std::string> tokens, const std::vector<std::string> &merges, PreTokenizer pre);

    // Control and user-defined tokens, matched in the raw text.
    void addSpecialToken(std::int32_t id);
    Encoding encode(std::string_view text, bool addBos = false) const;
    // A prompt as the model expects it: its beginning-of-text token first when the vocabulary
    // asks for one (add_bos_token, as SentencePiece models do) and the text (a rendered chat
    // template, say) does not already begin with it.
    Encoding encodePrompt(std::string_view text) const;
    std::string decode(const std::vector<std::int32_t> &ids, bool skipSpecialTokens = false) const;
    // The bytes a token stands for (special tokens: their text).
    std::string tokenBytes(std::int32_t id) const;

    std::int32_t id(const std::string &token) const;
    const std::string &token(std::int32_t id) const;
    bool isSpecial(std::int32_t id) const;
    std::size_t vocabularySize() const { return m_tokens.size(); }
    std::int32_t bos() const { return m_bos; }
    std::int32_t eos() const { return m_eos; }
    PreTokenizer preTokenizer() const { return m_pre; }
    void setPreTokenizer(PreTokenizer pre) { m_pre = pre; }
    bool sentencePiece() const { return m_spm; }
    // Whether the model expects its beginning-of-text token before a prompt (add_bos_token).
    bool addsBos() const { return m_addBos; }

    // Pre-tokenisation alone (for tests): the pieces of `text`, as UTF-8.
    std::vector<std::string> preTokenize(std::string_view text) const;

private:
    static BpeTokenizer sentencePieceFromGguf(const GgufFile &file);
    void bpe(const std::string &piece, Encoding &out) const;
    void sentencePieceBpe(const std::string &text, Encoding &out) const;

    std::vector<std::string> m_tokens;
    std::unordered_map<std::string, std::int32_t> m_vocab;
    std::unordered_map<std::string, std::int32_t> m_mergeRank; // "left right" → rank
    std::vector<bool> m_special;
    AddedTokens m_added;
    PreTokenizer m_pre = PreTokenizer::Gpt2;
    std::int32_t m_bos = -1, m_eos = -1;
    // SentencePiece
    bool m_spm = false, m_addSpacePrefix = true, m_addBos = false;
    std::vector<float> m_scores;
    std::vector<std::int32_t> m_byteToken; // <0xXX> → id, -1 where absent
    std::vector<std::int16_t> m_tokenByte; // id → the byte of a <0xXX> piece, -1 for others
    std::int32_t m_unk = -1;
};

// Turns streamed token ids into text without ever splitting a UTF-8 character: bytes of an
// unfinished character wait for the next token.
class StreamingDetokenizer {
public:
    explicit StreamingDetokenizer(const BpeTokenizer &tokenizer) : m_tokenizer(tokenizer) {}
    // The text that became complete with this token (may be empty).
    std::string push(std::int32_t id);
    // Whatever is left at the end (an unfinished character becomes U+FFFD).
    std::string finish();

private:
    const BpeTokenizer &m_tokenizer;
    std::string m_pending;
};

} // namespace keel::nn
