#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

namespace keel::pipeline {

NodeType setAliasNode()
{
    NodeType t;
    t.id = "set-alias";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Set alias");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Registry");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Points an alias (champion, production) at the version a Register model node made; the registry's history "
                    "records the move with this pipeline run as its reason. Serving follows the alias.");
    t.inputs = {{"version", PortType::Text, true, KEEL_UI_TEXT("keel::pipeline", "models:/NAME/VERSION from Register model")}};
    t.outputs = {{"version", PortType::Text, false, KEEL_UI_TEXT("keel::pipeline", "the same version")}};
    t.params = {{"alias", ParamSpec::Kind::String, true, "champion", {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the alias to move")}};
    t.cacheable = false;
    t.run = [](NodeContext &ctx) {
        const Value &in = ctx.required("version");
        const std::string &uri = in.text;
        const auto slash = uri.rfind('/');
        if (uri.rfind("models:/", 0) != 0 || slash == std::string::npos || slash < 9)
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": \"" + uri + "\" is not models:/NAME/VERSION");
        const std::string name = uri.substr(8, slash - 8);
        const int version = std::stoi(uri.substr(slash + 1));
        const std::string alias = ctx.text("alias");
        bool moved = false;
        ctx.withWorkspace([&](store::Workspace &ws) {
            registry::ModelRegistry reg(ws.db(), ws.artifacts());
            const auto model = reg.model(name);
            const auto it = model ? model->aliases.find(alias) : decltype(model->aliases.end()){};
            if (model && it != model->aliases.end() && it->second == version)
                return; // already there: no move to record
            reg.setAlias(name, alias, version, registry::ModelRegistry::currentActor(),
                         "pipeline run " + ctx.pipelineRunUuid() + " (" + ctx.runReason() + ")");
            moved = true;
        });
        ctx.log(moved ? name + "@" + alias + " → version " + std::to_string(version)
                      : name + "@" + alias + " already points at version " + std::to_string(version));
        ctx.output("version", in);
    };
    return t;
}

} // namespace keel::pipeline
