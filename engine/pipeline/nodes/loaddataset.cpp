#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/sha256.h"
#include "data/table.h"
#include "drift/referenceprofiles.h"
#include "store/workspace.h"

namespace keel::pipeline {

namespace {
std::filesystem::path resolve(NodeContext &ctx)
{
    std::filesystem::path p = ctx.text("path");
    return p.is_relative() ? ctx.baseDir() / p : p;
}
} // namespace

NodeType loadDatasetNode()
{
    NodeType t;
    t.id = "load-dataset";
    t.title = "Load dataset";
    t.category = "Data";
    t.description = "Reads a CSV, TSV or JSON Lines file (relative paths from the pipeline file's folder), or a drift "
                    "reference profile kept in the workspace (profile:NAME).";
    t.outputs = {{"dataset", PortType::Dataset, true, "the rows, with column types inferred"}};
    t.params = {{"path", ParamSpec::Kind::Path, true, nullptr, {}, {}, {}, "a .csv, .tsv, .jsonl file or profile:NAME"}};
    t.fingerprint = [](NodeContext &ctx) {
        if (drift::profileName(ctx.text("path")))
            return ctx.text("path"); // profiles are immutable: the name is the content
        return sha256File(resolve(ctx));
    };
    t.run = [](NodeContext &ctx) {
        const std::string path = ctx.text("path");
        data::Table table;
        if (const auto profile = drift::profileName(path)) {
            ctx.withWorkspace([&](store::Workspace &ws) {
                drift::ReferenceProfiles profiles(ws.db(), ws.artifacts());
                table = profiles.load(*profile);
            });
        } else {
            table = data::readTable(resolve(ctx));
        }
        ctx.log(std::to_string(table.rows) + " rows, " + std::to_string(table.columns.size()) + " columns from " + path);
        ctx.output("dataset", tableValue(std::move(table)));
    };
    return t;
}

} // namespace keel::pipeline
