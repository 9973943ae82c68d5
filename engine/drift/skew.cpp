#include "drift/skew.h"

#include "core/error.h"
#include "drift/inferencelogsource.h"
#include "drift/tabledrift.h"
#include "store/workspace.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace keel::drift {
namespace {

using data::ColumnType;

std::string keyText(double v)
{
    char buf[32];
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

// Each row's key, or an empty optional when missing.
std::vector<std::optional<std::string>> keysOf(const data::Table &table, const data::Column &key)
{
    std::vector<std::optional<std::string>> keys(table.rows);
    for (std::size_t i = 0; i < key.present(); ++i)
        keys[key.row(i)] = key.type == ColumnType::Numerical ? keyText(key.numbers[i]) : key.text(i);
    return keys;
}

// Row → index of the present cell, or -1.
std::vector<std::int64_t> cellOfRow(const data::Table &table, const data::Column &column)
{
    std::vector<std::int64_t> index(table.rows, -1);
    for (std::size_t i = 0; i < column.present(); ++i)
        index[column.row(i)] = std::int64_t(i);
    return index;
}

nlohmann::ordered_json number(double v)
{
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

} // namespace

SkewReport compareSkew(const data::Table &offline, const data::Table &online, const SkewOptions &options)
{
    if (options.key.empty())
        throwError(ErrorKind::BadInput, "training-serving skew needs the entity key column that joins the two tables");
    for (const std::string &name : [&] {
             std::vector<std::string> all{options.key};
             all.insert(all.end(), options.columns.begin(), options.columns.end());
             return all;
         }()) {
        if (!offline.column(name))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is not in the offline data " + offline.source.string());
        if (!online.column(name))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is not in the online data " + online.source.string());
    }
    SkewReport report;
    report.offlineRows = offline.rows;
    report.onlineRows = online.rows;

    // Join: the first online row of each key.
    const auto offlineKeys = keysOf(offline, *offline.column(options.key));
    const auto onlineKeys = keysOf(online, *online.column(options.key));
    std::unordered_map<std::string, std::uint32_t> onlineRow;
    onlineRow.reserve(online.rows);
    for (std::size_t r = 0; r < onlineKeys.size(); ++r) {
        if (!onlineKeys[r]) {
            ++report.missingKeys;
            continue;
        }
        if (!onlineRow.emplace(*onlineKeys[r], std::uint32_t(r)).second)
            ++report.duplicateOnline;
    }
    std::unordered_map<std::string, bool> seenOffline;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs; // (offline row, online row)
    for (std::size_t r = 0; r < offlineKeys.size(); ++r) {
        if (!offlineKeys[r]) {
            ++report.missingKeys;
            continue;
        }
        if (!seenOffline.emplace(*offlineKeys[r], true).second) {
            ++report.duplicateOffline;
            continue;
        }
        const auto it = onlineRow.find(*offlineKeys[r]);
        if (it == onlineRow.end())
            ++report.onlyOffline;
        else
            pairs.emplace_back(std::uint32_t(r), it->second);
    }
    report.joined = pairs.size();
    report.onlyOnline = onlineRow.size() - pairs.size();

    std::vector<const data::Column *> features;
    if (options.columns.empty()) {
        for (const data::Column &c : offline.columns) {
            if (c.name == options.key)
                continue;
            if (!online.column(c.name))
                report.skipped.push_back(c.name + ": not in the online data");
            else
                features.push_back(&c);
        }
        for (const data::Column &c : online.columns)
            if (!offline.column(c.name))
                report.skipped.push_back(c.name + ": not in the offline data");
    } else {
        for (const std::string &name : options.columns)
            features.push_back(offline.column(name));
    }

    for (const data::Column *off : features) {
        const data::Column &on = *online.column(off->name);
        const bool numeric = off->type == ColumnType::Numerical;
        if (numeric != (on.type == ColumnType::Numerical))
            throwError(ErrorKind::BadInput, "feature \"" + off->name + "\" is " + data::toString(off->type) + " offline but " +
                                                data::toString(on.type) + " online");
        FeatureSkew f;
        f.column = off->name;
        f.type = off->type;
        const auto offCell = cellOfRow(offline, *off), onCell = cellOfRow(online, on);
        double sumDiff = 0, maxDiff = 0;
        std::size_t bothNumbers = 0;
        std::vector<double> offValues, onValues;
        std::vector<std::string_view> offTexts, onTexts;
        for (const auto &[ro, rn] : pairs) {
            const std::int64_t a = offCell[ro], b = onCell[rn];
            if (a < 0 && b < 0)
                continue; // missing on both sides: they agree
            ++f.compared;
            bool differ = false;
            if (a < 0 || b < 0) {
                differ = true;
                (a < 0 ? f.missingOffline : f.missingOnline) += 1;
            } else if (numeric) {
                const double x = off->numbers[std::size_t(a)], y = on.numbers[std::size_t(b)];
                const double d = std::fabs(x - y);
                differ = d > options.absoluteTolerance + options.relativeTolerance * std::fabs(y);
                sumDiff += d;
                maxDiff = std::max(maxDiff, d);
                ++bothNumbers;
                offValues.push_back(x);
                onValues.push_back(y);
            } else {
                const std::string &x = off->text(std::size_t(a)), &y = on.text(std::size_t(b));
                differ = x != y;
                offTexts.push_back(x);
                onTexts.push_back(y);
            }
            if (differ) {
                ++f.mismatches;
                if (f.example.empty())
                    f.example = *offlineKeys[ro];
            }
        }
        f.mismatchRate = f.compared ? double(f.mismatches) / double(f.compared) : 0.0;
        if (numeric && bothNumbers) {
            f.maxAbsDifference = maxDiff;
            f.meanAbsDifference = sumDiff / double(bothNumbers);
        }
        if (options.testDistributions) {
            if (numeric && !offValues.empty()) {
                f.distribution = numericColumnDrift(offValues, onValues);
                f.distributionTested = true;
            } else if (!numeric && !offTexts.empty()) {
                std::map<std::string_view, std::pair<double, double>> counts;
                for (std::string_view t : offTexts)
                    counts[t].first += 1;
                for (std::string_view t : onTexts)
                    counts[t].second += 1;
                std::vector<CategoryCount> sorted;
                for (const auto &[value, n] : counts)
                    sorted.push_back({value, n.first, n.second});
                f.distribution = categoricalColumnDrift(sorted);
                f.distributionTested = true;
            }
        }
        f.skewed = f.mismatchRate > options.maxMismatchRate || (f.distributionTested && f.distribution.drifted);
        report.skewedFeatures += f.skewed ? 1 : 0;
        report.features.push_back(std::move(f));
    }
    return report;
}

std::string toJson(const SkewReport &r, int indent)
{
    nlohmann::ordered_json features = nlohmann::ordered_json::array();
    for (const FeatureSkew &f : r.features) {
        nlohmann::ordered_json o{{"column", f.column},
                                 {"type", data::toString(f.type)},
                                 {"compared", f.compared},
                                 {"mismatches", f.mismatches},
                                 {"mismatch_rate", f.mismatchRate},
                                 {"missing_offline", f.missingOffline},
                                 {"missing_online", f.missingOnline},
                                 {"max_abs_difference", number(f.maxAbsDifference)},
                                 {"mean_abs_difference", number(f.meanAbsDifference)},
                                 {"example_key", f.example.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.example)}};
        if (f.distributionTested)
            o["distribution"] = {{"stattest", f.distribution.test},
                                 {"score", number(f.distribution.score)},
                                 {"threshold", f.distribution.threshold},
                                 {"drift_detected", f.distribution.drifted}};
        o["skewed"] = f.skewed;
        features.push_back(std::move(o));
    }
    nlohmann::ordered_json json{{"offline_rows", r.offlineRows},
                                {"online_rows", r.onlineRows},
                                {"joined", r.joined},
                                {"only_offline", r.onlyOffline},
                                {"only_online", r.onlyOnline},
                                {"duplicate_keys_offline", r.duplicateOffline},
                                {"duplicate_keys_online", r.duplicateOnline},
                                {"rows_without_key", r.missingKeys},
                                {"number_of_features", r.features.size()},
                                {"number_of_skewed_features", r.skewedFeatures},
                                {"features", features},
                                {"skipped", r.skipped}};
    return json.dump(indent);
}

std::pair<data::Table, data::Table> readSkewInputs(const std::string &offline, const std::string &online, const std::string &key,
                                                   const std::vector<std::string> &categorical, const std::filesystem::path &workspace)
{
    std::map<std::string, data::ColumnType> overrides;
    for (const auto &c : categorical)
        overrides[c] = data::ColumnType::Categorical;
    overrides.try_emplace(key, data::ColumnType::Categorical); // keys match as text
    auto read = [&](const std::string &source) {
        if (std::string model; isInferenceLogSource(source, &model)) {
            if (workspace.empty())
                throwError(ErrorKind::BadInput, "the inference log (" + source + ") needs a workspace");
            sql::Database db = store::openWorkspaceConnection(workspace / store::Workspace::kDatabaseName);
            return readInferenceLog(db, model);
        }
        return data::readTable(source, overrides);
    };
    return data::readBoth([&] { return read(offline); }, [&] { return read(online); });
}

} // namespace keel::drift
