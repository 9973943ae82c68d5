#pragma once

#include "data/table.h"
#include "drift/tabledrift.h"

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

// No windows: the whole current data as one ("rows 1-N", as windowsByChunks(rows, 1) names it).
// Throws keel::Error when fewer than two features are given, a feature is missing from either
// table, or the reference has fewer rows than features.
MultivariateDrift multivariateDrift(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                                    const MultivariateOptions &options);

// The eigenvalues (descending) and eigenvectors (columns of `vectors`, row-major n×n) of a
// symmetric n×n matrix, by cyclic Jacobi rotations.
void symmetricEigen(std::vector<double> matrix, std::size_t n, std::vector<double> &values, std::vector<double> &vectors);

} // namespace keel::drift
