#pragma once

#include "pipeline/graph.h"

#include <string>

namespace keel::pipeline {

// How exported tasks run: a container with keel in it, a workspace on a volume every task
// mounts (where the cache passes outputs from node to node), and the pipeline file on it.
struct ExportOptions {
    std::string image = "keel:latest";
    std::string workspace = "/workspace";      // where the volume is mounted in each container
    std::string claim = "keel-workspace";      // the PersistentVolumeClaim that holds the workspace
    std::string pipelineFile;                  // inside the container; default WORKSPACE/pipelines/NAME.yaml
    std::string source;                        // the file exported, named in the header comment
};

// An Argo Workflows Workflow: a DAG template with one task per node, each running the template
// `run-node` (`keel pipeline run-node FILE --node ID --run {{workflow.uid}}` in the image), its
// dependencies the nodes it takes inputs from. Image, workspace, claim and file are workflow
// parameters, so `argo submit -p image=...` overrides them.
std::string exportArgo(const Graph &graph, const ExportOptions &options);

// A Kubeflow Pipelines pipeline in KFP's IR YAML (PipelineSpec, schema 2.1.0): one component
// and executor running `keel pipeline run-node`, one task per node with dependentTasks as the
// graph's links, KFP's own caching off (Keel's cache decides), and the workspace claim mounted
// through the Kubernetes platform spec (kfp-kubernetes' pvcMount).
std::string exportKfp(const Graph &graph, const ExportOptions &options);

// A node id as a task name both engines accept (lower-case letters, digits and '-').
std::string taskName(const std::string &nodeId);

} // namespace keel::pipeline
