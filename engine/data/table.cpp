#include "data/table.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace keel::data {
namespace {

bool isMissing(const std::string &s)
{
    // pandas' default NA spellings.
    static const std::unordered_set<std::string_view> na{"", "NA", "N/A", "n/a", "NaN", "nan", "-nan", "-NaN", "null", "NULL", "None",
                                                         "#N/A", "#NA", "<NA>", "#N/A N/A", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN"};
    return s.size() <= 8 && na.count(std::string_view(s)) > 0;
}

bool validUtf8(const std::string &s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
        if (extra < 0 || i + std::size_t(extra) >= s.size() + (extra == 0 ? 1 : 0))
            return false; // not a lead byte, or the sequence runs past the end
        for (int k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(s[i + std::size_t(k)]) >> 6) != 0x2)
                return false;
        }
        i += std::size_t(extra) + 1;
    }
    return true;
}

bool parseNumber(const std::string &s, double &out)
{
    char *end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && !s.empty() && std::isfinite(out);
}

char sniffDelimiter(const std::string &header, const std::filesystem::path &file)
{
    if (file.extension() == ".tsv" || file.extension() == ".tab")
        return '\t';
    char best = ',';
    std::size_t bestCount = 0;
    for (char d : {',', '\t', ';', '|'}) {
        const auto n = std::size_t(std::count(header.begin(), header.end(), d));
        if (n > bestCount) {
            best = d;
            bestCount = n;
        }
    }
    return best;
}

// Types each column from its present cells (or takes the override), fills `values`, `distinct`
// and, for numerical columns, `numbers`.
void inferTypes(Table &table, std::vector<std::vector<std::string>> &cells, const std::map<std::string, ColumnType> &overrides)
{
    const std::filesystem::path &file = table.source;
    static const std::regex isoDate(R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$)");
    static const std::set<std::string> booleans{"true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "Yes", "No"};
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        Column &col = table.columns[c];
        col.values = std::move(cells[c]);
        const std::unordered_set<std::string_view> distinct(col.values.begin(), col.values.end());
        col.distinct = distinct.size();
        if (auto it = overrides.find(col.name); it != overrides.end()) {
            col.type = it->second;
        } else if (col.values.empty()) {
            col.type = ColumnType::Categorical;
        } else if (std::all_of(distinct.begin(), distinct.end(), [](std::string_view s) { double d; return parseNumber(std::string(s), d); })) {
            col.type = ColumnType::Numerical;
        } else if (std::all_of(distinct.begin(), distinct.end(), [](std::string_view s) { return booleans.count(std::string(s)) > 0; })) {
            col.type = ColumnType::Boolean;
        } else if (std::all_of(distinct.begin(), distinct.end(), [](std::string_view s) { return std::regex_match(s.begin(), s.end(), isoDate); })) {
            col.type = ColumnType::Datetime;
        } else {
            std::size_t longOnes = 0;
            for (const auto &s : distinct)
                longOnes += s.size() > 40 ? 1 : 0;
            col.type = distinct.size() > col.values.size() / 2 && longOnes > distinct.size() / 2 ? ColumnType::Text : ColumnType::Categorical;
        }
        if (col.type == ColumnType::Numerical) {
            col.numbers.reserve(col.values.size());
            for (std::size_t r = 0; r < col.values.size(); ++r) {
                double v = 0;
                if (!parseNumber(col.values[r], v))
                    throwError(ErrorKind::BadInput, file.string() + ": column \"" + col.name + "\" was declared numerical, but \"" +
                                                        col.values[r] + "\" is not a number");
                col.numbers.push_back(v);
            }
            std::vector<std::string>().swap(col.values); // the numbers are enough: halve the memory
        }
    }
}

} // namespace

const char *toString(ColumnType type)
{
    switch (type) {
    case ColumnType::Numerical: return "numerical";
    case ColumnType::Categorical: return "categorical";
    case ColumnType::Boolean: return "boolean";
    case ColumnType::Datetime: return "datetime";
    case ColumnType::Text: return "text";
    }
    return "categorical";
}

std::optional<ColumnType> columnTypeFromString(const std::string &text)
{
    for (ColumnType t : {ColumnType::Numerical, ColumnType::Categorical, ColumnType::Boolean, ColumnType::Datetime, ColumnType::Text})
        if (text == toString(t))
            return t;
    return std::nullopt;
}

const Column *Table::column(const std::string &name) const
{
    for (const Column &c : columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

Table readJsonLines(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read " + file.string());
    Table table;
    table.source = file;
    std::vector<std::vector<std::string>> cells;
    std::vector<std::size_t> seenRows; // per column: rows that had it, to count the rows that did not
    std::unordered_map<std::string, std::size_t> index;
    std::string line;
    std::size_t lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (lineNumber == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
            line.erase(0, 3);
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        nlohmann::ordered_json row;
        try {
            row = nlohmann::ordered_json::parse(line);
        } catch (const nlohmann::json::parse_error &e) {
            throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(lineNumber) + ":" + std::to_string(e.byte) +
                                                ": not JSON (" + e.what() + ")");
        }
        if (!row.is_object())
            throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(lineNumber) + ": each line must be a JSON object");
        for (auto it = row.begin(); it != row.end(); ++it) {
            auto [pos, added] = index.emplace(it.key(), table.columns.size());
            if (added) {
                table.columns.push_back(Column{it.key()});
                table.columns.back().missing = table.rows; // the rows before it first appeared
                cells.emplace_back();
                seenRows.push_back(table.rows);
            }
            const std::size_t c = pos->second;
            ++seenRows[c];
            const std::size_t before = cells[c].size();
            const nlohmann::ordered_json &v = it.value();
            if (v.is_null()) {
                ++table.columns[c].missing;
            } else if (v.is_string()) {
                const auto &text = v.get_ref<const std::string &>();
                if (isMissing(text))
                    ++table.columns[c].missing;
                else
                    cells[c].push_back(text);
            } else if (v.is_boolean()) {
                cells[c].push_back(v.get<bool>() ? "true" : "false");
            } else if (v.is_number()) {
                cells[c].push_back(v.dump());
            } else {
                throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(lineNumber) + ": field \"" + it.key() +
                                                    "\" holds a nested " + (v.is_array() ? "array" : "object") + "; only flat rows can be compared");
            }
            if (cells[c].size() > before)
                table.columns[c].rowOf.push_back(std::uint32_t(table.rows));
        }
        ++table.rows;
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            if (seenRows[c] < table.rows) { // absent from this row
                ++table.columns[c].missing;
                seenRows[c] = table.rows;
            }
        }
        if (maxRows && table.rows >= maxRows)
            break;
    }
    if (table.columns.empty())
        throwError(ErrorKind::BadInput, file.string() + " is empty: no JSON rows");
    inferTypes(table, cells, overrides);
    return table;
}

Table readTable(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows)
{
    const auto ext = file.extension();
    if (ext == ".jsonl" || ext == ".ndjson")
        return readJsonLines(file, overrides, maxRows);
    return readDelimited(file, overrides, maxRows);
}

Table readDelimited(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read " + file.string());
    Table table;
    table.source = file;
    std::string line;
    std::size_t lineNumber = 0;
    char delimiter = ',';
    std::vector<std::vector<std::string>> cells; // per column
    bool header = true;
    std::string pending; // a record continued over lines inside quotes
    std::size_t recordStart = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (pending.empty())
            recordStart = lineNumber;
        std::string record = pending.empty() ? line : pending + "\n" + line;
        if (header && pending.empty()) {
            if (lineNumber == 1 && record.rfind("\xEF\xBB\xBF", 0) == 0)
                record.erase(0, 3); // UTF-8 byte order mark
            delimiter = sniffDelimiter(record, file);
        }
        // Split the record, honouring quotes; an odd number of quotes continues on the next line.
        std::vector<std::string> fields;
        std::string field;
        bool quoted = false;
        for (std::size_t i = 0; i < record.size(); ++i) {
            const char c = record[i];
            if (quoted) {
                if (c == '"' && i + 1 < record.size() && record[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field += c;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                fields.push_back(std::move(field));
                field.clear();
            } else {
                field += c;
            }
        }
        if (quoted) {
            pending = record;
            continue;
        }
        pending.clear();
        fields.push_back(std::move(field));
        if (header) {
            if (fields.size() == 1 && fields[0].empty())
                continue; // blank lines before the header
            std::set<std::string> seen;
            for (std::size_t c = 0; c < fields.size(); ++c) {
                if (!validUtf8(fields[c]))
                    throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": column " + std::to_string(c + 1) +
                                                        " of the header is not UTF-8 text");
                if (!seen.insert(fields[c]).second)
                    throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": the header names \"" +
                                                        fields[c] + "\" twice");
                table.columns.push_back(Column{fields[c]});
            }
            cells.resize(fields.size());
            header = false;
            continue;
        }
        if (fields.size() == 1 && fields[0].empty())
            continue; // a blank line
        if (fields.size() != table.columns.size())
            throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": " + std::to_string(fields.size()) +
                                                " fields, but the header has " + std::to_string(table.columns.size()));
        for (std::size_t c = 0; c < fields.size(); ++c) {
            if (!validUtf8(fields[c]))
                throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": column \"" + table.columns[c].name +
                                                    "\" holds bytes that are not UTF-8");
            if (isMissing(fields[c])) {
                ++table.columns[c].missing;
            } else {
                cells[c].push_back(std::move(fields[c]));
                table.columns[c].rowOf.push_back(std::uint32_t(table.rows));
            }
        }
        ++table.rows;
        if (maxRows && table.rows >= maxRows)
            break;
    }
    if (!pending.empty())
        throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": a quoted field is never closed");
    if (table.columns.empty())
        throwError(ErrorKind::BadInput, file.string() + " is empty: no header row");

    inferTypes(table, cells, overrides);
    return table;
}

} // namespace keel::data
