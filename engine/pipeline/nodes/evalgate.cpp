#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <cmath>
#include <sstream>

namespace keel::pipeline {

namespace {
std::string num(double v)
{
    std::ostringstream out;
    out.precision(6);
    out << v;
    return out.str();
}
} // namespace

NodeType evalGateNode()
{
    NodeType t;
    t.id = "eval-gate";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Eval gate");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Evaluation");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Lets the run go on only when a metric clears its bar: a minimum, a maximum, and/or beating the model "
                    "version behind an alias (the champion) by a margin. A model that does not clear it fails the gate, and "
                    "what comes after it (registering, promoting) is skipped.");
    t.inputs = {{"metrics", PortType::Metrics, true, KEEL_UI_TEXT("keel::pipeline", "a challenger's scores")}};
    t.outputs = {{"metrics", PortType::Metrics, true, KEEL_UI_TEXT("keel::pipeline", "the same scores, when the gate passed")}};
    t.params = {
        {"metric", ParamSpec::Kind::String, true, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the metric to judge (\"accuracy\")")},
        {"min", ParamSpec::Kind::Number, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the lowest acceptable value")},
        {"max", ParamSpec::Kind::Number, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the highest acceptable value")},
        {"higher_is_better", ParamSpec::Kind::Boolean, false, true, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "false for losses and errors")},
        {"champion_model", ParamSpec::Kind::String, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "a registered model to beat")},
        {"champion_alias", ParamSpec::Kind::String, false, "champion", {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the alias naming its version")},
        {"margin", ParamSpec::Kind::Number, false, 0.0, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "by how much the champion must be beaten")},
    };
    t.cacheable = false; // the champion can change between runs
    t.run = [](NodeContext &ctx) {
        const Value &in = ctx.required("metrics");
        const std::string metric = ctx.text("metric");
        const auto it = in.metrics.find(metric);
        if (it == in.metrics.end()) {
            std::string names;
            for (const auto &[k, v] : in.metrics)
                names += (names.empty() ? "" : ", ") + k;
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": no metric \"" + metric + "\" among " + names);
        }
        const double value = it->second;
        const bool higher = ctx.param("higher_is_better").is_null() || ctx.flag("higher_is_better");
        std::vector<std::string> failed;
        if (std::isnan(value))
            failed.push_back(metric + " is NaN");
        if (!ctx.param("min").is_null() && !(value >= ctx.number("min")))
            failed.push_back(metric + " " + num(value) + " is below the minimum " + num(ctx.number("min")));
        if (!ctx.param("max").is_null() && !(value <= ctx.number("max")))
            failed.push_back(metric + " " + num(value) + " is above the maximum " + num(ctx.number("max")));
        const std::string champion = ctx.text("champion_model");
        if (!champion.empty()) {
            const std::string alias = ctx.text("champion_alias");
            std::optional<double> bar;
            int version = 0;
            ctx.withWorkspace([&](store::Workspace &ws) {
                registry::ModelRegistry reg(ws.db(), ws.artifacts());
                if (!reg.model(champion))
                    return;
                try {
                    const auto v = reg.versionByAlias(champion, alias);
                    version = v.version;
                    const auto metrics = nlohmann::json::parse(v.metrics, nullptr, false);
                    if (metrics.is_object() && metrics.contains(metric) && metrics[metric].is_number())
                        bar = metrics[metric].get<double>();
                } catch (const Error &e) {
                    if (e.kind() != ErrorKind::NotFound)
                        throw;
                }
            });
            const double margin = ctx.number("margin");
            if (!version) {
                ctx.log("no " + champion + "@" + alias + " yet: nothing to beat");
            } else if (!bar) {
                ctx.log(champion + " version " + std::to_string(version) + " (@" + alias + ") has no " + metric + " recorded: nothing to beat");
            } else if (higher ? !(value >= *bar + margin) : !(value <= *bar - margin)) {
                failed.push_back(metric + " " + num(value) + " does not beat " + champion + " version " + std::to_string(version) + " (@" +
                                 alias + ": " + num(*bar) + ") by " + num(margin));
            } else {
                ctx.log(metric + " " + num(value) + " beats " + champion + " version " + std::to_string(version) + " (" + num(*bar) + ")");
            }
        }
        if (!failed.empty()) {
            std::string why;
            for (const std::string &f : failed)
                why += (why.empty() ? "" : "; ") + f;
            throwError(ErrorKind::Conflict, "gate not passed: " + why);
        }
        ctx.log("gate passed: " + metric + " = " + num(value));
        ctx.output("metrics", in);
    };
    return t;
}

} // namespace keel::pipeline
