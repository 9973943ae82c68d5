#pragma once

#include "data/table.h"
#include "drift/tabledrift.h"

#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace keel::drift {

// Concept drift: how well the model's predictions match the true targets, per window of the
// current data, against a band learnt from chunks of the reference (NannyML's realized
// performance: chunk the reference, take the metric's mean ± 3 population standard deviations).
enum class Task { Auto, Classification, Regression };
const char *toString(Task task);

// Quality of one slice of rows; a metric that does not apply (or has too few rows) is NaN.
// Definitions follow scikit-learn: accuracy_score; f1_score with average="binary" for two
// labels when one of them is a positive spelling (1, true, yes), else average="macro" over the
// labels in the targets and predictions; roc_auc_score (ties share ranks) when predictions are
// probabilities of the positive label; mean_absolute_error; root_mean_squared_error.
struct Quality {
    std::size_t rows = 0;   // rows with both a target and a prediction
    double accuracy = std::numeric_limits<double>::quiet_NaN();
    double f1 = std::numeric_limits<double>::quiet_NaN();
    double rocAuc = std::numeric_limits<double>::quiet_NaN();
    double mae = std::numeric_limits<double>::quiet_NaN();
    double rmse = std::numeric_limits<double>::quiet_NaN();
    double value(const std::string &metric) const;
};

struct QualityWindow {
    std::string start;
    Quality quality;
    double value = std::numeric_limits<double>::quiet_NaN(); // the alerting metric
    bool alert = false;
};

struct ConceptDriftOptions {
    std::string target;
    std::string prediction;
    Task task = Task::Auto;
    std::string metric;                 // empty: accuracy (labels), roc_auc (probabilities), mae (regression)
    std::size_t referenceChunks = 10;   // for the band
    std::optional<double> lower;        // fixed alert bounds instead of the band
    std::optional<double> upper;
};

struct ConceptDrift {
    Task task = Task::Classification;
    bool probabilities = false;         // predictions are scores of `positiveLabel`
    std::string positiveLabel;          // the binary positive label, when there is one
    std::string metric;
    Quality reference;                  // over the whole reference
    std::vector<double> referenceChunkValues;
    double mean = 0, stddev = 0;
    double lower = 0, upper = 0;        // the band, clamped to what the metric can reach ([0, 1], or ≥ 0 for errors)
    std::vector<QualityWindow> windows;
    std::size_t alerts = 0;
};

// Scores `windows` of `current` (rows as windowsByTime or windowsByChunks give them). Throws
// keel::Error naming the column when the target or prediction column is missing from either
// table, when a metric does not fit the task, or when the reference has no rows with both.
ConceptDrift conceptDrift(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                          const ConceptDriftOptions &options);

} // namespace keel::drift
