#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "pipeline/bundle.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <filesystem>

namespace keel::pipeline {

NodeType registerModelNode()
{
    NodeType t;
    t.id = "register-model";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Register model");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Registry");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Registers the model bundle as the next immutable version of a registered model, with lineage to this "
                    "pipeline run, the training run and the data's digests, and the metrics it was judged by.");
    t.inputs = {{"model", PortType::Model, true, KEEL_UI_TEXT("keel::pipeline", "the model to register")},
                {"metrics", PortType::Metrics, false, KEEL_UI_TEXT("keel::pipeline", "its scores, kept with the version")}};
    t.outputs = {{"version", PortType::Text, true, KEEL_UI_TEXT("keel::pipeline", "the new version, as models:/NAME/VERSION")}};
    t.params = {{"name", ParamSpec::Kind::String, true, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the registered model (created when new)")},
                {"description", ParamSpec::Kind::String, false, "", {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the version's description")}};
    t.cacheable = false;
    t.run = [](NodeContext &ctx) {
        const Bundle &b = *ctx.required("model").bundle;
        if (b.estimator.empty())
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": its model input holds transforms only; connect a Train node's model");
        const std::string name = ctx.text("name");
        int version = 0;
        bool reused = false;
        ctx.withWorkspace([&](store::Workspace &ws) {
            registry::ModelRegistry reg(ws.db(), ws.artifacts());
            const auto folder = ws.dir() / "tmp" / ("register-" + ctx.pipelineRunUuid() + "-" + ctx.nodeId());
            std::filesystem::remove_all(folder);
            b.save(folder);
            registry::NewVersion v;
            v.artifactFile = folder;
            v.source = "keel pipeline run " + ctx.pipelineRunUuid() + ", node " + ctx.nodeId();
            if (const auto it = b.lineage.find("train_run"); it != b.lineage.end())
                v.runUuid = it->second;
            v.datasets = nlohmann::json::array({{{"name", "train"}, {"digest", b.lineage.count("train_data_sha256") ? b.lineage.at("train_data_sha256") : ""}}}).dump();
            nlohmann::json signature;
            signature["inputs"] = nlohmann::json::array();
            for (const ColumnTransform &c : b.transforms)
                signature["inputs"].push_back({{"name", c.column}, {"type", data::toString(c.type)}});
            signature["outputs"] = {{{"name", b.target}, {"type", b.task}}};
            v.signature = signature.dump();
            if (const Value *m = ctx.input("metrics"))
                v.metrics = nlohmann::json(m->metrics).dump();
            v.description = ctx.text("description");
            try {
                // The same bundle (a run whose Train node came from the cache) is the version
                // that already holds it, not a new one.
                v.artifactSha256 = reg.storeArtifact(folder);
                v.artifactFile.clear();
                if (reg.model(name))
                    for (const auto &existing : reg.versions(name))
                        if (existing.artifactSha256 == v.artifactSha256)
                            version = existing.version;
                reused = version != 0;
                if (!reused) // a new model with its first version: one transaction
                    version = reg.registerVersion(name, v, registry::ModelRegistry::currentActor(), true);
            } catch (...) {
                std::filesystem::remove_all(folder);
                throw;
            }
            std::filesystem::remove_all(folder);
        });
        ctx.log(reused ? "unchanged: " + name + " version " + std::to_string(version) + " already holds this model"
                       : "registered " + name + " version " + std::to_string(version));
        ctx.output("version", textValue("models:/" + name + "/" + std::to_string(version)));
    };
    return t;
}

} // namespace keel::pipeline
