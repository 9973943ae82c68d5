#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace keel::rag {

// A file a RAG build reads, found without reading it.
struct SourceFile {
    std::filesystem::path path;
    std::string relative;       // the path as the index records it: relative to the root it was found under
    std::string kind;           // "text", "markdown", "html", "pdf", "code"
    std::uint64_t size = 0;
    std::int64_t mtimeNs = 0;
};

// A file left out, with the reason the build report shows.
struct SkippedFile {
    std::string relative;
    std::string reason;
};

struct SourceLimits {
    std::uint64_t maxFileBytes = 64ull << 20;   // larger files are skipped (memory stays bounded)
    std::size_t maxFiles = 200000;              // more files than this under the roots: the rest are skipped
};

struct SourceList {
    std::vector<SourceFile> files;              // sorted by relative path
    std::vector<SkippedFile> skipped;
};

// The kind of document a file's extension says it is, or "" when Keel does not read it.
std::string documentKind(const std::filesystem::path &file);

// Every readable file under `roots` (files or folders, walked recursively, hidden entries
// skipped). Files too large, unreadable or of an extension Keel does not read are listed as
// skipped; a root that does not exist throws keel::Error (BadInput) naming it.
SourceList listSources(const std::vector<std::filesystem::path> &roots, const SourceLimits &limits = {});

// The text a document holds, as UTF-8.
struct Document {
    std::string text;
    // For PDFs: the byte offset in `text` where each page begins (page i + 1 at pageStarts[i]).
    std::vector<std::size_t> pageStarts;
    std::string title;          // the HTML <title> or the first Markdown heading, when there is one
    std::string hash;           // SHA-256 of the file's bytes

    // The 1-based page that byte `offset` falls on, 0 for documents without pages.
    int pageAt(std::size_t offset) const;
};

// Reads one file: text, Markdown and source code as they are (Markdown is chunked by its
// headings later), HTML as its visible text (gumbo; scripts and styles dropped, blocks on their
// own lines), PDF as the text of each page (poppler). Throws keel::Error (BadInput) with the
// reason when the file cannot be used: binary content, invalid UTF-8 (with the byte offset), an
// encrypted or damaged PDF, no text at all.
Document readDocument(const SourceFile &file);

} // namespace keel::rag
