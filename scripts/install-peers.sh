#!/usr/bin/env bash
# Installs the real peers that tests run against, each in a virtualenv of its own under
# ${KEEL_PEERS:-${XDG_CACHE_HOME:-~/.cache}/keel/peers}, once (quick when they are there):
#   ray        Ray with its dashboard: the head tst_pipelinepeers starts for `pipeline run --on`
#   workflows  hera and kfp (and the kubernetes client they bring): Argo's models and Kubeflow Pipelines' loader for `pipeline export`, Kubernetes' models for `k8s export`
#   clients    openai and tritonclient: real clients of `keel serve` (OpenAI's API, KServe v2)
#   lmeval     lm-evaluation-harness with its API extra: `--model local-completions` against `keel serve`
#   mlflow     MLflow itself: the `mlflow server` the import tests read a registry and runs from
set -euo pipefail
PEERS=${KEEL_PEERS:-${XDG_CACHE_HOME:-$HOME/.cache}/keel/peers}
mkdir -p "$PEERS"

install() {
  local name=$1
  shift
  local want="$*"
  if [ -x "$PEERS/$name/bin/python" ] && [ "$(cat "$PEERS/$name/.keel-installed" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  rm -rf "$PEERS/$name"
  python3 -m venv "$PEERS/$name"
  "$PEERS/$name/bin/pip" install -q --disable-pip-version-check "$@"
  echo "$want" > "$PEERS/$name/.keel-installed"
  echo "install-peers: $name ($want) in $PEERS/$name"
}

install ray "ray[default]==2.60.0"
install workflows "hera==7.1.0" "kfp==2.17.3"
install clients "openai==3.51.0" "tritonclient[http]==2.73.0"
install lmeval "lm-eval[api]==0.4.13"
install mlflow "mlflow==3.17.2"
