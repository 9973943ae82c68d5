"""Loads what `keel pipeline export` wrote with the engines' own Python packages and prints the
task graph they read, as JSON, for tst_pipelinepeers to compare with the pipeline's links.

    check_workflow_export.py ARGO_YAML KFP_YAML

Argo: hera's Workflow.from_file, then build(), which validates against Argo's models
(hera.workflows.models, generated from Argo's schema). KFP: kfp.components.load_component_from_file
(the IR YAML parsed into KFP's PipelineSpec protobuf, unknown fields refused), then used as a
step of a pipeline that kfp's own compiler compiles.
"""
import json
import sys
import tempfile

import hera.workflows as hw
from kfp import compiler, components, dsl


def argo(path):
    workflow = hw.Workflow.from_file(path)
    model = workflow.build()  # raises when the manifest does not fit Argo's models
    templates = {t.name: t for t in model.spec.templates}
    dag = templates[model.spec.entrypoint].dag
    tasks = {}
    for task in dag.tasks:
        node = next(p.value for p in task.arguments.parameters if p.name == "node")
        tasks[task.name] = {"node": node, "dependencies": sorted(task.dependencies or []), "template": task.template}
    run_node = templates["run-node"].container
    return {"tasks": tasks, "image": run_node.image, "command": run_node.command, "args": run_node.args,
            "parameters": {p.name: p.value for p in model.spec.arguments.parameters}}


def kfp(path):
    component = components.load_component_from_file(path)
    spec = component.pipeline_spec
    tasks = {}
    for name, task in spec.root.dag.tasks.items():
        node = task.inputs.parameters["node"].runtime_value.constant.string_value
        tasks[name] = {"node": node, "dependencies": sorted(task.dependent_tasks), "cache": task.caching_options.enable_cache}
    executor = spec.deployment_spec.fields["executors"].struct_value.fields["exec-run-node"].struct_value.fields["container"].struct_value

    @dsl.pipeline(name="outer")
    def outer():
        component()

    with tempfile.NamedTemporaryFile(suffix=".yaml") as out:
        compiler.Compiler().compile(outer, out.name)
    return {"tasks": tasks, "name": component.name, "image": executor.fields["image"].string_value,
            "args": [v.string_value for v in executor.fields["args"].list_value.values], "compiles_as_a_step": True}


print(json.dumps({"argo": argo(sys.argv[1]), "kfp": kfp(sys.argv[2])}, indent=1))
