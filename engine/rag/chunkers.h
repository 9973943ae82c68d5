#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace keel::rag {

// A piece of a document that is embedded and retrieved on its own.
struct Chunk {
    std::string text;
    std::size_t begin = 0, end = 0;   // byte offsets of the chunk in the document's text
    int page = 0;                     // 1-based PDF page of `begin`, 0 when the document has none
    std::string headingPath;          // Markdown: the headings above the chunk, "Intro > Setup"
};

enum class ChunkerKind {
    Tokens,     // fixed windows of the embedding model's tokens, with overlap (word-aligned)
    Recursive,  // LangChain's RecursiveCharacterTextSplitter: separators in order, lengths in characters
    Sentence,   // LlamaIndex's SentenceSplitter: paragraphs, sentences (Punkt), phrases; lengths in tokens
    Markdown,   // sections by heading (cmark), each section split recursively when it is too long
};

struct ChunkerSpec {
    ChunkerKind kind = ChunkerKind::Recursive;
    std::size_t size = 0;       // 0: the chunker's default (LangChain 4000 characters, LlamaIndex 1024 tokens, 256 tokens, 1000 characters)
    std::size_t overlap = 0;    // used when size is set; with size 0 the default overlap (200, 200, 32, 0)
    bool overlapSet = false;

    std::size_t effectiveSize() const;
    std::size_t effectiveOverlap() const;
    // "recursive size=4000 overlap=200": what manifests record and caches are keyed by.
    std::string key() const;
};

// "tokens", "recursive", "sentence", "markdown"; throws keel::Error (BadInput) naming the others.
ChunkerKind chunkerKindFromName(std::string_view name);
std::string chunkerName(ChunkerKind kind);

// How many tokens a text is, as the embedding model's tokenizer counts them (without special tokens).
using TokenCounter = std::function<std::size_t(std::string_view)>;

// Splits `text` with the chunker; `tokens` is needed for Tokens and Sentence. Throws keel::Error
// (BadInput) when the overlap is not smaller than the size.
std::vector<Chunk> chunkText(std::string_view text, const ChunkerSpec &spec, const TokenCounter &tokens = {});

// The underlying splitters, for the checks against their Python peers.
// LangChain's RecursiveCharacterTextSplitter(chunk_size, chunk_overlap) with its defaults
// (separators "\n\n", "\n", " ", "", kept at the start of the next piece, chunks stripped).
std::vector<std::string> recursiveSplit(std::string_view text, std::size_t size, std::size_t overlap,
                                        const std::vector<std::string> &separators = {"\n\n", "\n", " ", ""});
// LlamaIndex's SentenceSplitter(chunk_size, chunk_overlap, tokenizer) with its defaults.
std::vector<std::string> sentenceSplit(std::string_view text, std::size_t size, std::size_t overlap, const TokenCounter &tokens);
// NLTK's PunktSentenceTokenizer() without training (what LlamaIndex uses): sentence spans as
// byte offsets.
std::vector<std::pair<std::size_t, std::size_t>> punktSentenceSpans(std::string_view text);

} // namespace keel::rag
