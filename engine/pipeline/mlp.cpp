#include "pipeline/mlp.h"

#include "core/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

namespace keel::pipeline {

namespace {

at::Tensor tensorOf(const std::vector<double> &v, std::vector<std::int64_t> shape)
{
    return at::from_blob(const_cast<double *>(v.data()), shape, at::TensorOptions().dtype(at::kDouble)).clone();
}

std::vector<double> valuesOf(const at::Tensor &t)
{
    const at::Tensor c = t.detach().contiguous();
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

// Glorot uniform, as scikit-learn initialises ReLU layers: U(-b, b), b = sqrt(6 / (in + out)).
at::Tensor glorot(std::int64_t in, std::int64_t out, std::mt19937_64 &rng)
{
    const double bound = std::sqrt(6.0 / double(in + out));
    std::uniform_real_distribution<double> u(-bound, bound);
    std::vector<double> v(std::size_t(in * out));
    for (double &x : v)
        x = u(rng);
    return tensorOf(v, {in, out});
}

} // namespace

MlpFit fitMlp(const std::vector<double> &x, std::size_t d, const std::vector<double> &y, std::size_t classes, std::size_t hidden, double alpha,
              int maxEpochs, double tolerance, std::uint64_t seed, const std::function<void(int, double)> &onEpoch)
{
    const std::size_t n = y.size();
    if (n == 0)
        throwError(ErrorKind::BadInput, "no training rows");
    if (classes == 1)
        throwError(ErrorKind::BadInput, "the target has one class only; a classifier needs at least two");
    for (double v : x)
        if (!std::isfinite(v))
            throwError(ErrorKind::BadInput, "a feature is NaN or infinite after the transforms (impute missing values first)");
    const bool regression = classes == 0;
    const auto outputs = std::int64_t(regression ? 1 : classes);
    std::mt19937_64 rng(seed);
    at::Tensor w1 = glorot(std::int64_t(d), std::int64_t(hidden), rng), b1 = glorot(1, std::int64_t(hidden), rng).view({-1});
    at::Tensor w2 = glorot(std::int64_t(hidden), outputs, rng), b2 = glorot(1, outputs, rng).view({-1});
    std::vector<at::Tensor> params{w1, b1, w2, b2};
    std::vector<at::Tensor> m, v;
    for (at::Tensor &p : params) {
        p.set_requires_grad(true);
        m.push_back(at::zeros_like(p));
        v.push_back(at::zeros_like(p));
    }
    const at::Tensor X = tensorOf(x, {std::int64_t(n), std::int64_t(d)});
    const at::Tensor Y = regression ? tensorOf(y, {std::int64_t(n), 1}) : tensorOf(y, {std::int64_t(n)}).to(at::kLong);
    const double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    const std::size_t batch = std::min<std::size_t>(200, n);
    std::vector<std::int64_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    MlpFit fit;
    fit.hidden = hidden;
    double best = INFINITY;
    int stale = 0;
    std::int64_t step = 0;
    for (int epoch = 1; epoch <= maxEpochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        double total = 0;
        for (std::size_t from = 0; from < n; from += batch) {
            const std::size_t to = std::min(n, from + batch);
            const at::Tensor idx = at::from_blob(order.data() + from, {std::int64_t(to - from)}, at::kLong).clone();
            const at::Tensor xb = X.index_select(0, idx), yb = Y.index_select(0, idx);
            const at::Tensor out = at::relu(xb.matmul(params[0]) + params[1]).matmul(params[2]) + params[3];
            const at::Tensor data = regression ? (out - yb).pow(2).mean() / 2 : at::cross_entropy_loss(out, yb);
            const at::Tensor loss = data + alpha * 0.5 * (params[0].pow(2).sum() + params[2].pow(2).sum()) / double(to - from);
            for (at::Tensor &p : params)
                if (p.grad().defined())
                    p.mutable_grad().zero_();
            loss.backward();
            ++step;
            {
                at::NoGradGuard noGrad;
                for (std::size_t k = 0; k < params.size(); ++k) {
                    const at::Tensor g = params[k].grad();
                    m[k].mul_(beta1).add_(g, 1 - beta1);
                    v[k].mul_(beta2).addcmul_(g, g, 1 - beta2);
                    const double c1 = 1 - std::pow(beta1, double(step)), c2 = 1 - std::pow(beta2, double(step));
                    params[k].sub_(m[k] / c1 / ((v[k] / c2).sqrt() + eps) * lr);
                }
            }
            total += loss.item<double>() * double(to - from);
        }
        const double epochLoss = total / double(n);
        if (!std::isfinite(epochLoss))
            throwError(ErrorKind::BadInput, "the training diverged (the loss became NaN or infinite in epoch " + std::to_string(epoch) +
                                                "; scale the features, e.g. with a Feature transform)");
        fit.lossHistory.push_back(epochLoss);
        fit.epochs = epoch;
        if (onEpoch)
            onEpoch(epoch, epochLoss);
        // scikit-learn's rule: no improvement by tol for n_iter_no_change (10) epochs.
        if (epochLoss > best - tolerance) {
            if (++stale >= 10)
                break;
        } else {
            stale = 0;
        }
        best = std::min(best, epochLoss);
    }
    fit.w1 = valuesOf(params[0]);
    fit.b1 = valuesOf(params[1]);
    fit.w2 = valuesOf(params[2].t());
    fit.b2 = valuesOf(params[3]);
    return fit;
}

} // namespace keel::pipeline
