#include "pipeline/clustermanifest.h"

#include "core/error.h"
#include "pipeline/pipelinefile.h"

#include <nlohmann/json.hpp>

#include <cctype>

namespace keel::pipeline {
namespace {

using Json = nlohmann::ordered_json;

// Node labels that mark spot capacity on the common managed clusters; a pod may land on any
// (the terms of a required node affinity are ORed).
const char *const kSpotLabels[][2] = {
    {"cloud.google.com/gke-spot", "true"},            // GKE
    {"eks.amazonaws.com/capacityType", "SPOT"},        // EKS managed node groups
    {"karpenter.sh/capacity-type", "spot"},            // Karpenter
    {"kubernetes.azure.com/scalesetpriority", "spot"}, // AKS
};

void check(const ClusterOptions &o)
{
    if (o.gpus < 0)
        throwError(ErrorKind::BadInput, "--gpus must be 0 or more");
    if (o.gpus > 0 && !o.migProfile.empty())
        throwError(ErrorKind::BadInput, "ask for whole GPUs (--gpus) or a MIG slice (--mig), not both");
    if (!o.migProfile.empty()) {
        // "1g.10gb", "3g.40gb", "1g.5gb+me": Ng.NNgb as NVIDIA names the profiles.
        const auto g = o.migProfile.find("g.");
        if (g == std::string::npos || g == 0 || !std::isdigit(static_cast<unsigned char>(o.migProfile[0])) ||
            o.migProfile.find("gb", g + 2) == std::string::npos)
            throwError(ErrorKind::BadInput, "--mig takes a MIG profile such as 1g.10gb or 3g.40gb, not \"" + o.migProfile + "\"");
    }
    if (o.maxReplicas < 1)
        throwError(ErrorKind::BadInput, "--max-replicas must be 1 or more");
}

bool wantsGpu(const ClusterOptions &o)
{
    return o.gpus > 0 || !o.migProfile.empty();
}

Json resources(const ClusterOptions &o)
{
    Json requests{{"cpu", o.cpu}, {"memory", o.memory}};
    Json limits{{"memory", o.memory}};
    if (o.gpus > 0)
        limits["nvidia.com/gpu"] = std::to_string(o.gpus); // extended resources are asked for in limits; quantities as strings
    if (!o.migProfile.empty())
        limits["nvidia.com/mig-" + o.migProfile] = "1";
    return Json{{"requests", requests}, {"limits", limits}};
}

// Tolerations and affinity for GPU and spot node pools, added to a pod spec.
void schedule(Json &pod, const ClusterOptions &o)
{
    Json tolerations = Json::array();
    if (wantsGpu(o)) // the GPU Operator's and the clouds' convention for GPU pools
        tolerations.push_back({{"key", "nvidia.com/gpu"}, {"operator", "Exists"}, {"effect", "NoSchedule"}});
    if (o.spot) {
        tolerations.push_back({{"key", "cloud.google.com/gke-spot"}, {"operator", "Equal"}, {"value", "true"}, {"effect", "NoSchedule"}});
        tolerations.push_back({{"key", "kubernetes.azure.com/scalesetpriority"}, {"operator", "Equal"}, {"value", "spot"}, {"effect", "NoSchedule"}});
        Json terms = Json::array();
        for (const auto &label : kSpotLabels)
            terms.push_back({{"matchExpressions", Json::array({{{"key", label[0]}, {"operator", "In"}, {"values", Json::array({label[1]})}}})}});
        pod["affinity"] = {{"nodeAffinity", {{"requiredDuringSchedulingIgnoredDuringExecution", {{"nodeSelectorTerms", terms}}}}}};
    }
    if (!tolerations.empty())
        pod["tolerations"] = tolerations;
}

Json metadata(const std::string &name, const std::string &component, const ClusterOptions &o)
{
    Json m{{"name", name}};
    if (!o.ns.empty())
        m["namespace"] = taskName(o.ns);
    m["labels"] = {{"app.kubernetes.io/name", "keel"}, {"app.kubernetes.io/component", component}};
    return m;
}

Json workspaceVolume(const ClusterOptions &o)
{
    return Json::array({{{"name", "workspace"}, {"persistentVolumeClaim", {{"claimName", o.base.claim}}}}});
}

Json workspaceMount(const ClusterOptions &o)
{
    return Json::array({{{"name", "workspace"}, {"mountPath", o.base.workspace}}});
}

std::string job(const std::string &name, const std::string &component, Json args, const ClusterOptions &o, const std::string &comment)
{
    check(o);
    Json container{{"name", "keel"},
                   {"image", o.base.image},
                   {"command", Json::array({"keel"})},
                   {"args", std::move(args)},
                   {"resources", resources(o)},
                   {"volumeMounts", workspaceMount(o)}};
    Json pod{{"restartPolicy", "Never"}, {"containers", Json::array({container})}, {"volumes", workspaceVolume(o)}};
    schedule(pod, o);
    Json spec{{"backoffLimit", o.spot ? 6 : 1}, {"ttlSecondsAfterFinished", 86400}};
    if (o.spot) {
        // A node taken back by the cloud marks its pods DisruptionTarget: retry without counting it.
        spec["podFailurePolicy"] = {{"rules", Json::array({{{"action", "Ignore"},
                                                            {"onPodConditions", Json::array({{{"type", "DisruptionTarget"}, {"status", "True"}}})}}})}};
    }
    spec["template"] = {{"metadata", {{"labels", {{"app.kubernetes.io/name", "keel"}, {"app.kubernetes.io/component", component}}}}},
                        {"spec", pod}};
    const Json manifest{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", metadata(name, component, o)}, {"spec", spec}};
    return comment + formatYaml(manifest);
}

std::string gpuWords(const ClusterOptions &o)
{
    if (o.gpus > 0)
        return std::to_string(o.gpus) + (o.gpus == 1 ? " GPU" : " GPUs");
    if (!o.migProfile.empty())
        return "a MIG " + o.migProfile + " slice";
    return "no GPU";
}

} // namespace

std::string clusterPipelineJob(const Graph &graph, const ClusterOptions &o)
{
    if (!graph.topologicalOrder())
        throwError(ErrorKind::BadInput, "the pipeline's links form a cycle; it cannot be exported");
    const std::string name = taskName(o.name.empty() ? "keel-pipeline-" + graph.name : o.name);
    const std::string file = o.base.pipelineFile.empty()
                                 ? o.base.workspace + "/pipelines/" + taskName(graph.name.empty() ? "pipeline" : graph.name) + ".yaml"
                                 : o.base.pipelineFile;
    const std::string comment = "# A Kubernetes Job for the Keel pipeline \"" + graph.name + "\"" +
                                (o.base.source.empty() ? "" : " (" + o.base.source + ")") + ", written by `keel k8s export`.\n" +
                                "# It runs `keel pipeline run` on the workspace volume (claim " + o.base.claim + "), with " + gpuWords(o) +
                                (o.spot ? ", on spot nodes;\n# a preempted pod is retried and resumes from the nodes the cache already holds.\n"
                                        : ".\n") +
                                "# Put the pipeline file at " + file + " and its data beside it; kubectl apply -f this file.\n";
    return job(name, "pipeline", Json::array({"--workspace", o.base.workspace, "pipeline", "run", file}), o, comment);
}

std::string clusterEvalJob(const std::string &suiteFile, const std::string &gateRun, const ClusterOptions &o)
{
    if (suiteFile.empty())
        throwError(ErrorKind::BadInput, "an eval Job needs the suite's path inside the container");
    std::string stem = suiteFile.substr(suiteFile.find_last_of('/') + 1);
    if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0)
        stem.resize(dot);
    const std::string name = taskName(o.name.empty() ? "keel-eval-" + stem : o.name);
    Json args = Json::array({"--workspace", o.base.workspace, "eval", "run", suiteFile});
    if (!gateRun.empty()) {
        args.push_back("--gate");
        args.push_back(gateRun);
    }
    const std::string comment = "# A Kubernetes Job for the Keel eval suite " + suiteFile + ", written by `keel k8s export`.\n" +
                                "# It runs `keel eval run` on the workspace volume (claim " + o.base.claim + "), with " + gpuWords(o) +
                                (gateRun.empty() ? std::string(".\n") : "; the Job fails when the run regresses against " + gateRun + ".\n");
    return job(name, "eval", std::move(args), o, comment);
}

std::string clusterInferenceService(const std::string &model, const ClusterOptions &o)
{
    check(o);
    if (model.empty())
        throwError(ErrorKind::BadInput, "an InferenceService needs the model to serve");
    std::string stem = model.substr(model.find_last_of("/:") == std::string::npos ? 0 : model.find_last_of("/:") + 1);
    if (const auto dot = stem.rfind('.'); dot != std::string::npos && dot > 0)
        stem.resize(dot);
    const std::string name = taskName(o.name.empty() ? "keel-" + stem : o.name);
    // Listening beyond loopback needs an API key: read from a Secret the user creates.
    Json env = Json::array({{{"name", "KEEL_API_KEY"}, {"valueFrom", {{"secretKeyRef", {{"name", name + "-api-key"}, {"key", "key"}}}}}}});
    Json container{{"name", "kserve-container"},
                   {"image", o.base.image},
                   {"command", Json::array({"keel"})},
                   {"args", Json::array({"--workspace", o.base.workspace, "serve", model, "--host", "0.0.0.0", "--port", "8080",
                                         "--api-key-env", "KEEL_API_KEY"})},
                   {"env", env},
                   {"ports", Json::array({{{"containerPort", 8080}, {"protocol", "TCP"}}})},
                   {"readinessProbe", {{"httpGet", {{"path", "/v2/health/ready"}, {"port", 8080}}}}},
                   {"resources", resources(o)},
                   {"volumeMounts", workspaceMount(o)}};
    Json predictor{{"minReplicas", 0}, {"maxReplicas", o.maxReplicas}};
    schedule(predictor, o);
    predictor["containers"] = Json::array({container});
    predictor["volumes"] = workspaceVolume(o);
    const Json manifest{{"apiVersion", "serving.kserve.io/v1beta1"},
                        {"kind", "InferenceService"},
                        {"metadata", metadata(name, "serve", o)},
                        {"spec", {{"predictor", predictor}}}};
    const std::string comment = "# A KServe InferenceService serving " + model + " with `keel serve`, written by `keel k8s export`.\n" +
                                "# minReplicas 0: no pod (and no GPU) while idle; the first request starts one. It holds " + gpuWords(o) +
                                ".\n# Create its API key first: kubectl create secret generic " + name + "-api-key --from-literal=key=...\n";
    return comment + formatYaml(manifest);
}

} // namespace keel::pipeline
