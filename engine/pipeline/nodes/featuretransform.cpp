#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "data/table.h"
#include "pipeline/bundle.h"

#include <algorithm>

namespace keel::pipeline {

// The feature columns a node names, or every column but the target and the excluded ones.
std::vector<std::string> featureColumns(NodeContext &ctx, const data::Table &table, const std::string &target)
{
    std::vector<std::string> columns = ctx.list("columns");
    const std::vector<std::string> exclude = ctx.list("exclude");
    if (columns.empty())
        for (const data::Column &c : table.columns)
            if (c.name != target && std::find(exclude.begin(), exclude.end(), c.name) == exclude.end())
                columns.push_back(c.name);
    if (columns.empty())
        throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": no feature columns left (the data has only the target)");
    return columns;
}

NodeType featureTransformNode()
{
    NodeType t;
    t.id = "feature-transform";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Feature transform");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Training");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Fits how columns become features on the training rows only: missing numbers imputed (mean, median or 0) and "
                    "scaled (standard or min-max), categories one-hot encoded. The fitted transforms travel inside the model, so "
                    "evaluation and serving compute features exactly as training did.");
    t.inputs = {{"dataset", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the training rows")}};
    t.outputs = {{"transform", PortType::Model, true, KEEL_UI_TEXT("keel::pipeline", "the fitted transforms (connect to Train)")}};
    t.params = {
        {"target", ParamSpec::Kind::String, true, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the column to predict (never a feature)")},
        {"columns", ParamSpec::Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "feature columns (default: every other column)")},
        {"exclude", ParamSpec::Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "columns that are not features (ids, times)")},
        {"impute", ParamSpec::Kind::Choice, false, "mean", {"mean", "median", "constant"}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "missing numbers become")},
        {"scale", ParamSpec::Kind::Choice, false, "standard", {"standard", "minmax", "none"}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "how numbers are scaled")},
    };
    t.run = [](NodeContext &ctx) {
        const data::Table &table = *ctx.required("dataset").table;
        const std::string target = ctx.text("target");
        requireColumn(table, target, "the target");
        Bundle b;
        b.target = target;
        b.transforms = Bundle::fitTransforms(table, featureColumns(ctx, table, target), ctx.text("impute"), ctx.text("scale"));
        ctx.log(std::to_string(b.transforms.size()) + " columns → " + std::to_string(b.featureNames().size()) + " features, fitted on " +
                std::to_string(table.rows) + " rows");
        ctx.output("transform", bundleValue(std::move(b)));
    };
    return t;
}

} // namespace keel::pipeline
