#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "data/table.h"
#include "drift/tabledrift.h"

#include <nlohmann/json.hpp>

namespace keel::pipeline {

NodeType driftCheckNode()
{
    NodeType t;
    t.id = "drift-check";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Drift check");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Monitoring");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Compares new data with a reference, column by column, by Evidently's default rule (KS, chi-square, z, "
                    "Wasserstein, Jensen-Shannon); dataset drift when the share of drifted columns reaches drift_share. A "
                    "pipeline's drift trigger watches this node: when its new data drifts, the pipeline retrains.");
    t.inputs = {{"reference", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "what the model learnt from")}, {"current", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "new data")}};
    t.outputs = {{"report", PortType::DriftReport, true, KEEL_UI_TEXT("keel::pipeline", "each column's test, score and verdict")},
                 {"metrics", PortType::Metrics, false, KEEL_UI_TEXT("keel::pipeline", "drifted_columns, columns, drift_share_found, dataset_drift")}};
    t.params = {
        {"columns", ParamSpec::Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "columns to test (default: all)")},
        {"exclude", ParamSpec::Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "columns not to test (ids, targets, times)")},
        {"drift_share", ParamSpec::Kind::Number, false, 0.5, {}, 0.0, 1.0, KEEL_UI_TEXT("keel::pipeline", "share of drifted columns that is dataset drift")},
        {"fail_on_drift", ParamSpec::Kind::Boolean, false, false, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "fail the node (and skip what follows) on dataset drift")},
    };
    t.run = [](NodeContext &ctx) {
        if (ctx.required("current").table->rows == 0) { // no new data yet: nothing has drifted
            ctx.log("no current rows yet: nothing to compare");
            Value v = textValue(R"({"dataset_drift": false, "current_rows": 0})");
            v.type = PortType::DriftReport;
            ctx.output("report", std::move(v));
            ctx.output("metrics", metricsValue({{"drifted_columns", 0.0}, {"columns", 0.0}, {"drift_share_found", 0.0}, {"dataset_drift", 0.0}}));
            return;
        }
        drift::DriftOptions options;
        options.columns = ctx.list("columns");
        options.exclude = ctx.list("exclude");
        options.driftShare = ctx.number("drift_share");
        const drift::DriftReport r = drift::compareTables(*ctx.required("reference").table, *ctx.required("current").table, options);
        nlohmann::ordered_json report;
        report["dataset_drift"] = r.datasetDrift;
        report["drifted_columns"] = r.driftedColumns;
        report["columns"] = r.columns.size();
        report["drift_share"] = r.driftShare;
        report["reference_rows"] = r.referenceRows;
        report["current_rows"] = r.currentRows;
        nlohmann::ordered_json columns = nlohmann::ordered_json::array();
        std::string drifted;
        for (const drift::ColumnReport &c : r.columns) {
            columns.push_back({{"column", c.column}, {"test", c.drift.test}, {"score", c.drift.score}, {"threshold", c.drift.threshold},
                               {"drifted", c.drift.drifted}});
            if (c.drift.drifted)
                drifted += (drifted.empty() ? "" : ", ") + c.column;
        }
        report["per_column"] = columns;
        const std::string summary = (r.datasetDrift ? "dataset drift: " : "no dataset drift: ") + std::to_string(r.driftedColumns) + " of " +
                                    std::to_string(r.columns.size()) + " columns drifted" + (drifted.empty() ? "" : " (" + drifted + ")");
        ctx.log(summary);
        Value v = textValue(report.dump(2));
        v.type = PortType::DriftReport;
        ctx.output("report", std::move(v));
        ctx.output("metrics", metricsValue({{"drifted_columns", double(r.driftedColumns)},
                                            {"columns", double(r.columns.size())},
                                            {"drift_share_found", r.columns.empty() ? 0.0 : double(r.driftedColumns) / double(r.columns.size())},
                                            {"dataset_drift", r.datasetDrift ? 1.0 : 0.0}}));
        if (r.datasetDrift && ctx.flag("fail_on_drift"))
            throwError(ErrorKind::Conflict, summary);
    };
    return t;
}

} // namespace keel::pipeline
