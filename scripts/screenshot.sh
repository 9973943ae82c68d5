#!/usr/bin/env bash
# Takes the README's screenshot of the main window under Xvfb, on a fresh workspace holding
# the MLflow runs of tests/data/mlflow (real scikit-learn training, logged by MLflow's client).
set -euo pipefail
cd "$(dirname "$0")/.."

KEEL=${KEEL_BUILD_DIR:-build}/bin/keel
OUT=${1:-docs/screenshot-main-window.png}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
"$KEEL" workspace init "$tmp/workspace" > /dev/null
cp tests/data/mlflow/mlflow.db "$tmp/mlflow.db"
"$KEEL" import mlflow "$tmp/mlflow.db" --workspace "$tmp/workspace" > /dev/null
mkdir -p "$(dirname "$OUT")"
xvfb-run -a -s "-screen 0 1440x900x24" "$KEEL" --workspace "$tmp/workspace" --screenshot "$OUT" "${@:2}"
echo "screenshot: $OUT"
