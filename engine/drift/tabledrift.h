#pragma once

#include "data/table.h"
#include "drift/columndrift.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::drift {

// One column of a reference-against-current comparison.
struct ColumnReport {
    std::string column;
    data::ColumnType type = data::ColumnType::Categorical;
    ColumnDrift drift;
    std::size_t referenceMissing = 0;
    std::size_t currentMissing = 0;
};

struct DriftReport {
    std::vector<ColumnReport> columns;          // the columns tested, in the reference's order
    std::vector<std::string> skipped;           // "name: why" for the columns left out
    std::size_t referenceRows = 0;
    std::size_t currentRows = 0;
    std::size_t driftedColumns = 0;
    double driftShare = 0.5;                    // the share of drifted columns that means dataset drift
    bool datasetDrift = false;
};

// A categorical column with more distinct values than this in the reference is left out unless
// named: it is an identifier or free text, and a chi-square over it says nothing.
inline constexpr std::size_t kMaxCategories = 10000;

struct DriftOptions {
    std::vector<std::string> columns;           // empty: every numerical, categorical and boolean column
    std::vector<std::string> exclude;           // left out: identifiers, targets, timestamps (Evidently's column mapping)
    std::optional<double> threshold;            // one threshold for every column instead of each test's default
    std::map<std::string, double> columnThresholds; // a threshold for one column, before `threshold`
    double driftShare = 0.5;
    unsigned threads = 0;                       // columns tested at once; 0: one per core
};

// Calls body(0 .. count-1) on up to `threads` threads (0: one per core), the caller's included;
// the first exception thrown is rethrown once all have stopped.
void parallelFor(std::size_t count, unsigned threads, const std::function<void(std::size_t)> &body);

// Compares each column of `reference` with the same column of `current` by Evidently's default
// rule (see columndrift.h); datetime and free-text columns are left out unless named, as Evidently
// does, and so are categorical columns with more than kMaxCategories values; columns only in the
// current data are reported as skipped. Throws keel::Error naming the column when a named column
// (or one given a threshold) is missing from either table or has no values in one of them, or when a column numerical in
// the reference is not numerical in the current data.
DriftReport compareTables(const data::Table &reference, const data::Table &current, const DriftOptions &options = {});

// compareTables in steps, for a caller that brings each column's cells into memory itself (the
// out-of-core analysis): planComparison picks the columns to test (report.columns, in order, drift
// not yet set; `tests` their columns and thresholds) and says why the others are left out, with
// compareTables' errors, looking only at the columns' types and counts; runColumnTest tests one
// pair of columns (held in memory, or spilled: then streamed); finishReport counts the drifted columns once all are set.
struct ColumnTest {
    const data::Column *reference = nullptr;
    const data::Column *current = nullptr;
    std::optional<double> threshold;
};
DriftReport planComparison(const data::Table &reference, const data::Table &current, const DriftOptions &options, std::vector<ColumnTest> &tests);
ColumnDrift runColumnTest(const data::Column &reference, const data::Column &current, std::optional<double> threshold);
void finishReport(DriftReport &report, const data::Table &reference, const data::Table &current, double driftShare);

// Current data over time: rows grouped by the calendar period of an ISO-8601 timestamp column
// (the date and time as written; an offset such as +02:00 is not converted).
enum class Period { Hour, Day, Week, Month };
const char *toString(Period period);
std::optional<Period> periodFromString(const std::string &text);

struct WindowReport {
    std::string start;   // "2026-10-03T14" (hour), "2026-10-03" (day, and the Monday of a week), "2026-10" (month)
    std::size_t rows = 0;
    DriftReport report;  // this window's rows against the whole reference
};

// Each category's count in the two columns (non-numerical), sorted by text.
std::vector<CategoryCount> categoryCounts(const data::Column &reference, const data::Column &current);

// A slice of the current data's rows (0-based, ascending), named by where it starts.
struct RowWindow {
    std::string start;                 // a period's start as in WindowReport, or "rows 1-1000" for a chunk
    std::vector<std::uint32_t> rows;
};

// The rows of each period present in `current`'s `timeColumn`, in time order; rows whose
// timestamp is missing are counted in `untimed`. Throws keel::Error naming the column when it is
// not in the current data or is not a datetime column.
std::vector<RowWindow> windowsByTime(const data::Table &current, const std::string &timeColumn, Period period,
                                     std::size_t *untimed = nullptr);
// `chunks` consecutive slices of `rows` rows whose sizes differ by at most one (numpy.array_split).
std::vector<RowWindow> windowsByChunks(std::size_t rows, std::size_t chunks);
// The chunk of windowsByChunks(rows, chunks) that holds `row`, without listing the rows.
std::size_t chunkOfRow(std::size_t row, std::size_t rows, std::size_t chunks);
// The table's rows split by windows, one table per window (a row in no window is left out).
std::vector<data::Table> splitTable(const data::Table &table, const std::vector<RowWindow> &windows);
// Each window of `current` compared with the whole reference.
std::vector<WindowReport> compareWindows(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                                         const DriftOptions &options = {});

// One comparison per period present in `current`, in time order. Rows whose timestamp is
// missing are counted in `untimed`. Throws keel::Error naming the column when `timeColumn` is
// not in the current data or is not a datetime column.
std::vector<WindowReport> compareByWindow(const data::Table &reference, const data::Table &current, const std::string &timeColumn,
                                          Period period, const DriftOptions &options = {}, std::size_t *untimed = nullptr);

} // namespace keel::drift
