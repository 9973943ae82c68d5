#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace keel::sql {

// A prepared statement. Values only ever reach SQL through bind(); text is never pasted
// into a query. Parameters are numbered from 1, columns from 0, as in SQLite.
class Statement {
public:
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const char *value) { return bind(index, std::string_view(value)); }
    Statement &bind(int index, const std::string &value) { return bind(index, std::string_view(value)); }
    Statement &bind(int index, std::span<const std::byte> blob);
    Statement &bind(int index, std::nullptr_t);
    template<typename T>
    Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bind(index, nullptr);
    }

    template<typename... Values>
    Statement &bindAll(const Values &...values)
    {
        int index = 1;
        (bind(index++, values), ...);
        return *this;
    }

    // Advances to the next row; false when the statement is done.
    bool step();
    // Runs a statement that returns no rows (or ignores them), then resets it for reuse.
    void run();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    // The column's bytes, valid until the next step() or reset().
    std::span<const std::byte> blob(int column) const;
    std::optional<std::int64_t> optionalInt64(int column) const;
    std::optional<double> optionalReal(int column) const;
    std::optional<std::string> optionalText(int column) const;

private:
    [[noreturn]] void fail(int code, const char *what) const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

// One SQLite connection. Use it from one thread at a time; other threads open their own.
class Database {
public:
    enum class Mode {
        ReadOnly,       // never writes, creates nothing
        Immutable,      // read-only and no locking files: only for a database with no -wal file
        ReadWrite,      // the file must exist
        Create,         // creates the file when missing
    };

    static Database open(const std::filesystem::path &path, Mode mode);

    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    ~Database();

    // For schema scripts and pragmas written in the code, never for values.
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    // A statement prepared once per connection and reset for each use.
    Statement &cached(const std::string &sql);

    std::int64_t lastInsertRowId() const;
    int changes() const;
    int userVersion();
    void setUserVersion(int version);
    std::string pragmaText(std::string_view pragma);

    const std::filesystem::path &path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }

private:
    Database(sqlite3 *db, std::filesystem::path path);
    sqlite3 *m_db = nullptr;
    std::filesystem::path m_path;
    std::map<std::string, std::unique_ptr<Statement>> m_cache;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed, so a
// failure anywhere leaves no trace.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    void commit();

private:
    Database &m_db;
    bool m_done = false;
};

// SQLite's library version, for About boxes.
std::string sqliteVersion();

} // namespace keel::sql
