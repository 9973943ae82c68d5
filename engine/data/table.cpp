#include "data/table.h"

#include "core/utf8.h"

#include "core/error.h"
#include "core/log.h"

#include <fast_float/fast_float.h>
#include <nlohmann/json.hpp>

#include <optional>

#include <algorithm>
#include <thread>
#include <atomic>
#include <array>
#include <cmath>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <limits>
#include <deque>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace keel::data {
namespace {

bool isMissing(std::string_view s)
{
    // pandas' default NA spellings; every one starts with one of these characters, so most
    // cells are told apart without hashing them.
    static const std::unordered_set<std::string_view> na{"", "NA", "N/A", "n/a", "NaN", "nan", "-nan", "-NaN", "null", "NULL", "None",
                                                         "#N/A", "#NA", "<NA>", "#N/A N/A", "1.#IND", "-1.#IND", "1.#QNAN", "-1.#QNAN"};
    if (s.empty())
        return true;
    const char c = s[0];
    if (s.size() > 8 || (c != 'N' && c != 'n' && c != '-' && c != '#' && c != '<' && c != '1'))
        return false;
    return na.count(s) > 0;
}

// A finite decimal number, whole cell (strtod's leading blanks and '+' allowed), read the same
// whatever the process's locale: fast_float's from_chars (correctly rounded, as std::from_chars
// is, so the same doubles; 12-18 ns a number here against libstdc++'s 18-24, on the short
// numbers of a CSV file). Hexadecimal is text, as pandas reads it.
bool parseNumber(std::string_view s, double &out)
{
    const char *p = s.data(), *end = s.data() + s.size();
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v'))
        ++p;
    if (p < end && *p == '+' && p + 1 < end && *(p + 1) != '-')
        ++p;
    if (p == end)
        return false;
    // Most cells of a CSV file are short decimals ("-0.12345", "3"): with at most 15 digits the
    // digits are a whole number below 2^53 and 10^(digits after the point) is exact too, so one
    // division gives the correctly rounded double (Clinger's fast path), the one fast_float gives.
    // Anything else (an exponent, more digits, a word) is fast_float's.
    {
        static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
        const char *q = p;
        const bool negative = *q == '-';
        q += negative;
        std::uint64_t whole = 0;
        int digits = 0, after = 0;
        for (; q < end && unsigned(*q - '0') < 10; ++q, ++digits)
            whole = whole * 10 + unsigned(*q - '0');
        if (q < end && *q == '.')
            for (++q; q < end && unsigned(*q - '0') < 10; ++q, ++digits, ++after)
                whole = whole * 10 + unsigned(*q - '0');
        if (q == end && digits > 0 && digits <= 15) {
            const double v = double(whole) / kPow10[after];
            out = negative ? -v : v;
            return true;
        }
    }
    const auto [last, ec] = fast_float::from_chars(p, end, out);
    return ec == std::errc() && last == end && std::isfinite(out);
}

// The lines of a file, read in blocks of a megabyte and handed out as views into the block (valid
// until the next call), without the line's end ("\n"); as std::getline splits them, a last line
// without an end included.
class LineReader {
public:
    // At most `limit` bytes from the stream's position (a part of a file read in parts).
    explicit LineReader(std::istream &in, std::uint64_t limit = ~std::uint64_t(0))
        : m_in(in)
        , m_buffer(std::size_t(1) << 20)
        , m_left(limit)
    {
    }

    bool next(std::string_view &line)
    {
        for (;;) {
            if (const void *nl = std::memchr(m_buffer.data() + m_begin, '\n', m_end - m_begin)) {
                const std::size_t at = std::size_t(static_cast<const char *>(nl) - m_buffer.data());
                line = std::string_view(m_buffer.data() + m_begin, at - m_begin);
                m_begin = at + 1;
                return true;
            }
            if (m_eof) {
                if (m_begin == m_end)
                    return false;
                line = std::string_view(m_buffer.data() + m_begin, m_end - m_begin);
                m_begin = m_end;
                return true;
            }
            // The rest of the block to its front, then more of the file after it (a line longer
            // than the block doubles it).
            std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
            m_end -= m_begin;
            m_begin = 0;
            if (m_end == m_buffer.size())
                m_buffer.resize(m_buffer.size() * 2);
            const std::size_t want = std::size_t(std::min<std::uint64_t>(m_buffer.size() - m_end, m_left));
            m_in.read(m_buffer.data() + m_end, std::streamsize(want));
            const std::size_t got = std::size_t(m_in.gcount());
            m_end += got;
            m_left -= got;
            m_eof = got == 0 || !m_in || m_left == 0;
        }
    }

private:
    std::istream &m_in;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0, m_end = 0;
    std::uint64_t m_left;
    bool m_eof = false;
};

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

// Whether two cells hold the same text; short ones (most labels) compared in place, not by a call.
[[gnu::always_inline]] inline bool sameText(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    if (a.size() > 16)
        return std::memcmp(a.data(), b.data(), a.size()) == 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

// Builds one column while the file streams by: numbers while every present cell is one, codes
// into a dictionary of texts otherwise.
class ColumnBuilder {
public:
    // With `spill`, the cells go to that file a buffer at a time instead of staying in memory.
    ColumnBuilder(std::string name, std::optional<ColumnType> override, bool readAsText, std::shared_ptr<SpilledCells> spill = {})
        : m_name(std::move(name))
        , m_override(override)
        , m_numeric(!readAsText && (!override || *override == ColumnType::Numerical))
        , m_spill(std::move(spill))
    {
        if (m_spill)
            m_spill->reset(m_numeric);
    }
    // The index holds views into the dictionary: a copy would keep views into the original's
    // texts (freed with it). Moving keeps them valid (a moved deque keeps its elements).
    ColumnBuilder(const ColumnBuilder &) = delete;
    ColumnBuilder &operator=(const ColumnBuilder &) = delete;
    ColumnBuilder(ColumnBuilder &&) = default;
    ColumnBuilder &operator=(ColumnBuilder &&) = default;

    // `count` rows without this column (JSON Lines: before its key first appeared).
    void addMissing(std::size_t count = 1)
    {
        if (!count)
            return;
        m_missing += count;
        m_rows += count;
        if (m_spill) { // a slot per row: the missing ones marked
            for (std::size_t i = 0; i < count && !m_textLost && !m_capped; ++i) {
                if (m_numeric)
                    m_numbers.push_back(std::numeric_limits<double>::quiet_NaN());
                else
                    m_codes.push_back(SpilledCells::kMissingCode);
                spillIfFull();
            }
            return;
        }
        makeSparse();
    }

    // Returns false when the column is declared numerical and `cell` is not a number.
    bool add(std::string_view cell)
    {
        // A number first where numbers are expected: no NA spelling reads as a finite number.
        if (m_numeric && !m_sparse) {
            double v = 0;
            if (parseNumber(cell, v)) {
                ++m_rows;
                ++m_present;
                m_numbers.push_back(v);
                spillIfFull();
                return true;
            }
        }
        if (isMissing(cell)) {
            addMissing();
            return true;
        }
        if (m_sparse)
            m_rowOf.push_back(std::uint32_t(m_rows));
        ++m_rows;
        ++m_present;
        if (m_numeric) {
            double v = 0;
            if (parseNumber(cell, v)) {
                m_numbers.push_back(v);
                spillIfFull();
                return true;
            }
            if (m_override == ColumnType::Numerical)
                return false;
            m_numeric = false;
            if (m_present > 1)
                m_textLost = true; // the texts of the numbers so far are gone: read this column again
            std::vector<double>().swap(m_numbers);
            if (m_spill) { // the slots so far were all missing (or are lost): codes from here on
                m_spill->reset(false);
                if (!m_textLost && !m_capped)
                    for (std::size_t r = 0; r + 1 < m_rows; ++r) {
                        m_codes.push_back(SpilledCells::kMissingCode);
                        spillIfFull();
                    }
            }
        }
        if (!m_textLost && !m_capped) {
            intern(cell);
            if (m_spill && m_dictionary.size() > kSpilledDictionaryCap)
                dropTexts();
            spillIfFull();
        } else if (m_spill && m_spill->rows > 0) {
            m_spill->reset(false); // read again as text: nothing kept
        }
        return true;
    }

    // Room for about `rows` rows in all (an estimate from the file's size), so the columns do not
    // grow by copying.
    void reserve(std::size_t rows)
    {
        if (m_sparse || m_spill)
            return;
        if (m_numeric)
            m_numbers.reserve(rows);
        else
            m_codes.reserve(rows);
    }

    // The rows of `next` (the part of the file after this one's) after this builder's: numbers
    // after numbers, texts after texts (next's new texts join the dictionary in their order, as
    // reading on would have added them). Numbers on one side and texts on the other lose the
    // numbers' texts, as one pass meeting a word after numbers does: textLost() then says to
    // read the column again as text.
    void append(ColumnBuilder &&next)
    {
        if (m_numeric != next.m_numeric) {
            if ((m_numeric && !m_numbers.empty()) || (next.m_numeric && !next.m_numbers.empty()))
                m_textLost = true;
            if (m_numeric) { // only missing cells so far (or lost): texts from here on
                m_numeric = false;
                std::vector<double>().swap(m_numbers);
            }
        }
        if (m_sparse || next.m_sparse) {
            makeSparse();
            m_rowOf.reserve(m_rowOf.size() + next.m_present);
            for (std::size_t i = 0; i < next.m_present; ++i)
                m_rowOf.push_back(std::uint32_t(m_rows + (next.m_sparse ? next.m_rowOf[i] : i)));
        }
        if (m_numeric) {
            m_numbers.insert(m_numbers.end(), next.m_numbers.begin(), next.m_numbers.end());
        } else if (!m_textLost && !next.m_numeric) {
            std::vector<std::uint32_t> code(next.m_dictionary.size());
            for (std::size_t i = 0; i < code.size(); ++i)
                code[i] = codeOf(next.m_dictionary[i]);
            m_codes.reserve(m_codes.size() + next.m_codes.size());
            for (const std::uint32_t c : next.m_codes)
                m_codes.push_back(code[c]);
        }
        m_textLost = m_textLost || next.m_textLost;
        m_rows += next.m_rows;
        m_present += next.m_present;
        m_missing += next.m_missing;
    }

    bool textLost() const { return m_textLost; }
    const std::string &name() const { return m_name; }

    Column finish()
    {
        if (m_spill && !m_textLost && !m_capped)
            spill();
        static const std::regex isoDate(R"(^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$)");
        static const std::set<std::string, std::less<>> booleans{"true", "false", "True", "False", "TRUE", "FALSE", "yes", "no", "Yes", "No"};
        Column col;
        col.name = m_name;
        col.missing = m_missing;
        col.rowOf = std::move(m_rowOf);
        auto categories = std::make_shared<std::vector<std::string>>(std::make_move_iterator(m_dictionary.begin()),
                                                                     std::make_move_iterator(m_dictionary.end()));
        m_dictionary.clear();
        m_index.clear();
        const auto &distinct = *categories;
        col.distinct = distinct.size();
        col.distinctCapped = m_capped;
        if (m_capped) {
            col.distinct = kSpilledDictionaryCap + 1;
            col.type = m_override && *m_override != ColumnType::Numerical ? *m_override : ColumnType::Categorical;
        } else if (m_override) {
            col.type = *m_override;
        } else if (m_present == 0) {
            col.type = ColumnType::Categorical;
        } else if (m_numeric) {
            col.type = ColumnType::Numerical;
        } else if (std::all_of(distinct.begin(), distinct.end(), [](const std::string &s) { return booleans.count(s) > 0; })) {
            col.type = ColumnType::Boolean;
        } else if (std::all_of(distinct.begin(), distinct.end(), [](const std::string &s) { return std::regex_match(s, isoDate); })) {
            col.type = ColumnType::Datetime;
        } else {
            std::size_t longOnes = 0;
            for (const auto &s : distinct)
                longOnes += s.size() > 40 ? 1 : 0;
            col.type = distinct.size() > m_present / 2 && longOnes > distinct.size() / 2 ? ColumnType::Text : ColumnType::Categorical;
        }
        if (col.type == ColumnType::Numerical) {
            col.numbers = std::move(m_numbers);
            col.distinct = 0;
        } else {
            col.codes = std::move(m_codes);
        }
        col.categories = std::move(categories);
        if (m_spill) {
            if (m_spill->numbers && col.type != ColumnType::Numerical) { // every cell missing: codes
                m_spill->reset(false);
                const std::vector<std::uint32_t> missing(std::min<std::size_t>(m_rows, kSpillSlots), SpilledCells::kMissingCode);
                for (std::size_t r = 0; r < m_rows; r += missing.size())
                    m_spill->append(missing.data(), std::min(missing.size(), m_rows - r));
            }
            m_spill->present = m_present;
            col.spilled = std::move(m_spill);
        }
        return col;
    }

private:
    void makeSparse()
    {
        if (m_sparse)
            return;
        m_sparse = true;
        m_rowOf.resize(m_present);
        for (std::size_t i = 0; i < m_present; ++i)
            m_rowOf[i] = std::uint32_t(i); // every row so far was present
    }

    void intern(std::string_view cell) { m_codes.push_back(codeOf(cell)); }

    // Out of core: a column with more distinct texts than this (an identifier, free text) keeps
    // none of its cells, so its dictionary cannot grow with the rows.
    static constexpr std::size_t kSpilledDictionaryCap = kMaxSpilledCategories;
    void dropTexts()
    {
        m_capped = true;
        std::deque<std::string>().swap(m_dictionary);
        std::unordered_map<std::string_view, std::uint32_t>().swap(m_index);
        std::vector<std::uint32_t>().swap(m_codes);
        m_spill->reset(false);
    }

    // Out of core: a full buffer goes to the file.
    static constexpr std::size_t kSpillSlots = 16384;
    void spillIfFull()
    {
        if (m_spill && m_numbers.size() + m_codes.size() >= kSpillSlots)
            spill();
    }
    void spill()
    {
        if (m_numeric) {
            m_spill->append(m_numbers.data(), m_numbers.size());
            m_numbers.clear();
        } else {
            m_spill->append(m_codes.data(), m_codes.size());
            m_codes.clear();
        }
    }

    // The dictionary code of `cell`, added when new (inlined: it runs for every text cell).
    [[gnu::always_inline]] std::uint32_t codeOf(std::string_view cell)
    {
        // A short dictionary (most categorical columns: a few labels) is searched in order, which
        // beats hashing each cell; from kShortDictionary texts on, the index takes over.
        if (m_dictionary.size() < kShortDictionary) {
            for (std::size_t i = 0; i < m_dictionary.size(); ++i) {
                if (sameText(m_short[i], cell))
                    return std::uint32_t(i);
            }
            m_dictionary.emplace_back(cell); // a deque: earlier texts never move, so the views stay valid
            m_short[m_dictionary.size() - 1] = m_dictionary.back();
            if (m_dictionary.size() == kShortDictionary)
                for (std::size_t i = 0; i < m_dictionary.size(); ++i)
                    m_index.emplace(std::string_view(m_dictionary[i]), std::uint32_t(i));
            return std::uint32_t(m_dictionary.size() - 1);
        }
        auto it = m_index.find(cell);
        if (it == m_index.end()) {
            m_dictionary.emplace_back(cell);
            it = m_index.emplace(std::string_view(m_dictionary.back()), std::uint32_t(m_dictionary.size() - 1)).first;
        }
        return it->second;
    }

    std::string m_name;
    std::optional<ColumnType> m_override;
    bool m_numeric;
    bool m_textLost = false;
    bool m_capped = false; // out of core: too many distinct texts, none kept
    bool m_sparse = false;
    std::size_t m_rows = 0, m_present = 0, m_missing = 0;
    std::vector<double> m_numbers;
    std::vector<std::uint32_t> m_codes;
    std::vector<std::uint32_t> m_rowOf;
    static constexpr std::size_t kShortDictionary = 8;
    std::deque<std::string> m_dictionary;
    std::array<std::string_view, kShortDictionary> m_short; // views of the first texts, searched in order
    std::unordered_map<std::string_view, std::uint32_t> m_index; // once the dictionary has kShortDictionary texts
    std::shared_ptr<SpilledCells> m_spill;
};

std::optional<ColumnType> overrideFor(const std::map<std::string, ColumnType> &overrides, const std::string &name)
{
    const auto it = overrides.find(name);
    return it == overrides.end() ? std::nullopt : std::optional<ColumnType>(it->second);
}

[[noreturn]] void notANumber(const std::filesystem::path &file, std::size_t line, const std::string &column, std::string_view cell)
{
    throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(line) + ": column \"" + column + "\" was declared numerical, but \"" +
                                        std::string(cell) + "\" is not a number");
}

// Gives the next row (false at the end) and, for messages, where it came from ("file:line").
using JsonRowSource = std::function<bool(nlohmann::ordered_json &row, std::string &where)>;

Table jsonRowsPass(const JsonRowSource &next, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows,
                   const std::set<std::string> &asText, std::set<std::string> *lost, const std::string &emptyMessage)
{
    Table table;
    std::deque<ColumnBuilder> builders; // grows as keys appear: existing builders never move
    std::vector<std::size_t> seenRows; // per column: rows that had it, to count the rows that did not
    std::unordered_map<std::string, std::size_t> index;
    nlohmann::ordered_json row;
    std::string where;
    while (next(row, where)) {
        if (!row.is_object())
            throwError(ErrorKind::BadInput, where + ": each row must be a JSON object");
        for (auto it = row.begin(); it != row.end(); ++it) {
            auto [pos, added] = index.emplace(it.key(), builders.size());
            if (added) {
                builders.emplace_back(it.key(), overrideFor(overrides, it.key()), asText.count(it.key()) > 0);
                builders.back().addMissing(table.rows); // the rows before it first appeared
                seenRows.push_back(table.rows);
            }
            const std::size_t c = pos->second;
            if (seenRows[c] > table.rows)
                throwError(ErrorKind::BadInput, where + ": the key \"" + it.key() + "\" appears twice");
            ++seenRows[c];
            const nlohmann::ordered_json &v = it.value();
            bool ok = true;
            if (v.is_null()) {
                builders[c].addMissing();
            } else if (v.is_string()) {
                ok = builders[c].add(v.get_ref<const std::string &>());
            } else if (v.is_boolean()) {
                ok = builders[c].add(v.get<bool>() ? "true" : "false");
            } else if (v.is_number()) {
                ok = builders[c].add(v.dump());
            } else {
                throwError(ErrorKind::BadInput, where + ": field \"" + it.key() + "\" holds a nested " + (v.is_array() ? "array" : "object") +
                                                    "; only flat rows can be compared");
            }
            if (!ok)
                throwError(ErrorKind::BadInput, where + ": column \"" + it.key() + "\" was declared numerical, but \"" +
                                                    (v.is_string() ? v.get<std::string>() : v.dump()) + "\" is not a number");
        }
        ++table.rows;
        for (std::size_t c = 0; c < builders.size(); ++c) {
            if (seenRows[c] < table.rows) { // absent from this row
                builders[c].addMissing();
                seenRows[c] = table.rows;
            }
        }
        if (maxRows && table.rows >= maxRows)
            break;
    }
    if (builders.empty())
        throwError(ErrorKind::BadInput, emptyMessage);
    for (ColumnBuilder &b : builders) {
        if (b.textLost() && lost)
            lost->insert(b.name());
        table.columns.push_back(b.finish());
    }
    return table;
}

Table readJsonLinesPass(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows,
                        const std::set<std::string> &asText, std::set<std::string> *lost)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read " + file.string());
    std::string line;
    std::size_t lineNumber = 0;
    auto next = [&](nlohmann::ordered_json &row, std::string &where) {
        while (std::getline(in, line)) {
            ++lineNumber;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (lineNumber == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)
                line.erase(0, 3);
            if (line.find_first_not_of(" \t") == std::string::npos)
                continue;
            where = file.string() + ":" + std::to_string(lineNumber);
            try {
                row = nlohmann::ordered_json::parse(line);
            } catch (const nlohmann::json::parse_error &e) {
                throwError(ErrorKind::BadInput, where + ":" + std::to_string(e.byte) + ": not JSON (" + e.what() + ")");
            }
            catch (const nlohmann::json::exception &e) { // a number too large for a double, say
                throwError(ErrorKind::BadInput, where + ": cannot be read as JSON (" + e.what() + ")");
            }
            if (!row.is_object())
                throwError(ErrorKind::BadInput, where + ": each line must be a JSON object");
            return true;
        }
        return false;
    };
    Table table = jsonRowsPass(next, overrides, maxRows, asText, lost, file.string() + " is empty: no JSON rows");
    table.source = file;
    return table;
}

// Splits a record without quotes into views of its cells, noting whether every byte is ASCII
// (then it is UTF-8 throughout); false, with `cells` incomplete, at the first quote.
bool splitPlain(std::string_view line, char delimiter, std::vector<std::string_view> &cells, bool &ascii)
{
    cells.clear();
    const char *start = line.data(), *p = start, *end = line.data() + line.size();
    unsigned char bits = 0;
#if defined(__SSE2__)
    // Sixteen bytes at a time: a mask of the delimiters, whether there is a quote, the high bits.
    const __m128i delimiters = _mm_set1_epi8(delimiter), quotes = _mm_set1_epi8('"');
    int high = 0;
    for (; end - p >= 16; p += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(v, quotes)))
            return false;
        high |= _mm_movemask_epi8(v);
        for (unsigned at = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, delimiters))); at; at &= at - 1) {
            const char *cut = p + __builtin_ctz(at);
            cells.emplace_back(start, std::size_t(cut - start));
            start = cut + 1;
        }
    }
    bits = high ? 0x80 : 0;
#endif
    for (; p != end; ++p) {
        const char ch = *p;
        bits |= static_cast<unsigned char>(ch);
        if (ch == delimiter) {
            cells.emplace_back(start, std::size_t(p - start));
            start = p + 1;
        } else if (ch == '"') {
            return false;
        }
    }
    cells.emplace_back(start, std::size_t(end - start));
    ascii = (bits & 0x80) == 0;
    return true;
}

std::atomic<std::uint64_t> g_parallelReadMinimum{std::uint64_t(32) << 20};
std::atomic<int> g_filesBeingRead{0}; // delimited files this process reads now, and readBoth's second read

// A large file in parts on every core, each part's rows parsed into builders of its own, then
// joined in order: the same table as reading it through. Only for what that needs no context
// for: a header on the first line and records without quotes. Anything else (a quote, a record
// of the wrong length, a cell that is not UTF-8 or not a number where one was declared) gives
// nullopt, and the caller reads the file through, which names the line.
std::optional<Table> readDelimitedInParts(const std::filesystem::path &file, std::uint64_t fileSize,
                                          const std::map<std::string, ColumnType> &overrides, const std::set<std::string> &asText,
                                          std::set<std::string> *lost)
{
    // The cores shared among the files being read: two files at once on two cores read through.
    const unsigned parts = std::max(1u, std::thread::hardware_concurrency()) / unsigned(std::max(1, g_filesBeingRead.load()));
    if (parts < 2)
        return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::string header;
    if (!std::getline(in, header))
        return std::nullopt;
    const std::uint64_t dataStart = std::uint64_t(header.size()) + 1;
    if (header.rfind("\xEF\xBB\xBF", 0) == 0)
        header.erase(0, 3);
    if (!header.empty() && header.back() == '\r')
        header.pop_back();
    if (header.empty() || header.find('"') != std::string::npos || dataStart >= fileSize)
        return std::nullopt;
    const char delimiter = sniffDelimiter(header, file);
    std::vector<std::string_view> headerCells;
    bool asciiHeader = true;
    splitPlain(header, delimiter, headerCells, asciiHeader); // no quotes: checked above
    const std::vector<std::string> names(headerCells.begin(), headerCells.end());
    std::set<std::string> seen;
    for (const std::string &n : names)
        if (!validUtf8(n) || !seen.insert(n).second)
            return std::nullopt;
    // Part boundaries just after a line's end.
    std::vector<std::uint64_t> bounds{dataStart};
    for (unsigned p = 1; p < parts; ++p) {
        std::uint64_t at = dataStart + (fileSize - dataStart) * p / parts;
        if (at <= bounds.back())
            continue;
        in.clear();
        in.seekg(std::streamoff(at));
        std::string rest;
        if (!std::getline(in, rest))
            break;
        at += rest.size() + 1;
        if (at < fileSize)
            bounds.push_back(at);
    }
    bounds.push_back(fileSize);

    struct Part {
        std::vector<ColumnBuilder> builders;
        std::size_t rows = 0;
    };
    std::vector<Part> done(bounds.size() - 1);
    std::atomic<bool> giveUp{false};
    auto readPartOf = [&](std::size_t p) {
        Part &part = done[p];
        part.builders.reserve(names.size());
        for (const std::string &n : names)
            part.builders.emplace_back(n, overrideFor(overrides, n), asText.count(n) > 0);
        std::ifstream f(file, std::ios::binary);
        f.seekg(std::streamoff(bounds[p]));
        if (!f) {
            giveUp = true;
            return;
        }
        const std::uint64_t length = bounds[p + 1] - bounds[p];
        LineReader lines(f, length);
        std::string_view line;
        std::vector<std::string_view> cells;
        std::uint64_t bytes = 0;
        while (lines.next(line)) {
            if (giveUp.load(std::memory_order_relaxed))
                return;
            bytes += line.size() + 1;
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            if (line.empty())
                continue; // a blank line
            bool ascii = true;
            if (!splitPlain(line, delimiter, cells, ascii) || cells.size() != names.size()) {
                giveUp = true;
                return;
            }
            for (std::size_t c = 0; c < cells.size(); ++c)
                if ((!ascii && !validUtf8(cells[c])) || !part.builders[c].add(cells[c])) {
                    giveUp = true;
                    return;
                }
            if (++part.rows == 4096) // the first part has room for all: the others join it without copying it
                for (ColumnBuilder &b : part.builders)
                    b.reserve(std::size_t(double(p == 0 ? fileSize - dataStart : length) / double(bytes) * 4096 * 1.02) + 1024);
        }
        if (bytes < length) // the file changed, or could not be read to the end: read it through
            giveUp = true;
    };
    // On a thread of its own nothing may escape: a part that fails (out of memory, say) gives up.
    auto readPart = [&](std::size_t p) {
        try {
            readPartOf(p);
        } catch (...) {
            giveUp = true;
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t p = 1; p < done.size(); ++p)
        threads.emplace_back(readPart, p);
    readPart(0);
    for (std::thread &t : threads)
        t.join();
    if (giveUp) {
        log::debug(file.string() + ": read through (a quote, or a record to report)");
        return std::nullopt;
    }
    log::debug(file.string() + ": read in " + std::to_string(done.size()) + " parts");
    Table table;
    table.source = file;
    for (std::size_t c = 0; c < names.size(); ++c) {
        ColumnBuilder &b = done[0].builders[c];
        for (std::size_t p = 1; p < done.size(); ++p)
            b.append(std::move(done[p].builders[c]));
        if (b.textLost()) {
            if (!lost)
                return std::nullopt; // the pass that reads lost columns as text: through, as it was
            lost->insert(b.name());
        }
    }
    for (const Part &p : done)
        table.rows += p.rows;
    for (ColumnBuilder &b : done[0].builders)
        table.columns.push_back(b.finish());
    return table;
}

// `spillTo` not empty: every column's cells go to a file there (out of core).
Table readDelimitedPass(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows,
                        const std::set<std::string> &asText, std::set<std::string> *lost, const std::filesystem::path &spillTo = {})
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read " + file.string());
    Table table;
    table.source = file;
    std::size_t lineNumber = 0;
    char delimiter = ',';
    std::vector<ColumnBuilder> builders;
    std::vector<std::string> fields;     // a quoted record's cells, unquoted
    std::vector<std::string_view> cells; // the record's cells: views into the line or into `fields`
    std::string field;
    bool header = true;
    std::string pending; // a record continued over lines inside quotes
    std::size_t recordStart = 0;
    std::error_code sizeError;
    const std::uintmax_t fileSize = std::filesystem::file_size(file, sizeError) * !sizeError; // 0: not known
    ++g_filesBeingRead;
    struct Done {
        ~Done() { --g_filesBeingRead; }
    } done;
    if (maxRows == 0 && spillTo.empty() && fileSize >= g_parallelReadMinimum.load())
        if (auto table = readDelimitedInParts(file, fileSize, overrides, asText, lost))
            return std::move(*table);
    std::size_t bytesRead = 0; // of the data rows
    LineReader lines(in);
    std::string_view line;
    while (lines.next(line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (pending.empty())
            recordStart = lineNumber;
        // Most records have no quotes: their cells are views into the line, split at each
        // delimiter in one pass that also notes whether every byte is ASCII. A record with quotes
        // is unquoted into `fields` (and may continue on the next line).
        bool ascii = true;
        const bool plain = !header && pending.empty() && splitPlain(line, delimiter, cells, ascii);
        if (!plain) {
            cells.clear();
            std::string record = pending.empty() ? std::string(line) : pending + "\n" + std::string(line);
            if (header && pending.empty()) {
                if (lineNumber == 1 && record.rfind("\xEF\xBB\xBF", 0) == 0)
                    record.erase(0, 3); // UTF-8 byte order mark
                delimiter = sniffDelimiter(record, file);
            }
            fields.clear();
            field.clear();
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
            for (const std::string &f : fields)
                cells.push_back(f);
        }
        if (header) {
            if (cells.size() == 1 && cells[0].empty())
                continue; // blank lines before the header
            std::set<std::string, std::less<>> seen;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (!validUtf8(cells[c]))
                    throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": column " + std::to_string(c + 1) +
                                                        " of the header is not UTF-8 text");
                const std::string name(cells[c]);
                if (!seen.insert(name).second)
                    throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": the header names \"" + name + "\" twice");
                builders.emplace_back(name, overrideFor(overrides, name), asText.count(name) > 0,
                                      spillTo.empty() ? nullptr : std::make_shared<SpilledCells>(spillTo));
            }
            header = false;
            continue;
        }
        if (cells.size() == 1 && cells[0].empty())
            continue; // a blank line
        if (cells.size() != builders.size())
            throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": " + std::to_string(cells.size()) +
                                                " fields, but the header has " + std::to_string(builders.size()));
        // An ASCII record is UTF-8 throughout: its cells need no check of their own.
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (!(plain && ascii) && !validUtf8(cells[c]))
                throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": column \"" + builders[c].name() +
                                                    "\" holds bytes that are not UTF-8");
            if (!builders[c].add(cells[c]))
                notANumber(file, recordStart, builders[c].name(), cells[c]);
        }
        ++table.rows;
        bytesRead += line.size() + 1;
        if (table.rows == 4096 && fileSize > 0) {
            // From the first rows' length: about how many the file holds, and a little more.
            const double perRow = double(bytesRead) / double(table.rows);
            std::size_t estimate = std::size_t(double(fileSize) / perRow * 1.02) + 1024;
            if (maxRows)
                estimate = std::min(estimate, maxRows);
            for (ColumnBuilder &b : builders)
                b.reserve(estimate);
        }
        if (maxRows && table.rows >= maxRows)
            break;
    }
    if (!pending.empty())
        throwError(ErrorKind::BadInput, file.string() + ":" + std::to_string(recordStart) + ": a quoted field is never closed");
    if (builders.empty())
        throwError(ErrorKind::BadInput, file.string() + " is empty: no header row");
    for (ColumnBuilder &b : builders) {
        if (b.textLost() && lost)
            lost->insert(b.name());
        table.columns.push_back(b.finish());
    }
    return table;
}

// Runs a pass; when columns lost their texts (numbers, then a word), runs it again reading those as text.
template<typename Pass>
Table readWithRetry(Pass pass, const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows)
{
    std::set<std::string> lost;
    Table table = pass(file, overrides, maxRows, {}, &lost);
    if (lost.empty())
        return table;
    return pass(file, overrides, maxRows, lost, nullptr);
}

} // namespace

std::vector<std::string> Column::texts() const
{
    std::vector<std::string> out;
    out.reserve(codes.size());
    for (std::uint32_t c : codes)
        out.push_back((*categories)[c]);
    return out;
}

Table readJsonLines(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows)
{
    return readWithRetry(readJsonLinesPass, file, overrides, maxRows);
}

Table tableFromJsonRows(const std::vector<nlohmann::ordered_json> &rows, const std::string &source, const std::map<std::string, ColumnType> &overrides)
{
    auto pass = [&](const std::set<std::string> &asText, std::set<std::string> *lost) {
        std::size_t i = 0;
        auto next = [&](nlohmann::ordered_json &row, std::string &where) {
            if (i == rows.size())
                return false;
            where = source + ": row " + std::to_string(i + 1);
            row = rows[i++];
            return true;
        };
        Table t = jsonRowsPass(next, overrides, 0, asText, lost, source + ": no rows");
        t.source = source;
        return t;
    };
    std::set<std::string> lost;
    Table table = pass({}, &lost);
    return lost.empty() ? table : pass(lost, nullptr);
}

SpilledCells::SpilledCells(const std::filesystem::path &folder)
    : m_folder(folder)
{
    std::string name = (folder / "keel-cells-XXXXXX").string();
    m_fd = ::mkstemp(name.data());
    if (m_fd < 0)
        throwError(ErrorKind::Io, "cannot make a temporary file in " + folder.string() + ": " + std::strerror(errno));
    ::unlink(name.c_str());
}

SpilledCells::~SpilledCells()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void SpilledCells::reset(bool asNumbers)
{
    // Only a file with slots in it is cut: ext4 flushes a file cut to nothing to the disk when it
    // is closed (auto_da_alloc), which cost every column's cells a write at the end of a report.
    if (rows > 0 && ::ftruncate(m_fd, 0) != 0)
        throwError(ErrorKind::Io, "cannot empty a temporary file in " + m_folder.string() + ": " + std::strerror(errno));
    numbers = asNumbers;
    rows = present = 0;
}

namespace {

// All `bytes` at `offset` through pread or pwrite (which may move less at a time).
template<typename Move, typename Buffer>
void moveAll(Move move, int fd, Buffer *buffer, std::size_t bytes, std::size_t offset, const std::filesystem::path &folder, bool writing)
{
    auto *p = reinterpret_cast<std::conditional_t<std::is_const_v<Buffer>, const char, char> *>(buffer);
    while (bytes > 0) {
        const ssize_t n = move(fd, p, bytes, off_t(offset));
        if (n <= 0)
            throwError(ErrorKind::Io, std::string(writing ? "cannot write" : "cannot read back") + " a temporary file in " + folder.string() + ": " +
                                          (n < 0 ? std::string(std::strerror(errno)) : writing ? "no space left?" : "it was cut short"));
        p += n;
        offset += std::size_t(n);
        bytes -= std::size_t(n);
    }
}

} // namespace

void SpilledCells::append(const void *slots, std::size_t count)
{
    moveAll(::pwrite, m_fd, slots, count * slotBytes(), rows * slotBytes(), m_folder, true);
    rows += count;
}

void SpilledCells::read(std::size_t first, std::size_t count, void *out) const
{
    if (first + count > rows)
        throwError(ErrorKind::Internal, "spilled cells: rows " + std::to_string(first) + "+" + std::to_string(count) + " of " + std::to_string(rows));
    moveAll(::pread, m_fd, out, count * slotBytes(), first * slotBytes(), m_folder, false);
}

void SpilledCells::forBlocks(const std::function<bool(std::size_t, std::size_t, const double *, const std::uint32_t *)> &fn) const
{
    constexpr std::size_t kBlock = 1 << 15;
    std::vector<double> values(numbers ? kBlock : 0);
    std::vector<std::uint32_t> codes(numbers ? 0 : kBlock);
    for (std::size_t first = 0; first < rows; first += kBlock) {
        const std::size_t n = std::min(kBlock, rows - first);
        read(first, n, numbers ? static_cast<void *>(values.data()) : static_cast<void *>(codes.data()));
        if (!fn(first, n, numbers ? values.data() : nullptr, numbers ? nullptr : codes.data()))
            return;
    }
}

Column inCore(const Column &column)
{
    if (!column.spilled)
        return column;
    const SpilledCells &cells = *column.spilled;
    Column out;
    out.name = column.name;
    out.type = column.type;
    out.categories = column.categories;
    out.missing = column.missing;
    out.distinct = column.distinct;
    const bool numeric = column.type == ColumnType::Numerical;
    if (numeric)
        out.numbers.reserve(cells.present);
    else
        out.codes.reserve(cells.present);
    if (column.missing > 0)
        out.rowOf.reserve(cells.present);
    cells.forBlocks([&](std::size_t first, std::size_t n, const double *numbers, const std::uint32_t *codes) {
        for (std::size_t i = 0; i < n; ++i) {
            if (numbers ? std::isnan(numbers[i]) : codes[i] == SpilledCells::kMissingCode)
                continue;
            if (numeric && numbers)
                out.numbers.push_back(numbers[i]);
            else if (!numeric && codes)
                out.codes.push_back(codes[i]);
            if (column.missing > 0)
                out.rowOf.push_back(std::uint32_t(first + i));
        }
        return true;
    });
    return out;
}

Table readDelimitedOutOfCore(const std::filesystem::path &file, const std::filesystem::path &folder,
                             const std::map<std::string, ColumnType> &overrides)
{
    auto pass = [&folder](const std::filesystem::path &f, const std::map<std::string, ColumnType> &o, std::size_t maxRows,
                          const std::set<std::string> &asText, std::set<std::string> *lost) {
        return readDelimitedPass(f, o, maxRows, asText, lost, folder);
    };
    return readWithRetry(pass, file, overrides, 0);
}

void setPartedReadMinimum(std::uint64_t bytes)
{
    g_parallelReadMinimum = bytes;
}

Table readDelimited(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows)
{
    auto pass = [](const std::filesystem::path &f, const std::map<std::string, ColumnType> &o, std::size_t rows, const std::set<std::string> &asText,
                   std::set<std::string> *lost) { return readDelimitedPass(f, o, rows, asText, lost); };
    return readWithRetry(pass, file, overrides, maxRows);
}

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

bool isJsonLinesFile(const std::filesystem::path &file)
{
    const auto ext = file.extension();
    return ext == ".jsonl" || ext == ".ndjson";
}

Table readTable(const std::filesystem::path &file, const std::map<std::string, ColumnType> &overrides, std::size_t maxRows)
{
    if (isJsonLinesFile(file))
        return readJsonLines(file, overrides, maxRows);
    return readDelimited(file, overrides, maxRows);
}

std::pair<Table, Table> readBoth(const std::function<Table()> &first, const std::function<Table()> &second, bool bothParse)
{
    const int sharing = bothParse ? 1 : 0;
    g_filesBeingRead += sharing;
    struct Done {
        int n;
        ~Done() { g_filesBeingRead -= n; }
    } done{sharing};
    auto reading = std::async(std::launch::async, second);
    Table a;
    try {
        a = first();
    } catch (...) {
        reading.wait();
        throw;
    }
    return {std::move(a), reading.get()};
}

Table takeRows(const Table &table, const std::vector<std::uint32_t> &rows)
{
    Table out;
    out.source = table.source;
    out.rows = rows.size();
    for (const Column &c : table.columns) {
        Column o;
        o.name = c.name;
        o.type = c.type;
        o.categories = c.categories;
        // Where each row's cell sits among the present ones (-1: missing).
        std::vector<std::int64_t> at;
        if (!c.rowOf.empty()) {
            at.assign(table.rows, -1);
            for (std::size_t i = 0; i < c.rowOf.size(); ++i)
                at[c.rowOf[i]] = std::int64_t(i);
        }
        std::vector<char> used(c.categories ? c.categories->size() : 0, 0);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const std::int64_t i = at.empty() ? std::int64_t(rows[r]) : at[rows[r]];
            if (i < 0) {
                ++o.missing;
                continue;
            }
            if (o.missing > 0 && o.rowOf.empty()) // the first missing cell came before: list rows from here on
                for (std::uint32_t k = 0; k < o.present(); ++k)
                    o.rowOf.push_back(k);
            if (c.type == ColumnType::Numerical) {
                o.numbers.push_back(c.numbers[std::size_t(i)]);
            } else {
                o.codes.push_back(c.codes[std::size_t(i)]);
                used[c.codes[std::size_t(i)]] = 1;
            }
            if (o.missing > 0)
                o.rowOf.push_back(std::uint32_t(r));
        }
        o.distinct = std::size_t(std::count(used.begin(), used.end(), char(1)));
        out.columns.push_back(std::move(o));
    }
    return out;
}

Table concatTables(const std::vector<Table> &tables)
{
    if (tables.empty())
        return {};
    if (tables.size() == 1)
        return tables.front();
    Table out;
    out.source = tables.front().source;
    for (const Table &t : tables)
        out.rows += t.rows;
    for (const Column &first : tables.front().columns) {
        Column o;
        o.name = first.name;
        o.type = first.type;
        auto dictionary = std::make_shared<std::vector<std::string>>();
        std::unordered_map<std::string, std::uint32_t> codeOf;
        std::size_t offset = 0;
        bool gaps = false;
        for (const Table &t : tables) {
            const Column *c = t.column(first.name);
            if (!c)
                throwError(ErrorKind::BadInput, t.source.string() + ": no column \"" + first.name + "\" (" + tables.front().source.string() + " has it)");
            if (c->type != first.type)
                throwError(ErrorKind::BadInput, t.source.string() + ": column \"" + first.name + "\" is " + toString(c->type) + ", but " +
                                                    toString(first.type) + " in " + tables.front().source.string());
            if (!gaps && (c->missing > 0 || o.missing > 0)) {
                gaps = true; // from here on every present cell names its row
                for (std::uint32_t k = 0; k < o.present(); ++k)
                    o.rowOf.push_back(k);
            }
            for (std::size_t i = 0; i < c->present(); ++i) {
                if (c->type == ColumnType::Numerical) {
                    o.numbers.push_back(c->numbers[i]);
                } else {
                    const std::string &text = c->text(i);
                    auto [it, added] = codeOf.emplace(text, std::uint32_t(dictionary->size()));
                    if (added)
                        dictionary->push_back(text);
                    o.codes.push_back(it->second);
                }
                if (gaps)
                    o.rowOf.push_back(std::uint32_t(offset + c->row(i)));
            }
            o.missing += c->missing;
            offset += t.rows;
        }
        if (first.type != ColumnType::Numerical) {
            o.distinct = dictionary->size();
            o.categories = std::move(dictionary);
        }
        out.columns.push_back(std::move(o));
    }
    return out;
}

} // namespace keel::data
