#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/clock.h"
#include "core/error.h"
#include "data/table.h"
#include "pipeline/boostedtrees.h"
#include "pipeline/bundle.h"
#include "pipeline/linearmodels.h"
#include "pipeline/mlp.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"
#include "core/sha256.h"
#include "store/workspace.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace keel::pipeline {

std::vector<std::string> featureColumns(NodeContext &ctx, const data::Table &table, const std::string &target);

NodeType trainNode()
{
    NodeType t;
    t.id = "train";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Train");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Training");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Fits a model on the training rows: logistic regression (scikit-learn's LogisticRegression: L2 penalty, C, "
                    "binary or multinomial), linear regression (ordinary least squares), or an MLP (one ReLU hidden layer, Adam, "
                    "as scikit-learn's MLPClassifier / MLPRegressor by default; on libtorch), or gradient-boosted trees (XGBoost, "
                    "its parameter names and defaults, tree_method hist). With a Feature transform connected its "
                    "fitted transforms are applied first and saved with the model; without one, numbers are used as they are "
                    "(missing ones imputed with the mean) and categories one-hot encoded. Logs a child tracking run with its "
                    "params, the loss per iteration and the training data's digest.");
    t.inputs = {{"train", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the training rows")},
                {"transform", PortType::Model, false, KEEL_UI_TEXT("keel::pipeline", "fitted transforms from a Feature transform node")}};
    t.outputs = {{"model", PortType::Model, true, KEEL_UI_TEXT("keel::pipeline", "the model bundle (transforms and weights)")}};
    t.params = {
        {"target", ParamSpec::Kind::String, true, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the column to predict")},
        {"model", ParamSpec::Kind::Choice, false, "logistic-regression", {"logistic-regression", "linear-regression", "mlp", "xgboost"}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the estimator")},
        {"task", ParamSpec::Kind::Choice, false, "classification", {"classification", "regression"}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "what an MLP or XGBoost predicts")},
        {"hidden", ParamSpec::Kind::Integer, false, 100, {}, 1.0, 10000.0, KEEL_UI_TEXT("keel::pipeline", "MLP: hidden ReLU units")},
        {"alpha", ParamSpec::Kind::Number, false, 1e-4, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "MLP: L2 penalty")},
        {"seed", ParamSpec::Kind::Integer, false, 42, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "MLP: initial weights and batch order; XGBoost: row and column sampling")},
        {"n_estimators", ParamSpec::Kind::Integer, false, 100, {}, 1.0, 100000.0, KEEL_UI_TEXT("keel::pipeline", "XGBoost: boosting rounds")},
        {"max_depth", ParamSpec::Kind::Integer, false, 6, {}, 0.0, 64.0, KEEL_UI_TEXT("keel::pipeline", "XGBoost: the deepest a tree grows")},
        {"learning_rate", ParamSpec::Kind::Number, false, 0.3, {}, 0.0, 1.0, KEEL_UI_TEXT("keel::pipeline", "XGBoost: shrinkage per round (eta)")},
        {"min_child_weight", ParamSpec::Kind::Number, false, 1.0, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "XGBoost: the least hessian sum in a leaf")},
        {"reg_lambda", ParamSpec::Kind::Number, false, 1.0, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "XGBoost: L2 penalty on leaf weights")},
        {"subsample", ParamSpec::Kind::Number, false, 1.0, {}, 0.0, 1.0, KEEL_UI_TEXT("keel::pipeline", "XGBoost: share of rows each tree sees")},
        {"colsample_bytree", ParamSpec::Kind::Number, false, 1.0, {}, 0.0, 1.0, KEEL_UI_TEXT("keel::pipeline", "XGBoost: share of columns each tree sees")},
        {"tree_method", ParamSpec::Kind::Choice, false, "hist", {"hist", "approx", "exact"}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "XGBoost: how splits are found")},
        {"C", ParamSpec::Kind::Number, false, 1.0, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "inverse regularisation strength (logistic regression)")},
        {"max_iter", ParamSpec::Kind::Integer, false, 100, {}, 1.0, {}, KEEL_UI_TEXT("keel::pipeline", "Newton iterations (logistic regression) or epochs (MLP) at most")},
        {"checkpoint_every", ParamSpec::Kind::Integer, false, 0, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "MLP: save the training state in the workspace every N epochs, so that a killed run (a spot preemption) resumes there with the same result; 0: never")},
        {"tol", ParamSpec::Kind::Number, false, 1e-10, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "stop when the largest gradient entry per sample is below")},
        {"columns", ParamSpec::Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "feature columns without a transform (default: all)")},
        {"exclude", ParamSpec::Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "columns that are not features")},
    };
    t.run = [](NodeContext &ctx) {
        const Value &trainValue = ctx.required("train");
        const data::Table &table = *trainValue.table;
        const std::string target = ctx.text("target");
        const std::string model = ctx.text("model");
        Bundle b;
        if (const Value *transform = ctx.input("transform")) {
            b = *transform->bundle;
            if (!b.target.empty() && b.target != target)
                throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": the transform was fitted for target \"" + b.target +
                                                    "\", but this node trains for \"" + target + "\"");
        } else {
            b.transforms = Bundle::fitTransforms(table, featureColumns(ctx, table, target), "mean", "none");
        }
        b.target = target;
        b.estimator = model;
        b.lineage["train_data_sha256"] = trainValue.sha256;
        if (!ctx.pipelineRunUuid().empty())
            b.lineage["pipeline_run"] = ctx.pipelineRunUuid();
        const std::size_t d = b.featureNames().size();
        // Rows without a target are left out.
        std::vector<std::uint32_t> keep;
        LinearFit fit;
        std::vector<tracking::Metric> curve;
        const std::int64_t started = nowMs();
        // The rows that have a target (into `keep`) and the target per kept row: the class index
        // among b.classes, or the value.
        auto targetRows = [&](bool classify) {
            std::vector<double> y;
            if (classify) {
                const auto labels = labelsOf(table, target);
                b.classes = sortedClasses(table, target);
                for (std::uint32_t r = 0; r < table.rows; ++r)
                    if (labels[r]) {
                        keep.push_back(r);
                        y.push_back(double(std::lower_bound(b.classes.begin(), b.classes.end(), *labels[r]) - b.classes.begin()));
                    }
            } else {
                const std::vector<double> values = numbersOf(table, target);
                for (std::uint32_t r = 0; r < table.rows; ++r)
                    if (!std::isnan(values[r])) {
                        keep.push_back(r);
                        y.push_back(values[r]);
                    }
            }
            return y;
        };
        if (model == "logistic-regression") {
            b.task = "classification";
            const auto labels = labelsOf(table, target);
            b.classes = sortedClasses(table, target);
            std::vector<std::size_t> y;
            for (std::uint32_t r = 0; r < table.rows; ++r)
                if (labels[r]) {
                    keep.push_back(r);
                    y.push_back(std::size_t(std::lower_bound(b.classes.begin(), b.classes.end(), *labels[r]) - b.classes.begin()));
                }
            const data::Table rows = keep.size() == table.rows ? table : data::takeRows(table, keep);
            const int maxIter = int(ctx.number("max_iter"));
            b.estimatorParams = {{"penalty", "l2"}, {"C", ctx.number("C")}, {"max_iter", maxIter}, {"tol", ctx.number("tol")},
                                 {"solver", "newton"}, {"multi_class", b.classes.size() > 2 ? "multinomial" : "binary"}};
            fit = fitLogistic(b.features(rows), d, y, b.classes.size(), ctx.number("C"), maxIter, ctx.number("tol"), [&](int it, double loss) {
                ctx.throwIfStopped();
                ctx.progress(double(it) / maxIter, "iteration " + std::to_string(it) + ": log loss " + std::to_string(loss));
                curve.push_back({"train_log_loss", loss, nowMs(), it});
            });
            ctx.log("logistic regression on " + std::to_string(rows.rows) + " rows, " + std::to_string(d) + " features, " +
                    std::to_string(b.classes.size()) + " classes: " + std::to_string(fit.iterations) + " Newton iterations" +
                    (fit.lossHistory.empty() ? std::string() : ", training log loss " + std::to_string(fit.lossHistory.back())));
        } else if (model == "linear-regression") {
            b.task = "regression";
            const std::vector<double> values = numbersOf(table, target);
            std::vector<double> y;
            for (std::uint32_t r = 0; r < table.rows; ++r)
                if (!std::isnan(values[r])) {
                    keep.push_back(r);
                    y.push_back(values[r]);
                }
            const data::Table rows = keep.size() == table.rows ? table : data::takeRows(table, keep);
            b.estimatorParams = {{"fit_intercept", true}};
            fit = fitLinear(b.features(rows), d, y);
            ctx.log("linear regression on " + std::to_string(rows.rows) + " rows, " + std::to_string(d) + " features");
        } else if (model == "mlp") {
            const bool classify = ctx.text("task") != "regression";
            b.task = classify ? "classification" : "regression";
            const std::vector<double> y = targetRows(classify);
            const data::Table rows = keep.size() == table.rows ? table : data::takeRows(table, keep);
            const int epochs = int(ctx.number("max_iter"));
            const auto hidden = std::size_t(ctx.number("hidden"));
            b.estimatorParams = {{"hidden_layer_sizes", hidden}, {"activation", "relu"}, {"solver", "adam"}, {"alpha", ctx.number("alpha")},
                                 {"max_iter", epochs}, {"random_state", ctx.number("seed")}};
            // The checkpoint's name: this node with these inputs and params, in this workspace.
            MlpCheckpoint checkpoint;
            checkpoint.everyEpochs = int(ctx.number("checkpoint_every"));
            if (checkpoint.everyEpochs > 0 && ctx.workspace()) {
                const Value *transform = ctx.input("transform");
                checkpoint.file = ctx.workspace()->dir() / "checkpoints" /
                                  (sha256Hex(ctx.nodeId() + "\n" + trainValue.sha256 + "\n" + (transform ? transform->sha256 : std::string()) + "\n" +
                                             ctx.params().dump()) +
                                   ".mlp");
            }
            const MlpFit net = fitMlp(b.features(rows), d, y, classify ? b.classes.size() : 0, hidden, ctx.number("alpha"), epochs, 1e-4,
                                      std::uint64_t(ctx.number("seed")), [&](int epoch, double loss) {
                                          ctx.throwIfStopped();
                                          ctx.progress(double(epoch) / epochs, "epoch " + std::to_string(epoch) + ": loss " + std::to_string(loss));
                                          curve.push_back({"train_loss", loss, nowMs(), epoch});
                                      },
                                      &checkpoint);
            b.hiddenUnits = net.hidden;
            b.hiddenWeights = net.w1;
            b.hiddenBias = net.b1;
            fit.coef = net.w2;
            fit.intercept = net.b2;
            fit.iterations = net.epochs;
            // A softmax over two outputs is the same model as a sigmoid of their difference.
            if (classify && b.classes.size() == 2) {
                std::vector<double> diff(net.hidden);
                for (std::size_t u = 0; u < net.hidden; ++u)
                    diff[u] = net.w2[net.hidden + u] - net.w2[u];
                fit.coef = diff;
                fit.intercept = {net.b2[1] - net.b2[0]};
            }
            ctx.log("MLP (" + std::to_string(hidden) + " ReLU units) on " + std::to_string(rows.rows) + " rows: " + std::to_string(net.epochs) +
                    " epochs, training loss " + std::to_string(net.lossHistory.back()));
        } else if (model == "xgboost") {
            const bool classify = ctx.text("task") != "regression";
            b.task = classify ? "classification" : "regression";
            const std::vector<double> y = targetRows(classify);
            const data::Table rows = keep.size() == table.rows ? table : data::takeRows(table, keep);
            BoostSettings s;
            s.rounds = int(ctx.number("n_estimators"));
            s.maxDepth = int(ctx.number("max_depth"));
            s.learningRate = ctx.number("learning_rate");
            s.minChildWeight = ctx.number("min_child_weight");
            s.lambda = ctx.number("reg_lambda");
            s.subsample = ctx.number("subsample");
            s.colsampleBytree = ctx.number("colsample_bytree");
            s.treeMethod = ctx.text("tree_method");
            s.seed = std::uint64_t(ctx.number("seed"));
            b.estimatorParams = nlohmann::ordered_json::object();
            for (const auto &[name, value] : boosterParams(s, classify ? b.classes.size() : 0))
                if (name != "verbosity")
                    b.estimatorParams[name] = value;
            b.estimatorParams["num_boost_round"] = s.rounds;
            b.estimatorParams["xgboost_version"] = xgboostVersion();
            const std::string lossName = classify ? "train_log_loss" : "train_rmse";
            const std::string lossText = classify ? "log loss" : "RMSE";
            const BoostFit trees = fitBoostedTrees(b.features(rows), d, y, classify ? b.classes.size() : 0, s, [&](int round, double loss) {
                ctx.throwIfStopped();
                ctx.progress(double(round) / s.rounds, "round " + std::to_string(round) + ": " + lossText + " " + std::to_string(loss));
                curve.push_back({lossName, loss, nowMs(), round});
            });
            b.setBooster(trees.model, "node \"" + ctx.nodeId() + "\"");
            fit.iterations = trees.rounds;
            ctx.log("XGBoost " + xgboostVersion() + " (" + s.treeMethod + ", depth " + std::to_string(s.maxDepth) + ") on " +
                    std::to_string(rows.rows) + " rows, " + std::to_string(d) + " features: " + std::to_string(trees.rounds) +
                    " rounds, training " + lossText + " " + std::to_string(trees.lossHistory.back()));
        } else {
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": model must be logistic-regression, linear-regression, mlp or xgboost, not \"" + model + "\"");
        }
        if (keep.size() < table.rows)
            ctx.log(std::to_string(table.rows - keep.size()) + " rows without a target left out");
        b.coef = fit.coef;
        b.intercept = fit.intercept;
        // The child run: what MLflow's autologging would record.
        if (!ctx.pipelineRunUuid().empty()) {
            ctx.withWorkspace([&](store::Workspace &ws) {
                tracking::TrackingStore store(ws.db(), &ws.artifacts());
                const auto parent = store.run(ctx.pipelineRunUuid());
                if (!parent)
                    return;
                const std::string uuid = store.createRun(parent->run.experimentId, ctx.nodeId(), started, {}, ctx.pipelineRunUuid());
                std::vector<std::pair<std::string, std::string>> params{{"model", model}, {"target", target},
                                                                        {"features", std::to_string(d)}, {"rows", std::to_string(keep.size())}};
                for (const auto &[k, v] : b.estimatorParams.items())
                    params.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
                curve.push_back({"iterations", double(fit.iterations), nowMs(), 0});
                b.lineage["train_run"] = uuid;
                const std::vector<std::pair<std::string, std::string>> tags{{"keel.node", ctx.nodeId()},
                                                                            {"keel.bundle_sha256", bundleValue(b).sha256}};
                store.logBatch(uuid, curve, params, tags);
                const tracking::DatasetInput data{"train", trainValue.sha256.substr(0, 8), "keel-pipeline", table.source.string(), "training"};
                store.logDatasets(uuid, std::span(&data, 1));
                // The bundle as the run's artifact, where the run page and "register" find it.
                const auto folder = ws.dir() / "tmp" / ("bundle-" + uuid);
                b.save(folder / "model");
                if (const auto run = store.run(uuid))
                    store.importRunArtifacts(run->run.id, folder);
                std::filesystem::remove_all(folder);
                store.setRunStatus(uuid, "FINISHED", nowMs());
            });
        }
        ctx.output("model", bundleValue(std::move(b)));
    };
    return t;
}

} // namespace keel::pipeline
