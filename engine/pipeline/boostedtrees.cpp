#include "pipeline/boostedtrees.h"

#include "core/error.h"
#include "core/numbertext.h"

#include <xgboost/c_api.h>

#include <cmath>
#include <cstdlib>
#include <limits>

namespace keel::pipeline {

namespace {

// XGBoost's last error without its source position and stack trace: "[12:00:00] file.cc:81: why\nStack trace: ..."
std::string lastError()
{
    std::string e = XGBGetLastError();
    e = e.substr(0, e.find('\n'));
    if (e.rfind('[', 0) == 0) {
        const auto colon = e.find(": ", e.find(']'));
        if (colon != std::string::npos)
            e = e.substr(colon + 2);
    }
    return e;
}

void check(int rc, const std::string &what)
{
    if (rc != 0)
        throwError(ErrorKind::BadInput, "XGBoost " + what + ": " + lastError());
}

// Owns a DMatrix or a booster handle for the length of one call.
struct Matrix {
    DMatrixHandle h = nullptr;
    ~Matrix() { if (h) XGDMatrixFree(h); }
};
struct Booster {
    BoosterHandle h = nullptr;
    ~Booster() { if (h) XGBoosterFree(h); }
};

std::vector<float> toFloats(const std::vector<double> &x)
{
    return {x.begin(), x.end()}; // XGBoost works in float32, as numpy's astype(float32) rounds
}

// "[3]\ttrain-logloss:0.1234" -> 0.1234
double lossOf(const char *evalText)
{
    const std::string s(evalText);
    const auto colon = s.rfind(':');
    if (colon == std::string::npos)
        return std::numeric_limits<double>::quiet_NaN();
    return std::strtod(s.c_str() + colon + 1, nullptr);
}

} // namespace

std::vector<std::pair<std::string, std::string>> boosterParams(const BoostSettings &s, std::size_t classes)
{
    std::vector<std::pair<std::string, std::string>> p;
    if (classes == 0) {
        p.emplace_back("objective", "reg:squarederror");
    } else if (classes == 2) {
        p.emplace_back("objective", "binary:logistic");
    } else {
        p.emplace_back("objective", "multi:softprob");
        p.emplace_back("num_class", std::to_string(classes));
    }
    p.emplace_back("max_depth", std::to_string(s.maxDepth));
    p.emplace_back("eta", shortestNumber(s.learningRate));
    p.emplace_back("min_child_weight", shortestNumber(s.minChildWeight));
    p.emplace_back("lambda", shortestNumber(s.lambda));
    p.emplace_back("subsample", shortestNumber(s.subsample));
    p.emplace_back("colsample_bytree", shortestNumber(s.colsampleBytree));
    p.emplace_back("tree_method", s.treeMethod);
    p.emplace_back("seed", std::to_string(s.seed));
    if (s.threads > 0)
        p.emplace_back("nthread", std::to_string(s.threads));
    p.emplace_back("verbosity", "0");
    return p;
}

BoostFit fitBoostedTrees(const std::vector<double> &x, std::size_t features, const std::vector<double> &y, std::size_t classes,
                         const BoostSettings &settings, const std::function<void(int, double)> &onRound)
{
    if (features == 0 || y.empty() || x.size() != y.size() * features)
        throwError(ErrorKind::BadInput, "gradient-boosted trees need at least one row and one feature");
    if (classes == 1)
        throwError(ErrorKind::BadInput, "the target has one class only; a classifier needs two or more");
    const std::vector<float> values = toFloats(x);
    Matrix train;
    check(XGDMatrixCreateFromMat(values.data(), y.size(), features, std::numeric_limits<float>::quiet_NaN(), &train.h), "cannot read the rows");
    const std::vector<float> labels(y.begin(), y.end());
    check(XGDMatrixSetFloatInfo(train.h, "label", labels.data(), labels.size()), "cannot read the labels");
    Booster booster;
    check(XGBoosterCreate(&train.h, 1, &booster.h), "cannot create a booster");
    for (const auto &[name, value] : boosterParams(settings, classes))
        check(XGBoosterSetParam(booster.h, name.c_str(), value.c_str()), "refuses " + name + " = " + value);
    BoostFit fit;
    const char *names[] = {"train"};
    for (int round = 0; round < settings.rounds; ++round) {
        check(XGBoosterUpdateOneIter(booster.h, round, train.h), "round " + std::to_string(round + 1));
        const char *evalText = nullptr;
        check(XGBoosterEvalOneIter(booster.h, round, &train.h, names, 1, &evalText), "cannot evaluate round " + std::to_string(round + 1));
        const double loss = lossOf(evalText);
        if (std::isnan(loss))
            throwError(ErrorKind::BadInput, "the training loss became NaN in round " + std::to_string(round + 1) +
                                                " (are there infinite values in the target?)");
        fit.lossHistory.push_back(loss);
        fit.rounds = round + 1;
        if (onRound)
            onRound(round + 1, loss);
    }
    bst_ulong length = 0;
    const char *bytes = nullptr;
    check(XGBoosterSaveModelToBuffer(booster.h, R"({"format": "json"})", &length, &bytes), "cannot save the model");
    fit.model.assign(bytes, length);
    return fit;
}

std::shared_ptr<const BoostedTrees> BoostedTrees::load(const std::string &model, const std::string &where)
{
    std::shared_ptr<BoostedTrees> trees(new BoostedTrees);
    if (XGBoosterCreate(nullptr, 0, &trees->m_handle) != 0 ||
        XGBoosterLoadModelFromBuffer(trees->m_handle, model.data(), model.size()) != 0)
        throwError(ErrorKind::Corrupt, where + ": XGBoost cannot read the model: " + lastError());
    bst_ulong n = 0;
    if (XGBoosterGetNumFeature(trees->m_handle, &n) != 0)
        throwError(ErrorKind::Corrupt, where + ": XGBoost cannot read the model: " + lastError());
    trees->m_features = n;
    return trees;
}

BoostedTrees::~BoostedTrees()
{
    if (m_handle)
        XGBoosterFree(m_handle);
}

std::vector<double> BoostedTrees::predict(const std::vector<double> &x, std::size_t rows) const
{
    if (rows == 0)
        return {};
    const std::vector<float> values = toFloats(x);
    const std::string array = R"({"data": [)" + std::to_string(reinterpret_cast<std::uintptr_t>(values.data())) +
                              R"(, true], "shape": [)" + std::to_string(rows) + ", " + std::to_string(m_features) +
                              R"(], "typestr": "<f4", "version": 3})";
    const char *config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "missing": NaN, "cache_id": 0})";
    const bst_ulong *shape = nullptr;
    bst_ulong dims = 0;
    const float *out = nullptr;
    check(XGBoosterPredictFromDense(m_handle, array.c_str(), config, nullptr, &shape, &dims, &out), "cannot predict");
    std::size_t n = 1;
    for (bst_ulong i = 0; i < dims; ++i)
        n *= shape[i];
    return {out, out + n};
}

std::string xgboostVersion()
{
    int major = 0, minor = 0, patch = 0;
    XGBoostVersion(&major, &minor, &patch);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

} // namespace keel::pipeline
