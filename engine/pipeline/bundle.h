#pragma once

#include "data/table.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace keel::pipeline {

class BoostedTrees;

// How one input column becomes features, fitted on the training rows only. Numerical columns
// are imputed (mean, median or a constant) and scaled (standard: (x - mean) / std with the
// population std, as scikit-learn's StandardScaler; minmax: to [0, 1] as MinMaxScaler; none).
// Other columns are imputed with their most frequent value and one-hot encoded in sorted
// category order (OneHotEncoder's), an unseen category giving all zeros (handle_unknown="ignore").
struct ColumnTransform {
    std::string column;
    data::ColumnType type = data::ColumnType::Numerical;
    std::string impute = "mean"; // numerical: mean, median, constant; others: most_frequent
    double fill = 0.0;           // the numerical value missing cells get
    std::string fillText;        // the category missing cells get
    std::string scale = "standard";
    double offset = 0.0, divisor = 1.0; // feature = (value - offset) / divisor
    std::vector<std::string> categories;
};

struct Prediction {
    std::vector<std::string> labels;   // classification: the predicted class per row
    std::vector<double> values;        // regression: the prediction per row
    std::vector<double> probabilities; // classification: rows x classes, row-major
};

// A trained tabular model as one self-describing folder: bundle.json names the task, the target,
// the input columns with their types, the fitted transforms, the estimator and its weights.
// Everything that predicts on rows (the Evaluate node, serving, batch jobs) calls predict(), so
// features are computed one way, exactly as in training.
class Bundle {
public:
    std::string task = "classification"; // or regression
    std::string target;
    std::vector<ColumnTransform> transforms;
    std::string estimator;               // logistic-regression, linear-regression, mlp, xgboost, or empty (transforms only)
    nlohmann::ordered_json estimatorParams = nlohmann::ordered_json::object();
    std::vector<std::string> classes;    // sorted, as scikit-learn's classes_
    std::vector<double> coef;            // outputs x features (x hidden units for an MLP), row-major
    std::vector<double> intercept;       // per output
    // An MLP's hidden layer: features x units weights and a bias per unit (ReLU); empty otherwise.
    std::size_t hiddenUnits = 0;
    std::vector<double> hiddenWeights, hiddenBias;
    std::map<std::string, std::string> lineage; // pipeline run, data digests

    // Gradient-boosted trees: XGBoost's JSON model (empty otherwise). setBooster loads it.
    const std::string &booster() const { return m_booster; }
    void setBooster(std::string model, const std::string &where = "the model");

    // Fits transforms for `columns` of `table` (types from the table).
    static std::vector<ColumnTransform> fitTransforms(const data::Table &table, const std::vector<std::string> &columns,
                                                      const std::string &numericImpute, const std::string &scale);
    std::vector<std::string> featureNames() const;
    // rows x features, row-major. Throws keel::Error naming a column the table lacks or whose
    // type differs from training's.
    std::vector<double> features(const data::Table &table) const;
    Prediction predict(const data::Table &table) const;

    nlohmann::ordered_json toJson() const;
    static Bundle fromJson(const nlohmann::ordered_json &json, const std::string &where);
    // Writes bundle.json into `folder` (created); reading checks every field.
    void save(const std::filesystem::path &folder) const;
    static Bundle load(const std::filesystem::path &folder);

private:
    std::string m_booster;
    std::shared_ptr<const BoostedTrees> m_trees;
};

} // namespace keel::pipeline
