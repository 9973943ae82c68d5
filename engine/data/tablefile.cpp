#include "data/tablefile.h"

#include "core/error.h"

#include <cstring>

namespace keel::data {
namespace {

constexpr char kMagic[8] = {'K', 'E', 'E', 'L', 'T', 'A', 'B', '1'};

template<typename T>
void put(std::string &out, T value)
{
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char *>(&value), sizeof value); // x86-64 and ARM64 are little-endian
}

template<typename T>
void putArray(std::string &out, const std::vector<T> &values)
{
    put<std::uint64_t>(out, values.size());
    out.append(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T));
}

void putText(std::string &out, const std::string &text)
{
    put<std::uint32_t>(out, std::uint32_t(text.size()));
    out += text;
}

class Reader {
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

    template<typename T>
    T get(const char *what)
    {
        need(sizeof(T), what);
        T value;
        std::memcpy(&value, m_bytes.data() + m_at, sizeof value);
        m_at += sizeof value;
        return value;
    }

    template<typename T>
    std::vector<T> getArray(const char *what)
    {
        const auto n = get<std::uint64_t>(what);
        if (n > (m_bytes.size() - m_at) / sizeof(T))
            fail(std::string(what) + " claims " + std::to_string(n) + " entries, more than the file holds");
        std::vector<T> values(n);
        std::memcpy(values.data(), m_bytes.data() + m_at, n * sizeof(T));
        m_at += n * sizeof(T);
        return values;
    }

    std::string getText(const char *what)
    {
        const auto n = get<std::uint32_t>(what);
        need(n, what);
        std::string text(m_bytes.substr(m_at, n));
        m_at += n;
        return text;
    }

    bool atEnd() const { return m_at == m_bytes.size(); }
    [[noreturn]] void fail(const std::string &why) const
    {
        throwError(ErrorKind::Corrupt, "stored table, byte " + std::to_string(m_at) + ": " + why);
    }

private:
    void need(std::size_t n, const char *what) const
    {
        if (n > m_bytes.size() - m_at)
            fail(std::string("truncated in ") + what);
    }
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

} // namespace

std::string encodeTable(const Table &table)
{
    std::string out(kMagic, sizeof kMagic);
    put<std::uint64_t>(out, table.rows);
    put<std::uint32_t>(out, std::uint32_t(table.columns.size()));
    for (const Column &c : table.columns) {
        putText(out, c.name);
        put<std::uint8_t>(out, std::uint8_t(c.type));
        put<std::uint64_t>(out, c.missing);
        put<std::uint64_t>(out, c.distinct);
        putArray(out, c.numbers);
        putArray(out, c.codes);
        const std::size_t categories = c.categories ? c.categories->size() : 0;
        put<std::uint64_t>(out, categories);
        for (std::size_t i = 0; i < categories; ++i)
            putText(out, (*c.categories)[i]);
        putArray(out, c.rowOf);
    }
    return out;
}

Table decodeTable(std::string_view bytes, const std::filesystem::path &source)
{
    Reader in(bytes);
    if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        throwError(ErrorKind::Corrupt, "not a stored Keel table (no KEELTAB1 header)");
    for (std::size_t i = 0; i < sizeof kMagic; ++i)
        in.get<char>("header");
    Table table;
    table.source = source;
    table.rows = in.get<std::uint64_t>("row count");
    const auto columns = in.get<std::uint32_t>("column count");
    for (std::uint32_t k = 0; k < columns; ++k) {
        Column c;
        c.name = in.getText("column name");
        const auto type = in.get<std::uint8_t>("column type");
        if (type > std::uint8_t(ColumnType::Text))
            in.fail("column \"" + c.name + "\" has unknown type " + std::to_string(type));
        c.type = ColumnType(type);
        c.missing = in.get<std::uint64_t>("missing count");
        c.distinct = in.get<std::uint64_t>("distinct count");
        c.numbers = in.getArray<double>("numbers");
        c.codes = in.getArray<std::uint32_t>("codes");
        const auto categories = in.get<std::uint64_t>("dictionary size");
        auto dictionary = std::make_shared<std::vector<std::string>>();
        for (std::uint64_t i = 0; i < categories; ++i)
            dictionary->push_back(in.getText("dictionary"));
        c.categories = std::move(dictionary);
        c.rowOf = in.getArray<std::uint32_t>("row list");
        // Everything the readers guarantee, checked again: codes in the dictionary, rows in the table.
        for (std::uint32_t code : c.codes)
            if (code >= categories)
                in.fail("column \"" + c.name + "\" has a code past its dictionary");
        if (c.present() + c.missing != table.rows || (!c.rowOf.empty() && c.rowOf.size() != c.present()))
            in.fail("column \"" + c.name + "\" does not add up to " + std::to_string(table.rows) + " rows");
        for (std::uint32_t r : c.rowOf)
            if (r >= table.rows)
                in.fail("column \"" + c.name + "\" names a row past the table");
        table.columns.push_back(std::move(c));
    }
    if (!in.atEnd())
        in.fail("trailing bytes");
    return table;
}

} // namespace keel::data
