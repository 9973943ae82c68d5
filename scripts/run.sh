#!/usr/bin/env bash
# Installs what is missing, builds, creates a demo workspace and opens Keel on it.
# With no display (a server, CI), it opens the window on a virtual X server, saves a
# screenshot instead, and says where.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
KEEL=${KEEL_BUILD_DIR:-build}/bin/keel
DEMO=${KEEL_DEMO_WORKSPACE:-${XDG_DATA_HOME:-$HOME/.local/share}/keel/demo}

if [ ! -f "$DEMO/workspace.db" ]; then
  echo "run: creating the demo workspace in $DEMO"
  "$KEEL" workspace init "$DEMO"
  # Real runs to compare: scikit-learn models trained while logging through MLflow's own
  # client (tests/data/make_mlflow_fixtures.py wrote the store).
  "$KEEL" import mlflow tests/data/mlflow/mlflow.db --workspace "$DEMO"
  # Drift: a reference kept as a profile and one check kept as a report (the Drift area's
  # Profiles menu offers it; tests/data/make_quality_fixtures.py wrote the files).
  "$KEEL" drift profile tests/data/drift/quality_reference.csv --name demo-reference --workspace "$DEMO" > /dev/null
  "$KEEL" drift profile:demo-reference tests/data/drift/quality_current.csv --time-column ts --target target \
    --prediction score --save --workspace "$DEMO" > /dev/null || true # exit 1: the demo data drifts
  # A real pipeline on real data (resources/demo/breast-cancer, Wisconsin breast cancer biopsies):
  # validate, split, train two logistic regressions, evaluate, gate, register and promote. Its
  # runs show in Experiments and its model in the Registry.
  "$KEEL" pipeline run resources/demo/breast-cancer/breast-cancer.yaml --workspace "$DEMO" > /dev/null
  # A real job: how fast this machine multiplies matrices (it shows in the Jobs history).
  "$KEEL" devices --measure --seconds 2 --workspace "$DEMO" || true
fi
# A RAG index over a real corpus (the Python tutorial from Debian's python3-doc), with a sweep of
# index settings for the RAG area's trade-off chart; added to older demo workspaces too.
if [ ! -d "$DEMO/indexes/python-tutorial" ]; then
  bash scripts/fetch-models.sh > /dev/null || echo "run: the models could not be fetched; the demo has no RAG index"
  if [ -d /usr/share/doc/python3/html/tutorial ] && \
     "$KEEL" rag build resources/demo/rag/python-tutorial.yaml --workspace "$DEMO" > /dev/null 2>&1; then
    "$KEEL" rag bench python-tutorial --sweep --workspace "$DEMO" > /dev/null 2>&1 || true
  fi
fi

# Eval suites over SmolLM2 (resources/demo/evals): the Evals area lists them and runs one with a
# click; each has run once here so the area opens on real results. Added to older demo workspaces too.
if [ ! -d "$DEMO/evals" ]; then
  mkdir -p "$DEMO/evals"
  cp resources/demo/evals/capitals.yaml "$DEMO/evals/"
  if [ -d "$DEMO/indexes/python-tutorial" ]; then cp resources/demo/evals/python-docs.yaml "$DEMO/evals/"; fi
  bash scripts/fetch-models.sh > /dev/null || echo "run: the models could not be fetched; the eval suites have not run"
  # capitals last: the area opens on the newest run, the one with a judge
  for suite in python-docs capitals; do
    if [ -f "$DEMO/evals/$suite.yaml" ]; then
      "$KEEL" eval run "$DEMO/evals/$suite.yaml" --workspace "$DEMO" > /dev/null 2>&1 || echo "run: the demo suite $suite did not run"
    fi
  done
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  shot=${KEEL_BUILD_DIR:-build}/keel-window.png
  echo "run: no display here; opening Keel on a virtual X server and saving a picture of the window"
  xvfb-run -a -s "-screen 0 1440x900x24" "$KEEL" --workspace "$DEMO" --screenshot "$shot"
  echo "run: the window as it opened: $shot"
  exit 0
fi
exec "$KEEL" --workspace "$DEMO" "$@"
