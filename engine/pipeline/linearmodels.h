#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace keel::pipeline {

struct LinearFit {
    std::vector<double> coef;      // outputs x features
    std::vector<double> intercept; // per output
    int iterations = 0;
    std::vector<double> lossHistory; // the objective per iteration (per sample, as the model's loss)
};

// A linear classifier's class probabilities for one row: one output is the positive class's
// sigmoid (binary, p = [1 - q, q]), more are a softmax; coef is outputs x features, `p` gets
// max(2, outputs) values.
void classProbabilities(const double *row, std::size_t features, const double *coef, const double *intercept, std::size_t outputs, double *p);

// scikit-learn's LogisticRegression(penalty="l2", C, fit_intercept=True): minimises
// C * sum(log loss) + ||W||^2 / 2 (intercepts not penalised), binary with one weight vector,
// multinomial (softmax, K vectors) for more classes, by Newton's method with a backtracking
// line search until the gradient's largest entry is below `tolerance`. `x` is rows x features,
// `y` the class index per row. `onIteration` can stop the fit by throwing.
LinearFit fitLogistic(const std::vector<double> &x, std::size_t features, const std::vector<std::size_t> &y, std::size_t classes,
                      double C, int maxIterations, double tolerance, const std::function<void(int, double)> &onIteration = {});

// scikit-learn's LinearRegression: ordinary least squares with an intercept, solved on centred
// data through a Cholesky factorisation (a tiny ridge only when the normal matrix is singular).
LinearFit fitLinear(const std::vector<double> &x, std::size_t features, const std::vector<double> &y);

} // namespace keel::pipeline
