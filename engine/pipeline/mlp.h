#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace keel::pipeline {

struct MlpFit {
    std::size_t hidden = 0;
    std::vector<double> w1, b1;  // features x hidden, hidden
    std::vector<double> w2, b2;  // outputs x hidden (row-major, as LinearFit's coef), outputs
    int epochs = 0;
    std::vector<double> lossHistory; // the training loss per epoch (data term, per sample)
};

// A multilayer perceptron as scikit-learn's MLPClassifier / MLPRegressor shape it by default:
// one hidden layer of ReLU units, Glorot-uniform initial weights, Adam (learning rate 1e-3,
// betas 0.9 / 0.999, eps 1e-8), minibatches of min(200, rows) shuffled each epoch, an L2 term
// alpha * ||W||^2 / 2 / rows; softmax cross-entropy for `classes` >= 2 (y the class index),
// squared error / 2 for a regression (classes 0, y the value). Stops after `maxEpochs`, or when
// the loss has not improved by `tolerance` for 10 epochs in a row. Trained on libtorch (ATen);
// the same seed gives the same weights. Throws keel::Error when the loss becomes NaN.
//
// With `checkpoint` set, the whole training state (weights, Adam's moments and step, the random
// generator, the stop rule's counters, the loss so far) is written to checkpoint.file every
// checkpoint.everyEpochs epochs, atomically (a temporary file, fsynced, renamed). A fit that finds
// the file (a process killed mid-training: a spot preemption) goes on from it, replaying onEpoch
// for the epochs it holds, and ends with the same weights bit for bit as a fit never stopped; the
// file is removed when the fit ends. A file for other data or shapes is refused and ignored.
struct MlpCheckpoint {
    std::filesystem::path file;
    int everyEpochs = 0;
};

MlpFit fitMlp(const std::vector<double> &x, std::size_t features, const std::vector<double> &y, std::size_t classes, std::size_t hidden,
              double alpha, int maxEpochs, double tolerance, std::uint64_t seed,
              const std::function<void(int epoch, double loss)> &onEpoch = {}, const MlpCheckpoint *checkpoint = nullptr);

} // namespace keel::pipeline
