#pragma once

#include "data/table.h"
#include "drift/tabledrift.h"

#include <map>
#include <string>
#include <vector>

namespace keel::drift {

// Multivariate drift as NannyML's data reconstruction does it: impute (the reference's mean for
// numbers, its most frequent value for categories), encode each category by its share of the
// reference rows (unseen ones 0), standardise with the reference's mean and population standard
// deviation, keep the reference's first principal components explaining more than 65% of its
// variance (scikit-learn's PCA(n_components=0.65)), and measure each row's Euclidean distance to
// its reconstruction. A window's score is its rows' mean error; it alerts outside the mean ± 3
// population standard deviations of the same score over reference chunks. Changes in how
// columns relate to each other show here even when no single column drifts.
struct MultivariateOptions {
    std::vector<std::string> columns;   // the features (numerical, categorical, boolean)
    double varianceKept = 0.65;
    std::size_t referenceChunks = 10;
};

struct MultivariateWindow {
    std::string start;
    std::size_t rows = 0;
    double error = 0;
    bool alert = false;
};

struct MultivariateDrift {
    std::vector<std::string> columns;
    std::size_t components = 0;
    double explainedVariance = 0;       // share of the reference's variance the components keep
    double referenceError = 0;          // mean over the whole reference
    std::vector<double> referenceChunkErrors;
    double mean = 0, stddev = 0, lower = 0, upper = 0;
    std::vector<MultivariateWindow> windows;
    std::size_t alerts = 0;
};

// What the reference alone decides, fitted once (and kept with a reference profile, so a check
// against a profile reads only the current data): each feature's imputation, encoding and
// standardisation, the principal components, and the reference's own errors and band.
struct FeatureEncoding {
    bool numeric = true;
    double fill = 0;                     // numbers: the reference mean; categories: the mode's share
    std::map<std::string, double> share; // categories: share of the reference rows
    double mean = 0, scale = 1;          // standardisation of the encoded values
};
struct MultivariateFit {
    std::vector<std::string> columns;
    double varianceKept = 0.65;
    std::size_t referenceChunks = 10;
    std::size_t referenceRows = 0;
    std::vector<FeatureEncoding> encoders;
    std::vector<double> means;        // the standardised reference's means
    std::vector<double> eigenvectors; // d×d row-major, one eigenvector a column, by descending eigenvalue
    std::size_t components = 0;
    double explainedVariance = 0;
    double referenceError = 0;
    std::vector<double> referenceChunkErrors;
    double mean = 0, stddev = 0, lower = 0, upper = 0;
    // Whether it is the fit these options ask for (the same features in the same order).
    bool fits(const MultivariateOptions &options) const;
};
MultivariateFit fitMultivariate(const data::Table &reference, const MultivariateOptions &options);
// The fit as JSON (numbers written to round-trip) and back; throws keel::Error (Corrupt) for text
// that is not one.
std::string toJson(const MultivariateFit &fit);
MultivariateFit multivariateFitFromJson(const std::string &text);

// No windows: the whole current data as one ("rows 1-N", as windowsByChunks(rows, 1) names it).
// Throws keel::Error when fewer than two features are given, a feature is missing from either
// table, or the reference has fewer rows than features.
MultivariateDrift multivariateDrift(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                                    const MultivariateOptions &options);
// The same from a fit made before; throws keel::Error when a feature is missing from the current
// data or numerical on one side only.
MultivariateDrift multivariateDrift(const MultivariateFit &fit, const data::Table &current, const std::vector<RowWindow> &windows);

// The eigenvalues (descending) and eigenvectors (columns of `vectors`, row-major n×n) of a
// symmetric n×n matrix, by cyclic Jacobi rotations.
void symmetricEigen(std::vector<double> matrix, std::size_t n, std::vector<double> &values, std::vector<double> &vectors);

} // namespace keel::drift
