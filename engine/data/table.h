#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::data {

enum class ColumnType { Numerical, Categorical, Boolean, Datetime, Text };
const char *toString(ColumnType type);
std::optional<ColumnType> columnTypeFromString(const std::string &text);

// One column, as read: the cells as text (missing ones left out of `values` but counted), and
// the numbers when the column is numerical.
struct Column {
    std::string name;
    ColumnType type = ColumnType::Categorical;
    std::vector<std::string> values;   // present cells, in row order; empty for numerical columns, which keep `numbers`
    std::vector<double> numbers;       // the same cells as numbers, for numerical columns
    std::vector<std::uint32_t> rowOf;  // the row (0-based, header not counted) of each present cell
    std::size_t missing = 0;           // empty, NA, NaN, null, None ... (pandas' default NA spellings)
    std::size_t distinct = 0;
    std::size_t present() const { return rowOf.size(); }
};

struct Table {
    std::filesystem::path source;
    std::size_t rows = 0;
    std::vector<Column> columns;
    const Column *column(const std::string &name) const;
};

// Reads a CSV or TSV file with a header row: RFC 4180 quoting ("a, b", "say ""hi"""), CRLF or
// LF, delimiter from the extension (.tsv: tab) or sniffed from the header (, ; tab |). Types are
// inferred per column (numbers → numerical; true/false/yes/no/0/1 → boolean; ISO dates →
// datetime; mostly-unique long strings → text; otherwise categorical) unless `overrides` names
// one. Throws keel::Error naming the file, line and column for ragged rows, unclosed quotes,
// bytes that are not UTF-8, an empty file or a duplicate header.
// `maxRows` > 0 stops after that many rows (a preview: names and guessed types).
Table readDelimited(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides = {}, std::size_t maxRows = 0);

// Reads JSON Lines (one flat JSON object per line, as pandas.read_json(lines=True) takes):
// columns in order of first appearance; null, an NA spelling or an absent key is missing;
// numbers, strings and booleans are cells. Throws keel::Error naming the file, line and byte for
// a line that is not JSON, not an object, or holds a nested array or object.
Table readJsonLines(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides = {}, std::size_t maxRows = 0);

// readJsonLines for .jsonl and .ndjson files, readDelimited for everything else.
Table readTable(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides = {}, std::size_t maxRows = 0);

} // namespace keel::data
