#include "drift/tabledrift.h"

#include "core/error.h"

#include <algorithm>

namespace keel::drift {

using data::ColumnType;

DriftReport compareTables(const data::Table &reference, const data::Table &current, const DriftOptions &options)
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
    for (const std::string &name : options.exclude) {
        if (!reference.column(name))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" to exclude is not in the reference " + reference.source.string());
    }
    const bool all = options.columns.empty();
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
        if (all && ref.type != ColumnType::Numerical && ref.distinct > kMaxCategories) {
            report.skipped.push_back(ref.name + ": " + std::to_string(ref.distinct) + " distinct values in " + std::to_string(reference.rows) +
                                     " rows, more than " + std::to_string(kMaxCategories) + " categories (an identifier?); name it to test it");
            continue;
        }
        if (ref.values.empty() || cur->values.empty()) {
            const std::string which = ref.values.empty() ? "reference" : "current data";
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
        if (ref.type == ColumnType::Numerical)
            column.drift = numericColumnDrift(ref.numbers, cur->numbers, options.threshold);
        else
            column.drift = categoricalColumnDrift(ref.values, cur->values, options.threshold);
        report.driftedColumns += column.drift.drifted ? 1 : 0;
        report.columns.push_back(std::move(column));
    }
    for (const data::Column &cur : current.columns) {
        if (!reference.column(cur.name))
            report.skipped.push_back(cur.name + ": not in the reference");
    }
    std::vector<ColumnDrift> drifts;
    for (const auto &c : report.columns)
        drifts.push_back(c.drift);
    report.datasetDrift = !drifts.empty() && datasetDrift(drifts, options.driftShare);
    return report;
}

} // namespace keel::drift
