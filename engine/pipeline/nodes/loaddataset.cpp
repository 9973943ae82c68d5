#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "core/sha256.h"
#include "data/table.h"
#include "drift/inferencelogsource.h"
#include "store/database.h"
#include "drift/referenceprofiles.h"
#include "store/workspace.h"

#include <algorithm>
#include <fnmatch.h>

namespace keel::pipeline {

namespace {
std::filesystem::path resolve(NodeContext &ctx, const std::string &text)
{
    std::filesystem::path p = text;
    return p.is_relative() ? ctx.baseDir() / p : p;
}

// The files a path names: itself, or for a pattern in its last part (months/*.csv) every
// matching file in that folder, by name.
std::vector<std::filesystem::path> filesOf(NodeContext &ctx, const std::string &text, bool mayBeEmpty)
{
    const std::filesystem::path path = resolve(ctx, text);
    const std::string pattern = path.filename().string();
    if (pattern.find_first_of("*?[") == std::string::npos)
        return mayBeEmpty && !std::filesystem::exists(path) ? std::vector<std::filesystem::path>{} : std::vector<std::filesystem::path>{path};
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(path.parent_path(), ec))
        if (entry.is_regular_file() && ::fnmatch(pattern.c_str(), entry.path().filename().c_str(), 0) == 0)
            files.push_back(entry.path());
    if (ec && !mayBeEmpty)
        throwError(ErrorKind::NotFound, path.parent_path().string() + ": " + ec.message());
    if (files.empty() && !mayBeEmpty)
        throwError(ErrorKind::NotFound, "no file matches " + path.string());
    std::sort(files.begin(), files.end());
    return files;
}
// Every file the node reads: `path` (which must exist unless optional) and `also` (each may
// match nothing).
std::vector<std::filesystem::path> allFiles(NodeContext &ctx)
{
    std::vector<std::filesystem::path> files = filesOf(ctx, ctx.text("path"), ctx.flag("optional"));
    for (const std::string &more : ctx.list("also"))
        for (auto &f : filesOf(ctx, more, true))
            files.push_back(std::move(f));
    return files;
}
} // namespace

NodeType loadDatasetNode()
{
    NodeType t;
    t.id = "load-dataset";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Load dataset");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Data");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Reads a CSV, TSV or JSON Lines file (relative paths from the pipeline file's folder), every file a "
                    "pattern matches as one table (months/*.csv, by name), a drift reference profile kept in the "
                    "workspace (profile:NAME), or what `keel serve` logged for a registry model (serve-log:NAME, the newest "
                    "`last_rows` rows).");
    t.outputs = {{"dataset", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the rows, with column types inferred")}};
    t.params = {{"path", ParamSpec::Kind::Path, true, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "a .csv, .tsv, .jsonl file, a pattern (months/*.csv), profile:NAME or serve-log:NAME")},
                {"last_rows", ParamSpec::Kind::Integer, false, 0, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "serve-log: only the newest rows (0: all that is kept)")},
                {"also", ParamSpec::Kind::Columns, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "more files or patterns, read after it (each may match nothing)")},
                {"optional", ParamSpec::Kind::Boolean, false, false, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "a path that matches nothing gives no rows instead of failing")}};
    t.fingerprint = [](NodeContext &ctx) {
        if (drift::profileName(ctx.text("path")))
            return ctx.text("path"); // profiles are immutable: the name is the content
        if (std::string model; drift::isInferenceLogSource(ctx.text("path"), &model)) {
            // The log grows with every request: its newest row and its length are its content.
            std::string state = ctx.text("path");
            ctx.withWorkspace([&](store::Workspace &ws) {
                auto q = ws.db().prepare("SELECT count(*), coalesce(max(id), 0) FROM inference_log WHERE model = ?1");
                q.bindAll(model);
                if (q.step())
                    state += ":" + std::to_string(q.int64(0)) + ":" + std::to_string(q.int64(1));
            });
            return state + ":" + std::to_string(std::int64_t(ctx.number("last_rows")));
        }
        std::string digests;
        for (const auto &file : allFiles(ctx))
            digests += file.filename().string() + ":" + sha256File(file) + "\n";
        return sha256Hex(digests);
    };
    t.run = [](NodeContext &ctx) {
        const std::string path = ctx.text("path");
        data::Table table;
        if (const auto profile = drift::profileName(path)) {
            ctx.withWorkspace([&](store::Workspace &ws) {
                drift::ReferenceProfiles profiles(ws.db(), ws.artifacts());
                table = profiles.load(*profile);
            });
        } else if (std::string model; drift::isInferenceLogSource(path, &model)) {
            ctx.withWorkspace([&](store::Workspace &ws) { table = drift::readInferenceLog(ws.db(), model, std::size_t(ctx.number("last_rows"))); });
        } else {
            std::vector<data::Table> parts;
            for (const auto &file : allFiles(ctx))
                parts.push_back(data::readTable(file));
            if (parts.size() > 1)
                ctx.log(std::to_string(parts.size()) + " files");
            if (parts.empty())
                ctx.log("no file matches " + path + " yet");
            table = data::concatTables(parts);
        }
        ctx.log(std::to_string(table.rows) + " rows, " + std::to_string(table.columns.size()) + " columns from " + path);
        ctx.output("dataset", tableValue(std::move(table)));
    };
    return t;
}

} // namespace keel::pipeline
