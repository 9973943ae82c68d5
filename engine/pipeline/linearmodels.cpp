#include "pipeline/linearmodels.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace keel::pipeline {

namespace {

// Solves A z = b for a symmetric positive definite A (n x n, row-major, overwritten by its
// Cholesky factor). Adds a small ridge when A is only semi-definite (the multinomial intercepts'
// shared shift, a constant column).
std::vector<double> solveSpd(std::vector<double> a, std::vector<double> b, std::size_t n)
{
    double trace = 0;
    for (std::size_t i = 0; i < n; ++i)
        trace += a[i * n + i];
    const std::vector<double> original = a;
    for (double ridge : {0.0, 1e-12, 1e-9, 1e-6}) {
        a = original;
        for (std::size_t i = 0; i < n; ++i)
            a[i * n + i] += ridge * std::max(trace / double(n), 1.0);
        bool ok = true;
        for (std::size_t j = 0; j < n && ok; ++j) {
            double d = a[j * n + j];
            for (std::size_t k = 0; k < j; ++k)
                d -= a[j * n + k] * a[j * n + k];
            if (!(d > 1e-300)) {
                ok = false;
                break;
            }
            const double l = std::sqrt(d);
            a[j * n + j] = l;
            for (std::size_t i = j + 1; i < n; ++i) {
                double s = a[i * n + j];
                for (std::size_t k = 0; k < j; ++k)
                    s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / l;
            }
        }
        if (!ok)
            continue;
        std::vector<double> z = b;
        for (std::size_t i = 0; i < n; ++i) { // L y = b
            for (std::size_t k = 0; k < i; ++k)
                z[i] -= a[i * n + k] * z[k];
            z[i] /= a[i * n + i];
        }
        for (std::size_t i = n; i-- > 0;) { // L^T z = y
            for (std::size_t k = i + 1; k < n; ++k)
                z[i] -= a[k * n + i] * z[k];
            z[i] /= a[i * n + i];
        }
        return z;
    }
    throwError(ErrorKind::BadInput, "the features are degenerate (the normal equations have no solution)");
}

// The parameters theta (outputs x (features + 1), the intercept last in each output's block)
// as the weights and intercepts classProbabilities reads: split once per pass over the rows.
struct Split {
    std::vector<double> coef, intercept;
};
Split split(const std::vector<double> &theta, std::size_t d, std::size_t outputs)
{
    Split s{std::vector<double>(outputs * d), std::vector<double>(outputs)};
    for (std::size_t k = 0; k < outputs; ++k) {
        std::copy(&theta[k * (d + 1)], &theta[k * (d + 1)] + d, &s.coef[k * d]);
        s.intercept[k] = theta[k * (d + 1) + d];
    }
    return s;
}

} // namespace

void classProbabilities(const double *row, std::size_t d, const double *coef, const double *intercept, std::size_t outputs, double *p)
{
    if (outputs == 1) {
        double z = intercept[0];
        for (std::size_t j = 0; j < d; ++j)
            z += coef[j] * row[j];
        const double q = z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
        p[0] = 1 - q;
        p[1] = q;
        return;
    }
    double top = -INFINITY;
    for (std::size_t k = 0; k < outputs; ++k) {
        double z = intercept[k];
        for (std::size_t j = 0; j < d; ++j)
            z += coef[k * d + j] * row[j];
        p[k] = z;
        top = std::max(top, z);
    }
    double sum = 0;
    for (std::size_t k = 0; k < outputs; ++k)
        sum += (p[k] = std::exp(p[k] - top));
    for (std::size_t k = 0; k < outputs; ++k)
        p[k] /= sum;
}

LinearFit fitLogistic(const std::vector<double> &x, std::size_t d, const std::vector<std::size_t> &y, std::size_t classes, double C,
                      int maxIterations, double tolerance, const std::function<void(int, double)> &onIteration)
{
    const std::size_t n = y.size();
    if (n == 0)
        throwError(ErrorKind::BadInput, "no training rows");
    if (classes < 2)
        throwError(ErrorKind::BadInput, "the target has one class only; a classifier needs at least two");
    if (!(C > 0))
        throwError(ErrorKind::BadInput, "C must be above 0");
    for (double v : x)
        if (!std::isfinite(v))
            throwError(ErrorKind::BadInput, "a feature is NaN or infinite after the transforms (impute missing values first)");
    const bool binary = classes == 2;
    const std::size_t outputs = binary ? 1 : classes;
    const std::size_t block = d + 1, size = outputs * block;
    std::vector<double> theta(size, 0.0), p(classes);

    auto objective = [&](const std::vector<double> &t, double *dataLoss) {
        const Split w = split(t, d, outputs);
        double loss = 0;
        for (std::size_t i = 0; i < n; ++i) {
            classProbabilities(&x[i * d], d, w.coef.data(), w.intercept.data(), outputs, p.data());
            loss -= std::log(std::max(p[y[i]], 1e-300));
        }
        double penalty = 0;
        for (std::size_t k = 0; k < outputs; ++k)
            for (std::size_t j = 0; j < d; ++j)
                penalty += t[k * block + j] * t[k * block + j];
        if (dataLoss)
            *dataLoss = loss / double(n);
        return C * loss + 0.5 * penalty;
    };

    LinearFit fit;
    double dataLoss = 0;
    double f = objective(theta, &dataLoss);
    for (int it = 0; it < maxIterations; ++it) {
        std::vector<double> grad(size, 0.0), hess(size * size, 0.0);
        std::vector<double> xi(block);
        const Split w = split(theta, d, outputs);
        for (std::size_t i = 0; i < n; ++i) {
            std::copy(&x[i * d], &x[i * d] + d, xi.begin());
            xi[d] = 1.0;
            classProbabilities(&x[i * d], d, w.coef.data(), w.intercept.data(), outputs, p.data());
            for (std::size_t k = 0; k < outputs; ++k) {
                const std::size_t cls = binary ? 1 : k;
                const double r = p[cls] - (y[i] == cls ? 1.0 : 0.0);
                for (std::size_t j = 0; j < block; ++j)
                    grad[k * block + j] += C * r * xi[j];
                for (std::size_t l = 0; l < outputs; ++l) {
                    const std::size_t cl = binary ? 1 : l;
                    const double w = binary ? p[1] * p[0] : p[cls] * ((k == l ? 1.0 : 0.0) - p[cl]);
                    if (w == 0)
                        continue;
                    for (std::size_t a = 0; a < block; ++a) {
                        double *row = &hess[(k * block + a) * size + l * block];
                        const double wa = C * w * xi[a];
                        for (std::size_t b = 0; b < block; ++b)
                            row[b] += wa * xi[b];
                    }
                }
            }
        }
        for (std::size_t k = 0; k < outputs; ++k)
            for (std::size_t j = 0; j < d; ++j) {
                grad[k * block + j] += theta[k * block + j];
                hess[(k * block + j) * size + k * block + j] += 1.0;
            }
        double largest = 0;
        for (double g : grad)
            largest = std::max(largest, std::fabs(g));
        if (!std::isfinite(largest) || !std::all_of(hess.begin(), hess.end(), [](double h) { return std::isfinite(h); }))
            throwError(ErrorKind::BadInput, "the training diverged (NaN or infinite gradients at iteration " + std::to_string(it + 1) +
                                                "; scale the features, e.g. with a Feature transform)");
        fit.iterations = it;
        if (largest / (C * double(n)) < tolerance)
            break;
        std::vector<double> step = solveSpd(hess, grad, size);
        double slope = 0;
        for (std::size_t i = 0; i < size; ++i)
            slope += grad[i] * step[i];
        double alpha = 1.0, next = f;
        std::vector<double> candidate(size);
        for (int halvings = 0; halvings < 60; ++halvings, alpha /= 2) {
            for (std::size_t i = 0; i < size; ++i)
                candidate[i] = theta[i] - alpha * step[i];
            next = objective(candidate, &dataLoss);
            if (std::isfinite(next) && next <= f - 1e-4 * alpha * slope)
                break;
        }
        if (!std::isfinite(next))
            throwError(ErrorKind::BadInput, "the training diverged (the loss became NaN or infinite at iteration " + std::to_string(it + 1) +
                                                "; scale the features, e.g. with a Feature transform)");
        if (next >= f) { // no descent left: as good as the numbers allow
            fit.iterations = it + 1;
            break;
        }
        theta = candidate;
        f = next;
        fit.lossHistory.push_back(dataLoss);
        fit.iterations = it + 1;
        if (onIteration)
            onIteration(it + 1, dataLoss);
    }
    fit.coef.resize(outputs * d);
    fit.intercept.resize(outputs);
    for (std::size_t k = 0; k < outputs; ++k) {
        std::copy(&theta[k * block], &theta[k * block] + d, &fit.coef[k * d]);
        fit.intercept[k] = theta[k * block + d];
    }
    return fit;
}

LinearFit fitLinear(const std::vector<double> &x, std::size_t d, const std::vector<double> &y)
{
    const std::size_t n = y.size();
    if (n == 0)
        throwError(ErrorKind::BadInput, "no training rows");
    for (double v : x)
        if (!std::isfinite(v))
            throwError(ErrorKind::BadInput, "a feature is NaN or infinite after the transforms (impute missing values first)");
    for (double v : y)
        if (!std::isfinite(v))
            throwError(ErrorKind::BadInput, "the target has a NaN or infinite value");
    std::vector<double> mean(d, 0.0);
    double ym = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < d; ++j)
            mean[j] += x[i * d + j];
        ym += y[i];
    }
    for (double &m : mean)
        m /= double(n);
    ym /= double(n);
    std::vector<double> a(d * d, 0.0), b(d, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < d; ++j) {
            const double xj = x[i * d + j] - mean[j];
            b[j] += xj * (y[i] - ym);
            for (std::size_t k = 0; k < d; ++k)
                a[j * d + k] += xj * (x[i * d + k] - mean[k]);
        }
    }
    LinearFit fit;
    fit.coef = d > 0 ? solveSpd(a, b, d) : std::vector<double>{};
    double intercept = ym;
    for (std::size_t j = 0; j < d; ++j)
        intercept -= fit.coef[j] * mean[j];
    fit.intercept = {intercept};
    fit.iterations = 1;
    return fit;
}

} // namespace keel::pipeline
