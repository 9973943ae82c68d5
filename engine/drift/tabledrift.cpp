#include "drift/tabledrift.h"

#include "core/error.h"
#include "drift/outofcore.h"
#include "drift/stattests.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <chrono>
#include <cstdio>
#include <map>

namespace keel::drift {

using data::ColumnType;

void parallelFor(std::size_t count, unsigned threads, const std::function<void(std::size_t)> &body)
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    threads = unsigned(std::min<std::size_t>(threads, count));
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i)
            body(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < count;) {
            try {
                body(i);
            } catch (...) {
                std::lock_guard lock(failureMutex);
                if (!failure)
                    failure = std::current_exception();
                next = count; // the others stop at their next task
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto &thread : pool)
        thread.join();
    if (failure)
        std::rethrow_exception(failure);
}

std::vector<CategoryCount> categoryCounts(const data::Column &reference, const data::Column &current)
{
    // Count codes (no string is hashed per cell), then merge the two dictionaries by text.
    std::map<std::string_view, std::pair<double, double>> merged;
    auto count = [&merged](const data::Column &column, bool isReference) {
        if (!column.categories)
            return;
        std::vector<double> n = countCodes(column.codes, column.categories->size());
        if (column.spilled) {
            column.spilled->forBlocks([&n](std::size_t, std::size_t count, const double *, const std::uint32_t *codes) {
                for (std::size_t i = 0; codes && i < count; ++i)
                    if (codes[i] != data::SpilledCells::kMissingCode)
                        n[codes[i]] += 1;
                return true;
            });
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            if (n[i] == 0)
                continue; // a slice shares its table's dictionary: values it lacks are not its categories
            auto &slot = merged[(*column.categories)[i]];
            (isReference ? slot.first : slot.second) += n[i];
        }
    };
    count(reference, true);
    count(current, false);
    std::vector<CategoryCount> out;
    out.reserve(merged.size());
    for (const auto &[value, n] : merged)
        out.push_back({value, n.first, n.second});
    return out;
}

DriftReport planComparison(const data::Table &reference, const data::Table &current, const DriftOptions &options, std::vector<ColumnTest> &tests)
{
    if (options.driftShare <= 0.0 || options.driftShare > 1.0)
        throwError(ErrorKind::BadInput, "the drift share must lie in (0, 1], not " + std::to_string(options.driftShare));
    DriftReport report;
    report.referenceRows = reference.rows;
    report.currentRows = current.rows;
    report.driftShare = options.driftShare;

    for (const std::string &name : options.columns) {
        if (!reference.column(name))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is not in the reference " + reference.source.string());
        if (!current.column(name))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is not in the current data " + current.source.string());
    }
    for (const auto &[name, value] : options.columnThresholds) {
        if (!reference.column(name))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" given a threshold is not in the reference " + reference.source.string());
        if (!(value > 0))
            throwError(ErrorKind::BadInput, "the threshold of column \"" + name + "\" must be positive");
    }
    for (const std::string &name : options.exclude) {
        if (!reference.column(name))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" to exclude is not in the reference " + reference.source.string());
    }
    const bool all = options.columns.empty();
    tests.clear();
    for (const data::Column &ref : reference.columns) {
        const bool named = std::find(options.columns.begin(), options.columns.end(), ref.name) != options.columns.end();
        if (!all && !named)
            continue;
        if (std::find(options.exclude.begin(), options.exclude.end(), ref.name) != options.exclude.end()) {
            report.skipped.push_back(ref.name + ": excluded");
            continue;
        }
        const data::Column *cur = current.column(ref.name);
        if (!cur) {
            report.skipped.push_back(ref.name + ": not in the current data");
            continue;
        }
        if (all && (ref.type == ColumnType::Datetime || ref.type == ColumnType::Text)) {
            report.skipped.push_back(ref.name + ": " + data::toString(ref.type) + " columns are not tested unless named");
            continue;
        }
        if (ref.distinctCapped || cur->distinctCapped) { // read out of core with too many texts to keep
            const std::string which = ref.distinctCapped ? "reference " + reference.source.string() : "current data " + current.source.string();
            const std::string why = "more than " + std::to_string(data::kMaxSpilledCategories) + " distinct values in the " + which +
                                    ", too many to compare out of core (an identifier, or a timestamp per row?)";
            if (named)
                throwError(ErrorKind::BadInput, "column \"" + ref.name + "\" has " + why);
            report.skipped.push_back(ref.name + ": " + why);
            continue;
        }
        if (all && ref.type != ColumnType::Numerical && ref.distinct > kMaxCategories) {
            report.skipped.push_back(ref.name + ": " + std::to_string(ref.distinct) + " distinct values in " + std::to_string(reference.rows) +
                                     " rows, more than " + std::to_string(kMaxCategories) + " categories (an identifier?); name it to test it");
            continue;
        }
        if (ref.present() == 0 || cur->present() == 0) {
            const std::string which = ref.present() == 0 ? "reference" : "current data";
            if (named)
                throwError(ErrorKind::BadInput, "column \"" + ref.name + "\" has no values in the " + which);
            report.skipped.push_back(ref.name + ": no values in the " + which);
            continue;
        }
        ColumnReport column;
        column.column = ref.name;
        column.type = ref.type;
        column.referenceMissing = ref.missing;
        column.currentMissing = cur->missing;
        // Numerical in the reference but not in the current data (a stray "n/a" spelling, a
        // unit suffix) is a schema problem, not drift: say so rather than test text as numbers.
        if (ref.type == ColumnType::Numerical && cur->type != ColumnType::Numerical)
            throwError(ErrorKind::BadInput, "column \"" + ref.name + "\" is numerical in the reference but " +
                                                data::toString(cur->type) + " in the current data " + current.source.string());
        if (ref.type != ColumnType::Numerical && cur->type == ColumnType::Numerical)
            throwError(ErrorKind::BadInput, "column \"" + ref.name + "\" is " + data::toString(ref.type) +
                                                " in the reference but numerical in the current data " + current.source.string() +
                                                "; read it as categories in both (--categorical " + ref.name + ")");
        std::optional<double> threshold = options.threshold;
        if (auto it = options.columnThresholds.find(ref.name); it != options.columnThresholds.end())
            threshold = it->second;
        tests.push_back({&ref, cur, threshold});
        report.columns.push_back(std::move(column));
    }
    return report;
}

ColumnDrift runColumnTest(const data::Column &reference, const data::Column &current, std::optional<double> threshold)
{
    if (reference.type != ColumnType::Numerical)
        return categoricalColumnDrift(categoryCounts(reference, current), threshold);
    if (reference.spilled || current.spilled) // read out of core: streamed, in the same order
        return numericColumnDrift(streamedSample(reference), streamedSample(current), threshold);
    return numericColumnDrift(reference.numbers, current.numbers, threshold);
}

void finishReport(DriftReport &report, const data::Table &reference, const data::Table &current, double driftShare)
{
    report.driftedColumns = 0;
    for (const auto &c : report.columns)
        report.driftedColumns += c.drift.drifted ? 1 : 0;
    for (const data::Column &cur : current.columns) {
        if (!reference.column(cur.name))
            report.skipped.push_back(cur.name + ": not in the reference");
    }
    std::vector<ColumnDrift> drifts;
    for (const auto &c : report.columns)
        drifts.push_back(c.drift);
    report.datasetDrift = !drifts.empty() && datasetDrift(drifts, driftShare);
}

DriftReport compareTables(const data::Table &reference, const data::Table &current, const DriftOptions &options)
{
    std::vector<ColumnTest> tests;
    DriftReport report = planComparison(reference, current, options, tests);
    // The tests themselves, one column per task, on as many threads as asked.
    parallelFor(tests.size(), options.threads, [&](std::size_t i) {
        report.columns[i].drift = runColumnTest(*tests[i].reference, *tests[i].current, tests[i].threshold);
    });
    finishReport(report, reference, current, options.driftShare);
    return report;
}

const char *toString(Period period)
{
    switch (period) {
    case Period::Hour: return "hour";
    case Period::Day: return "day";
    case Period::Week: return "week";
    case Period::Month: return "month";
    }
    return "day";
}

std::optional<Period> periodFromString(const std::string &text)
{
    for (Period p : {Period::Hour, Period::Day, Period::Week, Period::Month})
        if (text == toString(p))
            return p;
    return std::nullopt;
}

namespace {

// The window a timestamp falls in; the reader has already checked the ISO-8601 shape.
std::string windowStart(const std::string &timestamp, Period period)
{
    switch (period) {
    case Period::Hour: {
        std::string key = timestamp.substr(0, 13);
        if (key.size() == 13)
            key[10] = 'T';
        else
            key = timestamp.substr(0, 10) + "T00"; // a date alone is its midnight
        return key;
    }
    case Period::Day: return timestamp.substr(0, 10);
    case Period::Month: return timestamp.substr(0, 7);
    case Period::Week: {
        using namespace std::chrono;
        const int y = std::stoi(timestamp.substr(0, 4));
        const unsigned m = unsigned(std::stoi(timestamp.substr(5, 2))), d = unsigned(std::stoi(timestamp.substr(8, 2)));
        const sys_days day{year{y} / month{m} / std::chrono::day{d}};
        const sys_days monday = day - days{(weekday{day}.c_encoding() + 6) % 7};
        const year_month_day ymd{monday};
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
        return buf;
    }
    }
    return timestamp.substr(0, 10);
}

} // namespace

std::vector<RowWindow> windowsByTime(const data::Table &current, const std::string &timeColumn, Period period, std::size_t *untimed)
{
    const data::Column *time = current.column(timeColumn);
    if (!time)
        throwError(ErrorKind::BadInput, "the time column \"" + timeColumn + "\" is not in the current data " + current.source.string());
    if (time->type != ColumnType::Datetime)
        throwError(ErrorKind::BadInput, "the time column \"" + timeColumn + "\" holds " + data::toString(time->type) +
                                            " values, not ISO-8601 dates or times (2026-10-03, 2026-10-03T14:05:00)");
    // Each distinct timestamp's window, computed once per text rather than once per row.
    const auto &texts = *time->categories;
    std::vector<std::string> keyOf(texts.size());
    std::map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        keyOf[i] = windowStart(texts[i], period);
        order.emplace(keyOf[i], 0);
    }
    std::size_t next = 0;
    for (auto &[key, index] : order)
        index = next++;
    std::vector<std::size_t> windowOfText(texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i)
        windowOfText[i] = order.at(keyOf[i]);
    std::vector<RowWindow> windows(order.size());
    for (const auto &[key, index] : order)
        windows[index].start = key;
    for (std::size_t i = 0; i < time->codes.size(); ++i)
        windows[windowOfText[time->codes[i]]].rows.push_back(time->row(i)); // rows ascend already
    if (untimed)
        *untimed = time->missing;
    return windows;
}

std::vector<RowWindow> windowsByChunks(std::size_t rows, std::size_t chunks)
{
    if (chunks == 0)
        throwError(ErrorKind::BadInput, "the number of chunks must be at least 1");
    chunks = std::min(chunks, std::max<std::size_t>(rows, 1));
    std::vector<RowWindow> windows;
    for (std::size_t k = 0; k < chunks; ++k) {
        // numpy.array_split: the first rows % chunks chunks hold one row more.
        const std::size_t base = rows / chunks, extra = rows % chunks;
        const std::size_t begin = k * base + std::min(k, extra), end = begin + base + (k < extra ? 1 : 0);
        RowWindow w;
        w.start = "rows " + std::to_string(begin + 1) + "-" + std::to_string(end);
        for (std::size_t r = begin; r < end; ++r)
            w.rows.push_back(std::uint32_t(r));
        windows.push_back(std::move(w));
    }
    return windows;
}

std::size_t chunkOfRow(std::size_t row, std::size_t rows, std::size_t chunks)
{
    chunks = std::min(std::max<std::size_t>(chunks, 1), std::max<std::size_t>(rows, 1));
    const std::size_t base = rows / chunks, extra = rows % chunks, longer = extra * (base + 1);
    return row < longer ? row / (base + 1) : extra + (row - longer) / std::max<std::size_t>(base, 1);
}

std::vector<data::Table> splitTable(const data::Table &table, const std::vector<RowWindow> &windows)
{
    std::vector<std::int64_t> windowOfRow(table.rows, -1);
    for (std::size_t w = 0; w < windows.size(); ++w)
        for (std::uint32_t r : windows[w].rows)
            if (r < table.rows)
                windowOfRow[r] = std::int64_t(w);
    std::vector<data::Table> parts(windows.size());
    for (std::size_t w = 0; w < windows.size(); ++w) {
        parts[w].source = table.source;
        parts[w].rows = windows[w].rows.size();
        for (const data::Column &c : table.columns) {
            data::Column part;
            part.name = c.name;
            part.type = c.type;
            part.categories = c.categories; // shared, not copied
            part.distinct = c.distinct;
            parts[w].columns.push_back(std::move(part));
        }
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const data::Column &col = table.columns[c];
        const bool numeric = col.type == ColumnType::Numerical;
        for (std::size_t i = 0; i < col.present(); ++i) {
            const std::uint32_t row = col.row(i);
            const std::int64_t w = windowOfRow[row];
            if (w < 0)
                continue;
            data::Column &part = parts[std::size_t(w)].columns[c];
            part.rowOf.push_back(row); // the rows of the whole table, so a slice's cells can be traced back
            if (numeric)
                part.numbers.push_back(col.numbers[i]);
            else
                part.codes.push_back(col.codes[i]);
        }
    }
    for (data::Table &part : parts)
        for (data::Column &column : part.columns)
            column.missing = part.rows - column.present();
    return parts;
}

std::vector<WindowReport> compareWindows(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                                         const DriftOptions &options)
{
    const std::vector<data::Table> parts = splitTable(current, windows);
    std::vector<WindowReport> reports(windows.size());
    for (std::size_t w = 0; w < windows.size(); ++w) {
        reports[w].start = windows[w].start;
        reports[w].rows = windows[w].rows.size();
        reports[w].report = compareTables(reference, parts[w], options);
    }
    return reports;
}

std::vector<WindowReport> compareByWindow(const data::Table &reference, const data::Table &current, const std::string &timeColumn,
                                          Period period, const DriftOptions &options, std::size_t *untimed)
{
    return compareWindows(reference, current, windowsByTime(current, timeColumn, period, untimed), options);
}

} // namespace keel::drift
