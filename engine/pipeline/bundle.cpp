#include "pipeline/bundle.h"

#include "core/error.h"
#include "pipeline/boostedtrees.h"
#include "pipeline/linearmodels.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>

namespace keel::pipeline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A column's cells by row: numbers (NaN when missing) or texts (absent when missing).
struct Cells {
    std::vector<double> numbers;
    std::vector<const std::string *> texts;
};

Cells cellsOf(const data::Table &table, const data::Column &c)
{
    Cells cells;
    if (c.type == data::ColumnType::Numerical) {
        cells.numbers.assign(table.rows, kNaN);
        for (std::size_t i = 0; i < c.present(); ++i)
            cells.numbers[c.row(i)] = c.numbers[i];
    } else {
        cells.texts.assign(table.rows, nullptr);
        for (std::size_t i = 0; i < c.present(); ++i)
            cells.texts[c.row(i)] = &c.text(i);
    }
    return cells;
}

const data::Column &columnOf(const data::Table &table, const std::string &name, const std::string &what)
{
    const data::Column *c = table.column(name);
    if (!c)
        throwError(ErrorKind::BadInput, table.source.string() + ": no column \"" + name + "\" (" + what + ")");
    return *c;
}

} // namespace

std::vector<ColumnTransform> Bundle::fitTransforms(const data::Table &table, const std::vector<std::string> &columns,
                                                   const std::string &numericImpute, const std::string &scale)
{
    std::vector<ColumnTransform> out;
    for (const std::string &name : columns) {
        const data::Column &c = columnOf(table, name, "a feature");
        ColumnTransform t;
        t.column = name;
        t.type = c.type;
        const Cells cells = cellsOf(table, c);
        if (c.type == data::ColumnType::Numerical) {
            std::vector<double> present(c.numbers.begin(), c.numbers.end());
            if (present.empty())
                throwError(ErrorKind::BadInput, "feature \"" + name + "\" has no values in the training rows");
            t.impute = numericImpute;
            if (numericImpute == "median") {
                std::sort(present.begin(), present.end());
                const std::size_t m = present.size();
                t.fill = m % 2 ? present[m / 2] : (present[m / 2 - 1] + present[m / 2]) / 2; // numpy's median
            } else if (numericImpute == "constant") {
                t.fill = 0.0;
            } else {
                t.impute = "mean";
                long double s = 0;
                for (double v : present)
                    s += v;
                t.fill = double(s / present.size());
            }
            // Statistics over the imputed column, as a scikit-learn Pipeline(SimpleImputer, scaler) computes them.
            std::vector<double> v = cells.numbers;
            for (double &x : v)
                if (std::isnan(x))
                    x = t.fill;
            t.scale = scale;
            if (scale == "standard") {
                long double mean = 0;
                for (double x : v)
                    mean += x;
                mean /= v.size();
                long double var = 0;
                for (double x : v)
                    var += (x - mean) * (x - mean);
                var /= v.size();
                t.offset = double(mean);
                const double sd = std::sqrt(double(var));
                t.divisor = sd > 0 ? sd : 1.0; // StandardScaler leaves constant features unscaled
            } else if (scale == "minmax") {
                const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
                t.offset = *lo;
                t.divisor = *hi > *lo ? *hi - *lo : 1.0;
            } else {
                t.scale = "none";
            }
        } else {
            std::map<std::string, std::size_t> counts;
            for (const std::string *s : cells.texts)
                if (s)
                    ++counts[*s];
            if (counts.empty())
                throwError(ErrorKind::BadInput, "feature \"" + name + "\" has no values in the training rows");
            t.impute = "most_frequent";
            // The most frequent, the smallest text among ties (SimpleImputer's rule).
            std::size_t best = 0;
            for (const auto &[text, n] : counts)
                if (n > best)
                    best = n, t.fillText = text;
            for (const auto &[text, n] : counts)
                t.categories.push_back(text);
            t.scale = "one-hot";
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<std::string> Bundle::featureNames() const
{
    std::vector<std::string> names;
    for (const ColumnTransform &t : transforms) {
        if (t.type == data::ColumnType::Numerical)
            names.push_back(t.column);
        else
            for (const std::string &c : t.categories)
                names.push_back(t.column + "_" + c); // OneHotEncoder's get_feature_names_out
    }
    return names;
}

std::vector<double> Bundle::features(const data::Table &table) const
{
    const std::size_t width = featureNames().size();
    std::vector<double> x(table.rows * width, 0.0);
    std::size_t at = 0;
    for (const ColumnTransform &t : transforms) {
        const data::Column &c = columnOf(table, t.column, "the model was trained with it");
        const bool numeric = t.type == data::ColumnType::Numerical;
        if (numeric != (c.type == data::ColumnType::Numerical))
            throwError(ErrorKind::BadInput, table.source.string() + ": column \"" + t.column + "\" is " + data::toString(c.type) +
                                                " here but was " + data::toString(t.type) + " in training");
        const Cells cells = cellsOf(table, c);
        if (numeric) {
            for (std::size_t r = 0; r < table.rows; ++r) {
                const double v = std::isnan(cells.numbers[r]) ? t.fill : cells.numbers[r];
                x[r * width + at] = t.scale == "none" ? v : (v - t.offset) / t.divisor;
            }
            ++at;
        } else {
            for (std::size_t r = 0; r < table.rows; ++r) {
                const std::string &v = cells.texts[r] ? *cells.texts[r] : t.fillText;
                const auto it = std::lower_bound(t.categories.begin(), t.categories.end(), v);
                if (it != t.categories.end() && *it == v)
                    x[r * width + at + std::size_t(it - t.categories.begin())] = 1.0;
            }
            at += t.categories.size();
        }
    }
    return x;
}

Prediction Bundle::predict(const data::Table &table) const
{
    if (estimator.empty())
        throwError(ErrorKind::BadInput, "this bundle holds fitted transforms only; connect it to a Train node to get a model");
    std::size_t d = featureNames().size();
    std::vector<double> x = features(table);
    if (m_trees) {
        const std::vector<double> out = m_trees->predict(x, table.rows);
        Prediction p;
        if (task == "regression") {
            p.values = out;
            return p;
        }
        const std::size_t k = classes.size();
        p.labels.resize(table.rows);
        if (k == 2) { // binary:logistic gives the second class's probability
            p.probabilities.resize(table.rows * 2);
            for (std::size_t r = 0; r < table.rows; ++r) {
                p.probabilities[r * 2] = 1.0 - out[r];
                p.probabilities[r * 2 + 1] = out[r];
            }
        } else {
            p.probabilities = out;
        }
        for (std::size_t r = 0; r < table.rows; ++r) {
            const double *prob = &p.probabilities[r * k];
            p.labels[r] = classes[std::size_t(std::max_element(prob, prob + k) - prob)];
        }
        return p;
    }
    if (hiddenUnits > 0) { // an MLP: the output layer reads the hidden layer's ReLU units
        std::vector<double> h(table.rows * hiddenUnits);
        for (std::size_t r = 0; r < table.rows; ++r)
            for (std::size_t u = 0; u < hiddenUnits; ++u) {
                double z = hiddenBias[u];
                for (std::size_t j = 0; j < d; ++j)
                    z += x[r * d + j] * hiddenWeights[j * hiddenUnits + u];
                h[r * hiddenUnits + u] = std::max(0.0, z);
            }
        x = std::move(h);
        d = hiddenUnits;
    }
    const std::size_t outputs = intercept.size();
    Prediction p;
    if (task == "regression") {
        p.values.resize(table.rows);
        for (std::size_t r = 0; r < table.rows; ++r) {
            double z = intercept[0];
            for (std::size_t j = 0; j < d; ++j)
                z += coef[j] * x[r * d + j];
            p.values[r] = z;
        }
        return p;
    }
    const std::size_t k = classes.size();
    p.probabilities.resize(table.rows * k);
    p.labels.resize(table.rows);
    for (std::size_t r = 0; r < table.rows; ++r) {
        double *prob = &p.probabilities[r * k];
        classProbabilities(&x[r * d], d, coef.data(), intercept.data(), outputs, prob);
        // The first class of the highest probability, as numpy's argmax.
        p.labels[r] = classes[std::size_t(std::max_element(prob, prob + k) - prob)];
    }
    return p;
}

nlohmann::ordered_json Bundle::toJson() const
{
    nlohmann::ordered_json j;
    j["format"] = "keel-bundle/1";
    j["task"] = task;
    j["target"] = target;
    nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
    for (const ColumnTransform &t : transforms) {
        nlohmann::ordered_json c;
        c["column"] = t.column;
        c["type"] = data::toString(t.type);
        c["impute"] = t.impute;
        if (t.type == data::ColumnType::Numerical) {
            c["fill"] = t.fill;
            c["scale"] = t.scale;
            c["offset"] = t.offset;
            c["divisor"] = t.divisor;
        } else {
            c["fill"] = t.fillText;
            c["encode"] = "one-hot";
            c["categories"] = t.categories;
        }
        inputs.push_back(c);
    }
    j["inputs"] = inputs;
    j["features"] = featureNames();
    j["estimator"] = estimator;
    j["estimator_params"] = estimatorParams;
    j["classes"] = classes;
    j["coef"] = coef;
    j["intercept"] = intercept;
    if (hiddenUnits > 0)
        j["hidden_layer"] = {{"units", hiddenUnits}, {"activation", "relu"}, {"weights", hiddenWeights}, {"bias", hiddenBias}};
    if (!m_booster.empty())
        j["booster"] = {{"library", "xgboost"}, {"version", xgboostVersion()}, {"model", nlohmann::ordered_json::parse(m_booster)}};
    j["lineage"] = lineage;
    return j;
}

Bundle Bundle::fromJson(const nlohmann::ordered_json &j, const std::string &where)
{
    auto fail = [&](const std::string &field, const std::string &why) -> void {
        throwError(ErrorKind::Corrupt, where + ": field \"" + field + "\" " + why);
    };
    if (!j.is_object() || j.value("format", "") != "keel-bundle/1")
        throwError(ErrorKind::Corrupt, where + ": not a Keel model bundle (format keel-bundle/1)");
    Bundle b;
    try {
        b.task = j.at("task").get<std::string>();
        if (b.task != "classification" && b.task != "regression")
            fail("task", "must be classification or regression");
        b.target = j.at("target").get<std::string>();
        for (const auto &c : j.at("inputs")) {
            ColumnTransform t;
            t.column = c.at("column").get<std::string>();
            const auto type = data::columnTypeFromString(c.at("type").get<std::string>());
            if (!type)
                fail("inputs." + t.column + ".type", "is not a column type");
            t.type = *type;
            t.impute = c.at("impute").get<std::string>();
            if (t.type == data::ColumnType::Numerical) {
                t.fill = c.at("fill").get<double>();
                t.scale = c.at("scale").get<std::string>();
                t.offset = c.at("offset").get<double>();
                t.divisor = c.at("divisor").get<double>();
            } else {
                t.fillText = c.at("fill").get<std::string>();
                t.categories = c.at("categories").get<std::vector<std::string>>();
            }
            b.transforms.push_back(std::move(t));
        }
        b.estimator = j.at("estimator").get<std::string>();
        b.estimatorParams = j.value("estimator_params", nlohmann::ordered_json::object());
        b.classes = j.at("classes").get<std::vector<std::string>>();
        b.coef = j.at("coef").get<std::vector<double>>();
        b.intercept = j.at("intercept").get<std::vector<double>>();
        b.lineage = j.value("lineage", std::map<std::string, std::string>{});
        if (j.contains("hidden_layer")) {
            const auto &h = j.at("hidden_layer");
            b.hiddenUnits = h.at("units").get<std::size_t>();
            b.hiddenWeights = h.at("weights").get<std::vector<double>>();
            b.hiddenBias = h.at("bias").get<std::vector<double>>();
        }
        if (j.contains("booster"))
            b.setBooster(j.at("booster").at("model").dump(), where);
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::Corrupt, where + ": " + e.what());
    }
    const std::size_t inputs = b.featureNames().size();
    if (b.hiddenUnits > 0 && (b.hiddenWeights.size() != inputs * b.hiddenUnits || b.hiddenBias.size() != b.hiddenUnits))
        fail("hidden_layer", "does not match " + std::to_string(inputs) + " features x " + std::to_string(b.hiddenUnits) + " units");
    if (b.estimator == "xgboost") {
        if (!b.m_trees)
            fail("booster", "is missing (an xgboost bundle carries its trees)");
        if (b.m_trees->features() != inputs)
            fail("booster", "reads " + std::to_string(b.m_trees->features()) + " features, but the inputs give " + std::to_string(inputs));
        return b;
    }
    const std::size_t d = b.hiddenUnits > 0 ? b.hiddenUnits : inputs;
    if (!b.estimator.empty() && (b.intercept.empty() || b.coef.size() != b.intercept.size() * d))
        fail("coef", "does not match " + std::to_string(b.intercept.size()) + " outputs x " + std::to_string(d) + " features");
    return b;
}

void Bundle::setBooster(std::string model, const std::string &where)
{
    m_trees = model.empty() ? nullptr : BoostedTrees::load(model, where);
    m_booster = std::move(model);
}

void Bundle::save(const std::filesystem::path &folder) const
{
    std::filesystem::create_directories(folder);
    std::ofstream out(folder / "bundle.json", std::ios::binary);
    out << toJson().dump(2) << '\n';
    if (!out)
        throwError(ErrorKind::Io, (folder / "bundle.json").string() + ": cannot write");
}

Bundle Bundle::load(const std::filesystem::path &folder)
{
    const auto file = folder / "bundle.json";
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, file.string() + ": no such file (is this a Keel model bundle?)");
    nlohmann::ordered_json j;
    try {
        j = nlohmann::ordered_json::parse(in);
    } catch (const nlohmann::json::parse_error &e) {
        throwError(ErrorKind::Corrupt, file.string() + ": " + e.what());
    }
    return fromJson(j, file.string());
}

} // namespace keel::pipeline
