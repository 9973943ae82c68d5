#include "rag/documents.h"

#include "core/error.h"
#include "core/sha256.h"
#include "core/utf8.h"

#include <cmark.h>
#include <gumbo.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <set>
#include <system_error>

namespace keel::rag {
namespace fs = std::filesystem;

namespace {

std::string lowerExtension(const fs::path &file)
{
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

bool hidden(const fs::path &p)
{
    const std::string name = p.filename().string();
    return name.size() > 1 && name[0] == '.';
}

std::string readAll(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throwError(ErrorKind::BadInput, "cannot be read (" + systemErrorText(errno) + ")");
    std::string bytes;
    in.seekg(0, std::ios::end);
    bytes.resize(std::size_t(in.tellg()));
    in.seekg(0);
    in.read(bytes.data(), std::streamsize(bytes.size()));
    if (!in)
        throwError(ErrorKind::BadInput, "cannot be read to its end");
    return bytes;
}

void checkText(const std::string &bytes)
{
    if (bytes.find('\0') != std::string::npos)
        throwError(ErrorKind::BadInput, "binary content (a NUL byte at offset " + std::to_string(bytes.find('\0')) + ")");
    const std::size_t bad = firstInvalidUtf8(bytes);
    if (bad != std::string::npos)
        throwError(ErrorKind::BadInput, "not UTF-8 text (an invalid byte at offset " + std::to_string(bad) + ")");
}

bool blank(const std::string &text)
{
    return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string attribute(const GumboNode *node, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&node->v.element.attributes, name);
    return a ? a->value : "";
}

// Page furniture that is not the document's text: navigation, sidebars, search boxes, the
// permalink marks Sphinx puts after headings.
bool furniture(const GumboNode *node)
{
    const GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FORM)
        return true;
    const std::string role = attribute(node, "role");
    if (role == "navigation" || role == "search" || role == "banner" || role == "contentinfo")
        return true;
    const std::string cls = attribute(node, "class");
    for (const char *word : {"sidebar", "headerlink", "related", "breadcrumb", "navigation", "toctree-wrapper"})
        if (cls.find(word) != std::string::npos)
            return true;
    return false;
}

// The element that holds the page's content, when the page says which (<main>, role="main").
const GumboNode *mainContent(const GumboNode *node)
{
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT)
        return nullptr;
    if (node->type == GUMBO_NODE_ELEMENT && (node->v.element.tag == GUMBO_TAG_MAIN || attribute(node, "role") == "main"))
        return node;
    const GumboVector *children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    for (unsigned i = 0; i < children->length; ++i)
        if (const GumboNode *found = mainContent(static_cast<const GumboNode *>(children->data[i])))
            return found;
    return nullptr;
}

const GumboNode *findTitle(const GumboNode *node)
{
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT)
        return nullptr;
    if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_TITLE)
        return node;
    const GumboVector *children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    for (unsigned i = 0; i < children->length; ++i)
        if (const GumboNode *found = findTitle(static_cast<const GumboNode *>(children->data[i])))
            return found;
    return nullptr;
}

// The visible text of an HTML tree: block elements on their own lines, scripts and styles out.
void visibleText(const GumboNode *node, std::string &out, std::string &title)
{
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
        const char *text = node->v.text.text;
        // Runs of white space collapse as a browser shows them.
        for (const char *c = text; *c; ++c) {
            const bool space = *c == ' ' || *c == '\n' || *c == '\t' || *c == '\r' || *c == '\f';
            if (space) {
                if (!out.empty() && out.back() != ' ' && out.back() != '\n')
                    out.push_back(' ');
            } else {
                out.push_back(*c);
            }
        }
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT)
        return;
    const GumboVector *children = node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    GumboTag tag = node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE)
        return;
    if (node->type == GUMBO_NODE_ELEMENT && furniture(node))
        return;
    if (tag == GUMBO_TAG_TITLE) {
        std::string t, ignored;
        for (unsigned i = 0; i < children->length; ++i)
            visibleText(static_cast<const GumboNode *>(children->data[i]), t, ignored);
        if (title.empty())
            title = t;
        return;
    }
    static const std::set<GumboTag> blocks{GUMBO_TAG_P,     GUMBO_TAG_DIV,   GUMBO_TAG_BR,      GUMBO_TAG_H1,    GUMBO_TAG_H2,
                                           GUMBO_TAG_H3,    GUMBO_TAG_H4,    GUMBO_TAG_H5,      GUMBO_TAG_H6,    GUMBO_TAG_LI,
                                           GUMBO_TAG_TR,    GUMBO_TAG_PRE,   GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_DT,
                                           GUMBO_TAG_DD,    GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_TABLE, GUMBO_TAG_UL, GUMBO_TAG_OL,
                                           GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_NAV, GUMBO_TAG_DL};
    const bool block = blocks.count(tag) > 0;
    auto newline = [&out] {
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        if (!out.empty() && out.back() != '\n')
            out.push_back('\n');
    };
    if (block)
        newline();
    if (tag == GUMBO_TAG_PRE) {
        // Preformatted text keeps its lines.
        for (unsigned i = 0; i < children->length; ++i) {
            const auto *child = static_cast<const GumboNode *>(children->data[i]);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE)
                out += child->v.text.text;
            else
                visibleText(child, out, title);
        }
    } else {
        for (unsigned i = 0; i < children->length; ++i)
            visibleText(static_cast<const GumboNode *>(children->data[i]), out, title);
    }
    if (block)
        newline();
}

Document readHtml(const std::string &bytes)
{
    std::unique_ptr<GumboOutput, void (*)(GumboOutput *)> parsed(gumbo_parse_with_options(&kGumboDefaultOptions, bytes.data(), bytes.size()),
                                                                 [](GumboOutput *o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
    Document doc;
    if (const GumboNode *title = findTitle(parsed->document)) {
        std::string ignored;
        visibleText(title, ignored, doc.title);
    }
    const GumboNode *main = mainContent(parsed->document);
    visibleText(main ? main : parsed->document, doc.text, doc.title);
    while (!doc.text.empty() && (doc.text.back() == '\n' || doc.text.back() == ' '))
        doc.text.pop_back();
    return doc;
}

Document readPdf(const std::string &bytes)
{
    std::vector<char> data(bytes.begin(), bytes.end());
    std::unique_ptr<poppler::document> pdf(poppler::document::load_from_data(&data));
    if (!pdf)
        throwError(ErrorKind::BadInput, "not a PDF poppler can open (damaged or not a PDF)");
    if (pdf->is_locked())
        throwError(ErrorKind::BadInput, "an encrypted PDF (it needs a password)");
    Document doc;
    const int pages = pdf->pages();
    for (int i = 0; i < pages; ++i) {
        std::unique_ptr<poppler::page> page(pdf->create_page(i));
        if (!doc.text.empty())
            doc.text += "\n\n";
        doc.pageStarts.push_back(doc.text.size());
        if (!page)
            continue;
        const poppler::byte_array utf8 = page->text().to_utf8();
        std::string text(utf8.begin(), utf8.end());
        // poppler ends lines with \n and pages sometimes with a form feed.
        text.erase(std::remove(text.begin(), text.end(), '\f'), text.end());
        doc.text += text;
    }
    const poppler::byte_array title = pdf->get_title().to_utf8();
    doc.title.assign(title.begin(), title.end());
    return doc;
}

std::string firstMarkdownHeading(const std::string &bytes)
{
    std::unique_ptr<cmark_node, void (*)(cmark_node *)> root(cmark_parse_document(bytes.data(), bytes.size(), CMARK_OPT_DEFAULT), cmark_node_free);
    for (cmark_node *n = cmark_node_first_child(root.get()); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
            continue;
        std::string text;
        std::unique_ptr<cmark_iter, void (*)(cmark_iter *)> it(cmark_iter_new(n), cmark_iter_free);
        for (cmark_event_type ev; (ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE;) {
            cmark_node *c = cmark_iter_get_node(it.get());
            if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(c) == CMARK_NODE_TEXT || cmark_node_get_type(c) == CMARK_NODE_CODE))
                text += cmark_node_get_literal(c);
        }
        return text;
    }
    return {};
}

} // namespace

std::string documentKind(const fs::path &file)
{
    static const std::set<std::string> text{".txt", ".text", ".rst", ".log", ".csv", ".tsv", ".json", ".jsonl", ".yaml", ".yml", ".toml", ".ini", ".cfg"};
    static const std::set<std::string> markdown{".md", ".markdown", ".mdx"};
    static const std::set<std::string> html{".html", ".htm", ".xhtml"};
    static const std::set<std::string> code{".c",  ".h",   ".cc",  ".cpp", ".cxx", ".hpp", ".hh", ".cu", ".py",   ".pyi",  ".js",  ".ts",
                                            ".tsx", ".jsx", ".java", ".kt", ".go",  ".rs",  ".rb", ".php", ".cs",  ".swift", ".scala", ".sh",
                                            ".bash", ".sql", ".r",  ".jl", ".lua", ".pl", ".m",  ".cmake", ".proto"};
    const std::string ext = lowerExtension(file);
    if (text.count(ext))
        return "text";
    if (markdown.count(ext))
        return "markdown";
    if (html.count(ext))
        return "html";
    if (ext == ".pdf")
        return "pdf";
    if (code.count(ext) || file.filename() == "CMakeLists.txt" || file.filename() == "Makefile")
        return "code";
    return {};
}

SourceList listSources(const std::vector<fs::path> &roots, const SourceLimits &limits)
{
    SourceList list;
    std::set<std::string> seen;
    std::size_t tooMany = 0;
    auto consider = [&](const fs::path &file, const fs::path &base) {
        std::error_code ec;
        std::string relative = base.empty() ? file.filename().string() : fs::relative(file, base, ec).generic_string();
        if (ec || relative.empty())
            relative = file.generic_string();
        if (!seen.insert(relative).second)
            return;
        const std::string kind = documentKind(file);
        if (kind.empty())
            return; // not a document: images, archives, build outputs are not listed as skipped one by one
        if (list.files.size() >= limits.maxFiles) {
            ++tooMany;
            return;
        }
        const auto size = fs::file_size(file, ec);
        if (ec) {
            list.skipped.push_back({relative, "cannot be read (" + ec.message() + ")"});
            return;
        }
        if (size > limits.maxFileBytes) {
            list.skipped.push_back({relative, "too large (" + std::to_string(size >> 20) + " MiB; the limit is " +
                                                  std::to_string(limits.maxFileBytes >> 20) + " MiB)"});
            return;
        }
        const auto mtime = fs::last_write_time(file, ec);
        SourceFile f{file, relative, kind, size, ec ? 0 : std::int64_t(mtime.time_since_epoch().count())};
        list.files.push_back(std::move(f));
    };
    for (const fs::path &root : roots) {
        std::error_code ec;
        const auto status = fs::status(root, ec);
        if (ec || !fs::exists(status))
            throwError(ErrorKind::BadInput, root.string() + ": no such file or folder");
        if (fs::is_regular_file(status)) {
            consider(root, {});
            continue;
        }
        if (!fs::is_directory(status))
            throwError(ErrorKind::BadInput, root.string() + ": neither a file nor a folder");
        fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
        if (ec)
            throwError(ErrorKind::BadInput, root.string() + ": cannot be listed (" + ec.message() + ")");
        for (; it != end; it.increment(ec)) {
            if (ec)
                break;
            if (hidden(it->path())) {
                if (it->is_directory(ec))
                    it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec))
                consider(it->path(), root);
        }
    }
    if (tooMany > 0)
        list.skipped.push_back({"(" + std::to_string(tooMany) + " more files)", "over the limit of " + std::to_string(limits.maxFiles) + " files"});
    std::sort(list.files.begin(), list.files.end(), [](const SourceFile &a, const SourceFile &b) { return a.relative < b.relative; });
    return list;
}

int Document::pageAt(std::size_t offset) const
{
    if (pageStarts.empty())
        return 0;
    auto it = std::upper_bound(pageStarts.begin(), pageStarts.end(), offset);
    return int(it - pageStarts.begin());
}

Document readDocument(const SourceFile &file)
{
    const std::string bytes = readAll(file.path);
    Document doc;
    if (file.kind == "pdf") {
        doc = readPdf(bytes);
    } else {
        checkText(bytes);
        if (file.kind == "html") {
            doc = readHtml(bytes);
        } else {
            doc.text = bytes;
            if (file.kind == "markdown")
                doc.title = firstMarkdownHeading(bytes);
        }
    }
    if (blank(doc.text))
        throwError(ErrorKind::BadInput, file.kind == "pdf" ? "no text (a scanned PDF without a text layer?)" : "empty: no text");
    const std::size_t bad = firstInvalidUtf8(doc.text);
    if (bad != std::string::npos)
        throwError(ErrorKind::BadInput, "the extracted text is not UTF-8 (an invalid byte at offset " + std::to_string(bad) + ")");
    doc.hash = sha256Hex(bytes);
    return doc;
}

} // namespace keel::rag
