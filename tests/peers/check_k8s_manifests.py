"""Reads what `keel k8s export` wrote with the Kubernetes Python client's own models and prints
what they hold, as JSON, for tst_pipelinepeers to check.

    check_k8s_manifests.py MANIFEST.yaml...

A Job is deserialised into kubernetes.client.V1Job and serialised back: a field the models do
not know (a misspelling, a wrong nesting) is dropped on the way and the round trip differs, and a
required field left out raises. An InferenceService's predictor inlines a PodSpec (KServe's
V1beta1PredictorSpec), so the predictor less its own fields (minReplicas, maxReplicas) is
checked the same way as a V1PodSpec.
"""
import json
import sys

import yaml
from kubernetes import client


class _Response:
    def __init__(self, data):
        self.data = json.dumps(data)


def round_trip(data, kind):
    api = client.ApiClient()
    model = api.deserialize(_Response(data), kind)
    back = api.sanitize_for_serialization(model)
    if back != data:
        raise SystemExit(f"{kind} does not round-trip through the Kubernetes models:\nwritten: {json.dumps(data, sort_keys=True)}\n"
                         f"read:    {json.dumps(back, sort_keys=True)}")
    return model


def pod_summary(spec):
    container = spec.containers[0]
    terms = []
    if spec.affinity and spec.affinity.node_affinity:
        for term in spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution.node_selector_terms:
            terms += [(e.key, e.operator, e.values) for e in term.match_expressions]
    return {"image": container.image, "command": container.command, "args": container.args,
            "limits": container.resources.limits, "requests": container.resources.requests,
            "tolerations": [[t.key, t.operator, t.value, t.effect] for t in spec.tolerations or []],
            "spot_terms": terms, "claim": spec.volumes[0].persistent_volume_claim.claim_name,
            "mount": container.volume_mounts[0].mount_path}


out = []
for path in sys.argv[1:]:
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if doc["kind"] == "Job":
                job = round_trip(doc, "V1Job")
                summary = pod_summary(job.spec.template.spec)
                summary.update({"kind": "Job", "name": job.metadata.name, "backoff_limit": job.spec.backoff_limit,
                                "restart_policy": job.spec.template.spec.restart_policy,
                                "ignores_disruption": bool(job.spec.pod_failure_policy) and any(
                                    r.action == "Ignore" and any(c.type == "DisruptionTarget" for c in r.on_pod_conditions)
                                    for r in job.spec.pod_failure_policy.rules)})
            elif doc["kind"] == "InferenceService":
                assert doc["apiVersion"] == "serving.kserve.io/v1beta1", doc["apiVersion"]
                round_trip(doc["metadata"], "V1ObjectMeta")
                predictor = dict(doc["spec"]["predictor"])
                replicas = {"min": predictor.pop("minReplicas"), "max": predictor.pop("maxReplicas")}
                spec = round_trip(predictor, "V1PodSpec")
                summary = pod_summary(spec)
                summary.update({"kind": "InferenceService", "name": doc["metadata"]["name"], "replicas": replicas,
                                "port": spec.containers[0].ports[0].container_port,
                                "readiness": spec.containers[0].readiness_probe.http_get.path})
            else:
                raise SystemExit(f"{path}: unexpected kind {doc['kind']}")
            out.append(summary)
print(json.dumps(out))
