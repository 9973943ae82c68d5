#include "pipeline/mlp.h"

#include "core/error.h"
#include "core/log.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <fstream>
#include <sstream>
#include <thread>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>
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

constexpr char kMagic[8] = {'K', 'E', 'E', 'L', 'M', 'L', 'P', '2'};

struct State {
    int epoch = 0;
    std::int64_t step = 0;
    double best = INFINITY;
    int stale = 0;
    std::string rng;
    std::vector<double> lossHistory;
    std::vector<std::int64_t> order; // the batch order: each epoch shuffles the one before
};

void putRaw(std::string &out, const void *data, std::size_t bytes)
{
    out.append(static_cast<const char *>(data), bytes);
}

template <class T>
void put(std::string &out, const T &v)
{
    putRaw(out, &v, sizeof v);
}

void putTensor(std::string &out, const at::Tensor &t)
{
    const at::Tensor c = t.detach().contiguous();
    const std::int64_t n = c.numel();
    put(out, n);
    putRaw(out, c.data_ptr<double>(), std::size_t(n) * sizeof(double));
}

// The shapes and data a checkpoint belongs to: one for other inputs is not resumed from.
std::uint64_t identity(std::size_t n, std::size_t d, std::size_t hidden, std::int64_t outputs, const std::vector<double> &x, const std::vector<double> &y)
{
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](const void *p, std::size_t bytes) {
        for (std::size_t i = 0; i < bytes; ++i)
            h = (h ^ static_cast<const unsigned char *>(p)[i]) * 1099511628211ull;
    };
    mix(&n, sizeof n);
    mix(&d, sizeof d);
    mix(&hidden, sizeof hidden);
    mix(&outputs, sizeof outputs);
    mix(x.data(), x.size() * sizeof(double));
    mix(y.data(), y.size() * sizeof(double));
    return h;
}

void writeCheckpoint(const std::filesystem::path &file, std::uint64_t id, const State &s, const std::vector<at::Tensor> &params,
                     const std::vector<at::Tensor> &m, const std::vector<at::Tensor> &v)
{
    std::string out(kMagic, sizeof kMagic);
    put(out, id);
    put(out, s.epoch);
    put(out, s.step);
    put(out, s.best);
    put(out, s.stale);
    put(out, std::uint64_t(s.rng.size()));
    out += s.rng;
    put(out, std::uint64_t(s.lossHistory.size()));
    putRaw(out, s.lossHistory.data(), s.lossHistory.size() * sizeof(double));
    put(out, std::uint64_t(s.order.size()));
    putRaw(out, s.order.data(), s.order.size() * sizeof(std::int64_t));
    for (const auto *group : {&params, &m, &v})
        for (const at::Tensor &t : *group)
            putTensor(out, t);
    std::filesystem::create_directories(file.parent_path());
    const std::filesystem::path temp = file.string() + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        throwError(ErrorKind::Io, "cannot write the checkpoint " + temp.string() + ": " + systemErrorText(errno));
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t w = ::write(fd, out.data() + done, out.size() - done);
        if (w <= 0) {
            const int err = errno;
            ::close(fd);
            throwError(ErrorKind::Io, "cannot write the checkpoint " + temp.string() + ": " + systemErrorText(err));
        }
        done += std::size_t(w);
    }
    ::fsync(fd);
    ::close(fd);
    std::filesystem::rename(temp, file);
}

// Restores a checkpoint into the state and tensors; false (and nothing changed) when there is
// none or it is for other data.
bool readCheckpoint(const std::filesystem::path &file, std::uint64_t id, State &s, std::vector<at::Tensor> &params, std::vector<at::Tensor> &m,
                    std::vector<at::Tensor> &v)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = 0;
    auto take = [&](void *dst, std::size_t bytes) {
        if (at + bytes > data.size())
            throw std::runtime_error("truncated");
        std::memcpy(dst, data.data() + at, bytes);
        at += bytes;
    };
    try {
        char magic[8];
        take(magic, sizeof magic);
        std::uint64_t storedId = 0;
        take(&storedId, sizeof storedId);
        if (std::memcmp(magic, kMagic, sizeof magic) != 0 || storedId != id) {
            log::warning("the checkpoint " + file.string() + " is for other data; training starts afresh");
            return false;
        }
        State r;
        take(&r.epoch, sizeof r.epoch);
        take(&r.step, sizeof r.step);
        take(&r.best, sizeof r.best);
        take(&r.stale, sizeof r.stale);
        std::uint64_t len = 0;
        take(&len, sizeof len);
        r.rng.resize(len);
        take(r.rng.data(), len);
        take(&len, sizeof len);
        r.lossHistory.resize(len);
        take(r.lossHistory.data(), len * sizeof(double));
        take(&len, sizeof len);
        r.order.resize(len);
        take(r.order.data(), len * sizeof(std::int64_t));
        std::vector<std::vector<double>> tensors;
        for (std::size_t k = 0; k < params.size() * 3; ++k) {
            std::int64_t n = 0;
            take(&n, sizeof n);
            const at::Tensor &like = k < params.size() ? params[k] : k < 2 * params.size() ? m[k - params.size()] : v[k - 2 * params.size()];
            if (n != like.numel())
                throw std::runtime_error("shape");
            std::vector<double> values(static_cast<std::size_t>(n));
            take(values.data(), values.size() * sizeof(double));
            tensors.push_back(std::move(values));
        }
        at::NoGradGuard noGrad;
        for (std::size_t k = 0; k < params.size(); ++k) {
            params[k].copy_(tensorOf(tensors[k], params[k].sizes().vec()));
            m[k].copy_(tensorOf(tensors[params.size() + k], m[k].sizes().vec()));
            v[k].copy_(tensorOf(tensors[2 * params.size() + k], v[k].sizes().vec()));
        }
        s = std::move(r);
        return true;
    } catch (const std::exception &) {
        log::warning("the checkpoint " + file.string() + " is damaged; training starts afresh");
        return false;
    }
}

} // namespace

MlpFit fitMlp(const std::vector<double> &x, std::size_t d, const std::vector<double> &y, std::size_t classes, std::size_t hidden, double alpha,
              int maxEpochs, double tolerance, std::uint64_t seed, const std::function<void(int, double)> &onEpoch,
              const MlpCheckpoint *checkpoint)
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
    int firstEpoch = 1;
    const bool checkpointing = checkpoint && checkpoint->everyEpochs > 0 && !checkpoint->file.empty();
    const std::uint64_t id = checkpointing ? identity(n, d, hidden, outputs, x, y) : 0;
    if (checkpointing) {
        State restored;
        if (readCheckpoint(checkpoint->file, id, restored, params, m, v)) {
            std::istringstream(restored.rng) >> rng;
            best = restored.best;
            stale = restored.stale;
            step = restored.step;
            firstEpoch = restored.epoch + 1;
            fit.lossHistory = restored.lossHistory;
            fit.epochs = restored.epoch;
            if (restored.order.size() == order.size())
                order = restored.order;
            for (std::size_t e = 0; e < fit.lossHistory.size(); ++e)
                if (onEpoch)
                    onEpoch(int(e) + 1, fit.lossHistory[e]);
            log::info("resumed training from " + checkpoint->file.string() + " after epoch " + std::to_string(restored.epoch));
        }
    }
    // Only for the preemption test: time to be killed after each checkpoint.
    static const int pauseMs = std::getenv("KEEL_CHECKPOINT_PAUSE_MS") ? std::atoi(std::getenv("KEEL_CHECKPOINT_PAUSE_MS")) : 0;
    bool stopped = fit.epochs > 0 && stale >= 10;
    for (int epoch = firstEpoch; epoch <= maxEpochs && !stopped; ++epoch) {
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
                stopped = true;
        } else {
            stale = 0;
        }
        best = std::min(best, epochLoss);
        if (checkpointing && !stopped && epoch % checkpoint->everyEpochs == 0 && epoch < maxEpochs) {
            std::ostringstream state;
            state << rng;
            writeCheckpoint(checkpoint->file, id, State{epoch, step, best, stale, state.str(), fit.lossHistory, order}, params, m, v);
            if (pauseMs > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs));
        }
    }
    if (checkpointing) {
        std::error_code ignored;
        std::filesystem::remove(checkpoint->file, ignored);
    }
    fit.w1 = valuesOf(params[0]);
    fit.b1 = valuesOf(params[1]);
    fit.w2 = valuesOf(params[2].t());
    fit.b2 = valuesOf(params[3]);
    return fit;
}

} // namespace keel::pipeline
