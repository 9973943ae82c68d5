#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace keel::data {

enum class ColumnType { Numerical, Categorical, Boolean, Datetime, Text };
const char *toString(ColumnType type);
std::optional<ColumnType> columnTypeFromString(const std::string &text);

// Out of core, a non-numerical column keeps at most this many distinct texts (its dictionary is in
// memory); one with more keeps no cells (Column::distinctCapped).
inline constexpr std::size_t kMaxSpilledCategories = 65536;

// A column's cells kept in a temporary file instead of memory (readDelimitedOutOfCore): one slot
// per row, in row order, a double for a numerical column (missing: NaN, which no cell reads as)
// and a dictionary code for the others (missing: kMissingCode). The file is unlinked as soon as
// it is made, so it goes with the last handle, however the process ends.
class SpilledCells {
public:
    static constexpr std::uint32_t kMissingCode = 0xFFFFFFFFu;
    // Throws keel::Error naming the folder when no file can be made there.
    explicit SpilledCells(const std::filesystem::path &folder);
    ~SpilledCells();
    SpilledCells(const SpilledCells &) = delete;
    SpilledCells &operator=(const SpilledCells &) = delete;

    bool numbers = true;      // slots are doubles (else 32-bit codes)
    std::size_t rows = 0;     // slots written
    std::size_t present = 0;  // slots that are not missing

    // Slots first .. first + count − 1 (of the kind `numbers` says) into `out`; safe from
    // several threads at once. Throws keel::Error when the file cannot be read.
    void read(std::size_t first, std::size_t count, void *out) const;
    // The slots a block at a time, in row order: fn(first row, count, the numbers or the codes
    // (the other nullptr)) until it returns false.
    void forBlocks(const std::function<bool(std::size_t first, std::size_t count, const double *numbers, const std::uint32_t *codes)> &fn) const;
    const std::filesystem::path &folder() const { return m_folder; }
    // The writer's side (the reader that fills it): slots appended at the end; reset empties it.
    void append(const void *slots, std::size_t count);
    void reset(bool asNumbers);

private:
    std::size_t slotBytes() const { return numbers ? sizeof(double) : sizeof(std::uint32_t); }
    int m_fd = -1;
    std::filesystem::path m_folder;
};

// One column, as read. Numerical columns keep their present cells as numbers; the others keep
// each present cell as a code into `categories`, the column's distinct texts (so a million rows
// of "true"/"false" take 4 bytes each, and counting categories never hashes a string). Missing
// cells are counted, not kept.
struct Column {
    std::string name;
    ColumnType type = ColumnType::Categorical;
    std::vector<double> numbers;                                // numerical columns: present cells, in row order
    std::vector<std::uint32_t> codes;                           // other columns: present cells as indexes into categories
    std::shared_ptr<const std::vector<std::string>> categories; // distinct texts in order of first appearance (shared by slices)
    std::vector<std::uint32_t> rowOf;  // the row (0-based, header not counted) of each present cell; empty when every row is present
    std::size_t missing = 0;           // empty, NA, NaN, null, None ... (pandas' default NA spellings)
    std::size_t distinct = 0;          // distinct texts of a non-numerical column
    // Read out of core: the cells are in this file, and numbers, codes and rowOf are empty
    // (inCore() gives the column with them).
    std::shared_ptr<const SpilledCells> spilled;
    // Read out of core with more than kMaxSpilledCategories distinct texts (an identifier, free
    // text): no cells are kept, only the counts.
    bool distinctCapped = false;
    std::size_t present() const
    {
        return spilled ? spilled->present : type == ColumnType::Numerical ? numbers.size() : codes.size();
    }
    std::uint32_t row(std::size_t i) const { return rowOf.empty() ? std::uint32_t(i) : rowOf[i]; }
    const std::string &text(std::size_t i) const { return (*categories)[codes[i]]; }
    // Every present cell of a non-numerical column as text, in row order (for small columns and tests).
    std::vector<std::string> texts() const;
};

struct Table {
    std::filesystem::path source;
    std::size_t rows = 0;
    std::vector<Column> columns;
    const Column *column(const std::string &name) const;
};

// Reads a CSV or TSV file with a header row: RFC 4180 quoting ("a, b", "say ""hi"""), CRLF or
// LF, delimiter from the extension (.tsv: tab) or sniffed from the header (, ; tab |). Types are
// inferred per column (all numbers → numerical; true/false/yes/no → boolean; ISO dates →
// datetime; mostly-unique long strings → text; otherwise categorical) unless `overrides` names
// one. One pass keeps numbers as numbers and texts as codes; a column that turns out not to be
// numerical after numbers were kept without their text is read again, alone. Throws keel::Error
// naming the file, line and column for ragged rows, unclosed quotes, bytes that are not UTF-8,
// an empty file, a duplicate header, or a non-number in a column declared numerical.
// `maxRows` > 0 stops after that many rows (a preview: names and guessed types).
Table readDelimited(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides = {}, std::size_t maxRows = 0);
// Files from this size on (32 MiB unless set; 0: every file) are read in parts on every core
// when their records have no quotes, with the same result; tests set it to compare.
void setPartedReadMinimum(std::uint64_t bytes);

// readDelimited with every column's cells written to a temporary file in `folder` as the file
// streams by (Column::spilled) instead of kept: memory holds the dictionaries of the non-numerical
// columns (at most kMaxSpilledCategories texts each) and a buffer per column, whatever the number
// of rows. The same columns, types and errors as readDelimited (a file is read through, not in
// parts), except that a column with more distinct texts keeps none (Column::distinctCapped).
Table readDelimitedOutOfCore(const std::filesystem::path &file, const std::filesystem::path &folder,
                             const std::map<std::string, ColumnType> &overrides = {});
// The column with its cells in memory, as readDelimited gives it (itself when it is not spilled).
Column inCore(const Column &column);

// Reads JSON Lines (one flat JSON object per line, as pandas.read_json(lines=True) takes):
// columns in order of first appearance; null, an NA spelling or an absent key is missing;
// numbers, strings and booleans are cells. Throws keel::Error naming the file, line and byte for
// a line that is not JSON, not an object, or holds a nested array or object.
Table readJsonLines(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides = {}, std::size_t maxRows = 0);

// Rows held in memory (a serving request's inputs, the inference log) read as readJsonLines
// reads a file's lines; `source` names them in messages ("request 7: row 3: ...") and becomes
// the table's source.
Table tableFromJsonRows(const std::vector<nlohmann::ordered_json> &rows, const std::string &source,
                        const std::map<std::string, ColumnType> &overrides = {});

// Whether readTable reads `file` as JSON Lines (.jsonl, .ndjson).
bool isJsonLinesFile(const std::filesystem::path &file);
// readJsonLines for .jsonl and .ndjson files, readDelimited for everything else.
Table readTable(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides = {}, std::size_t maxRows = 0);

// The rows `rows` (0-based, any order, repeats allowed) of `table`, in that order, as a table of
// their own: types and dictionaries kept (shared), missing cells still missing.
Table takeRows(const Table &table, const std::vector<std::uint32_t> &rows);

// Tables with the same columns (names and types, in any order) as one, rows in order: the
// first table's columns, texts' dictionaries merged. Throws keel::Error naming the file and the
// column when a column is missing from one of them or has another type there.
Table concatTables(const std::vector<Table> &tables);

// Two tables read at once: `second` on a thread of its own while `first` runs here. When either
// throws, the other is waited for before the error goes on (nothing is left running).
// `bothParse`: both read files (two reads at once share the cores, so neither splits its file
// into parts); false when the first only loads a stored table, so the second parses in parts.
std::pair<Table, Table> readBoth(const std::function<Table()> &first, const std::function<Table()> &second, bool bothParse = true);

} // namespace keel::data
