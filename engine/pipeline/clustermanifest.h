#pragma once

#include "pipeline/graph.h"
#include "pipeline/workflowexport.h"

#include <string>

namespace keel::pipeline {

// How `keel k8s export` schedules work on a Kubernetes cluster: the image, the workspace's
// PersistentVolumeClaim (ExportOptions), and what the pod asks of the nodes.
struct ClusterOptions {
    ExportOptions base;
    std::string name;                 // metadata.name; default from the pipeline, suite or model
    std::string ns;                   // metadata.namespace; empty: the one kubectl applies to
    int gpus = 0;                     // whole GPUs: resources.limits nvidia.com/gpu
    std::string migProfile;           // a MIG slice instead ("1g.10gb": nvidia.com/mig-1g.10gb), GPU Operator's mixed strategy
    bool spot = false;                // spot/preemptible nodes only (node affinity, their taints tolerated)
    std::string cpu = "2";
    std::string memory = "8Gi";
    int maxReplicas = 1;              // serve: KServe's autoscaler ceiling (the floor is 0)
};

// A batch/v1 Job running `keel pipeline run FILE` on the workspace volume. On spot nodes a
// preempted pod does not count against the Job's retries (podFailurePolicy on DisruptionTarget),
// and the next pod resumes where the cache left off.
std::string clusterPipelineJob(const Graph &graph, const ClusterOptions &options);
// The same for `keel eval run SUITE [--gate RUN]`; suiteFile is its path inside the container.
std::string clusterEvalJob(const std::string &suiteFile, const std::string &gateRun, const ClusterOptions &options);
// A KServe InferenceService (serving.kserve.io/v1beta1) whose predictor runs `keel serve MODEL`
// on port 8080 with minReplicas 0: scaled to zero when idle, started by the first request.
std::string clusterInferenceService(const std::string &model, const ClusterOptions &options);

// Object names are made with taskName() (workflowexport.h): RFC 1123 labels Kubernetes accepts.

} // namespace keel::pipeline
