#include "pipeline/workflowexport.h"

#include "core/error.h"
#include "pipeline/pipelinefile.h"

#include <map>
#include <set>

namespace keel::pipeline {

namespace {

using Json = nlohmann::ordered_json;

// Task names per node, made unique when two ids clean up to the same name.
std::map<std::string, std::string> taskNames(const Graph &graph)
{
    std::map<std::string, std::string> names;
    std::set<std::string> used;
    for (const Node &n : graph.nodes) {
        std::string name = taskName(n.id);
        for (int i = 2; used.count(name); ++i)
            name = taskName(n.id) + "-" + std::to_string(i);
        used.insert(name);
        names[n.id] = name;
    }
    return names;
}

// The nodes a node takes inputs from, once each, in file order.
std::vector<std::string> upstream(const Graph &graph, const std::string &id)
{
    std::set<std::string> from;
    for (const Link *l : graph.linksInto(id))
        from.insert(l->fromNode);
    std::vector<std::string> out;
    for (const Node &n : graph.nodes)
        if (from.count(n.id))
            out.push_back(n.id);
    return out;
}

std::string pipelineFileOf(const Graph &graph, const ExportOptions &o)
{
    if (!o.pipelineFile.empty())
        return o.pipelineFile;
    return o.workspace + "/pipelines/" + (graph.name.empty() ? std::string("pipeline") : taskName(graph.name)) + ".yaml";
}

std::string header(const Graph &graph, const ExportOptions &o, const char *engine)
{
    return std::string("# ") + engine + " for the Keel pipeline \"" + graph.name + "\"" + (o.source.empty() ? "" : " (" + o.source + ")") +
           ", written by `keel pipeline export`.\n# One task per node, each running `keel pipeline run-node` in the image; the nodes pass "
           "their outputs\n# through the workspace's cache on the shared volume, so put the pipeline file and its data there.\n";
}

void requireOrder(const Graph &graph)
{
    if (!graph.topologicalOrder())
        throwError(ErrorKind::BadInput, "the pipeline's links form a cycle; it cannot be exported");
}

} // namespace

std::string taskName(const std::string &nodeId)
{
    std::string out;
    for (unsigned char c : nodeId) {
        if (std::isalnum(c))
            out += char(std::tolower(c));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    if (out.empty() || !std::isalpha(static_cast<unsigned char>(out.front())))
        out = "node-" + out;
    return out.substr(0, 63);
}

std::string exportArgo(const Graph &graph, const ExportOptions &o)
{
    requireOrder(graph);
    const auto names = taskNames(graph);
    Json tasks = Json::array();
    const std::vector<std::string> order = *graph.topologicalOrder();
    for (const std::string &id : order) {
        Json task{{"name", names.at(id)}, {"template", "run-node"}};
        Json deps = Json::array();
        for (const std::string &from : upstream(graph, id))
            deps.push_back(names.at(from));
        if (!deps.empty())
            task["dependencies"] = deps;
        task["arguments"] = {{"parameters", Json::array({{{"name", "node"}, {"value", id}}})}};
        tasks.push_back(task);
    }
    const Json container{
        {"image", "{{workflow.parameters.image}}"},
        {"command", Json::array({"keel"})},
        {"args", Json::array({"--workspace", "{{workflow.parameters.workspace}}", "pipeline", "run-node", "{{workflow.parameters.pipeline-file}}",
                              "--node", "{{inputs.parameters.node}}", "--run", "{{workflow.uid}}"})},
        {"volumeMounts", Json::array({{{"name", "workspace"}, {"mountPath", "{{workflow.parameters.workspace}}"}}})}};
    const Json workflow{
        {"apiVersion", "argoproj.io/v1alpha1"},
        {"kind", "Workflow"},
        {"metadata", {{"generateName", taskName(graph.name.empty() ? "pipeline" : graph.name) + "-"},
                      {"labels", {{"keel.pipeline", taskName(graph.name.empty() ? "pipeline" : graph.name)}}}}},
        {"spec",
         {{"entrypoint", "pipeline"},
          {"arguments", {{"parameters", Json::array({{{"name", "image"}, {"value", o.image}},
                                                     {{"name", "workspace"}, {"value", o.workspace}},
                                                     {{"name", "workspace-claim"}, {"value", o.claim}},
                                                     {{"name", "pipeline-file"}, {"value", pipelineFileOf(graph, o)}}})}}},
          {"volumes", Json::array({{{"name", "workspace"}, {"persistentVolumeClaim", {{"claimName", "{{workflow.parameters.workspace-claim}}"}}}}})},
          {"templates", Json::array({{{"name", "pipeline"}, {"dag", {{"tasks", tasks}}}},
                                     {{"name", "run-node"}, {"inputs", {{"parameters", Json::array({{{"name", "node"}}})}}}, {"container", container}}})}}}};
    return header(graph, o, "An Argo Workflows Workflow") + formatYaml(workflow);
}

std::string exportKfp(const Graph &graph, const ExportOptions &o)
{
    requireOrder(graph);
    const auto names = taskNames(graph);
    const Json stringParam{{"parameterType", "STRING"}};
    const Json component{{"executorLabel", "exec-run-node"},
                         {"inputDefinitions", {{"parameters", {{"node", stringParam}, {"pipeline_file", stringParam}, {"workspace", stringParam}}}}}};
    const Json executor{
        {"container",
         {{"image", o.image},
          {"command", Json::array({"keel"})},
          {"args", Json::array({"--workspace", "{{$.inputs.parameters['workspace']}}", "pipeline", "run-node",
                                "{{$.inputs.parameters['pipeline_file']}}", "--node", "{{$.inputs.parameters['node']}}", "--run",
                                "{{$.pipeline_job_uuid}}"})}}}};
    Json tasks = Json::object();
    const std::vector<std::string> order = *graph.topologicalOrder();
    for (const std::string &id : order) {
        Json task{{"cachingOptions", {{"enableCache", false}}}, {"componentRef", {{"name", "comp-run-node"}}}};
        Json deps = Json::array();
        for (const std::string &from : upstream(graph, id))
            deps.push_back(names.at(from));
        if (!deps.empty())
            task["dependentTasks"] = deps;
        task["inputs"] = {{"parameters",
                           {{"node", {{"runtimeValue", {{"constant", id}}}}},
                            {"pipeline_file", {{"componentInputParameter", "pipeline_file"}}},
                            {"workspace", {{"componentInputParameter", "workspace"}}}}}};
        task["taskInfo"] = {{"name", names.at(id)}};
        tasks[names.at(id)] = task;
    }
    const std::string name = taskName(graph.name.empty() ? "pipeline" : graph.name);
    const Json spec{
        {"components", {{"comp-run-node", component}}},
        {"deploymentSpec", {{"executors", {{"exec-run-node", executor}}}}},
        {"pipelineInfo", {{"name", name}, {"description", graph.description.empty() ? "A Keel pipeline" : graph.description}}},
        {"root",
         {{"dag", {{"tasks", tasks}}},
          {"inputDefinitions",
           {{"parameters",
             {{"pipeline_file", {{"defaultValue", pipelineFileOf(graph, o)}, {"isOptional", true}, {"parameterType", "STRING"}}},
              {"workspace", {{"defaultValue", o.workspace}, {"isOptional", true}, {"parameterType", "STRING"}}}}}}}}},
        {"schemaVersion", "2.1.0"},
        {"sdkVersion", "keel"}};
    const Json platform{
        {"platforms",
         {{"kubernetes",
           {{"deploymentSpec",
             {{"executors",
               {{"exec-run-node",
                 {{"pvcMount", Json::array({{{"constant", o.claim},
                                             {"mountPath", o.workspace},
                                             {"pvcNameParameter", {{"runtimeValue", {{"constant", o.claim}}}}}}})}}}}}}}}}}}};
    return header(graph, o, "A Kubeflow Pipelines pipeline (IR YAML)") + formatYaml(spec) + "---\n" + formatYaml(platform);
}

} // namespace keel::pipeline
