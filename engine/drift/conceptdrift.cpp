#include "drift/conceptdrift.h"

#include "data/metrics.h"

#include "core/error.h"
#include "drift/stattests.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace keel::drift {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One column's cell per row, as text (labels) and as a number where it is one.
struct Cells {
    std::vector<std::string> text;
    std::vector<double> number;
    std::vector<char> present;
};

std::string numberText(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", v);
        return buf;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

Cells cellsOf(const data::Table &table, const data::Column &column)
{
    Cells cells;
    cells.text.resize(table.rows);
    cells.number.assign(table.rows, kNaN);
    cells.present.assign(table.rows, 0);
    const bool numeric = column.type == data::ColumnType::Numerical;
    // Texts parse once per distinct value, not once per row.
    std::vector<double> numberOfText;
    if (!numeric && column.categories) {
        for (const std::string &t : *column.categories) {
            char *end = nullptr;
            const double v = std::strtod(t.c_str(), &end);
            numberOfText.push_back(end && *end == '\0' && !t.empty() ? v : kNaN);
        }
    }
    for (std::size_t i = 0; i < column.present(); ++i) {
        const std::uint32_t row = column.row(i);
        cells.present[row] = 1;
        if (numeric) {
            cells.number[row] = column.numbers[i];
            cells.text[row] = numberText(column.numbers[i]);
        } else {
            cells.text[row] = column.text(i);
            cells.number[row] = numberOfText[column.codes[i]];
        }
    }
    return cells;
}

struct Setup {
    Task task = Task::Classification;
    bool probabilities = false;
    std::string positive;
    std::string negative;
    std::vector<std::string> labels; // for macro F1: every label seen in either table's targets
};

Quality measure(const Cells &target, const Cells &prediction, const std::vector<std::uint32_t> &rows, const Setup &setup)
{
    Quality q;
    if (setup.task == Task::Regression) {
        double abs = 0, sq = 0;
        for (std::uint32_t r : rows) {
            if (!target.present[r] || !prediction.present[r] || std::isnan(target.number[r]) || std::isnan(prediction.number[r]))
                continue;
            const double e = prediction.number[r] - target.number[r];
            abs += std::fabs(e);
            sq += e * e;
            ++q.rows;
        }
        if (q.rows) {
            q.mae = abs / double(q.rows);
            q.rmse = std::sqrt(sq / double(q.rows));
        }
        return q;
    }
    std::map<std::string, std::array<double, 3>> perLabel; // true positives, predicted, actual
    std::vector<std::pair<double, bool>> scored;
    double correct = 0;
    for (std::uint32_t r : rows) {
        if (!target.present[r] || !prediction.present[r])
            continue;
        std::string predicted = prediction.text[r];
        if (setup.probabilities) {
            if (std::isnan(prediction.number[r]))
                continue;
            const bool isPositive = target.text[r] == setup.positive;
            scored.emplace_back(prediction.number[r], isPositive);
            // At 0.5: the positive label, or the other one.
            predicted = prediction.number[r] >= 0.5 ? setup.positive : setup.negative;
        }
        ++q.rows;
        const std::string &actual = target.text[r];
        correct += predicted == actual ? 1 : 0;
        perLabel[actual][2] += 1;
        perLabel[predicted][1] += 1;
        if (predicted == actual)
            perLabel[actual][0] += 1;
    }
    if (!q.rows)
        return q;
    q.accuracy = correct / double(q.rows);
    auto f1Of = [&](const std::string &label) {
        const auto it = perLabel.find(label);
        if (it == perLabel.end())
            return 0.0;
        const auto &[tp, predicted, actual] = it->second;
        return predicted + actual > 0 ? 2 * tp / (predicted + actual) : 0.0;
    };
    if (!setup.positive.empty()) {
        q.f1 = f1Of(setup.positive);
    } else {
        // Macro over the labels present in this slice's targets and predictions (scikit-learn's default labels).
        double sum = 0;
        std::size_t n = 0;
        for (const auto &[label, counts] : perLabel) {
            sum += f1Of(label);
            ++n;
        }
        q.f1 = n ? sum / double(n) : kNaN;
    }
    if (setup.probabilities)
        q.rocAuc = data::rocAuc(std::move(scored));
    return q;
}

Setup decide(const data::Column &refTarget, const data::Column &refPrediction, const Cells &target, const Cells &prediction,
             const std::vector<std::uint32_t> &rows, Task task)
{
    Setup s;
    std::set<std::string> labels;
    bool integral = true, predictionsInUnit = true, predictionsIntegral = true;
    for (std::uint32_t r : rows) {
        if (target.present[r]) {
            labels.insert(target.text[r]);
            if (std::isnan(target.number[r]) || target.number[r] != std::floor(target.number[r]))
                integral = false;
        }
        if (prediction.present[r]) {
            const double p = prediction.number[r];
            if (std::isnan(p) || p < 0 || p > 1)
                predictionsInUnit = false;
            if (std::isnan(p) || p != std::floor(p))
                predictionsIntegral = false;
        }
    }
    const bool numericTarget = refTarget.type == data::ColumnType::Numerical;
    if (task == Task::Auto) {
        // A numerical target is a class label when it is whole numbers with few values, and
        // the predictions are labels or probabilities; otherwise it is a regression.
        const bool fewLabels = labels.size() <= 20 && integral;
        task = !numericTarget || (fewLabels && (predictionsIntegral || (labels.size() == 2 && predictionsInUnit)))
                   ? Task::Classification
                   : Task::Regression;
    }
    s.task = task;
    if (task == Task::Regression) {
        if (!numericTarget || refPrediction.type != data::ColumnType::Numerical)
            throwError(ErrorKind::BadInput, "a regression needs numerical target and prediction columns (\"" + refTarget.name + "\", \"" +
                                                refPrediction.name + "\")");
        return s;
    }
    if (labels.size() == 2) {
        for (const std::string &l : labels)
            if (data::isPositiveLabel(l))
                s.positive = l;
        if (s.positive.empty())
            s.positive = *labels.rbegin(); // scikit-learn's pos_label needs naming; the larger label, as for 0/1
        // Probabilities: numbers in [0, 1] that are not just the labels themselves.
        s.probabilities = refPrediction.type == data::ColumnType::Numerical && predictionsInUnit && !predictionsIntegral;
    }
    if (labels.size() != 2 || !std::any_of(labels.begin(), labels.end(), data::isPositiveLabel))
        s.positive = s.probabilities ? s.positive : std::string();
    s.labels.assign(labels.begin(), labels.end());
    if (s.probabilities)
        s.negative = s.labels.front() == s.positive ? s.labels.back() : s.labels.front();
    return s;
}

} // namespace

const char *toString(Task task)
{
    switch (task) {
    case Task::Auto: return "auto";
    case Task::Classification: return "classification";
    case Task::Regression: return "regression";
    }
    return "auto";
}

double Quality::value(const std::string &metric) const
{
    if (metric == "accuracy")
        return accuracy;
    if (metric == "f1")
        return f1;
    if (metric == "roc_auc")
        return rocAuc;
    if (metric == "mae")
        return mae;
    if (metric == "rmse")
        return rmse;
    return kNaN;
}

ConceptDrift conceptDrift(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                          const ConceptDriftOptions &options)
{
    for (const std::string *name : {&options.target, &options.prediction}) {
        if (name->empty())
            throwError(ErrorKind::BadInput, "concept drift needs both a target and a prediction column");
        if (!reference.column(*name))
            throwError(ErrorKind::BadInput, "column \"" + *name + "\" is not in the reference " + reference.source.string());
        if (!current.column(*name))
            throwError(ErrorKind::BadInput, "column \"" + *name + "\" is not in the current data " + current.source.string());
    }
    const data::Column &refTarget = *reference.column(options.target);
    const data::Column &refPrediction = *reference.column(options.prediction);
    const Cells rt = cellsOf(reference, refTarget), rp = cellsOf(reference, refPrediction);
    const Cells ct = cellsOf(current, *current.column(options.target)), cp = cellsOf(current, *current.column(options.prediction));
    std::vector<std::uint32_t> all(reference.rows);
    for (std::size_t r = 0; r < reference.rows; ++r)
        all[r] = std::uint32_t(r);
    const Setup setup = decide(refTarget, refPrediction, rt, rp, all, options.task);

    ConceptDrift result;
    result.task = setup.task;
    result.probabilities = setup.probabilities;
    result.positiveLabel = setup.positive;
    result.metric = options.metric.empty() ? (setup.task == Task::Regression ? "mae" : setup.probabilities ? "roc_auc" : "accuracy")
                                           : options.metric;
    const bool regressionMetric = result.metric == "mae" || result.metric == "rmse";
    const bool knownMetric = regressionMetric || result.metric == "accuracy" || result.metric == "f1" || result.metric == "roc_auc";
    if (!knownMetric)
        throwError(ErrorKind::BadInput, "unknown quality metric \"" + result.metric + "\": use accuracy, f1, roc_auc, mae or rmse");
    if (regressionMetric != (setup.task == Task::Regression) || (result.metric == "roc_auc" && !setup.probabilities))
        throwError(ErrorKind::BadInput, "the metric " + result.metric + " does not fit a " + toString(setup.task) +
                                            (setup.probabilities ? " with probabilities" : "") + " over \"" + options.target + "\" and \"" +
                                            options.prediction + "\"");
    result.reference = measure(rt, rp, all, setup);
    if (result.reference.rows == 0)
        throwError(ErrorKind::BadInput, "no reference row has both a target (\"" + options.target + "\") and a prediction (\"" +
                                            options.prediction + "\")");

    for (const RowWindow &chunk : windowsByChunks(reference.rows, std::max<std::size_t>(options.referenceChunks, 1))) {
        const double v = measure(rt, rp, chunk.rows, setup).value(result.metric);
        if (!std::isnan(v))
            result.referenceChunkValues.push_back(v);
    }
    const auto &values = result.referenceChunkValues;
    const MeanStd spread = meanAndStd(values);
    result.mean = spread.mean;
    result.stddev = spread.stddev;
    result.lower = options.lower.value_or(result.mean - 3 * result.stddev);
    result.upper = options.upper.value_or(result.mean + 3 * result.stddev);
    // Bounds past what the metric can reach are clamped to it, as NannyML does.
    result.lower = std::max(result.lower, 0.0);
    if (!regressionMetric)
        result.upper = std::min(result.upper, 1.0);
    for (const RowWindow &w : windows) {
        QualityWindow q;
        q.start = w.start;
        q.quality = measure(ct, cp, w.rows, setup);
        q.value = q.quality.value(result.metric);
        q.alert = !std::isnan(q.value) && (q.value < result.lower || q.value > result.upper);
        result.alerts += q.alert ? 1 : 0;
        result.windows.push_back(std::move(q));
    }
    return result;
}

} // namespace keel::drift
