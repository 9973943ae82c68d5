#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace keel::data {

// Model-quality metrics with scikit-learn's definitions, on plain vectors; drift's concept
// checks and the pipelines' Evaluate node both use them. A metric that is undefined for its
// input (one class for ROC AUC, no rows) is NaN, where scikit-learn raises or warns.

// Whether a class label names the positive class (1, true, yes in any case): with two labels
// and one of these, F1 is the binary one for it, as scikit-learn's pos_label=1 would be.
bool isPositiveLabel(const std::string &label);

// roc_auc_score for a binary target: the Mann-Whitney statistic, ties sharing their ranks.
// `scored` holds (score of the positive class, is positive).
double rocAuc(std::vector<std::pair<double, bool>> scored);

// accuracy_score over labels (any text).
double accuracy(const std::vector<std::string> &truth, const std::vector<std::string> &predicted);

// f1_score(average="binary", pos_label=positive).
double f1Binary(const std::vector<std::string> &truth, const std::vector<std::string> &predicted, const std::string &positive);

// f1_score(average="macro"): the mean over every label in truth or predictions.
double f1Macro(const std::vector<std::string> &truth, const std::vector<std::string> &predicted);

// log_loss: `probabilities` is rows x classes (row-major), `truth` the class index per row;
// each row is clipped to [eps, 1 - eps] with eps the float64 machine epsilon and renormalised,
// as scikit-learn 1.5+ does.
double logLoss(const std::vector<std::size_t> &truth, const std::vector<double> &probabilities, std::size_t classes);

double meanAbsoluteError(const std::vector<double> &truth, const std::vector<double> &predicted);
double rootMeanSquaredError(const std::vector<double> &truth, const std::vector<double> &predicted);
// r2_score with force_finite=True: 1 for a perfect fit of a constant target, 0 for an
// imperfect one.
double r2Score(const std::vector<double> &truth, const std::vector<double> &predicted);

} // namespace keel::data
