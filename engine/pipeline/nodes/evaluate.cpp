#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "core/numbertext.h"
#include "data/metrics.h"
#include "data/table.h"
#include "pipeline/bundle.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace keel::pipeline {

NodeType evaluateNode()
{
    NodeType t;
    t.id = "evaluate";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Evaluate");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Evaluation");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Scores a model on rows it was not trained on, with scikit-learn's definitions: accuracy, F1 (binary for "
                    "two classes, macro for more), ROC AUC and log loss for classifiers; MAE, RMSE and R² for regressions. "
                    "Predictions come from the bundle's own predict, the one serving uses.");
    t.inputs = {{"model", PortType::Model, true, KEEL_UI_TEXT("keel::pipeline", "a trained model")}, {"dataset", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "rows with the target")}};
    t.outputs = {{"metrics", PortType::Metrics, true, KEEL_UI_TEXT("keel::pipeline", "the scores")}};
    t.params = {{"prefix", ParamSpec::Kind::String, false, "", {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "put before each metric's name (\"test_\")")}};
    t.run = [](NodeContext &ctx) {
        const Bundle &b = *ctx.required("model").bundle;
        const data::Table &table = *ctx.required("dataset").table;
        if (b.estimator.empty())
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": its model input holds transforms only; connect a Train node's model");
        const Prediction p = b.predict(table);
        Metrics m;
        if (b.task == "regression") {
            const auto truth = numbersOf(table, b.target);
            std::vector<double> y, yhat;
            for (std::size_t r = 0; r < table.rows; ++r)
                if (!std::isnan(truth[r]))
                    y.push_back(truth[r]), yhat.push_back(p.values[r]);
            m["mae"] = data::meanAbsoluteError(y, yhat);
            m["rmse"] = data::rootMeanSquaredError(y, yhat);
            m["r2"] = data::r2Score(y, yhat);
            m["rows"] = double(y.size());
        } else {
            const auto labels = labelsOf(table, b.target);
            std::vector<std::string> y, yhat;
            std::vector<std::size_t> classIndex;
            std::vector<double> probabilities;
            std::vector<std::pair<double, bool>> scored;
            const std::size_t k = b.classes.size();
            const std::string positive = k == 2 ? (data::isPositiveLabel(b.classes[0]) ? b.classes[0] : b.classes[1]) : std::string();
            const std::size_t positiveIndex = k == 2 && positive == b.classes[0] ? 0 : 1;
            bool unseen = false;
            for (std::size_t r = 0; r < table.rows; ++r) {
                if (!labels[r])
                    continue;
                y.push_back(*labels[r]);
                yhat.push_back(p.labels[r]);
                const auto it = std::lower_bound(b.classes.begin(), b.classes.end(), *labels[r]);
                if (it == b.classes.end() || *it != *labels[r]) {
                    unseen = true;
                    continue;
                }
                classIndex.push_back(std::size_t(it - b.classes.begin()));
                probabilities.insert(probabilities.end(), &p.probabilities[r * k], &p.probabilities[r * k] + k);
                if (k == 2)
                    scored.emplace_back(p.probabilities[r * k + positiveIndex], *labels[r] == positive);
            }
            m["accuracy"] = data::accuracy(y, yhat);
            m["f1"] = k == 2 ? data::f1Binary(y, yhat, positive) : data::f1Macro(y, yhat);
            if (k == 2)
                m["roc_auc"] = data::rocAuc(scored);
            if (!unseen)
                m["log_loss"] = data::logLoss(classIndex, probabilities, k);
            else
                ctx.log("log loss left out: the data has classes the model never saw");
            m["rows"] = double(y.size());
        }
        const std::string prefix = ctx.text("prefix");
        Metrics out;
        std::string line;
        for (const auto &[name, value] : m) {
            out[prefix + name] = value;
            if (name != "rows")
                line += (line.empty() ? "" : " · ") + name + " " + shortestNumber(std::round(value * 1e4) / 1e4);
        }
        ctx.log(line + " (" + std::to_string(std::size_t(m["rows"])) + " rows)");
        ctx.output("metrics", metricsValue(std::move(out)));
    };
    return t;
}

} // namespace keel::pipeline
