#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace keel::pipeline {

// Gradient-boosted trees through Debian's libxgboost (its C API). The settings are XGBoost's
// own names and defaults, so a model trained here and one trained by the xgboost Python package
// of the same version on the same rows are the same trees.
struct BoostSettings {
    int rounds = 100;           // num_boost_round / n_estimators
    int maxDepth = 6;           // max_depth
    double learningRate = 0.3;  // eta
    double minChildWeight = 1;  // min_child_weight
    double lambda = 1;          // reg_lambda (L2 on leaf weights)
    double subsample = 1;       // rows sampled per tree
    double colsampleBytree = 1; // columns sampled per tree
    std::string treeMethod = "hist";
    std::uint64_t seed = 0;
    int threads = 0;            // 0: XGBoost's default (all cores)
};

// The parameters XGBoost is given, as name/value texts: the objective follows `classes`
// (0: reg:squarederror, 2: binary:logistic, more: multi:softprob with num_class).
std::vector<std::pair<std::string, std::string>> boosterParams(const BoostSettings &s, std::size_t classes);

struct BoostFit {
    std::string model;               // XGBoost's JSON model, as its SaveModelToBuffer writes it
    int rounds = 0;
    std::vector<double> lossHistory; // the training loss after each round (logloss, mlogloss or rmse)
};

// Fits on `x` (rows x features, row-major; NaN is missing, as XGBoost treats it), `y` the class
// index per row (classes >= 2) or the value (classes 0). `onRound` may stop the fit by throwing.
// Throws keel::Error with XGBoost's message when it refuses the data or the settings, and when
// the loss becomes NaN.
BoostFit fitBoostedTrees(const std::vector<double> &x, std::size_t features, const std::vector<double> &y, std::size_t classes,
                         const BoostSettings &settings, const std::function<void(int round, double loss)> &onRound = {});

// A loaded booster, safe to predict from several threads at once (XGBoost's in-place predict).
class BoostedTrees {
public:
    // Throws keel::Error (Corrupt) naming `where` when XGBoost cannot read `model`.
    static std::shared_ptr<const BoostedTrees> load(const std::string &model, const std::string &where);
    ~BoostedTrees();
    BoostedTrees(const BoostedTrees &) = delete;
    BoostedTrees &operator=(const BoostedTrees &) = delete;

    std::size_t features() const { return m_features; }
    // rows x outputs: the probability of the second class (binary), of every class
    // (multi:softprob), or the value (regression).
    std::vector<double> predict(const std::vector<double> &x, std::size_t rows) const;

private:
    BoostedTrees() = default;
    void *m_handle = nullptr;
    std::size_t m_features = 0;
};

// The libxgboost version Keel runs with ("1.7.4").
std::string xgboostVersion();

} // namespace keel::pipeline
